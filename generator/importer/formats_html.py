"""HTML (a page's main text, or a Word file through mammoth) → pieces: one line of plain text for the import
pipeline, and the Markdown that line stands for.

The pipeline (clean, extract, tagging) reads lines of plain text: its Vietnamese rules find the headline,
the stamp, the byline and captions by what a line says. Markdown markers ('## ', '- ', '| a | b |',
'**…**') would hide those words from it, so each block of the page is kept twice: `plain` goes through the
pipeline, `markdown` is what the article shows for it (see layout.render_body).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Markdown markup in text: emphasis, links, code, attribute lists, HTML.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]{}])")
# Line starts Markdown would read as a heading, quote, list item, table row or rule.
_BLOCK_START = re.compile(r"^(#{1,6}\s|>|[-+*]\s|\d+[.)]\s|={3,}|-{3,}|\|)")
_SPACES = re.compile(r"[ \t\r\n\u00a0\u2007\u202f\u200b\ufeff]+")
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LINE_BLOCKS = frozenset({"p", "pre", "address", "dt", "dd", "caption", "center"})
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link", "button",
                      "input", "select", "textarea", "form", "iframe", "object", "embed", "svg", "nav"})
_STRONG, _EMPHASIS = frozenset({"strong", "b"}), frozenset({"em", "i", "cite"})
IMAGE_PREFIX = "(Ảnh: "  # the plain line of an image: a caption to the pipeline, never a headline or byline


@dataclass(frozen=True, slots=True)
class Piece:
    """One block of the document: what the pipeline reads, and what the article shows."""

    kind: str  # 'heading', 'paragraph', 'caption', 'list', 'table', 'image', 'quote'
    plain: str
    markdown: str
    src: str = ""  # images: the address as written in the document


@dataclass(frozen=True, slots=True)
class _Run:
    plain: str
    markdown: str


@dataclass(frozen=True, slots=True)
class _Image:
    src: str
    alt: str


_BREAK = object()  # a <br>: the line ends here


def escape(text: str) -> str:
    """Plain text that Markdown shows as itself, inline."""
    return _INLINE_MARKUP.sub(r"\\\1", text).replace("<", "&lt;")


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text)


def _tag(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _wrap(runs: list[_Run], mark: str) -> list[_Run]:
    """'**…**' around runs, with the spaces at their ends outside the markers (Markdown needs that)."""
    plain = "".join(r.plain for r in runs)
    markdown = "".join(r.markdown for r in runs)
    if not plain.strip():
        return runs
    lead = markdown[: len(markdown) - len(markdown.lstrip())]
    trail = markdown[len(markdown.rstrip()):]
    return [_Run(plain, f"{lead}{mark}{markdown.strip()}{mark}{trail}")]


def _inline(element: Any, out: list[Any]) -> None:
    """Runs of text, breaks and images inside a block element, in order."""
    if element.text:
        out.append(_Run(_squash(element.text), escape(_squash(element.text))))
    for child in element:
        tag = _tag(child)
        if tag == "br":
            out.append(_BREAK)
        elif tag == "img":
            out.append(_Image(child.get("src") or "", _squash(child.get("alt") or "").strip()))
        elif tag in _SKIPPED or not tag:
            pass
        elif tag in ("ul", "ol", "table", "p", "div") or tag in _HEADINGS:
            out.append(_BREAK)  # a block inside a line: it starts a line of its own
            _inline(child, out)
            out.append(_BREAK)
        else:
            inner: list[Any] = []
            _inline(child, inner)
            if all(isinstance(r, _Run) for r in inner):
                href = (child.get("href") or "") if tag == "a" else ""
                if tag in _STRONG:
                    inner = _wrap(inner, "**")
                elif tag in _EMPHASIS:
                    inner = _wrap(inner, "*")
                elif href.startswith(("http://", "https://")) and "".join(r.plain for r in inner).strip():
                    text = "".join(r.markdown for r in inner).strip()
                    inner = [_Run("".join(r.plain for r in inner), f"[{text}](<{href.replace('>', '%3E')}>)")]
            out.extend(inner)
        if child.tail:
            out.append(_Run(_squash(child.tail), escape(_squash(child.tail))))


def _lines(element: Any) -> Iterator[_Run | _Image]:
    """The lines of a block element: runs joined up to each break, images on lines of their own."""
    out: list[Any] = []
    _inline(element, out)
    plain: list[str] = []
    markdown: list[str] = []
    for item in [*out, _BREAK]:
        if isinstance(item, _Run):
            plain.append(item.plain)
            markdown.append(item.markdown)
            continue
        text = "".join(plain).strip()
        if text:
            line = "".join(markdown).strip()
            yield _Run(text, "\\" + line if _BLOCK_START.match(line) else line)
        plain, markdown = [], []
        if isinstance(item, _Image):
            yield item


def image_piece(src: str, alt: str) -> Piece:
    shown = alt or src.rsplit("/", 1)[-1] or "ảnh"
    return Piece("image", f"{IMAGE_PREFIX}{shown})", f"![{escape(alt)}]({src})", src)


def _cell(element: Any) -> str:
    return " ".join(run.markdown.replace("|", "\\|") for run in _lines(element) if isinstance(run, _Run))


def _table(element: Any) -> Piece | None:
    rows = [row for row in element.iter() if _tag(row) == "tr"]
    cells = [[_cell(c) for c in row if _tag(c) in ("td", "th")] for row in rows]
    cells = [row for row in cells if any(row)]
    if not cells:
        return None
    width = max(len(row) for row in cells)
    cells = [row + [""] * (width - len(row)) for row in cells]
    plain = "; ".join(", ".join(c for c in row if c) for row in cells)
    plain = re.sub(r"\\(.)", r"\1", plain)
    lines = [f"| {' | '.join(cells[0])} |", "|" + "---|" * width, *(f"| {' | '.join(row)} |" for row in cells[1:])]
    return Piece("table", plain, "\n".join(lines))


def _list(element: Any, depth: int) -> Iterator[Piece]:
    ordered = _tag(element) == "ol"
    number = 0
    for item in element:
        if _tag(item) != "li":
            continue
        number += 1
        nested = [child for child in item if _tag(child) in ("ul", "ol")]
        for child in nested:
            item.remove(child)
        marker = f"{number}. " if ordered else "- "
        indent = "   " * depth if ordered else "  " * depth
        first = True
        for line in _lines(item):
            if isinstance(line, _Image):
                yield image_piece(line.src, line.alt)
                continue
            prefix = indent + (marker if first else " " * len(marker))
            yield Piece("list", line.plain, prefix + line.markdown.removeprefix("\\"))
            first = False
        for child in nested:
            yield from _list(child, depth + 1)


def pieces(element: Any, quote: bool = False) -> Iterator[Piece]:
    """The blocks of an element, in document order."""
    if element.text and element.text.strip() and _tag(element) not in _LINE_BLOCKS:
        yield Piece("paragraph", _squash(element.text).strip(), escape(_squash(element.text).strip()))
    for child in element:
        tag = _tag(child)
        if tag in _SKIPPED or not tag:
            pass
        elif tag in _HEADINGS:
            level = max(2, _HEADINGS[tag])  # the article's title is the page's only h1
            for line in _lines(child):
                if isinstance(line, _Run):
                    yield Piece("heading", line.plain, "#" * level + " " + line.markdown.removeprefix("\\"))
        elif tag in ("ul", "ol"):
            yield from _list(child, 0)
        elif tag == "table":
            table = _table(child)
            if table is not None:
                yield table
        elif tag == "img":
            yield image_piece(child.get("src") or "", _squash(child.get("alt") or "").strip())
        elif tag == "blockquote":
            for piece in pieces(child, quote=True):
                yield Piece("quote", piece.plain, "\n".join("> " + line for line in piece.markdown.split("\n")))
        elif tag in _LINE_BLOCKS or tag == "figcaption":
            kind = "caption" if tag == "figcaption" else "paragraph"
            for line in _lines(child):
                if isinstance(line, _Image):
                    yield image_piece(line.src, line.alt)
                else:
                    yield Piece(kind, line.plain, line.markdown)
        elif tag == "hr":
            pass
        elif len(child) == 0 or all(_tag(c) not in _BLOCKISH for c in child.iter() if c is not child):
            for line in _lines(child):  # a <div> or <span> of text alone is a line
                if isinstance(line, _Image):
                    yield image_piece(line.src, line.alt)
                else:
                    yield Piece("paragraph", line.plain, line.markdown)
            if child.tail and child.tail.strip():
                yield Piece("paragraph", _squash(child.tail).strip(), escape(_squash(child.tail).strip()))
            continue
        else:
            yield from pieces(child, quote)
        if child.tail and child.tail.strip():
            yield Piece("paragraph", _squash(child.tail).strip(), escape(_squash(child.tail).strip()))


_BLOCKISH = frozenset({*_HEADINGS, *_LINE_BLOCKS, "div", "ul", "ol", "li", "table", "blockquote", "figure",
                       "figcaption", "section", "article", "main", "header", "footer", "aside"})
