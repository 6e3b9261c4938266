"""Saved web pages (.html, .htm) and Word files (.docx) as input to `tintuc import`.

A page is decoded by its own label (BOM, `<meta charset>`), else by the byte patterns the decode module
scores (old agency pages in Windows-1258, TCVN3 or VNI often carry no label or a wrong one). trafilatura
takes the story out of the menus, date bars and footers and reads the page's metadata; mammoth turns a Word
file into HTML. Both end as pieces (formats_html): plain lines, on which the text importer's Vietnamese rules
run unchanged (headline, stamp, byline, captions, province), and the Markdown each line stands for, so that
headings, lists, tables, emphasis and images survive into the article.

trafilatura and mammoth are an optional extra (`pip install 'tintuc[import]'`): without them a web page or
Word file is refused with that command, and plain text still imports.
"""

from __future__ import annotations

import codecs
import html
import io
import re
import urllib.parse
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..importer.address import SourceLine
from ..importer.byline import Byline
from ..importer.date_patterns import FoundDate
from ..importer.decode import Decoded, UndecodableError, decode_bytes, strip_controls
from ..importer.extract import Story
from ..importer.formats_html import IMAGE_PREFIX, Piece, image_piece, pieces
from ..importer.notes import Notes
from ..text import nfc

HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
SUFFIXES = HTML_SUFFIXES + DOCX_SUFFIXES
EXTRA = "pip install 'tintuc[import]'"
IMAGE_TYPES = {".jpg": ".jpg", ".jpeg": ".jpg", ".png": ".png", ".gif": ".gif", ".webp": ".webp"}
MAX_IMAGE_BYTES = 30 * 1024 * 1024
# Names a CMS puts in the author tag that are no person's byline.
NOT_AUTHORS = frozenset({"admin", "administrator", "quan tri", "quản trị", "quản trị viên", "webmaster", "editor",
                         "ban biên tập", "bbt", "root", "user"})

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)"""
                       rb"""|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Where a mirror tool writes the page's address: HTTrack, wget's --adjust-extension copies, Internet Explorer.
_MIRRORED = re.compile(r"<!--\s*(?:Mirrored from\s+(\S+)\s+by HTTrack|saved from url=\(\d+\)(\S+?)\s*-->)",
                       re.IGNORECASE)
_PUBLISHED = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
              "dc.date.issued", "dc.date", "dcterms.created", "date")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


class FormatError(UndecodableError):
    """A web page or Word file that cannot be read; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Hints:
    """What the page's metadata (or the Word file's properties) says; None where it says nothing."""

    title: str | None = None
    date: str | None = None  # ISO, as the page wrote it ('2024-03-12T08:30:00+07:00' or '2024-03-12')
    author: str | None = None
    url: str | None = None
    sitename: str | None = None


@dataclass(frozen=True, slots=True)
class Loaded:
    decoded: Decoded  # the plain lines the pipeline reads
    hints: Hints | None = None  # None: a plain text file
    images: tuple[tuple[str, bytes], ...] = ()  # ('anh-01.png', bytes), referenced by those names in layout
    layout: tuple[Piece, ...] = ()  # the Markdown of each line; empty for plain text


def load(path: Path, raw: bytes) -> Loaded:
    """Read one input file by its suffix; FormatError (an UndecodableError) when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return load_html(path, raw)
    if suffix in DOCX_SUFFIXES:
        return load_docx(raw)
    return Loaded(decode_bytes(raw))


def _need(module: str, what: str) -> Any:
    """The optional module, or a FormatError that names the command installing it (no traceback)."""
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        raise FormatError(f"reading {what} needs the optional import extra, which is not installed: "
                          f"run {EXTRA} (plain .txt files import without it)") from None


# --- web pages -----------------------------------------------------------------------------------------------

def decode_html(raw: bytes) -> Decoded:
    """A page's text: by its BOM, else its declared charset, else by the decode module's detection.

    A declared Windows-1252 or Latin-1 is not believed: old Vietnamese pages in TCVN3 or VNI fonts declare it.
    """
    if raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(raw)
    match = _DECLARED.search(raw[:4096])
    name = None
    if match:
        try:
            name = codecs.lookup((match.group(1) or match.group(2)).decode("ascii")).name
        except LookupError:
            name = None
    if name in (None, "cp1252", "latin-1", "iso8859-1", "ascii", "utf-8"):
        return decode_bytes(raw)  # tries UTF-8 first, then scores cp1258, TCVN3 and VNI
    text = nfc(raw.decode(name, errors="replace").replace("\r\n", "\n").replace("\r", "\n"))
    text, removed = strip_controls(text)
    return Decoded(text, name, True, removed)


