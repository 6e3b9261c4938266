"""Compile postings and statistics into the JSON files the browser fetches (docs/search-format.md).

    manifest.H.json   what to fetch: parameters, and the names of every file below
    stats.H.json      Whoosh's statistics and, per document id, its field lengths and day
    t.H.json          term shards: the postings of groups of terms, by folded form, in order
    p.H.json          the positions of the same postings, fetched only for "phrases"
    delta.H.json      postings of documents changed since the term shards were written
    d.H.json          display data of DOCS_PER_SHARD documents (by id): url, title, date, tags, text
    tags.H.json       tag key -> document ids, fetched only to filter by tag

H is a hash of the content, so a name never changes meaning and a CDN may cache it forever.
Everything here is a pure function of its arguments: the stage (stage.py) decides what to compile.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from whoosh.util.numeric import byte_to_length, length_to_byte

from ..search.analysis import PAIR_MARK, fold
from ..search.whoosh_index import FIELD_BOOSTS, K1, TEXT_FIELDS, WORD_FIELDS, B, Statistics, field_lengths

FORMAT = 3  # 2: the manifest has pairBoost (adjacent query words); 3: pair fields, wordFields
DOCS_PER_SHARD = 16
SHARD_TARGET = 24_000  # characters of term-shard JSON before gzip (about 6-10 KB sent)

# The query rules the browser applies exactly as query.py does.
EXACT_BOOST = 2.0  # a term typed with its exact accents counts twice
# An adjacent pair of query words found side by side adds its terms' scores this many times. 2 was not
# enough on tests/test_search_adjacency.py: an article with the syllables more often, one pair of them side
# by side, outranked the one with the whole four-syllable word.
PAIR_BOOST = 3.0
PREFIX_MIN = 3  # the last word is a prefix once it has this many letters (fewer would fetch many shards)
PREFIX_MAX = 50  # at most this many terms a prefix expands to, by document frequency

Term = tuple[int, str]  # (field index, exact term)


class Postings(NamedTuple):
    """A term's postings as two parallel lists (so that whole lists go to C: map, json, bisect)."""

    ids: list[int]  # document ids, increasing
    positions: list[list[int]]  # each document's positions of the term, increasing


def quantized(length: int) -> int:
    """The field length Whoosh's scorer sees: it stores lengths in one byte."""
    return byte_to_length(length_to_byte(length)) if length else 0


def invert(docs: Iterable[tuple[int, Sequence[str], Sequence[str]]]) -> dict[Term, Postings]:
    """(id, terms of each text field), in increasing id order -> postings with positions.

    Most postings hold one position (nearly every adjacent pair, and half of the words, occur once in a
    document), so each one-position list is shared: one `[p]` per position p for the whole index, not
    one list and one int per posting (measured on 10,000 articles: the postings took 1.45 GB of memory
    before). They are never changed once a document is inverted. `docs` is consumed as it goes: a caller
    that makes each document's terms on demand holds only one document's terms at a time.
    """
    postings: dict[Term, Postings] = {}
    single: list[list[int]] = []
    for doc_id, *texts in docs:
        for field, terms in enumerate(texts):
            where: dict[str, list[int]] = {}
            for position, term in enumerate(terms):
                if (found := where.get(term)) is None:
                    where[term] = [position]
                else:
                    found.append(position)
            if len(terms) > len(single):
                single.extend([p] for p in range(len(single), len(terms)))
            for term, positions in where.items():
                if len(positions) == 1:
                    positions = single[positions[0]]
                if (entry := postings.get((field, term))) is None:
                    postings[field, term] = Postings([doc_id], [positions])
                else:
                    entry.ids.append(doc_id)
                    entry.positions.append(positions)
    return postings


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _deltas(ids: Sequence[int]) -> list[int]:
    return list(map(operator.sub, ids, [0, *ids[:-1]]))


def _entry(term: Term, df: int, postings: Postings, with_positions: bool) -> list[Any]:
    field, text = term
    row: list[Any] = [field, text, df, _deltas(postings.ids), list(map(len, postings.positions))]
    if with_positions:
        row.append(postings.positions)
    return row


@dataclass(frozen=True, slots=True)
class CompiledFile:
    name: str  # 't.0123abcd.json'
    data: bytes


def named(prefix: str, text: str) -> CompiledFile:
    data = text.encode("utf-8")
    return CompiledFile(f"{prefix}.{hashlib.blake2b(data, digest_size=8).hexdigest()}.json", data)


