"""Article bodies: Markdown to HTML with figures, footnotes and tables; raw HTML escaped, the result sanitised."""

from __future__ import annotations

import functools
import hashlib
import html
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .embeds import PROVIDERS, embed_attribute, embed_lines

if TYPE_CHECKING:
    import markdown

# Bumped whenever the HTML produced for the same Markdown changes: part of every cache key.
# 2: attributes from {: …} limited to id/class/lang, URLs judged as browsers read them, nh3 sanitising,
#    images from sub-folders copied under a name with a hash of their path.
MARKDOWN_VERSION = "6"  # 3: local documents copied; 4: documents listed for download; 5: HTML shown as text warned
# 6: video and map addresses alone on their line become click-to-load facades (embeds.py)
EXTENSIONS = ["tables", "footnotes", "attr_list", "sane_lists"]
# No `smarty`/typographic replacement: it doubles conversion time and agency text arrives already
# typeset by word processors; plain text cannot be damaged by replacements that are not made.

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})  # and relative addresses, which have none
# What `{: …}` may set: naming and styling hooks only. Anything else it could add is an event handler
# (onerror, onfocus + autofocus), a style that overlays the page, or a second href/src that skips the
# URL check below.
ATTR_LIST_ALLOWED = frozenset({"id", "class", "lang"})

# Exactly what the Markdown below produces, for nh3 (ammonia, a maintained allow-list sanitiser) to
# enforce on the final HTML of pages and feeds alike: if a future extension or a bug lets something
# else through, it is dropped here rather than published.
ALLOWED_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "hr", "br", "em", "strong",
    "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "div",  # footnotes: <sup id><a class="footnote-ref"> and <div class="footnote">
    "button",  # the play control of a video or map facade (embeds.facade)
})
ALLOWED_ATTRIBUTES = {
    "*": set(ATTR_LIST_ALLOWED),
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},  # sane_lists: a list starting at 3
    # A facade's frame address, kept only if it matches embeds.SOURCES (embeds.embed_attribute), and the
    # accessible name of its play button (text only: no URL, no script).
    "figure": {"data-embed-src"},
    "button": {"aria-label"},
}
# Column alignment in tables is written by Python-Markdown as these three styles and nothing else.
_ALIGN_STYLES = {"style": {f"text-align: {side};" for side in ("left", "center", "right")}}
ALLOWED_ATTRIBUTE_VALUES = {"th": _ALIGN_STYLES, "td": _ALIGN_STYLES, "button": {"type": {"button"}}}

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def safe_url(value: str) -> str | None:
    """`value` if a browser would follow it as http(s), mailto, tel or a relative address; else None.

    Judged as the browser reads an attribute: character references decoded (`java&#115;cript:`,
    `&#x6A;…`, `javascript&colon;`), then, as WHATWG URL parsing does, every tab and newline removed
    (`java&#10;script:`, `java&Tab;script:`) and leading/trailing C0 controls and spaces stripped.
    Schemes are compared case-insensitively. Everything not allowed (javascript:, vbscript:, data:,
    file: …) is refused rather than listed, so a scheme nobody thought of is refused too.
    """
    seen = _TAB_OR_NEWLINE.sub("", html.unescape(value)).strip(_C0_AND_SPACE)
    match = _SCHEME.match(seen)
    if match is not None and match.group(1).lower() not in SAFE_SCHEMES:
        return None
    return value


@dataclass(frozen=True, slots=True)
class Removal:
    """Something unsafe taken out of a body: what, and the line of the body (1 = its first) it was on."""

    line: int
    message: str
    hint: str


@dataclass(frozen=True, slots=True)
class RenderedBody:
    html: str
    first_paragraph: str  # plain text of the first text paragraph, for the default summary
    local_images: tuple[str, ...]  # relative image and document paths as written in the body, to check and copy
    removed: tuple[Removal, ...] = ()  # unsafe attributes and URLs dropped: warnings for the editor
    documents: tuple[tuple[str, str], ...] = ()  # (file, link text) of the body's links to documents


