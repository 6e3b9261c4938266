"""Typed access to one file's front-matter fields: each wrong type or form is a problem at its line."""

from __future__ import annotations

import posixpath
import unicodedata
import urllib.parse
from datetime import tzinfo
from typing import Any, Protocol

from . import yamlutil
from .dates import Published, parse_date
from .model import TagLink
from .text import control_chars, is_windows_reserved, nfc, remove_control_chars, slugify, tag_key

MANY_TAGS, MAX_TAGS = 50, 1000  # terms of one taxonomy on one article: a warning above the first, an error above
MAX_ALIASES = 50


class Problems(Protocol):
    def error(self, line: int | None, message: str, hint: str = "") -> None: ...
    def warning(self, line: int | None, message: str, hint: str = "") -> None: ...


# A weight orders a handful of menu pages; the bound keeps it a small integer every store can hold.
_MAX_WEIGHT = 10**9


class Fields:
    """Typed access to front-matter fields; wrong types become problems at the field's line.

    Text fields are taken as written ('Yes', '1e3', '2021-08-01'), not as the bool, float or date
    YAML would make of them; invisible control characters written as escapes ("\\0") are removed
    with a warning, as in the body.
    """

    def __init__(self, document: yamlutil.Document, problems: Problems) -> None:
        self.problems = problems
        self.lines = document.lines
        self.data: dict[str, Any] = {}
        self.texts: dict[str, Any] = {}
        for key, value in (document.data or {}).items():
            self.data[key] = self._clean(value, key)
            if key in document.texts:
                self.texts[key] = self._clean(document.texts[key], key, report=False)

    def line(self, key: str, default: int | None = None) -> int | None:
        return self.lines.get(key, default)

    def _clean(self, value: Any, key: str, report: bool = True) -> Any:
        """The value with control characters removed from every string in it (depth is bounded by yamlutil)."""
        if isinstance(value, str):
            found = control_chars(value)
            if found and report:
                code = f"U+{ord(found[0][1]):04X}"
                self.problems.warning(self.line(key), f"invisible control character {code} in '{key}', "
                                                      "left out of the site",
                                      f"remove the escape that writes {code} (such as \\0 or \\x01) from the value")
            return remove_control_chars(value) if found else value
        if isinstance(value, list):
            return [self._clean(item, key, report) for item in value]
        if isinstance(value, dict):
            return {self._clean(k, key, report): self._clean(v, key, report) for k, v in value.items()}
        return value

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.data.get(key)
        written = self.texts.get(key)
        if isinstance(written, str):
            value = written
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems.error(self.line(key, 2), f"missing required field '{key}'",
                                    f"add a line '{key}: …' to the front matter")
            return None
        if not isinstance(value, str):
            self.problems.error(self.line(key), f"'{key}' must be text, not a {_type_name(value)}",
                                f"write '{key}: some text'")
            return None
        return nfc(value.strip())

    def slug(self, title: str | None) -> str:
        """The explicit slug, checked, or one made from the title."""
        explicit = self.text("slug")
        line = self.line("slug")
        if explicit and is_windows_reserved(explicit):
            self.problems.error(line, f"slug {explicit!r} is a name Windows reserves for devices: the page's "
                                      "folder could not be checked out or unzipped there",
                                f"choose another slug, e.g. '{explicit.lower()}-1' or words from the title")
            return explicit
        if explicit and explicit != slugify(explicit):
            self.problems.error(line, f"slug {explicit!r} is not a URL slug",
                                f"use lower-case ASCII letters, digits and '-', e.g. {slugify(explicit)!r}")
        slug = explicit or (slugify(title) if title else "")
        if title and not slug:
            self.problems.error(self.line("title"), "the title gives an empty URL slug", "add a 'slug:' field")
        return slug

    def date(self, key: str, tz: tzinfo, required: bool) -> Published | None:
        if key not in self.data or self.data[key] is None:
            if required:
                self.problems.error(self.line(key, 2), f"missing required field '{key}'",
                                    f"add '{key}: 2021-08-01 15:44' (or '{key}: unknown' if the date is lost)")
            return None
        try:
            return parse_date(self.data[key], tz)
        except ValueError as exc:
            self.problems.error(self.line(key), f"'{key}' is not a date: {exc}",
                                "write it as 2021-08-01, 2021-08-01 15:44, 01/08/2021 or 'unknown'")
            return None

    def terms(self, key: str) -> tuple[TagLink, ...]:
        """The terms of the taxonomy `key` ('tags', 'categories', …): a list, or comma-separated text."""
        value = self.data.get(key)
        written = self.texts.get(key)
        if value is None:
            return ()
        if isinstance(written, str):
            names = written.split(",")
        elif isinstance(written, list) and all(isinstance(n, str) or n is None for n in written):
            names = [name for name in written if name is not None]
        else:
            self.problems.error(self.line(key), f"'{key}' must be a list or comma-separated text",
                                f"write '{key}: [Covid-19, Tiêm chủng]' or '{key}: Covid-19, Tiêm chủng'")
            return ()
        links: dict[str, TagLink] = {}
        for name in names:
            clean = " ".join(nfc(name).split())
            term = tag_key(clean)
            if term and term not in links:
                links[term] = TagLink(clean, term)
            elif clean and not term:
                self.problems.error(self.line(key), f"{key}: {clean!r} has no letters or digits",
                                    "remove it or spell it with letters")
        self._count_terms(key, len(links))
        return tuple(links.values())

    def _count_terms(self, key: str, count: int) -> None:
        """Warn about many terms, refuse absurdly many: every term is a page and a feed listing the article
        with all its terms, so one article's output grows with the square of its term count (1,000 tags:
        ~180 MB and seconds of build; 3,000 did not finish in ten minutes). News carries 3-10 tags."""
        if count > MAX_TAGS:
            self.problems.error(self.line(key), f"{count} {key} on one article (at most {MAX_TAGS})",
                                "this looks like a pasted list: keep the few terms readers look for")
        elif count > MANY_TAGS:
            self.problems.warning(self.line(key), f"{count} {key} on one article (more than {MANY_TAGS})",
                                  "each term gets its own page and feed listing this article with all its terms, "
                                  "so the site grows with the square of this number; keep the few terms readers "
                                  "look for")

    def aliases(self) -> tuple[str, ...]:
        """Earlier addresses of the page, as site paths ('tin-tuc/bai-cu-123.html', '2019/05/ten-cu/')."""
        value = self.data.get("aliases")
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        line = self.line("aliases")
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            self.problems.error(line, "'aliases' must be a list of earlier addresses",
                                "write 'aliases: [/tin-tuc/bai-cu.html, /2019/05/ten-cu/]'")
            return ()
        if len(items) > MAX_ALIASES:
            self.problems.error(line, f"{len(items)} aliases on one page (at most {MAX_ALIASES})",
                                "keep the addresses readers and other sites really link to")
            return ()
        found: list[str] = []
        for item in items:
            alias, trouble = site_path(item)
            if trouble:
                self.problems.error(line, f"alias {item!r} {trouble}",
                                    "write the old address's path on this site, such as /tin-tuc/bai-cu-123.html "
                                    "or /2019/05/ten-cu/ (no query string, no '..')")
            elif alias not in found:
                found.append(alias)
        return tuple(found)

    def attachments(self) -> tuple[tuple[str, str], ...]:
        """`attachments:` as (file, title): 'qd-12.pdf' or {file: qd-12.pdf, title: "Quyết định số 12"};
        a file without a title is shown by its name."""
        value = self.data.get("attachments")
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        found: list[tuple[str, str]] = []
        for item in items:
            if isinstance(item, str) and item.strip():
                found.append((item.strip(), ""))
            elif isinstance(item, dict) and set(item) <= {"file", "title"} and isinstance(item.get("file"), str) \
                    and isinstance(item.get("title", ""), str):
                found.append((item["file"].strip(), item.get("title", "").strip()))
            else:
                self.problems.error(self.line("attachments"), "'attachments' must list files beside the article",
                                    "write 'attachments: [qd-12.pdf]' or "
                                    "'- {file: qd-12.pdf, title: Quyết định số 12}'")
                return ()
        return tuple(dict.fromkeys(found))

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.problems.error(self.line(key), f"'{key}' must be true or false", f"write '{key}: true'")
            return False
        return value

    def integer(self, key: str) -> int:
        value = self.data.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > _MAX_WEIGHT:
            self.problems.error(self.line(key), f"'{key}' must be a whole number between -{_MAX_WEIGHT} and "
                                                f"{_MAX_WEIGHT}", f"write '{key}: 10'")
            return 0
        return value


def _type_name(value: Any) -> str:
    return {list: "list", dict: "mapping"}.get(type(value), type(value).__name__)


def site_path(written: str) -> tuple[str, str | None]:
    """An address on this site as written ('/tin tức/a.html', '/2019/05/x/') made a site path
    ('tin tức/a.html'); the second value says what is wrong with it, if anything."""
    # As a web server maps a request to a file: percent-escapes decoded ('/h%E1%BB%99i/' is '/hội/').
    text = unicodedata.normalize("NFC", urllib.parse.unquote(written.strip()))
    if "://" in text or text.startswith("//"):
        return "", "is a full address: write only its path on this site"
    if "?" in text or "#" in text:
        return "", "has a query string or a fragment, which a static host cannot tell apart"
    if "\\" in text or any(ord(c) < 32 or c in '<>"' for c in text):
        return "", "contains characters an address cannot hold"
    parts = text.strip("/").split("/")
    if not text.strip("/") or any(p in ("", ".", "..") for p in parts):
        return "", "is not a path of folder and file names"
    path = posixpath.join(*parts) + ("/" if text.endswith("/") else "")
    return path, None
