"""The per-id files of the compiled index (docs/search-format.md): id chunks, display directories and
display shards, and the order of the delta's documents among the base's.

A query scores only the documents it finds, so what it needs of each document (its body's length: a
title's travels with the title's postings, compiler.INLINE_FIELDS) is split by id range into id chunks
(compiler.CHUNK ids each) that the browser fetches for the candidates only; an edit rewrites the chunk
of the ids it touched, not a file of every document (2.8 MB at 100,000 articles).
The display rows, needed for the shown results only, are reached from the chunk: it names the display
directories of its ids, and each of them the display shards of compiler.DIR_IDS ids. None of these names is
in the manifest (6,250 display shard names were 67 kB of it, gzipped, at 100,000 articles).

Ids of a fresh index are numbered in the ranking's tie-break order (documents.order_key), so the browser
breaks ties between base documents by id; the delta lists where each of its documents falls among them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from whoosh.util.numeric import length_to_byte

from ..search import compiler
from ..search.compiler import CHUNK, DIR_IDS, DOCS_PER_SHARD, CompiledFile, _json, count_string, named
from ..search.documents import OrderKey
from ..search.whoosh_index import WORD_FIELDS, field_lengths

_LENGTH_BASE = 0x20  # a word field's length byte b is chr(0x20 + b - the chunk's least byte)
_PAIR_BASE = 0x30  # a pair field's is the word field's byte less chr(0x30 + ...): nearly always '0' or '1'

Day = int | None


def _byte(length: int) -> int:
    return length_to_byte(length) if length else 0


def chunk_fields() -> list[int]:
    """The word fields whose lengths (and their pair fields') are in the id chunks: not INLINE_FIELDS."""
    return [f for f in range(WORD_FIELDS) if f not in compiler.INLINE_FIELDS]


def chunk_file(start: int, stop: int, docs: Mapping[int, tuple[int, int]],
               dirs: Sequence[str | None]) -> CompiledFile | None:
    """The id chunk of ids start..stop-1: `docs` gives the words in title and body of those that are
    documents; `dirs` the display directory of each DIR_IDS of them. None when none is a document.

    Field lengths are Whoosh's one-byte values (compiler.quantized), one character per id: those of each
    word field not in compiler.INLINE_FIELDS (the body) as [least byte, characters], its pair field's (n
    words, n - 1 pairs: whoosh_index.field_lengths) as their difference from the word field's. An id
    that is no document takes the least byte and difference 0 (nothing reads them).
    """
    live = [i for i in range(start, stop) if i in docs]
    if not live:
        return None
    lengths: list[list[Any]] = []
    pairs: list[str] = []
    every = {i: field_lengths(docs[i]) for i in live}
    for field in chunk_fields():
        words = {i: _byte(every[i][field]) for i in live}
        paired = {i: _byte(every[i][WORD_FIELDS + field]) for i in live}
        least = min(words.values())
        lengths.append([least, "".join(chr(_LENGTH_BASE + words.get(i, least) - least) for i in range(start, stop))])
        pairs.append("".join(chr(_PAIR_BASE + words[i] - paired[i]) if i in docs else "0"
                             for i in range(start, stop)))
    return named("l", _json({"lengths": lengths, "pairs": pairs, "dirs": list(dirs)}))


def days_file(days: Sequence[Day]) -> CompiledFile:
    """The day of each base id, fetched only to sort by date or filter by year: relevance needs none, as
    ids (and the delta's places) already order the documents by day, then URL.

    [the first day (or null), characters]: the base numbers its documents newest first, so each day is
    written as its step down from the day before, one character each (compiler.count_string of the step
    zigzagged, + 1), a space for undated (the day before then stays as it was).
    """
    text: list[str] = []
    first: Day = next((day for day in days if day is not None), None)
    last = first or 0
    for day in days:
        if day is None:
            text.append(" ")
        else:
            step, last = last - day, day
            text.append(count_string([2 * step + 1 if step >= 0 else -2 * step]))
    return named("days", _json([first, "".join(text)]))


def display_dir(shards: Sequence[str | None]) -> CompiledFile | None:
    """The names of the display shards of DIR_IDS ids (None: a shard without documents); None if all are."""
    return named("dd", _json(list(shards))) if any(shards) else None


def doc_shard(rows: Sequence[list[Any] | None]) -> CompiledFile | None:
    """Rows [url, title, date label, tag names, excerpt source, thumbnail] of DOCS_PER_SHARD ids (None: no
    document); the thumbnail is None or [modern file, its type, fallback file, width, height]."""
    return named("d", _json(list(rows))) if any(rows) else None


def delta_order(base: Sequence[int], key_of: Callable[[int], OrderKey], base_count: int,
                delta: Sequence[tuple[OrderKey, int]]) -> list[tuple[int, int]]:
    """Where the delta's documents fall in the ranking's tie-break order: (id, place) for each, in order.

    `base`: the ids of the base documents that are still live and not replaced, increasing (the fresh
    index numbered them by key, so their keys, `key_of(id)`, increase too: only a few are looked at);
    `base_count`: the ids the base numbered; `delta`: (order key, id) of the delta's live documents. A delta
    document sorts after the base ids below its place and before those from it: place = the id of the first
    such base document whose key is greater, or base_count. Documents of the same place keep their keys'
    order.
    """
    placed = []
    for key, doc_id in delta:
        at = bisect.bisect_right(base, key, key=key_of)
        placed.append((base[at] if at < len(base) else base_count, key, doc_id))
    return [(doc_id, place) for place, _, doc_id in sorted(placed)]


def spans(count: int, size: int) -> range:
    """The indexes of the groups of `size` ids that `count` ids make."""
    return range((count + size - 1) // size)


__all__ = ["CHUNK", "DIR_IDS", "DOCS_PER_SHARD", "chunk_file", "days_file", "delta_order", "display_dir", "doc_shard",
           "spans"]
