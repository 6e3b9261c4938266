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
- Adjacent words: Vietnamese words are mostly two or more syllables written apart (`bệnh án điện tử`),
  so "the same word" is mostly "these syllables side by side". The index has every pair of adjacent
  words as a term of its own (`_bệnh_án`, in the fields title_pairs and body_pairs). Each pair of words
  that follow each other in the query (not inside quotes; the prefix being typed may end one) is looked
  up there like a word (by folded form, the pair typed with exactly these accents counting EXACT_BOOST
  times; as a prefix when its second word is one), optionally: it adds PAIR_BOOST times its score to the
  articles the words find.
  So `benh an dien tu` ranks the article saying "bệnh án điện tử" above articles where the syllables are
  scattered, and exact accents still rank first.
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
from whoosh.matching import WrappingMatcher
from whoosh.query import spans

from ..search.analysis import PAIR_MARK, analyze, fold
from ..search.compiler import EXACT_BOOST, PAIR_BOOST, PREFIX_MAX, PREFIX_MIN
from ..search.whoosh_index import TEXT_FIELDS, WORD_FIELDS

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


def adjacent_pairs(text: str) -> tuple[Phrase, ...]:
    """The pairs of words that follow each other in the query: each adds a score where it stands side by
    side in an article. Only words the query keeps (see MAX_WORDS), never inside quotes; the prefix being
    typed may end a pair (`tuong van` matches the pairs starting `_tuong_van`); each pair once, in order."""
    kept = {unit for unit in parse(text) if isinstance(unit, Word)}
    pairs: list[Phrase] = []
    units = _units(text)
    for first, second in zip(units, units[1:], strict=False):
        if first in kept and second in kept and first != second and not first.prefix:
            pairs.append(Phrase((first, second)))
    return tuple(dict.fromkeys(pairs))


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
    pair = word.folded.startswith(PAIR_MARK)  # a pair's prefix expands among pairs, a word's among words
    entries = [e for e in lexicon.prefixed(word.folded) if (e[0] >= WORD_FIELDS) == pair]
    frequency: dict[str, int] = {}
    for _, term, df in entries:
        frequency[term] = frequency.get(term, 0) + df
    chosen = set(sorted(frequency, key=lambda t: (-frequency[t], t))[:PREFIX_MAX])
    return [(f, t, EXACT_BOOST if t.startswith(word.exact) else 1.0) for f, t, _ in entries if t in chosen]


def phrase_terms(phrase: Phrase, lexicon: Lexicon) -> list[list[list[str]]]:
    """For each field, for each word, the terms it may be: [field][word] -> terms."""
    out: list[list[list[str]]] = [[] for _ in range(WORD_FIELDS)]
    for word in phrase.words:
        group = lexicon.group(word.folded)
        for field in range(WORD_FIELDS):
            terms = sorted({t for f, t, _ in group if f == field and (t == word.exact or word.exact == word.folded)})
            out[field].append(terms)
    return out


class _SpanOr(spans.SpanOr):
    """Whoosh's SpanOr, with the size estimate that Or and And use to arrange their matchers (the
    stock class raises NotImplementedError there). Scoring is untouched."""

    def estimate_size(self, reader: object) -> int:
        return sum(q.estimate_size(reader) for q in self.subqs)


class _Scaled(wq.Query):
    """A query whose scores count `factor` times (Whoosh's compound queries ignore their own boost)."""

    def __init__(self, child: wq.Query, factor: float) -> None:
        self.child, self.factor = child, factor

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Scaled) and (other.child, other.factor) == (self.child, self.factor)

    def __hash__(self) -> int:
        return hash((self.child, self.factor))

    def normalize(self) -> wq.Query:
        return self

    def estimate_size(self, reader: object) -> int:
        return self.child.estimate_size(reader)

    def matcher(self, searcher: object, context: object = None) -> object:
        return WrappingMatcher(self.child.matcher(searcher, context), boost=self.factor)


def _phrase_query(phrase: Phrase, lexicon: Lexicon) -> wq.Query | None:
    """The words side by side, in order, in one field (title or body); None when no field has them all."""
    subqueries: list[wq.Query] = []
    for field, words in enumerate(phrase_terms(phrase, lexicon)):
        if all(words):
            name = TEXT_FIELDS[field]
            subqueries.append(spans.SpanNear2([_SpanOr([wq.Term(name, t) for t in terms]) for terms in words],
                                              slop=1, ordered=True, mindist=1))
    if not subqueries:
        return None
    return subqueries[0] if len(subqueries) == 1 else wq.Or(subqueries)


def pair_word(pair: Phrase) -> Word:
    """The pair as one word of the pair fields ('_bệnh_án', folded '_benh_an'; analysis.pairs)."""
    first, second = pair.words
    return Word(f"{PAIR_MARK}{first.exact}{PAIR_MARK}{second.exact}",
                f"{PAIR_MARK}{first.folded}{PAIR_MARK}{second.folded}", prefix=second.prefix)


def _pair_query(pair: Phrase, lexicon: Lexicon) -> wq.Query | None:
    terms = [wq.Term(TEXT_FIELDS[f], t, boost=b) for f, t, b in word_terms(pair_word(pair), lexicon)]
    return None if not terms else terms[0] if len(terms) == 1 else wq.Or(terms)


def to_whoosh(units: Sequence[Unit], lexicon: Lexicon, pairs: Sequence[Phrase] = ()) -> wq.Query:
    """The Whoosh query; wq.NullQuery when some word matches nothing.

    Every unit is required (an And); the adjacent `pairs` are optional (AndMaybe): they change the score
    of the articles the units find, never which articles are found.
    """
    clauses: list[wq.Query] = []
    for unit in units:
        if isinstance(unit, Word):
            subqueries: list[wq.Query] = [wq.Term(TEXT_FIELDS[f], t, boost=b) for f, t, b in word_terms(unit, lexicon)]
            clause = None if not subqueries else subqueries[0] if len(subqueries) == 1 else wq.Or(subqueries)
        else:
            clause = _phrase_query(unit, lexicon)
        if clause is None:
            return wq.NullQuery
        clauses.append(clause)
    if not clauses:
        return wq.NullQuery
    required = clauses[0] if len(clauses) == 1 else wq.And(clauses)
    optional = [q for q in (_pair_query(pair, lexicon) for pair in pairs) if q is not None]
    if not optional:
        return required
    return wq.AndMaybe(required, _Scaled(optional[0] if len(optional) == 1 else wq.Or(optional), PAIR_BOOST))
