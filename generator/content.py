"""Read one content file into an `Article`, collecting every problem with its line and a hint."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from generator import yamlutil
from generator.dates import Published, parse_date
from generator.errors import Problem, Severity, closest
from generator.markdown_render import MARKDOWN_VERSION, copied_name, render_body
from generator.model import Article, TagLink
from generator.text import nfc, plain_text_summary, slugify, tag_key

KNOWN_FIELDS = ("title", "date", "tags", "author", "summary", "image", "image_caption", "image_alt",
                "slug", "draft", "updated", "source", "weight")
# Fields other tools of tintuc write (the importer's notes): custom, but never reported as typos.
QUIET_FIELDS = ("note", "source_unit", "review")
CONTENT_SUFFIXES = (".md", ".txt")
PAGES_FOLDER = "pages"
UNDATED_PREFIX = "undated"


@dataclass(frozen=True, slots=True)
class ReadSettings:
    """The parts of the configuration that shape how a file is read (part of its cache key)."""

    tz: tzinfo
    permalink: str
    base_path: str
    language: str

    def fingerprint(self) -> str:
        return repr((str(self.tz), self.permalink, self.base_path, self.language, MARKDOWN_VERSION))


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def discover(content_dir: Path) -> list[tuple[str, str, os.stat_result]]:
    """Every content file under content/: (POSIX path under content/, full path, stat), in a stable order.

    Plain strings, not Path objects: on a 10,000-file archive, building and sorting Paths costs more
    than the whole walk. Files and folders starting with '.' or '_' are skipped.
    """
    found = []
    root = str(content_dir)
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in files:
            if name.lower().endswith(CONTENT_SUFFIXES) and not name.startswith((".", "_")):
                full = os.path.join(folder, name)
                found.append((prefix + name, full, os.stat(full)))
    found.sort()
    return found


class _FileProblems:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[Problem] = []

    def error(self, line: int | None, message: str, hint: str = "") -> None:
        self.items.append(Problem(self.path, line, message, hint))

    def warning(self, line: int | None, message: str, hint: str = "") -> None:
        self.items.append(Problem(self.path, line, message, hint, Severity.WARNING))


def decode(raw: bytes, problems: _FileProblems) -> str | None:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.error(line, f"not UTF-8 text: byte {exc.start} (0x{raw[exc.start]:02x}) cannot be decoded",
                       "convert the file with `tintuc import FILE`, which reads UTF-16, Windows-1258, "
                       "TCVN3 and VNI, or save it as UTF-8 in your editor")
        return None
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def split_front_matter(text: str, problems: _FileProblems) -> tuple[str, str, int] | None:
    """(front matter, body, line where the body starts) or None, reporting why."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.error(1, "the file does not start with front matter",
                       "begin the file with a line '---', then 'title: …' and 'date: …', then '---'")
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    problems.error(1, "the front matter is not closed", "add a line '---' after the last front-matter field")
    return None


def read_article(path: Path, raw: bytes, content_dir: Path, settings: ReadSettings,
                 md: Any) -> tuple[Article | None, list[Problem]]:
    """Parse one file. Returns the article (None if it has errors) and every problem found in it."""
    problems = _FileProblems(path)
    text = decode(raw, problems)
    split = split_front_matter(text, problems) if text is not None else None
    if split is None:
        return None, problems.items
    front_text, body, body_line = split
    data, yaml_error = yamlutil.load(front_text)
    if yaml_error:
        problems.error(yaml_error.line + 1, f"YAML syntax error in the front matter: {yaml_error.message}",
                       "check indentation, and put values containing ':' or '#' in quotes")
        return None, problems.items
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.error(2, "the front matter must be 'field: value' lines", "e.g. title: Hội nghị …")
        return None, problems.items
    lines = _FieldLines(front_text)
    fields = _Fields(data, lines, problems)

    rel = path.relative_to(content_dir).as_posix()
    kind = "page" if rel.split("/", 1)[0] == PAGES_FOLDER else "article"
    title = fields.text("title", required=True)
    date = fields.date("date", settings.tz, required=kind == "article")
    updated = fields.date("updated", settings.tz, required=False)
    slug = fields.text("slug") or (slugify(title) if title else "")
    if fields.has("slug") and slug and slug != slugify(slug):
        problems.error(lines.get("slug"), f"slug {slug!r} is not a URL slug",
                       f"use lower-case ASCII letters, digits and '-', e.g. {slugify(slug)!r}")
    if title and not slug:
        problems.error(lines.get("title"), "the title gives an empty URL slug", "add a 'slug:' field")
    tags = fields.tags()
    for key in data:
        if key not in KNOWN_FIELDS and key not in QUIET_FIELDS:
            guess = closest(str(key), KNOWN_FIELDS)
            if guess:
                problems.warning(lines.get(str(key)), f"unknown field '{key}' (kept as a custom field)",
                                 f"did you mean '{guess}'?")

    rendered = render_body(md, body)
    images = list(rendered.local_images)
    image = fields.text("image") or None
    image_href = None
    if image:
        image_href, local = _image_href(image, settings.base_path)
        if local:
            images.insert(0, image)
    for src in images:
        if not (path.parent / src).is_file():
            line = lines.get("image") if src == image else _line_of(body, src, body_line)
            problems.error(line, f"image not found: {src}",
                           f"the path is relative to {path.name}'s folder; put the file there or fix the path")

    summary = fields.text("summary") or plain_text_summary(rendered.first_paragraph)
    if any(p.is_error for p in problems.items) or title is None:
        return None, problems.items
    path_on_site = _site_path(kind, slug, date, settings)
    known = set(KNOWN_FIELDS)
    article = Article(
        source=path, rel=rel, kind=kind, title=title, slug=slug, path=path_on_site,
        date=date, updated=updated, tags=tags,
        author=fields.text("author") or None, summary=summary,
        image_href=None if image_href is None else (
            settings.base_path + path_on_site + copied_name(image) if image_href == "" else image_href),
        image_caption=fields.text("image_caption") or None,
        image_alt=fields.text("image_alt") or fields.text("image_caption") or title,
        draft=fields.flag("draft"), source_url=fields.text("source") or None,
        body_html=rendered.html, images=tuple(dict.fromkeys(images)),
        extra_items=tuple((str(k), v) for k, v in data.items() if k not in known),
        content_hash=content_hash(raw), url_line=lines.first_of("slug", "title"),
        weight=fields.integer("weight"),
    )
    return article, problems.items


