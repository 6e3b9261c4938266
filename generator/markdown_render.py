"""Article bodies: Markdown to HTML with figures, footnotes and tables, raw HTML escaped."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import markdown

# Bumped whenever the HTML produced for the same Markdown changes: part of every cache key.
MARKDOWN_VERSION = "1"
EXTENSIONS = ["tables", "footnotes", "attr_list", "sane_lists"]
# No `smarty`/typographic replacement: it doubles conversion time and agency text arrives already
# typeset by word processors; plain text cannot be damaged by replacements that are not made.

_SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}


@dataclass(frozen=True, slots=True)
class RenderedBody:
    html: str
    first_paragraph: str  # plain text of the first text paragraph, for the default summary
    local_images: tuple[str, ...]  # relative image paths as written in the body, to check and copy


class _FigureAndSafety:
    """An image alone in a paragraph, with a title, becomes <figure> with that title as <figcaption>.

    Python-Markdown has no figure syntax of its own; the well-known third-party extensions either
    use the alt text as caption (read twice by screen readers) or add a new syntax, so this ~30-line
    processor keeps plain CommonMark image syntax. It also drops links with unsafe schemes
    (javascript:, data:) and records the first paragraph and the local images.
    """

    def __init__(self, md: Any) -> None:
        self.md = md

    def run(self, root: etree.Element) -> None:
        self.md.tintuc_first_paragraph = ""  # type: ignore[attr-defined]
        self.md.tintuc_images = []  # type: ignore[attr-defined]
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "p" and self._is_lone_titled_image(child):
                    parent[index] = self._figure(child[0])
        for element in root.iter():
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is None:
                    continue
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme not in _SAFE_SCHEMES:
                    del element.attrib[attr]
                elif attr == "src" and element.tag == "img" and not scheme and not value.startswith(("/", "#")):
                    # The image is copied beside the page (see output.py), so it is linked by name.
                    self.md.tintuc_images.append(value)  # type: ignore[attr-defined]
                    element.set("src", copied_name(value))
        for child in root:
            if child.tag == "p":
                text = "".join(child.itertext()).strip()
                if text:
                    self.md.tintuc_first_paragraph = text  # type: ignore[attr-defined]
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
            if text and type(text) is str and _is_plain(text):
                element.text = AtomicString(text)
            tail = element.tail
            if tail and type(tail) is str and _is_plain(tail):
                element.tail = AtomicString(tail)


def _is_plain(text: str) -> bool:
    return "  \n" not in text and _INLINE_TRIGGERS.isdisjoint(text)


def copied_name(src: str) -> str:
    """The file name a local image gets beside its page: 'a/b/anh 1.jpg' -> 'anh 1.jpg'."""
    return src.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


_BACKLINK_TITLE = {"vi": "Quay lại chỗ chú thích %d trong bài", "en": "Jump back to footnote %d in the text"}


def make_markdown(language: str = "vi", fast: bool = True) -> markdown.Markdown:
    """One converter per process; `render_body` resets it between documents."""
    import markdown  # imported on first use: a rebuild that reads no changed file never needs it
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
    figures = type("FigureAndSafety", (_FigureAndSafety, Treeprocessor), {})
    md.treeprocessors.register(figures(md), "tintuc_figures", 5)
    if fast:
        plain = type("SkipPlainText", (_SkipPlainText, Treeprocessor), {})
        md.treeprocessors.register(plain(md), "tintuc_plain_text", 25)  # before 'inline' (20)
    return md


def render_body(md: markdown.Markdown, text: str) -> RenderedBody:
    md.reset()
    html = md.convert(text)
    return RenderedBody(
        html=html,
        first_paragraph=md.tintuc_first_paragraph,  # type: ignore[attr-defined]
        local_images=tuple(dict.fromkeys(md.tintuc_images)),  # type: ignore[attr-defined]
    )
