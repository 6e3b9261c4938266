"""Postings of a first build spilled to disk block by block, and merged back in term order.

A first build inverts the archive a block of documents at a time (stage.py), so that memory holds one
block's postings, not the whole archive's (at 30,000 articles the whole inversion took most of the
build's 7 GB). Each block's postings are written as a *run*: the block's term groups (compiler.groups:
terms by folded form, the unit a term shard never splits) in key order. `merged` reads every run at
once, one group at a time, and joins a term's postings from all runs: blocks hold increasing document
ids, so the runs, taken in block order, give each term's ids in increasing order. This is the external
sort of every inverted-index builder (Lucene's and Whoosh's own segment merging work the same way).

A run is a sequence of `marshal` records, each a batch of groups: marshal is Python's fastest
serialiser for plain lists, ints and strings, and the file lives only for the build (written and read
by the same Python: marshal's format is not stable across versions, which does not matter here).
"""

from __future__ import annotations

import heapq
import json
import marshal
from collections.abc import Iterator, Mapping, Sequence
from itertools import groupby
from operator import itemgetter, sub
from pathlib import Path
from typing import Any

from ..search.analysis import PAIR_MARK
from ..search.compiler import INLINE_FIELDS, EncodedTerm, Postings, Term, count_json, groups, length_json

BATCH = 2048  # groups per marshal record: fewer, larger reads

# What a run holds of a term in a block: field, text, first and last document id, postings, and four
# pieces of JSON: the ids after the first and each posting's count of positions as strings' contents (no
# quotes: compiler.id_string, compiler.count_json), the positions (None for pair fields: never part of a
# phrase) as a list's (no brackets), the inline lengths (compiler.length_json; None for other fields). The
# JSON is made in the block's process; merging the runs is then joining strings (compiler.term_shards
# writes them into the shards).
_Row = tuple[int, str, int, int, int, str, str, str | None, str | None]


def _inside(values: list[Any]) -> str:
    return json.dumps(values, separators=(",", ":"))[1:-1]


def write_run(path: Path, postings: Mapping[Term, Postings], lengths: Mapping[int, Sequence[int]]) -> None:
    """Write one block's postings as a run, in key order; `lengths`: each id's field lengths."""
    with path.open("wb") as file:
        batch: list[tuple[str, list[_Row]]] = []
        for key, members in groups(postings).items():
            rows: list[_Row] = []
            for field, text in members:
                ids, positions = postings[field, text]
                rows.append((field, text, ids[0], ids[-1], len(ids), count_json(map(sub, ids[1:], ids[:-1])),
                             count_json(map(len, positions)),
                             None if key.startswith(PAIR_MARK) else _inside(positions),
                             length_json(ids, lengths, field) if field in INLINE_FIELDS else None))
            batch.append((key, rows))
            if len(batch) >= BATCH:
                marshal.dump(batch, file)
                batch = []
        if batch:
            marshal.dump(batch, file)


def read_run(path: Path) -> Iterator[tuple[str, list[_Row]]]:
    with path.open("rb") as file:
        while True:
            try:
                batch = marshal.load(file)
            except EOFError:
                return
            yield from batch


def merged(paths: Sequence[Path]) -> Iterator[tuple[str, list[EncodedTerm]]]:
    """Every group of the runs (given in block order), by key: each term's postings in all of them, joined."""
    # heapq.merge is stable: equal keys come in the order of `paths`, i.e. of increasing document ids.
    for key, records in groupby(heapq.merge(*map(read_run, paths), key=itemgetter(0)), key=itemgetter(0)):
        joined: dict[Term, tuple[list[int], list[str], list[str], list[str] | None, list[str] | None]] = {}
        for _, rows in records:
            for field, text, first, last, count, deltas, counts, where, inline in rows:
                if (entry := joined.get((field, text))) is None:
                    joined[field, text] = ([count, last], [count_json([first + 1]), deltas],
                                           [counts], None if where is None else [where],
                                           None if inline is None else [inline])
                else:
                    numbers, all_deltas, all_counts, all_where, all_inline = entry
                    if all_inline is not None and inline is not None:
                        all_inline.append(inline)
                    all_deltas.append(count_json([first - numbers[1]]))  # the step from the last id before
                    all_deltas.append(deltas)
                    all_counts.append(counts)
                    if all_where is not None and where is not None:
                        all_where.append(where)
                    numbers[0] += count
                    numbers[1] = last
        yield key, [(term, numbers[0], "".join(d), "".join(c), None if w is None else ",".join(w),
                     None if n is None else "".join(n)) for term, (numbers, d, c, w, n) in sorted(joined.items())]
