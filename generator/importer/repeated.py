"""Page furniture learned from the import batch itself: a line printed on many pages of one batch is the site's.

An agency importing its old site brings hundreds of pages from one CMS. Menus, footers, slogans, widget
labels and counters' labels are on every page, each site with its own words, so no hand-written list
knows them all; their repetition gives them away (the template detection of boilerplate removal). One
cheap pass over the batch's decoded texts counts, for each normalised whole line, on how many files it
appears; a line on at least max(3, 30 %) of the files of a batch of five or more is the site's furniture.

The set only removes lines the existing rules would keep as text or captions: the headline, the stamp and
the byline are read first (extract), a writer's name or credit line is never dropped (one reporter signs
most pages of a small site), nor a line of 25 words or more, nor, on the page of the story the site
features on every page (its headline repeats), that story's own sentences (its teaser repeats too).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_FILES = 5  # a smaller batch says nothing about its site: nothing is learned
MIN_SHARE = 0.3  # on this share of the files (and on three at least) a line is the site's
MIN_COPIES = 3
MAX_WORDS = 25  # a line this long is a paragraph of a story, even one quoted on other pages
TEASER_MIN_WORDS = 8  # a featured story's sentences (kept on its own page) are at least this long

_DIGITS = re.compile(r"\d+")
_SENTENCE_END = (".", "!", "?", "…")
_CAPTION_PREFIX = "Ảnh: "  # what clean puts before a short line under a photo's file name


def line_key(line: str) -> str:
    """The line as counted: NFC, case-folded, every run of digits one placeholder, whitespace collapsed, so
    'Lượt xem: 5547' and 'LƯỢT XEM: 12' are one line."""
    return _DIGITS.sub("0", " ".join(unicodedata.normalize("NFC", line).casefold().split()))


def file_keys(text: str) -> frozenset[str]:
    """The keys of a file's whole lines (once each), those short enough to be furniture."""
    from ..importer.clean import needs_normalising, normalise_lines  # the lines as clean splits them

    # Most texts part into lines at their line breaks alone; the words of a line, once known to be few, make the
    # same key as the line with its spaces collapsed (line_key collapses them again): a long paragraph's words
    # past MAX_WORDS are never split off.
    keys = set()
    for line in normalise_lines(text) if needs_normalising(text) else text.split("\n"):
        words = line.split(None, MAX_WORDS - 1)  # at most MAX_WORDS: all of them when there are fewer
        if 0 < len(words) < MAX_WORDS:
            keys.add(line_key(" ".join(words)))
    return frozenset(keys)


@dataclass(frozen=True, slots=True)
class Repeated:
    """The lines repeated across a batch, and how many files it had."""

    keys: frozenset[str]
    files: int

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Repeated:
        """Count each line once per file; nothing is learned from fewer than MIN_FILES files."""
        counts: Counter[str] = Counter()
        files = 0
        for text in texts:
            counts.update(file_keys(text))
            files += 1
        if files < MIN_FILES:
            return cls(frozenset(), files)
        least = max(MIN_COPIES, math.ceil(MIN_SHARE * files))
        return cls(frozenset(key for key, count in counts.items() if count >= least), files)

    def __bool__(self) -> bool:
        return bool(self.keys)

    def is_repeated(self, line: str) -> bool:
        """Is this whole line (or the line under a photo that clean labelled 'Ảnh: ') one of the batch's?"""
        if len(line.split()) >= MAX_WORDS:
            return False
        if line_key(line) in self.keys:
            return True
        return line.startswith(_CAPTION_PREFIX) and line_key(line[len(_CAPTION_PREFIX):]) in self.keys

    def split(self, body: Sequence[str], title: str | None) -> tuple[list[str], list[str]]:
        """(kept, dropped): the story's lines without the batch's furniture.

        A writer's name or credit line stays for the byline reader; on the page of a story whose headline
        repeats (the site features it on every page), that story's sentences stay: its teaser is them."""
        from ..importer.byline import read_credit, read_signature  # byline reads lines; it never needs this one

        featured = title is not None and line_key(title) in self.keys
        kept: list[str] = []
        dropped: list[str] = []
        for line in body:
            if (self.is_repeated(line) and read_signature(line) is None and read_credit(line) is None
                    and not (featured and line.endswith(_SENTENCE_END) and len(line.split()) >= TEASER_MIN_WORDS)):
                dropped.append(line)
            else:
                kept.append(line)
        return kept, dropped
