"""Compile postings and statistics into the JSON files the browser fetches (docs/search-format.md).

    manifest.H.json   parameters, Whoosh's statistics, the term directories and the id chunks
    td.H.json         a term directory: the names of a run of term shards, by first key
    t.H.json          term shards: the postings of groups of terms, by folded form, in order
    p.H.json          the positions of the same postings, fetched only for "phrases"
    delta.H.json      postings of documents changed since the term shards were written, and their order
    l.H.json          an id chunk: body lengths of CHUNK ids, the names of their display directories
    days.H.json       the day of each base id, fetched only to sort by date or filter by year
    dd.H.json         a display directory: the names of the display shards of DIR_IDS ids
    d.H.json          display data of DOCS_PER_SHARD documents (by id): url, title, date, tags, text
    tags.H.json       tag key -> document ids, fetched only to filter by tag

A first query fetches the manifest, one term directory and one term shard per word, and the id chunks
of the documents it finds: the per-id files (docfiles.py) are fetched for candidates only.

H is a hash of the content, so a name never changes meaning and a CDN may cache it forever.
Everything here is a pure function of its arguments: the stage (stage.py) decides what to compile.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from whoosh.util.numeric import byte_to_length, length_to_byte

from ..search.analysis import PAIR_MARK, fold
from ..search.whoosh_index import FIELD_BOOSTS, K1, TEXT_FIELDS, WORD_FIELDS, B, Statistics

# 2: the manifest has pairBoost (adjacent query words); 3: pair fields, wordFields; 4: ids in ranking order,
# term directories, id chunks, days apart (no stats file), numbers as characters (issue 18: a first query's bytes);
# 5: id chunks of 16,384 ids (were 2,048: a first query's requests); 6: the delta's terms in shards by key, named
# by the delta file (a query fetched every edited article's postings: 167 kB gzipped after 23 edited articles)
FORMAT = 6
SHARD_TARGET = 12_000  # bytes of term-shard JSON before gzip (a shard of small groups: ~5-8 kB sent)
SHARDS_PER_DIR = 64  # term shards a term directory names (a few hundred directories at 100,000 articles)
# The per-id files (docfiles.py): an id chunk holds CHUNK ids' body lengths and names the display
# directories of its ids, each naming the display shards of DIR_IDS ids, each holding DOCS_PER_SHARD rows.
# A query whose words are everywhere needs every chunk: 7 requests at 100,000 articles, not 49, each costing
# the browser a turn of its six connections (HTTP/1.1) more than its bytes (a chunk is ~12 kB gzipped); a
# rare word's query pays at most a chunk per hit shown.
CHUNK = 16384
DIR_IDS = 128
DOCS_PER_SHARD = 4
# Whoosh keeps a field's length as one byte; the browser turns bytes back into lengths with this table.
LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
# Fields whose length travels with each posting (one character: its byte + 1, by count_string) instead of in
# the id chunks: the title and its pairs. A title's postings are few (a common word is in one title in
# eight), so a query pays for the title lengths it uses, not for every document's (a third of an id chunk).
INLINE_FIELDS = (0, 2)


def length_byte(length: int) -> int:
    """Whoosh's one-byte field length (quantized(length) == LENGTH_OF_BYTE[length_byte(length)])."""
    return length_to_byte(length) if length else 0