def _meta(tree: Any, names: Sequence[str]) -> str | None:
    wanted = {n.lower() for n in names}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        if key in wanted and (element.get("content") or "").strip():
            return " ".join(element.get("content").split())
    return None


def published_time(tree: Any) -> str | None:
    """The publication moment as the page's metadata writes it, with its time when it has one."""
    candidates = []
    for name in _PUBLISHED:
        value = _meta(tree, [name])
        if value:
            candidates.append(value)
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            found = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script.text)
            if found:
                candidates.append(found.group(1))
    for element in tree.iter("time"):
        if element.get("pubdate") is not None or "publish" in (element.get("itemprop") or "").lower():
            candidates.append(element.get("datetime") or "")
    for value in candidates:
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            continue
        return value
    return None


def page_address(tree: Any, text: str) -> str | None:
    """The page's own address: canonical link, og:url, or the comment a mirroring tool left."""
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and (link.get("href") or "").startswith("http"):
            return link.get("href").strip()
    url = _meta(tree, ["og:url"])
    if url and url.startswith("http"):
        return url
    mirrored = _MIRRORED.search(text[:20000])
    if mirrored:
        url = mirrored.group(1) or mirrored.group(2)
        return url if url.startswith("http") else "http://" + url
    return None


def _author(value: str | None, sitename: str | None) -> str | None:
    if not value:
        return None
    value = value.split(";")[0].strip()
    if value.lower() in NOT_AUTHORS or (sitename and value.lower() == sitename.lower()) or "://" in value:
        return None
    return value


def load_html(path: Path, raw: bytes) -> Loaded:
    trafilatura = _need("trafilatura", "web pages (.html, .htm)")
    lxml_html = _need("lxml.html", "web pages (.html, .htm)")
    htmlprocessing = _need("trafilatura.htmlprocessing", "web pages (.html, .htm)")
    decoded = decode_html(raw)
    source = _XML_DECLARATION.sub("", decoded.text, count=1)
    if not source.strip():
        raise FormatError("the page is empty")
    try:
        tree = lxml_html.document_fromstring(source)
    except Exception as exc:  # lxml's ParserError and XMLSyntaxError: nothing left to parse
        raise FormatError(f"not an HTML page that can be read ({exc}); save the page again from a browser") from None
    date, url = published_time(tree), page_address(tree, source)
    document = trafilatura.bare_extraction(tree, include_images=True, include_formatting=True,
                                           include_tables=True, include_links=True, include_comments=False,
                                           with_metadata=True)
    if document is None or document.body is None:
        raise FormatError("no article text found in the page (only menus and links?): copy the article's "
                          "text into a .txt file and import that")
    sitename = document.sitename or None
    hints = Hints(title=document.title or None, date=date or document.date or None,
                  author=_author(document.author, sitename), url=url or document.url or None, sitename=sitename)
    body = htmlprocessing.convert_to_html(document.body)
    layout, images = _local_images(path, list(pieces(body)))
    return _loaded(layout, hints, decoded.encoding, decoded.sure, images)


def _local_images(page: Path, layout: list[Piece]) -> tuple[list[Piece], tuple[tuple[str, bytes], ...]]:
    """Images whose file the saved copy has (relative to the page) renamed anh-01.jpg …; others kept as missing."""
    images: list[tuple[str, bytes]] = []
    result: list[Piece] = []
    for piece in layout:
        if piece.kind != "image":
            result.append(piece)
            continue
        data, suffix = _read_image(page, piece.src)
        if data is None:
            result.append(Piece("image", piece.plain, "", piece.src))  # shown nowhere, reported
            continue
        name = f"anh-{len(images) + 1:02d}{suffix}"
        images.append((name, data))
        alt = piece.plain.removeprefix(IMAGE_PREFIX).removesuffix(")")
        result.append(image_piece(name, "" if alt == piece.src.rsplit("/", 1)[-1] else alt))
    return result, tuple(images)


