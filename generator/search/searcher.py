"""Search the Whoosh index from Python: `tintuc search`, and the reference the browser is tested against."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from whoosh import query as wq
from whoosh import scoring

from ..search import whoosh_index
from ..search.query import Lexicon, adjacent_pairs, parse, to_whoosh
from ..search.whoosh_index import K1, TEXT_FIELDS, B

SORTS = ("relevance", "date")


@dataclass(frozen=True, slots=True)
class Hit:
    url: str  # site path
    title: str
    date: str  # '01/08/2021', or ''
    tags: tuple[str, ...]  # keys
    score: float


@dataclass(frozen=True, slots=True)
class Results:
    total: int
    hits: tuple[Hit, ...]


def ranked(score: float) -> float:
    """The score as ordering sees it: 10 significant digits, so that the last bits of a sum, which
    may differ with the order of the additions, never reorder results (the browser does the same)."""
    return float(f"{score:.10g}")


def facets(folder: Path) -> tuple[list[str], list[int]]:
    """The tag keys and the years the index in `folder` has articles for (what --tag and --year accept)."""
    ix = whoosh_index.open_existing(folder)
    with ix.reader() as reader:
        tags = [_text(t) for t in reader.lexicon("tags")] if "tags" in ix.schema else []
        years = sorted(int(y) for y in (_text(t) for t in reader.lexicon("year")) if y.isdigit())
    return tags, years


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def search(folder: Path, text: str, *, tag: str | None = None, year: int | None = None, limit: int | None = 10,
           sort: str = "relevance") -> Results:
    """Run a query on the index in `folder` (cache/search/whoosh)."""
    ix = whoosh_index.open_existing(folder)
    with ix.searcher(weighting=scoring.BM25F(B=B, K1=K1)) as searcher:
        reader = searcher.reader()
        lexicon = Lexicon((at, term.decode("utf-8") if isinstance(term, bytes) else term, info.doc_frequency())
                          for at, name in enumerate(TEXT_FIELDS) for term, info in reader.iter_field(name))
        q = to_whoosh(parse(text), lexicon, adjacent_pairs(text))
        if q is wq.NullQuery:
            return Results(0, ())
        filters = ([wq.Term("tags", tag)] if tag else []) + ([wq.Term("year", str(year))] if year else [])
        found = searcher.search(q, limit=None, filter=wq.And(filters) if filters else None)
        rows = []
        for hit in found:
            stored = hit.fields()
            day = stored.get("day")
            tags = tuple(t for t in stored.get("tags", "").split(",") if t)
            rows.append((Hit(stored["url"], stored["heading"], stored.get("date", ""), tags, hit.score), day))

    def by_relevance(row: tuple[Hit, int | None]) -> tuple[float, bool, float, str]:
        hit, day = row
        return (-ranked(hit.score), day is None, -(day if day is not None else -math.inf), hit.url)

    def by_date(row: tuple[Hit, int | None]) -> tuple[bool, float, float, str]:
        hit, day = row
        return (day is None, -(day if day is not None else -math.inf), -ranked(hit.score), hit.url)

    rows.sort(key=by_date if sort == "date" else by_relevance)
    hits = tuple(hit for hit, _ in rows)
    return Results(len(hits), hits if limit is None else hits[:limit])
