"""The page's original address, when the raw text names it: an old address of the site being migrated
becomes an alias (the build writes a redirect there), an address elsewhere becomes the article's source.

People who copy a page often paste its address above or below the text, alone on a line or after a label
('Nguồn: https://…', 'Link gốc: …', 'Nguồn Báo Tỉnh X: https://…', 'Nguồn X: www.…' without a scheme,
which is read as http://). That line is taken out of the body; what it names is recorded:

- on the old site's host (`--old-site`, else the configuration's `base_url`): its path, relative to the
  old site's root, goes into `aliases:` — written as a server receives it (percent-escapes kept, other
  characters escaped as a browser sends them), and only if the alias validation of front matter accepts it;
- with a query string (`/index.php?id=123`): no alias, since a static host serves one file per path and
  cannot tell `?id=123` from `?id=124`; a review note asks for a web-server rewrite instead;
- on another host: the `source:` field, shown as the article's source.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from ..frontmatter import site_path
from ..importer.clean import fold_aligned
from ..importer.notes import ENGLISH, Notes

# Folded labels that introduce the page's address ('Địa chỉ bài viết:', 'LINK GỐC -'), and 'Nguồn' with the
# outlet's name before its colon ('Nguồn Báo Tỉnh X:'). After a label the address may lack its scheme ('www.').
_LABEL = re.compile(r"^(?:(?:nguon|link goc|url|dia chi bai viet)\s*[:：\-–]?"
                    r"|nguon\s+[^\s:：!?;,][^:：!?;,]{0,59}[:：])\s*(?=https?://|www\.)")
_URL = re.compile(r"^<?(https?://[^\s<>\"]+?)>?[.,;:)\]]*$", re.IGNORECASE)
_WWW = re.compile(r"^<?(www\.[^\s<>\"/]+\.[a-z]{2,}(?:/[^\s<>\"]*?)?)>?[.,;:)\]]*$", re.IGNORECASE)
# What frontmatter.site_path may say is wrong with an alias, as keys of notes.MESSAGES (matched by their
# English text, so that the note can be said in the site's language).
_PATH_TROUBLES = ("path_query", "path_characters", "path_parts")
# A browser sends these path characters as they are; everything else (spaces, letters with marks) escaped.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_ENCODED_SEPARATOR = re.compile(r"%(?:2f|5c)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A line of the raw text that gives the page's address."""

    url: str
    line: int  # 1-based, in the decoded text
    written: str  # the line as it was


@dataclass(frozen=True, slots=True)
class OldSite:
    """Where the migrated site lived: pages on its host under its root path may become aliases."""

    host: str  # compared without 'www.' and case
    root: str  # '/' or '/cong-thong-tin/', as a server receives it
    written: str  # as given, for messages
    origin: str  # '--old-site' or 'base_url'


@dataclass(frozen=True, slots=True)
class Addresses:
    aliases: tuple[str, ...]
    source: str | None
    found: tuple[str, ...]
    review: tuple[str, ...]


