"""Read one content file into an `Article`, collecting every problem with its line and a hint."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote

from . import yamlutil
from .embeds import PROVIDERS, iframe_hint
from .errors import Problem, Severity, closest
from .frontmatter import Fields
from .markdown_render import (
    MARKDOWN_VERSION,
    RenderedBody,
    copied_name,
    is_document,
    is_plain,
    render_body,
    shown_html_tags,
)
from .model import Article
from .sources import local_file_problem
from .text import (
    control_chars,
    nfc,
    plain_text_summary,
    remove_control_chars,
)
from .urls import Urls

KNOWN_FIELDS = ("title", "date", "author", "summary", "image", "image_caption", "image_alt",
                "slug", "draft", "updated", "source", "weight", "aliases", "featured",
                "attachments")  # and the taxonomies
# Fields other tools of tintuc write (the importer's notes): custom, but never reported as typos.
QUIET_FIELDS = ("note", "source_unit", "review")
PAGES_FOLDER = "pages"


@dataclass(frozen=True, slots=True)
class ReadSettings:
    """The parts of the configuration that shape how a file is read (part of its cache key)."""

    tz: tzinfo
    permalink: str
    base_path: str
    language: str
    include_drafts: bool = False  # without --drafts, a draft's errors are only warnings
    reserved_ids: frozenset[str] = frozenset()  # ids the theme's pages use (theme.page_ids)
    urls: Urls | None = None  # the site's addresses and taxonomies (config.urls); default: with `permalink`
    embeds: tuple[str, ...] = PROVIDERS  # providers whose addresses become facades (config.embeds)

    @property
    def site_urls(self) -> Urls:
        return self.urls if self.urls is not None else Urls(permalink=self.permalink)

    def fingerprint(self) -> str:
        return repr((str(self.tz), self.permalink, self.base_path, self.language, self.include_drafts,
                     MARKDOWN_VERSION, sorted(self.reserved_ids), self.site_urls.fingerprint(), self.embeds))


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


class _FileProblems:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[Problem] = []

    def error(self, line: int | None, message: str, hint: str = "") -> None:
        self.items.append(Problem(self.path, line, message, hint))

    def warning(self, line: int | None, message: str, hint: str = "") -> None:
        self.items.append(Problem(self.path, line, message, hint, Severity.WARNING))


# Reported one by one up to this many per file; the rest are counted.
_CONTROL_REPORTS = 3
_CONTROL_HINT = "it cannot be seen in most editors: retype the text around it, or search for it and delete it"


def decode(raw: bytes, problems: _FileProblems) -> str | None:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.error(line, f"not UTF-8 text: byte {exc.start} (0x{raw[exc.start]:02x}) cannot be decoded",
                       "convert the file with `tintuc import FILE`, which reads UTF-16, Windows-1258, "
                       "TCVN3 and VNI, or save it as UTF-8 in your editor")
        return None
    return _without_controls(nfc(text.replace("\r\n", "\n").replace("\r", "\n")), problems)


def _without_controls(text: str, problems: _FileProblems) -> str:
    """The text without invisible control characters, each reported as a warning at its line and column.

    Removed rather than refused: they carry no meaning in an article, the editor cannot see them,
    and one should not stop a whole site's build; the warning still says where to clean the source.
    """
    found = control_chars(text)
    if not found:
        return text
    for number, (index, char) in enumerate(found[:_CONTROL_REPORTS], start=1):
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        more = len(found) - _CONTROL_REPORTS
        rest = f" (and {more} more in this file)" if number == _CONTROL_REPORTS and more > 0 else ""
        code = f"U+{ord(char):04X}"
        problems.warning(line, f"invisible control character {code} at column {column}, left out of the site{rest}",
                         f"remove the character {code}: {_CONTROL_HINT}")
    return remove_control_chars(text)


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
    """Parse one file. Returns the article (None if it has errors) and every problem found in it.

    A draft left out of this build (`draft: true` without --drafts) never fails it: its errors come
    back as warnings, and the draft is dropped, so one editor's unfinished file blocks nobody. An article
    held back for its `review:` notes (an import not yet checked) is treated the same way.
    """
    problems = _FileProblems(path)
    article, draft = _read(path, raw, content_dir, settings, md, problems)
    if draft and not settings.include_drafts and any(p.is_error for p in problems.items):
        return None, [_draft_warning(p) for p in problems.items]
    return article, problems.items


def _draft_warning(problem: Problem) -> Problem:
    if not problem.is_error:
        return problem
    return Problem(problem.path, problem.line, f"in a draft: {problem.message}", problem.hint, Severity.WARNING)


def _read(path: Path, raw: bytes, content_dir: Path, settings: ReadSettings, md: Any,
          problems: _FileProblems) -> tuple[Article | None, bool]:
    """(the article or None, whether the file says `draft: true`)."""
    text = decode(raw, problems)
    split = split_front_matter(text, problems) if text is not None else None
    if split is None:
        return None, False
    front_text, body, body_line = split
    document, yaml_error = yamlutil.load(front_text, first_line=2)  # after the opening '---'
    if yaml_error:
        if yaml_error.syntax:
            problems.error(yaml_error.line, f"YAML syntax error in the front matter: {yaml_error.message}",
                           "check indentation, and put values containing ':' or '#' in quotes")
        else:
            problems.error(yaml_error.line, f"{yaml_error.message} in the front matter", yaml_error.hint)
        return None, False
    assert document is not None
    if document.data is not None and not isinstance(document.data, dict):
        problems.error(2, "the front matter must be 'field: value' lines", "e.g. title: Hội nghị …")
        return None, False
    fields = Fields(document, problems)
    draft = fields.flag("draft")
    held = bool(fields.data.get("review"))  # see Article.held: left out like a draft

    rel = path.relative_to(content_dir).as_posix()
    kind = "page" if rel.split("/", 1)[0] == PAGES_FOLDER else "article"
    title = fields.text("title", required=True)
    date = fields.date("date", settings.tz, required=kind == "article")
    updated = fields.date("updated", settings.tz, required=False)
    slug = fields.slug(title)
    urls = settings.site_urls
    taxonomies = [t.key for t in urls.taxonomies]
    terms = tuple((key, links) for key in taxonomies if (links := fields.terms(key)))
    aliases = fields.aliases()
    listed = fields.attachments()
    known = set(KNOWN_FIELDS) | set(taxonomies)
    for key in fields.data:
        if key not in known and key not in QUIET_FIELDS:
            guess = closest(key, tuple(known))
            if guess:
                problems.warning(fields.line(key), f"unknown field '{key}' (kept as a custom field)",
                                 f"did you mean '{guess}'?")

    long_paragraph = _longest_paragraph(body)
    if long_paragraph is not None:
        at, length = long_paragraph
        problems.error(body_line + at - 1, f"a paragraph of {length:,} characters with links or emphasis "
                       f"(at most {MAX_MARKUP_PARAGRAPH:,})", "split it into paragraphs with blank lines")
        return None, draft or held
    try:
        rendered = render_body(md, body) if body.strip() else RenderedBody("", "", ())
    except RecursionError:  # Python-Markdown parses nested blocks recursively: ~500 levels of lists
        problems.error(body_line, "lists or quotes nested too deeply for Markdown",
                       "nest lists and quotes a few levels at most")
        return None, draft or held
    for removal in rendered.removed:  # unsafe markup the renderer dropped: the editor should clean the source
        problems.warning(body_line + removal.line - 1, removal.message, removal.hint)
    for tag in shown_html_tags(rendered.html):  # pasted HTML: readers would see it as text
        # A video's or map's <iframe> from an allowed provider: the hint gives the line to write instead.
        hint = (tag == "iframe" and iframe_hint(body, settings.embeds, settings.language)) or (
            "write Markdown instead: ![mô tả](anh.jpg) for a photo, [chữ](https://…) for a link; "
            "for a video or map, its address alone on its line")
        problems.warning(_line_of(body.lower(), f"<{tag}", body_line), f"the HTML <{tag}> is shown to readers as text",
                         hint)
    images = list(rendered.local_images) + [file for file, _ in listed]
    attachments = _downloads(listed, rendered.documents)
    image = fields.text("image") or None
    image_href = None
    if image:
        image_href, local = _image_href(image, settings.base_path, fields, problems)
        if local:
            images.insert(0, image)
    if images:
        real_content = content_dir.resolve()
        for src in images:
            trouble = local_file_problem(path.parent / src, real_content)
            if not trouble and copied_name(src) == "index.html":  # copied beside the page, it would replace it
                trouble = "has the name of the article's own page"
            if trouble:
                line = fields.line("image") if src == image else fields.line("attachments") \
                    if src in dict(listed) and src not in rendered.local_images else _line_of(body, src, body_line)
                what = "document" if is_document(src) else "image"
                problems.error(line, f"{what} {trouble}: {src}",
                               f"the path is relative to {path.name}'s folder and must stay inside content/: "
                               f"put the {what} beside the article and link it by name")

    summary = fields.text("summary") or plain_text_summary(rendered.first_paragraph)
    caption = fields.text("image_caption") or None
    author = fields.text("author") or None
    source_url = fields.text("source") or None
    alt = fields.text("image_alt") or caption or title
    weight = fields.integer("weight")
    featured = fields.flag("featured")
    if any(p.is_error for p in problems.items) or title is None:
        return None, draft or held
    path_on_site = urls.document(kind, slug, date, settings.tz)
    article = Article(
        source=path, rel=rel, kind=kind, title=title, slug=slug, path=path_on_site,
        date=date, updated=updated, terms=terms,
        author=author, summary=summary,
        image_href=None if image_href is None else (
            settings.base_path + path_on_site + quote(copied_name(image)) if image_href == "" else image_href),
        image_caption=caption,
        image_alt=alt or title,
        draft=draft, source_url=source_url,
        body_html=rendered.html, images=tuple(dict.fromkeys(images)),
        extra_items=tuple((k, v) for k, v in fields.data.items() if k not in known),
        content_hash=content_hash(raw), url_line=fields.line("slug") or fields.line("title") or 2,
        weight=weight, aliases=aliases, aliases_line=fields.line("aliases"), featured=featured,
        attachments=attachments,
    )
    return article, draft or held


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _downloads(listed: tuple[tuple[str, str], ...], linked: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The download list: `attachments:` first, then the documents the body links to; each file once,
    with the first title given for it."""
    titles: dict[str, str] = {}
    for file, title in (*listed, *linked):
        if not titles.get(file):
            titles[file] = title
    return tuple(titles.items())