def _image_href(image: str, base_path: str) -> tuple[str, bool]:
    """('' and True) for a local file copied beside the page; else the href and False."""
    if "://" in image or image.startswith("data:"):
        return image, False
    if image.startswith("/"):
        return base_path + image.lstrip("/"), False
    return "", True


def _line_of(body: str, needle: str, body_line: int) -> int:
    index = body.find(needle)
    return body_line + (body.count("\n", 0, index) if index >= 0 else 0)


def _site_path(kind: str, slug: str, date: Published | None, settings: ReadSettings) -> str:
    if kind == "page":
        return f"{slug}/"
    if date is None:
        return f"{UNDATED_PREFIX}/{slug}/"
    moment = date.moment.astimezone(settings.tz)  # the year and month readers see, as archives do
    path = settings.permalink.format(year=f"{moment.year:04d}", month=f"{moment.month:02d}",
                            day=f"{moment.day:02d}", slug=slug).strip("/")
    return path + "/"


class _FieldLines:
    """Line of each front-matter field in the file, worked out only when a message needs one."""

    def __init__(self, front_text: str) -> None:
        self.front_text = front_text
        self._lines: dict[str, int] | None = None

    def get(self, key: str, default: int | None = None) -> int | None:
        if self._lines is None:
            # +1: the front matter starts on the file's second line, after '---'.
            self._lines = {k: line + 1 for k, line in yamlutil.key_lines(self.front_text).items()}
        return self._lines.get(key, default)

    def first_of(self, *keys: str) -> int:
        """Cheap line lookup for top-level keys, used for every file (URL collisions name it)."""
        for key in keys:
            for number, line in enumerate(self.front_text.split("\n"), start=2):
                if line.startswith(key) and line[len(key):].lstrip().startswith(":"):
                    return number
        return 2


class _Fields:
    """Typed access to front-matter fields; wrong types become problems at the field's line."""

    def __init__(self, data: dict[str, Any], lines: _FieldLines, problems: _FileProblems) -> None:
        self.data, self.lines, self.problems = data, lines, problems

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems.error(self.lines.get(key, 2), f"missing required field '{key}'",
                                    f"add a line '{key}: …' to the front matter")
            return None
        if isinstance(value, (list, dict)):
            self.problems.error(self.lines.get(key), f"'{key}' must be text, not a {type(value).__name__}",
                                f"write '{key}: some text'")
            return None
        return nfc(str(value).strip())

    def date(self, key: str, tz: tzinfo, required: bool) -> Published | None:
        if key not in self.data or self.data[key] is None:
            if required:
                self.problems.error(self.lines.get(key, 2), f"missing required field '{key}'",
                                    f"add '{key}: 2021-08-01 15:44' (or '{key}: unknown' if the date is lost)")
            return None
        try:
            return parse_date(self.data[key], tz)
        except ValueError as exc:
            self.problems.error(self.lines.get(key), f"'{key}' is not a date: {exc}",
                                "write it as 2021-08-01, 2021-08-01 15:44, 01/08/2021 or 'unknown'")
            return None

    def tags(self) -> tuple[TagLink, ...]:
        value = self.data.get("tags")
        if value is None:
            return ()
        if isinstance(value, str):
            names = value.split(",")
        elif isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
            names = [str(v) for v in value]
        else:
            self.problems.error(self.lines.get("tags"), "'tags' must be a list or comma-separated text",
                                "write 'tags: [Covid-19, Lạng Sơn]' or 'tags: Covid-19, Lạng Sơn'")
            return ()
        links: dict[str, TagLink] = {}
        for name in names:
            clean = " ".join(nfc(name).split())
            key = tag_key(clean)
            if key and key not in links:
                links[key] = TagLink(clean, key)
            elif clean and not key:
                self.problems.error(self.lines.get("tags"), f"tag {clean!r} has no letters or digits",
                                    "remove it or spell it with letters")
        return tuple(links.values())

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.problems.error(self.lines.get(key), f"'{key}' must be true or false", f"write '{key}: true'")
            return False
        return value

    def integer(self, key: str) -> int:
        value = self.data.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problems.error(self.lines.get(key), f"'{key}' must be a whole number", f"write '{key}: 10'")
            return 0
        return value