class _FigureAndSafety:
    """An image alone in a paragraph, with a title, becomes <figure> with that title as <figcaption>.

    Python-Markdown has no figure syntax of its own; the well-known third-party extensions either
    use the alt text as caption (read twice by screen readers) or add a new syntax, so this ~30-line
    processor keeps plain CommonMark image syntax. It also drops links and images whose address is
    unsafe (`safe_url`), and records the first paragraph and the local images.
    """

    def __init__(self, md: Any) -> None:
        self.md = md

    def run(self, root: etree.Element) -> None:
        from markdown.util import AMP_SUBSTITUTE, HTML_PLACEHOLDER_RE

        self.md.tintuc_first_paragraph = ""
        self.md.tintuc_images = []
        self.md.tintuc_documents = []
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "p" and self._is_lone_titled_image(child):
                    parent[index] = self._figure(child[0])
        for element in root.iter():
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is None:
                    continue
                # Automatic e-mail links arrive with their characters as references behind a placeholder.
                if safe_url(value.replace(AMP_SUBSTITUTE, "&")) is None:
                    del element.attrib[attr]
                    if attr == "href":
                        _note(self.md, value, f"removed unsafe link address {_shown(value)} (scripts are not "
                              "allowed in articles)", "link to http:, https:, mailto: or tel: addresses, or to a "
                              "path on the site")
                    else:
                        _note(self.md, value, f"removed unsafe image address {_shown(value)} (scripts are not "
                              "allowed in articles)", "use an image file beside the article or an https: address")
                elif not _SCHEME.match(value) and not value.startswith(("/", "#")) and (
                        (attr == "src" and element.tag == "img") or (attr == "href" and is_document(value))):
                    # The image or document is copied beside the page (see inventory.py), so it is linked
                    # by name; percent-encoded, as an address must be ('anh 1.jpg' -> 'anh%201.jpg').
                    file, mark, rest = value.partition("#") if attr == "href" else (value, "", "")
                    self.md.tintuc_images.append(file)
                    if attr == "href":  # a document: listed for download with its link's text
                        self.md.tintuc_documents.append((file, " ".join("".join(element.itertext()).split())))
                    element.set(attr, quote(copied_name(file)) + mark + rest)
        for child in root:
            if child.tag == "p":
                text = "".join(child.itertext()).strip()
                if text and not HTML_PLACEHOLDER_RE.fullmatch(text):  # a video or map facade is no summary
                    self.md.tintuc_first_paragraph = text
                    break

    @staticmethod
    def _is_lone_titled_image(p: etree.Element) -> bool:
        return (len(p) == 1 and p[0].tag == "img" and bool(p[0].get("title"))
                and not (p.text or "").strip() and not (p[0].tail or "").strip())

    @staticmethod
    def _figure(img: etree.Element) -> etree.Element:
        figure = etree.Element("figure")
        caption_text = img.attrib.pop("title")
        img.tail = None
        figure.append(img)
        caption = etree.SubElement(figure, "figcaption")
        caption.text = caption_text
        return figure


class _SafeAttrList:
    """attr_list's `{: …}`, allowed to set only ATTR_LIST_ALLOWED; every other attribute it sets is undone.

    Mixed into Python-Markdown's own AttrListTreeprocessor (see make_markdown), so the syntax, its
    edge cases and its priority stay the library's; only the assignment is checked, which catches
    names in any case (`ONERROR`) and overrides of what Markdown set itself (`{: href=…}`).
    """

    md: Any

    def assign_attrs(self, elem: etree.Element, attrs_string: str, *, strict: bool = False) -> str:
        before = dict(elem.attrib)
        remainder: str = super().assign_attrs(elem, attrs_string, strict=strict)  # type: ignore[misc]
        for name in list(elem.attrib):
            if name.lower() in ATTR_LIST_ALLOWED or (name in before and before[name] == elem.attrib[name]):
                continue
            if name in before:
                elem.set(name, before[name])
            else:
                del elem.attrib[name]
            if name.lower().startswith("on"):
                message = f"removed unsafe attribute '{name}' (scripts are not allowed in articles)"
            else:
                message = f"removed attribute '{name}' from {{: …}} (only id, class and lang can be set there)"
            _note(self.md, attrs_string + "}", message,
                  "delete it from the '{: …}' after the element; a look belongs in the theme's CSS")
        if elem.get("id") in self.md.tintuc_reserved_ids and before.get("id") != elem.get("id"):
            taken = elem.attrib.pop("id")
            _note(self.md, attrs_string + "}", f"removed id '{taken}' from {{: …}}: the theme's pages use that id",
                  "choose another id; two elements of a page may not share one (the skip link would "
                  "lead to the wrong place)")
        return remainder