def _image_href(image: str, base_path: str, fields: Fields, problems: _FileProblems) -> tuple[str | None, bool]:
    """('' and True) for a local file copied beside the page; else the href (None if refused) and False."""
    scheme = _SCHEME.match(image)
    if scheme:
        name = scheme.group(1).lower()
        if name in ("http", "https") or (name == "data" and image[5:].lower().startswith("image/")):
            return image, False
        problems.error(fields.line("image"), f"'image' must be a file beside the article or an http(s) address, "
                                             f"not a {name}: address", "e.g. 'image: anh-hoi-nghi.jpg'")
        return None, False
    if image.startswith("/"):
        return base_path + image.lstrip("/"), False
    return "", True


# Python-Markdown's inline stage slows down faster than linearly within one paragraph full of
# markup: 220 kB of '*a* [b](c)' took 3.6 s, 1 MB over 200 s. No article has such a paragraph;
# plain prose skips that stage (markdown_render._SkipPlainText), so only paragraphs with markup count.
MAX_MARKUP_PARAGRAPH = 100_000
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _longest_paragraph(body: str) -> tuple[int, int] | None:
    """(line within the body, length) of a paragraph with markup longer than MAX_MARKUP_PARAGRAPH."""
    if len(body) <= MAX_MARKUP_PARAGRAPH:
        return None
    start = 0
    for gap in [*_BLANK_LINE.finditer(body), None]:
        end = len(body) if gap is None else gap.start()
        if end - start > MAX_MARKUP_PARAGRAPH and not is_plain(body[start:end]):
            return body.count("\n", 0, start) + 1, end - start
        start = end if gap is None else gap.end()
    return None


def _line_of(body: str, needle: str, body_line: int) -> int:
    index = body.find(needle)
    return body_line + (body.count("\n", 0, index) if index >= 0 else 0)