def groups(terms: Iterable[Term]) -> dict[str, list[Term]]:
    """Terms by folded form: the unit a query looks up, and that a shard never splits."""
    out: dict[str, list[Term]] = {}
    for term in terms:
        out.setdefault(fold(term[1]), []).append(term)
    return {key: sorted(out[key]) for key in sorted(out)}


# A term of a fresh index, its postings already JSON (spill.merged): (field, text), document frequency,
# and the contents of three JSON lists: id deltas, counts of positions, positions (None: a pair field's).
EncodedTerm = tuple[Term, int, str, str, str | None]


def term_shards(grouped: Iterable[tuple[str, Sequence[EncodedTerm]]]
                ) -> Iterator[tuple[str, CompiledFile, CompiledFile]]:
    """(first group key, term shard, positions shard), shard after shard, from the groups of a fresh
    index in key order (spill.merged). A fresh index has no deleted documents: a term's document frequency
    is its number of postings (the stage writes the base only from a fresh index). Each row is what
    `_json(_entry(…))` writes, put together from the pieces."""
    keys: list[str] = []
    texts: list[str] = []
    positions: list[str] = []
    size = 0
    for key, members in grouped:
        name = _json(key)
        text = name + ":[" + ",".join(f"[{field},{_json(term)},{df},[{deltas}],[{counts}]]"
                                      for (field, term), df, deltas, counts, _ in members) + "]"
        keys.append(key)
        texts.append(text)
        if not key.startswith(PAIR_MARK):  # pairs are never part of a phrase: their positions are not needed
            positions.append(name + ":[" + ",".join(where for *_, where in members if where) + "]")
        size += len(text)
        if size >= SHARD_TARGET:
            yield keys[0], named("t", "{" + ",".join(texts) + "}"), named("p", "{" + ",".join(positions) + "}")
            keys, texts, positions, size = [], [], [], 0
    if keys:
        yield keys[0], named("t", "{" + ",".join(texts) + "}"), named("p", "{" + ",".join(positions) + "}")


def delta_file(replaced: Iterable[int], postings: Mapping[Term, Postings],
               frequencies: Mapping[Term, int]) -> CompiledFile:
    terms = {key: [_entry(t, frequencies[t], postings[t], True) for t in members]
             for key, members in groups(postings).items()}
    return named("delta", _json({"replaced": sorted(replaced), "terms": terms}))


def stats_file(stats: Statistics, lengths: Mapping[int, tuple[int, int]], days: Mapping[int, int | None],
               urls: Mapping[int, str], size: int) -> CompiledFile:
    """Per id (`lengths`: its words in title and body): quantised lengths of every text field, day,
    and the URL's rank in code-point order (the last tie-break of the ranking, without fetching the URL)."""
    rank = {doc_id: at for at, doc_id in enumerate(sorted(urls, key=urls.__getitem__))}
    docs: list[Any] = []
    for doc_id in range(size):
        if doc_id in lengths:
            docs.append([*map(quantized, field_lengths(lengths[doc_id])), days[doc_id], rank[doc_id]])
        else:
            docs.append(0)
    return named("stats", _json({"dc": stats.doc_count_all, "fl": list(stats.field_lengths), "docs": docs}))


def doc_shard(rows: Sequence[list[Any] | None]) -> CompiledFile:
    """Rows [url, title, date label, tag names, excerpt source, thumbnail] of DOCS_PER_SHARD ids (None: no
    document); the thumbnail is None or [modern file, its type, fallback file, width, height]."""
    return named("d", _json(list(rows)))


def tags_file(members: Mapping[str, Iterable[int]]) -> CompiledFile:
    return named("tags", _json({key: _deltas(sorted(ids)) for key, ids in sorted(members.items())}))


def manifest(stats: str, tags: str, shards: Sequence[tuple[str, str, str]], delta: str | None,
             docs: Sequence[str | None]) -> CompiledFile:
    return named("manifest", _json({
        "format": FORMAT, "fields": list(TEXT_FIELDS), "boosts": list(FIELD_BOOSTS), "b": B, "k1": K1,
        "exactBoost": EXACT_BOOST, "pairBoost": PAIR_BOOST, "wordFields": WORD_FIELDS,
        "prefixMin": PREFIX_MIN, "prefixMax": PREFIX_MAX,
        "docsPerShard": DOCS_PER_SHARD, "stats": stats, "tags": tags,
        "terms": [list(s) for s in shards], "delta": delta, "docs": list(docs),
    }))
