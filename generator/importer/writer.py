"""An imported story as a Markdown file: front matter, body with captions, and a free slug file name."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..cachefiles import ordinary_mode
from ..importer.captions import Block
from ..text import slugify

SLUG_LENGTH = 80
# Characters that would turn plain text into Markdown markup (emphasis, links, code, HTML, attributes).
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]{}])")
_MARKUP_CHARS = "\\`*_[]{}"
# Line starts Markdown reads as a heading, quote, list item or rule.
_BLOCK_START = re.compile(r"^(#{1,6}\s|>|[-+*]\s|\d+[.)]\s|={3,}|-{3,})")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    title: str
    date: str | None  # None: 'unknown'
    tags: tuple[str, ...]
    author: str | None
    summary: str
    source_unit: str | None
    review: tuple[str, ...]
    places: tuple[str, ...] = ()
    places_key: str = "provinces"  # the place taxonomy's field; 'tags' puts the places among the topics
    aliases: tuple[str, ...] = ()  # old addresses on this site, as site paths
    source: str | None = None  # the address the text came from, on another site


def quote(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def flow_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(quote(v) for v in values) + "]"


def render_front_matter(front: FrontMatter) -> str:
    """Always a places list, empty too: it shows the editor where a missing province goes."""
    lines = ["---", f"title: {quote(front.title)}", f"date: {front.date or 'unknown'}",
             f"tags: {flow_list(front.tags)}"]
    if front.places_key != "tags":
        lines.append(f"{front.places_key}: {flow_list(front.places)}")
    if front.author:
        lines.append(f"author: {quote(front.author)}")
    lines.append(f"summary: {quote(front.summary)}")
    if front.source_unit:
        lines.append(f"source_unit: {quote(front.source_unit)}")
    if front.source:
        lines.append(f"source: {quote(front.source)}")
    if front.aliases:
        lines.append(f"aliases: {flow_list(front.aliases)}")
    if front.review:
        lines.append("review:")
        lines.extend(f"  - {quote(note)}" for note in front.review)
    lines.append("---")
    return "\n".join(lines) + "\n"


def escape_text(text: str) -> str:
    """Plain text that Markdown renders as itself."""
    if any(char in text for char in _MARKUP_CHARS):  # most paragraphs have none: eight scans cost less than the sub
        text = _INLINE_MARKUP.sub(r"\\\1", text)
    text = text.replace("<", "&lt;")
    return "\\" + text if _BLOCK_START.match(text) else text


def render_block(block: Block) -> str:
    if block.kind == "caption":
        # No photo file survives, so the caption stands alone, styled as one (attr_list class).
        return f"*{escape_text(block.text)}*{{: .caption}}"
    return escape_text(block.text)


def render_article(front: FrontMatter, blocks: Sequence[Block]) -> str:
    body = "\n\n".join(render_block(b) for b in blocks)
    return render_front_matter(front) + "\n" + body + "\n"


def name_base(title: str, fallback: str) -> str:
    """The slug a story's file is named by: the title's, else the fallback's (the input file's name)."""
    return slugify(title, max_length=SLUG_LENGTH) or slugify(fallback, max_length=SLUG_LENGTH) or "bai-viet"


def free_name(base: str, taken: Iterable[str], tried: dict[str, int] | None = None) -> str:
    """'<base>.md', or '<base>-2.md', '-3' … the first that is not `taken`: no two stories of an import share a file.

    `tried` (base -> the number its last search stopped at), kept by a caller whose `taken` only grows, starts the
    search there: fifty stories of one title are not each checked against the names of all before them."""
    used = taken if isinstance(taken, (set, frozenset)) else set(taken)  # not a copy of a batch's names per file
    number = tried.get(base, 1) if tried is not None else 1  # 1: the slug alone
    name = f"{base}.md" if number == 1 else f"{base}-{number}.md"
    while name in used:
        number += 1
        name = f"{base}-{number}.md"
    if tried is not None:
        tried[base] = number
    return name


def write_new(path: Path, text: str, force: bool) -> bool:
    """Write atomically; False (and nothing written) if the file exists and force is off."""
    if path.exists() and not force:
        return False
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".import-", suffix=".tmp")
    try:
        ordinary_mode(handle)  # an article like any the editor saves, not mkstemp's 0600
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def write_images(folder: Path, stem: str, images: Sequence[tuple[str, bytes]], *,
                 dry_run: bool = False) -> dict[str, str]:
    """Write an article's images beside it as '<stem>-anh-01.png' …, never over another file.

    A file of that name holding the same bytes (an earlier import of this article) is used again; one
    holding other bytes keeps its content, and the image gets the next free name ('-2', '-3' …).
    Returns {name in the article's layout: name written}.
    """
    names: dict[str, str] = {}
    for name, data in images:
        base, dot, suffix = f"{stem}-{name}".rpartition(".")
        candidate, number = f"{base}.{suffix}" if dot else base, 2
        while (folder / candidate).exists() and (folder / candidate).read_bytes() != data:
            candidate, number = f"{base}-{number}.{suffix}", number + 1
        names[name] = candidate
        if dry_run or (folder / candidate).exists():
            continue
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / candidate, "xb") as out:  # 'x': FileExistsError, never an overwrite
            try:
                out.write(data)
            except BaseException:  # a disk full: no half image left under the name
                out.close()
                (folder / candidate).unlink(missing_ok=True)
                raise
    return names