def length_json(ids: Iterable[int], lengths: Mapping[int, Sequence[int]], field: int) -> str:
    """The inline lengths of `field` for the postings `ids` as a JSON string's inside (INLINE_FIELDS)."""
    return count_json(length_byte(lengths[i][field]) + 1 for i in ids)

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

    The pair fields (WORD_FIELDS on) are counted, not positioned: a pair is never part of a phrase, and
    Whoosh (their Frequency format), the term shards and the delta keep only its count. Their "positions"
    are shared placeholder lists of the right length (`counted`), whose values nothing reads; counting
    in C took half the inversion's time (a Python step per term of every field before).

    Each field has its own table by term while documents come, and the (field, term) keys are made once per
    term at the end: a key made and hashed per posting took 14 % of the inversion (1,000 articles). The
    order of the result is not the order of first occurrence: every reader sorts the terms.
    """
    by_field: list[dict[str, Postings]] = []
    single: list[list[int]] = []  # single[p] == [p], shared by every posting of one position p
    counted: list[list[int]] = [[]]  # counted[n]: a list of n items, shared by every pair posting of count n
    for doc_id, *texts in docs:
        by_field.extend({} for _ in range(len(texts) - len(by_field)))
        for field, terms in enumerate(texts):
            where = _counted(terms, counted) if field >= WORD_FIELDS else _positioned(terms, single)
            table = by_field[field]
            for term, positions in where.items():
                if (entry := table.get(term)) is None:
                    table[term] = Postings([doc_id], [positions])
                else:
                    entry.ids.append(doc_id)
                    entry.positions.append(positions)
    return {(field, term): entry for field, table in enumerate(by_field) for term, entry in table.items()}


def _positioned(terms: Sequence[str], single: list[list[int]]) -> dict[str, list[int]]:
    """Each term's positions in `terms`; one-position lists taken from (and added to) `single`."""
    where: dict[str, list[int]] = {}
    for position, term in enumerate(terms):
        if (found := where.get(term)) is None:
            where[term] = [position]
        else:
            found.append(position)
    if len(terms) > len(single):
        single.extend([p] for p in range(len(single), len(terms)))
    return {term: single[positions[0]] if len(positions) == 1 else positions for term, positions in where.items()}


def _counted(terms: Sequence[str], counted: list[list[int]]) -> dict[str, list[int]]:
    """Each term's count in `terms`, as a placeholder list of that length taken from (and added to) `counted`."""
    where = Counter(terms)
    most = max(where.values(), default=0)
    if most >= len(counted):
        counted.extend(list(range(n)) for n in range(len(counted), most + 1))
    return {term: counted[count] for term, count in where.items()}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _deltas(ids: Sequence[int]) -> list[int]:
    return list(map(operator.sub, ids, [0, *ids[:-1]]))


# A posting's count of positions as one character (`count_string`): code point 0x2F + count, past the
# surrogates. An all-document term's counts were ~65 kB gzipped at 100,000 articles as JSON numbers (each
# with its comma); as characters gzip codes each in about its entropy.
_COUNT_BASE = 0x2F
_SURROGATES = 0x800
_COUNT_CHARS = [chr(_COUNT_BASE + c) for c in range(1024)]


def _count_char(count: int) -> str:
    code = _COUNT_BASE + count
    code += _SURROGATES if code >= 0xD800 else 0
    if count < 1 or code > 0x10FFFF:
        raise ValueError(f"a posting with {count} positions: the compiled index counts 1 to about a million")
    return chr(code)


def count_string(values: Iterable[int]) -> str:
    """Counts of positions, one character each (search-engine.js: counts decodes them)."""
    table, size = _COUNT_CHARS, len(_COUNT_CHARS)
    return "".join([table[c] if 0 < c < size else _count_char(c) for c in values])


def count_json(values: Iterable[int]) -> str:
    """`count_string` as the inside of a JSON string (no quotes): the pieces a run's rows are joined from."""
    return json.dumps(count_string(values), ensure_ascii=False)[1:-1]


def id_string(ids: Sequence[int]) -> str:
    """Increasing ids as characters: each one's difference from the one before (the first's from -1), by
    count_string. As JSON numbers a term in a third of the documents took 8% more, gzipped."""
    return count_string(map(operator.sub, ids, [-1, *ids[:-1]]))


def _entry(term: Term, df: int, postings: Postings, with_positions: bool,
           lengths: Mapping[int, Sequence[int]]) -> list[Any]:
    field, text = term
    row: list[Any] = [field, text, df, id_string(postings.ids), count_string(map(len, postings.positions))]
    inline = (count_string(length_byte(lengths[i][field]) + 1 for i in postings.ids)
              if field in INLINE_FIELDS else None)
    if inline is not None or with_positions:
        row.append(inline)
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
# and the contents of JSON values: the ids and the counts of positions (strings', no quotes: id_string and
# count_string as count_json writes them), the positions (a list's, no brackets; None: a pair field's),
# the inline lengths (a string's, length_json; None: a field not in INLINE_FIELDS).
EncodedTerm = tuple[Term, int, str, str, str | None, str | None]


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
        text = name + ":[" + ",".join(f'[{field},{_json(term)},{df},"{ids}","{counts}"' +
                                      ("]" if inline is None else f',"{inline}"]')
                                      for (field, term), df, ids, counts, _, inline in members) + "]"
        weight = len(text.encode("utf-8"))
        if keys and size + weight > SHARD_TARGET:  # a large group starts a shard: no word fetches it needlessly
            yield keys[0], named("t", "{" + ",".join(texts) + "}"), named("p", "{" + ",".join(positions) + "}")
            keys, texts, positions, size = [], [], [], 0
        keys.append(key)
        texts.append(text)
        if not key.startswith(PAIR_MARK):  # pairs are never part of a phrase: their positions are not needed
            positions.append(name + ":[" + ",".join(where for *_, where, _ in members if where) + "]")
        size += weight
    if keys:
        yield keys[0], named("t", "{" + ",".join(texts) + "}"), named("p", "{" + ",".join(positions) + "}")


