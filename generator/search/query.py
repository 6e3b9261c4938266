"""The query language, and the Whoosh query a search runs. themes/default/static/js/search-engine.js
applies the same rules to the compiled index; change both together (tests/test_search_parity.py).

- Words are analysed like the text (analysis.py). Every word is required.
- A word matches every term of the index with the same folded form (`ban` finds bàn, bán, bạn,
  bản, ...); the term typed with exactly these accents counts EXACT_BOOST times, so `bản` ranks
  articles with `bản` above those with only `bạn` or `ban`.
- The last word, when the text ends in it (the visitor is still typing), is a prefix once it has
  PREFIX_MIN letters: it matches the PREFIX_MAX terms starting with it (folded) that are in most
  documents. A term starting with the word as typed (accents included) counts EXACT_BOOST times.
- "Quoted words" must appear together, in order, in the title or in the body. A quoted word typed
  with accents matches only that term; typed without, any term with that folded form.
- Only the first MAX_WORDS distinct words count (a repeated word or phrase counts once), as search
  engines do: Whoosh nests one matcher per word, so a pasted page of text took seconds and, past about
  a thousand words, exceeded Python's recursion limit.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.query import spans

from generator.search.analysis import analyze, fold
from generator.search.compiler import EXACT_BOOST, PREFIX_MAX, PREFIX_MIN
from generator.search.whoosh_index import TEXT_FIELDS

_QUOTES = re.compile('["\u201c\u201d]')
MAX_WORDS = 32  # search-engine.js: MAX_WORDS


@dataclass(frozen=True, slots=True)
class Word:
    exact: str
    folded: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[Word, ...]


Unit = Word | Phrase


def parse(text: str) -> tuple[Unit, ...]:
    """The query's units (words and phrases), at most MAX_WORDS words in all."""
    return _capped(_units(text))


def is_capped(text: str) -> bool:
    """Whether words of `text` beyond the first MAX_WORDS distinct ones were left out."""
    units = _units(text)
    return _capped(units) != tuple(dict.fromkeys(units))


def _capped(units: tuple[Unit, ...]) -> tuple[Unit, ...]:
    kept: list[Unit] = []
    room = MAX_WORDS
    for unit in dict.fromkeys(units):  # distinct, in order
        size = len(unit.words) if isinstance(unit, Phrase) else 1
        if size > room:
            if isinstance(unit, Phrase) and room >= 2:
                kept.append(Phrase(unit.words[:room]))
            elif isinstance(unit, Phrase) and room == 1:
                kept.append(unit.words[0])
            break
        kept.append(unit)
        room -= size
    return tuple(dict.fromkeys(kept))


def _units(text: str) -> tuple[Unit, ...]:
    text = unicodedata.normalize("NFC", text)
    pieces = _QUOTES.split(text)
    units: list[Unit] = []
    for at, piece in enumerate(pieces):
        words = [Word(t.exact, t.folded) for t in analyze(piece)]
        if at % 2 and len(words) > 1:
            units.append(Phrase(tuple(words)))
        else:
            units.extend(words)
    last_outside = len(pieces) % 2 == 1  # the text does not end inside an open quote
    if units and isinstance(units[-1], Word) and last_outside and text[-1:].isalnum() \
            and len(units[-1].folded) >= PREFIX_MIN:
        units[-1] = Word(units[-1].exact, units[-1].folded, prefix=True)
    return tuple(units)


class Lexicon:
    """Every (field, term) of the index with its document frequency, by folded form."""

    def __init__(self, entries: Iterable[tuple[int, str, int]]) -> None:
        self.groups: dict[str, list[tuple[int, str, int]]] = {}
        for field, term, df in entries:
            self.groups.setdefault(fold(term), []).append((field, term, df))
        self.keys = sorted(self.groups)

    def group(self, folded: str) -> list[tuple[int, str, int]]:
        return self.groups.get(folded, [])

    def prefixed(self, folded: str) -> list[tuple[int, str, int]]:
        start = bisect.bisect_left(self.keys, folded)
        out = []
        for key in self.keys[start:]:
            if not key.startswith(folded):
                break
            out.extend(self.groups[key])
        return out


def word_terms(word: Word, lexicon: Lexicon) -> list[tuple[int, str, float]]:
    """(field, term, boost) a word matches: the OR of these is its clause."""
    if not word.prefix:
        return [(f, t, EXACT_BOOST if t == word.exact else 1.0) for f, t, _ in lexicon.group(word.folded)]
    entries = lexicon.prefixed(word.folded)
    frequency: dict[str, int] = {}
    for _, term, df in entries:
        frequency[term] = frequency.get(term, 0) + df
    chosen = set(sorted(frequency, key=lambda t: (-frequency[t], t))[:PREFIX_MAX])
    return [(f, t, EXACT_BOOST if t.startswith(word.exact) else 1.0) for f, t, _ in entries if t in chosen]


def phrase_terms(phrase: Phrase, lexicon: Lexicon) -> list[list[list[str]]]:
    """For each field, for each word, the terms it may be: [field][word] -> terms."""
    out: list[list[list[str]]] = [[] for _ in TEXT_FIELDS]
    for word in phrase.words:
        group = lexicon.group(word.folded)
        for field in range(len(TEXT_FIELDS)):
            terms = sorted({t for f, t, _ in group if f == field and (t == word.exact or word.exact == word.folded)})
            out[field].append(terms)
    return out


class _SpanOr(spans.SpanOr):
    """Whoosh's SpanOr, with the size estimate that Or and And use to arrange their matchers (the
    stock class raises NotImplementedError there). Scoring is untouched."""

    def estimate_size(self, reader: object) -> int:
        return sum(q.estimate_size(reader) for q in self.subqs)


def to_whoosh(units: Sequence[Unit], lexicon: Lexicon) -> wq.Query:
    """The Whoosh query; wq.NullQuery when some word matches nothing."""
    clauses: list[wq.Query] = []
    for unit in units:
        if isinstance(unit, Word):
            terms = word_terms(unit, lexicon)
            subqueries: list[wq.Query] = [wq.Term(TEXT_FIELDS[f], t, boost=b) for f, t, b in terms]
        else:
            subqueries = []
            for field, words in enumerate(phrase_terms(unit, lexicon)):
                if all(words):
                    name = TEXT_FIELDS[field]
                    subqueries.append(spans.SpanNear2([_SpanOr([wq.Term(name, t) for t in terms])
                                                       for terms in words], slop=1, ordered=True, mindist=1))
        if not subqueries:
            return wq.NullQuery
        clauses.append(subqueries[0] if len(subqueries) == 1 else wq.Or(subqueries))
    if not clauses:
        return wq.NullQuery
    return clauses[0] if len(clauses) == 1 else wq.And(clauses)