def _note(md: Any, needle: str, message: str, hint: str) -> None:
    """Record a removal at the first body line that contains `needle` (the first line if none does)."""
    source: str = md.tintuc_source
    at = source.find(needle)
    line = source.count("\n", 0, at) + 1 if at >= 0 else 1
    md.tintuc_removed.append(Removal(line, message, hint))


def _shown(value: str, limit: int = 60) -> str:
    """A URL as a message may show it: quoted, escapes for controls, shortened."""
    text = value if len(value) <= limit else value[:limit] + "…"
    return repr(text)


# Every inline pattern of the enabled extensions starts at one of these characters (code `, escape
# \\, links and images [ ] !, autolinks < >, entities &, emphasis * _, attribute lists { }), or is a
# hard line break (two spaces before a newline).
_INLINE_TRIGGERS = frozenset("`\\[]!<>&*_{}")


class _SkipPlainText:
    """Mark text with no inline syntax as atomic, so the inline stage does not scan it.

    Python-Markdown runs each of ~20 inline regular expressions over every text node; for plain prose
    (most of a news article) none can match, and that scan was half of the conversion time. The
    output is unchanged: tests/test_markdown_speedup.py compares it with the unmodified converter.
    """

    def __init__(self, md: Any) -> None:
        self.md = md

    def run(self, root: etree.Element) -> None:
        from markdown.util import AtomicString

        for element in root.iter():
            text = element.text
            if text and type(text) is str and is_plain(text):
                element.text = AtomicString(text)
            tail = element.tail
            if tail and type(tail) is str and is_plain(tail):
                element.tail = AtomicString(tail)


def is_plain(text: str) -> bool:
    """True for text in which no inline Markdown syntax can match."""
    return "  \n" not in text and _INLINE_TRIGGERS.isdisjoint(text)


# Documents an article links to beside it: published with the page, like its images (issue 15).
# Not .txt or .md: those are articles, whose source must not be published as a download.
DOCUMENT_TYPES = frozenset((".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp",
                            ".zip", ".rar", ".7z", ".csv"))


def is_document(href: str) -> bool:
    """Whether a relative link points to a document file (by its extension, any case)."""
    path = href.split("#", 1)[0].split("?", 1)[0]
    return posixpath.splitext(path)[1].lower() in DOCUMENT_TYPES


# HTML an editor pastes from another site (a video's <iframe>, <div>, <font>): shown to readers as text,
# since raw HTML is not rendered. Code spans and blocks show markup on purpose and are left out.
_HTML_TAGS = frozenset("a abbr audio b big blockquote br center div em embed figure font h1 h2 h3 h4 h5 h6 hr i "
                       "iframe img li object ol p script small source span strong style sub sup table tbody td th "
                       "tr u ul video".split())
_CODE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1>", re.S)
_SHOWN_TAG = re.compile(r"&lt;/?([a-zA-Z][a-zA-Z0-9]*)\b")


def shown_html_tags(body_html: str) -> list[str]:
    """The HTML tags a body shows as text outside code ('iframe', 'div'), each once, in order."""
    names = (m.group(1).lower() for m in _SHOWN_TAG.finditer(_CODE.sub("", body_html)))
    return list(dict.fromkeys(name for name in names if name in _HTML_TAGS))


def copied_name(src: str) -> str:
    """The file name a local image gets beside its page: 'anh 1.jpg' stays, 'a/b/anh 1.jpg' -> 'anh 1-811be7c2.jpg'.

    Every image of an article is copied into its page's folder, so two images with the same name
    in different folders ('a/p.jpg', 'b/p.jpg') need different names there. An image next to the
    article keeps its name (existing addresses stay); any other gets 8 hex digits of a hash of its
    normalised path ('./a/p.jpg' and 'a/../a/p.jpg' are the same file, the same name). A flat name,
    not the sub-folders: '../' cannot be kept below the page, and a folder beside index.html could
    take a name the site uses. The stem and extension stay readable (servers pick the type by it).
    """
    path = posixpath.normpath(src.replace("\\", "/"))
    folder, name = posixpath.split(path)
    if not folder:
        return name
    stem, extension = posixpath.splitext(name)
    digest = hashlib.blake2b(path.encode("utf-8"), digest_size=4).hexdigest()
    return f"{stem}-{digest}{extension}"