def delta_files(replaced: Iterable[int], postings: Mapping[Term, Postings], frequencies: Mapping[Term, int],
                order: Sequence[tuple[int, int, int | None]], lengths: Mapping[int, Sequence[int]]
                ) -> tuple[CompiledFile, list[CompiledFile]]:
    """The delta file and its term shards. `order`: (id, place, day) of each live document of the delta, in
    ranking order (docfiles.delta_order); `lengths`: each one's field lengths (whoosh_index.field_lengths).

    The delta file holds the replaced ids, the order and [first key, name] of each shard; a shard holds whole
    groups (terms by folded key, with positions), about SHARD_TARGET bytes of them, as the base's term shards
    do: a query fetches the shards of its words' keys, not every edited article's postings."""
    shards: list[tuple[str, CompiledFile]] = []
    texts: list[str] = []
    first, size = "", 0
    for key, members in groups(postings).items():
        positioned = not key.startswith(PAIR_MARK)  # a pair's row as in the term shards: no positions
        text = _json(key) + ":" + _json([_entry(t, frequencies[t], postings[t], positioned, lengths) for t in members])
        weight = len(text.encode("utf-8"))
        if texts and size + weight > SHARD_TARGET:
            shards.append((first, named("dt", "{" + ",".join(texts) + "}")))
            texts, size = [], 0
        if not texts:
            first = key
        texts.append(text)
        size += weight
    if texts:
        shards.append((first, named("dt", "{" + ",".join(texts) + "}")))
    head = named("delta", _json({"replaced": sorted(replaced), "order": [list(o) for o in order],
                                 "shards": [[key, file.name] for key, file in shards]}))
    return head, [file for _, file in shards]


def tags_file(members: Mapping[str, Iterable[int]]) -> CompiledFile:
    return named("tags", _json({key: _deltas(sorted(ids)) for key, ids in sorted(members.items())}))


def term_dirs(shards: Sequence[tuple[str, str, str]]) -> list[tuple[str, CompiledFile]]:
    """The term directories: SHARDS_PER_DIR shards' [first key, terms file, positions file] each, and the
    first key of each. The manifest names only these (a word fetches one directory, ~2 kB), not the
    thousands of shards (45 kB gzipped at 100,000 articles)."""
    return [(shards[at][0], named("td", _json([list(s) for s in shards[at:at + SHARDS_PER_DIR]])))
            for at in range(0, len(shards), SHARDS_PER_DIR)]


def manifest(stats: Statistics, size: int, tags: str, days: str, dirs: Sequence[tuple[str, str]],
             delta: str | None, chunks: Sequence[str | None]) -> CompiledFile:
    """`size`: ids in use (one past the highest); `dirs`: (first key, name) of each term directory;
    `chunks`: the id chunk of each CHUNK ids (None where none of them is a document)."""
    return named("manifest", _json({
        "format": FORMAT, "fields": list(TEXT_FIELDS), "boosts": list(FIELD_BOOSTS), "b": B, "k1": K1,
        "exactBoost": EXACT_BOOST, "pairBoost": PAIR_BOOST, "wordFields": WORD_FIELDS,
        "prefixMin": PREFIX_MIN, "prefixMax": PREFIX_MAX, "dc": stats.doc_count_all, "fl": list(stats.field_lengths),
        "lengthOfByte": LENGTH_OF_BYTE, "size": size, "chunk": CHUNK, "dirIds": DIR_IDS,
        "docsPerShard": DOCS_PER_SHARD, "inline": list(INLINE_FIELDS), "tags": tags, "days": days, "delta": delta,
        "terms": [list(d) for d in dirs], "chunks": list(chunks),
    }))