def _host_key(host: str | None) -> str:
    host = (host or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _as_sent(path: str) -> str:
    """The path as a browser puts it in the request line: existing %-escapes kept, the rest escaped as UTF-8."""
    return urllib.parse.quote(unicodedata.normalize("NFC", path), safe=_PATH_SAFE)


def old_site(url: str, origin: str) -> OldSite:
    """The old site at `url` (an absolute http(s) address); ValueError if it is not one."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an absolute http(s) address such as https://soyte.example.gov.vn/")
    root = _as_sent(parts.path or "/")
    return OldSite(_host_key(parts.hostname), root if root.endswith("/") else root + "/", url.strip(), origin)


def source_url(line: str) -> str | None:
    """The address a line gives, if the line is only an address, or a label and an address.

    An address without its scheme ('Nguồn X: www.baotinh.example.vn/a.html') counts only after a label (a
    bare 'www.…' line is the site's signature more often than the page's address) and is given as http://,
    which every such site still answers or redirects."""
    if "://" not in line and ("w" not in line and "W" not in line or "www." not in line.lower()):
        return None  # most lines: no need to fold them (nor to lower-case one without a 'w', rare in Vietnamese)
    text = line.strip()
    label = _LABEL.match(fold_aligned(text.replace("\u00d0", "Đ")))  # 'Ð' (U+00D0) of old converted text
    if label:
        text = text[label.end():]
    match = _URL.match(text)
    if match is None and label and (bare := _WWW.match(text)):
        return "http://" + bare.group(1)
    if match is None:
        return None
    try:
        host = urllib.parse.urlsplit(match.group(1)).hostname
    except ValueError:  # 'http://[::1' and the like: not an address
        return None
    return match.group(1) if host else None


def take_source_lines(text: str) -> tuple[str, tuple[SourceLine, ...]]:
    """The text without the lines that give the page's address, and those lines.

    A bare address introduced by the text ('Xem văn bản tại:' on the line before) is part of the story and
    stays, and so does one that follows such an address (a list of links).
    """
    kept: list[str] = []
    taken: list[SourceLine] = []
    previous = ""  # the last non-blank line kept in the text
    for number, line in enumerate(text.split("\n"), 1):
        url = source_url(line)
        bare = url is not None and line.strip().lower().startswith(("http", "<http"))
        introduced = previous.rstrip().endswith(":") or source_url(previous) is not None
        if url is None or (bare and introduced):
            kept.append(line)
            if line.strip():
                previous = line
            continue
        taken.append(SourceLine(url, number, line.strip()))
    return "\n".join(kept), tuple(taken)


def alias_for(url: str, site: OldSite, notes: Notes = ENGLISH) -> tuple[str | None, str | None]:
    """(alias, None) for an address of the old site, or (None, why it cannot be one, in `notes`' language)."""
    parts = urllib.parse.urlsplit(url)
    path = _as_sent(parts.path or "/")
    if not path.startswith(site.root):
        return None, notes.say("outside_root", root=site.root)
    alias = "/" + path[len(site.root):]
    if alias == "/":
        return None, notes.say("home_page")
    if "//" in alias:
        return None, notes.say("empty_folder")
    if _ENCODED_SEPARATOR.search(alias):
        return None, notes.say("escaped_separator")
    _, trouble = site_path(alias)
    if trouble is None:
        return alias, None
    key = next((k for k in _PATH_TROUBLES if ENGLISH.say(k) == trouble), None)
    return None, notes.say(key) if key else trouble


def record(lines: Sequence[SourceLine], site: OldSite | None, notes: Notes = ENGLISH) -> Addresses:
    """Aliases, source and the report's lines (in `notes`' language) for the addresses the text gave.

    A line numbered 0 is the address a saved page's metadata gives (formats.metadata_line), not a line."""
    aliases: list[str] = []
    sources: list[str] = []
    found: list[str] = []
    review: list[str] = []
    for line in lines:
        found.append(notes.say("address_taken", line=line.line, url=line.url) if line.line
                     else notes.say("address_meta", url=line.url))
        parts = urllib.parse.urlsplit(line.url)
        if site is None or _host_key(parts.hostname) != site.host:
            if line.url not in sources:
                sources.append(line.url)
            where = (notes.say("not_old_site", site=site.written, origin=site.origin) if site is not None
                     else notes.say("no_old_site"))
            found.append(notes.say("source_recorded", url=line.url, why=where))
            continue
        if parts.query:
            review.append(notes.say("alias_query", url=line.url))
            continue
        alias, trouble = alias_for(line.url, site, notes)
        if alias is None:
            review.append(notes.say("alias_refused", url=line.url, trouble=trouble))
        elif alias not in aliases:
            aliases.append(alias)
            found.append(notes.say("alias_recorded", url=line.url, alias=alias))
    if len(sources) > 1:
        review.append(notes.say("many_sources", count=len(sources), urls=", ".join(sources)))
    return Addresses(tuple(aliases), sources[0] if sources else None, tuple(found), tuple(review))