_BACKLINK_TITLE = {"vi": "Quay lại chỗ chú thích %d trong bài", "en": "Jump back to footnote %d in the text"}


class _EmbedLines:
    """Addresses of allowed video and map providers alone on their line -> facades (embeds.embed_lines)."""

    def __init__(self, md: Any, providers: frozenset[str], language: str) -> None:
        self.md, self.providers, self.language = md, providers, language

    def run(self, lines: list[str]) -> list[str]:
        return embed_lines(self.md, lines, self.providers, self.language,
                           lambda needle, message, hint: _note(self.md, needle, message, hint))


def make_markdown(language: str = "vi", fast: bool = True, reserved_ids: frozenset[str] = frozenset(),
                  embeds: tuple[str, ...] = PROVIDERS) -> markdown.Markdown:
    """One converter per process; `render_body` resets it between documents. `embeds`: the providers
    whose addresses become facades (config.yaml's `embeds:`)."""
    import markdown  # imported on first use: a rebuild that reads no changed file never needs it
    from markdown.extensions.attr_list import AttrListTreeprocessor
    from markdown.preprocessors import Preprocessor
    from markdown.treeprocessors import Treeprocessor

    md = markdown.Markdown(
        extensions=EXTENSIONS,
        extension_configs={"footnotes": {"BACKLINK_TITLE": _BACKLINK_TITLE.get(language, _BACKLINK_TITLE["en"])}},
        output_format="html",
    )
    # Raw HTML in an article is shown as text, not interpreted (as Hugo does by default): content
    # comes from many hands and pasted HTML is the usual way scripts and broken markup get in.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    embed_lines_processor = type("EmbedLines", (_EmbedLines, Preprocessor), {})
    md.preprocessors.register(embed_lines_processor(md, frozenset(embeds), language), "tintuc_embeds", 25)
    # Replaces the extension's own processor under the same name and priority (8: after 'inline').
    safe_attr_list = type("SafeAttrList", (_SafeAttrList, AttrListTreeprocessor), {})
    md.treeprocessors.register(safe_attr_list(md), "attr_list", 8)
    figures = type("FigureAndSafety", (_FigureAndSafety, Treeprocessor), {})
    md.treeprocessors.register(figures(md), "tintuc_figures", 5)
    md.tintuc_cleaner = _cleaner()  # type: ignore[attr-defined]
    md.tintuc_reserved_ids = reserved_ids  # type: ignore[attr-defined]
    if fast:
        plain = type("SkipPlainText", (_SkipPlainText, Treeprocessor), {})
        md.treeprocessors.register(plain(md), "tintuc_plain_text", 25)  # before 'inline' (20)
    return md


@functools.cache
def _cleaner() -> Any:
    import nh3

    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS), attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values={tag: {name: set(values) for name, values in allowed.items()}
                              for tag, allowed in ALLOWED_ATTRIBUTE_VALUES.items()},
        url_schemes=set(SAFE_SCHEMES), link_rel=None, strip_comments=True, attribute_filter=embed_attribute)


def sanitise(html_text: str) -> str:
    """Article HTML through the allow-list: for bodies read back from the build cache, which anyone able
    to write CI's shared cache could have changed (~0.1 ms a body)."""
    return _cleaner().clean(html_text)  # type: ignore[no-any-return]


def render_body(md: markdown.Markdown, text: str) -> RenderedBody:
    """One body as sanitised HTML, with what was removed from it (line numbers counted in `text`)."""
    md.reset()
    md.tintuc_source = text  # type: ignore[attr-defined]
    md.tintuc_removed = []  # type: ignore[attr-defined]
    # Python-Markdown skips the tree processors for a blank body: nothing of the last document may stay.
    md.tintuc_first_paragraph, md.tintuc_images, md.tintuc_documents = "", [], []  # type: ignore[attr-defined]
    html_text = md.tintuc_cleaner.clean(md.convert(text))  # type: ignore[attr-defined]
    return RenderedBody(
        html=html_text,
        first_paragraph=md.tintuc_first_paragraph,  # type: ignore[attr-defined]
        local_images=tuple(dict.fromkeys(md.tintuc_images)),  # type: ignore[attr-defined]
        removed=tuple(dict.fromkeys(md.tintuc_removed)),  # type: ignore[attr-defined]
        documents=tuple(dict.fromkeys(md.tintuc_documents)),  # type: ignore[attr-defined]
    )