def _read_image(page: Path, src: str) -> tuple[bytes | None, str]:
    parts = urllib.parse.urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None, ""
    file = page.parent / urllib.parse.unquote(parts.path)
    suffix = IMAGE_TYPES.get(file.suffix.lower())
    try:
        if suffix is None or not file.is_file() or file.stat().st_size > MAX_IMAGE_BYTES:
            return None, ""
        return file.read_bytes(), suffix
    except OSError:
        return None, ""


def _loaded(layout: Sequence[Piece], hints: Hints, encoding: str, sure: bool,
            images: tuple[tuple[str, bytes], ...]) -> Loaded:
    """The plain text the pipeline reads: the title first (from the metadata when the body has no heading)."""
    layout = [p for p in layout if p.plain]
    if hints.title and not any(p.kind == "heading" for p in layout[:3]):
        layout.insert(0, Piece("heading", hints.title, ""))
    text, removed = strip_controls(nfc("\n\n".join(p.plain for p in layout)))
    return Loaded(Decoded(text, encoding, sure, removed), hints, images, tuple(layout))


# --- Word files ----------------------------------------------------------------------------------------------

def load_docx(raw: bytes) -> Loaded:
    mammoth = _need("mammoth", "Word files (.docx)")
    lxml_html = _need("lxml.html", "Word files (.docx)")
    images: list[tuple[str, bytes]] = []

    def image(picture: Any) -> dict[str, str]:
        with picture.open() as stream:
            data = stream.read()
        kind = (picture.content_type or "").split("/")[-1].lower()
        suffix = IMAGE_TYPES.get("." + kind.replace("jpeg", "jpg"), "." + (kind or "png").replace("x-", ""))
        name = f"anh-{len(images) + 1:02d}{suffix}"
        images.append((name, data))
        return {"src": name}

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        result = mammoth.convert_to_html(io.BytesIO(raw), convert_image=mammoth.images.img_element(image))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise FormatError(f"not a Word .docx file ({exc}): an old .doc must be saved again as .docx") from None
    body = lxml_html.fragment_fromstring(result.value or "<p></p>", create_parent="div")
    layout = list(pieces(body))
    headings = [p.plain for p in layout if p.kind == "heading"]
    title = _core_title(archive) or (headings[0] if headings else None)
    return _loaded(layout, Hints(title=title), "utf-8", True, tuple(images))


def _core_title(archive: zipfile.ZipFile) -> str | None:
    """The document's Title property (File → Properties), if set."""
    try:
        core = archive.read("docProps/core.xml").decode("utf-8", errors="replace")
    except KeyError:
        return None
    found = re.search(r"<dc:title>([^<]+)</dc:title>", core)
    return " ".join(html.unescape(found.group(1)).split()) or None if found else None


# --- what convert takes from the hints ------------------------------------------------------------------------

def metadata_line(url: str) -> SourceLine:
    """The page's metadata address, as the address module records a line of the text."""
    return SourceLine(url, 0, url)


def front_date(value: str) -> str | None:
    """'2024-03-12 08:30' (with its offset when it is not Vietnam's) or '2024-03-12'; None if unreadable."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if len(value) <= 10:
        return moment.strftime("%Y-%m-%d")
    text = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.strftime("%z")
    return text if offset in ("", "+0700") else f"{text}{offset[:3]}:{offset[3:]}"


def hinted_title(story: Story, hints: Hints | None) -> str | None:
    """The metadata's title when the text has no headline, or only one the metadata's title contains."""
    if hints is None or not hints.title:
        return None
    if story.title_proposed or not story.title:
        return hints.title
    return None


def hinted_date(stamp: FoundDate | None, hints: Hints | None, notes: Notes, review: list[str],
                found: list[str]) -> str | None:
    """The metadata's date when the text has no stamp, or one of the same day without the time."""
    if hints is None or not hints.date:
        return None
    value = front_date(hints.date)
    if value is None:
        return None
    written = stamp.value() if stamp is not None else None
    if written is None or (written[:10] == value[:10] and len(written) == 10 < len(value)):
        found.append(notes.say("date_meta", date=value, written=hints.date))
        return value
    if written[:10] != value[:10]:
        review.append(notes.say("date_meta_conflict", date=value, written=hints.date,
                                stamp=stamp.written if stamp else "", stamp_date=written))
    return None


def hinted_author(byline: Byline, hints: Hints | None) -> str | None:
    """The metadata's author when the text has no credit line (none, or only a bare name at the end)."""
    if hints is None or not hints.author or (byline.author and byline.author_sure):
        return None
    return hints.author
