"""A saved web page's or Word file's structure in the article: what the text pipeline kept, shown as the piece
it came from (a heading, a list, a table, a photo with its caption), and the pictures written beside it.

The text pipeline (clean, extract) works on plain lines; `render_body` finds each block it kept in the
page's layout (formats_html.pieces) and writes that piece's Markdown, so structure survives and furniture
stays out. `place_images` writes the pictures next to the article and points the links at their names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..importer.captions import Block
from ..importer.formats_html import IMAGE_PREFIX, Piece
from ..importer.notes import Notes
from ..importer.writer import render_block, write_images

if TYPE_CHECKING:
    from ..importer.formats import Loaded

_IMAGE_LINK = re.compile(r"\]\((anh-\d+\.[a-z]+)([ )])")


@dataclass(frozen=True, slots=True)
class Body:
    markdown: str
    found: tuple[str, ...]
    review: tuple[str, ...]


def render_body(blocks: Sequence[Block], layout: Sequence[Piece], notes: Notes) -> Body:
    """The article's Markdown: each block the pipeline kept, shown as the piece it came from (the report's
    lines in `notes`' language)."""
    shown: list[tuple[str, str]] = []  # (kind, markdown)
    at = 0
    missing: list[str] = []
    for block in blocks:
        index = _find(block, layout, at)
        if index is None:
            shown.append((block.kind, render_block(block)))
            continue
        missing.extend(p.src for p in layout[at:index] if p.kind == "image" and not p.markdown)
        piece, at = layout[index], index + 1
        if piece.kind == "image":
            if piece.markdown:
                shown.append(("image", piece.markdown))
            else:
                missing.append(piece.src)
        elif piece.kind == "caption" or (piece.kind == "paragraph" and block.kind == "caption" and (
                (shown and shown[-1][0] == "image") or _key(piece.plain) != _key(block.text))):
            # A page marks its paragraphs: a short one is a caption only under a photo or after 'Ảnh:'.
            if shown and shown[-1][0] == "image" and shown[-1][1].endswith(")"):
                title = block.text.replace('"', "”").replace("\\", "")
                shown[-1] = ("figure", f'{shown[-1][1][:-1]} "{title}")')
            else:
                shown.append(("caption", render_block(Block("caption", block.text))))
        else:
            shown.append((piece.kind, piece.markdown))
    missing.extend(p.src for p in layout[at:] if p.kind == "image" and not p.markdown)
    markdown = ""
    for number, (kind, text) in enumerate(shown):
        tight = number and kind == "list" and shown[number - 1][0] == "list"
        markdown += ("\n" if tight else "\n\n" if number else "") + text
    found: list[str] = []
    review: list[str] = []
    pictures = sum(1 for kind, _ in shown if kind in ("image", "figure"))
    alone = sum(1 for kind, _ in shown if kind == "caption")
    if pictures:
        figures = sum(1 for kind, _ in shown if kind == "figure")
        found.append(notes.say("images_in_body", count=pictures, figures=figures))
    if alone:
        found.append(notes.say("captions", count=alone))
        review.append(notes.say("captions_alone", count=alone))
    if missing:
        listed = ", ".join(src or notes.say("no_address") for src in missing[:3]) + (" …" if len(missing) > 3 else "")
        review.append(notes.say("images_missing", count=len(missing), listed=listed))
    return Body(markdown + "\n", tuple(found), tuple(review))


def _key(text: str) -> str:
    return " ".join(text.replace("\u200b", " ").replace("\ufeff", " ").split())


_CAPTION_LABEL = re.compile(r"^\(?ảnh[^:：\-]{0,14}[:：\-]\s*$", re.IGNORECASE)


def _find(block: Block, layout: Sequence[Piece], start: int) -> int | None:
    """The piece a block was made from: the same words, or the same after a caption label ('Ảnh: ')."""
    wanted = _key(block.text)
    for index in range(start, len(layout)):
        plain = _key(layout[index].plain)
        if plain == wanted:
            return index
        if wanted and plain.endswith(wanted) and _CAPTION_LABEL.match(plain[: len(plain) - len(wanted)]):
            return index
        if (layout[index].kind == "image" and plain.startswith(IMAGE_PREFIX)
                and _key(plain.removeprefix(IMAGE_PREFIX)) == wanted):
            return index
    return None


def relink(markdown: str, names: dict[str, str]) -> str:
    """The body with each image's name replaced by the name it was written under."""
    return _IMAGE_LINK.sub(lambda m: f"]({names.get(m.group(1), m.group(1))}{m.group(2)}", markdown)




def place_images(loaded: Loaded, output: Path, markdown: str, notes: Notes, *,
                 dry_run: bool) -> tuple[str, tuple[str, ...]]:
    """Write the images beside the article (see writer.write_images) and point the body at their names."""
    if not loaded.images:
        return markdown, ()
    names = write_images(output.parent, output.stem, loaded.images, dry_run=dry_run)
    said = notes.say("images_to_write" if dry_run else "images_written", count=len(names),
                     names=", ".join(names.values()))
    return relink(markdown, names), (said,)
