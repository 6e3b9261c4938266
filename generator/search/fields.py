"""What the search stage derives from one document (documents.SearchDoc): its analysed title and body, the
terms of each text field, the row a result shows, and what Whoosh receives."""

from __future__ import annotations

from typing import Any

from ..search import whoosh_index
from ..search.analysis import exact_terms, pairs
from ..search.documents import SearchDoc, Thumb


def analyse(doc: SearchDoc) -> tuple[str, str]:
    return " ".join(exact_terms(doc.title)), " ".join(exact_terms(doc.body))


def fields(terms: tuple[str, str]) -> tuple[list[str], list[str], list[str], list[str]]:
    """The terms of every text field (whoosh_index.TEXT_FIELDS) from the analysed title and body."""
    title, body = terms[0].split(), terms[1].split()
    return title, body, pairs(title), pairs(body)


def row(doc: SearchDoc, thumb: Thumb | None) -> tuple[Any, ...]:
    return (doc.url, doc.title, doc.date_label, list(doc.tag_names), doc.excerpt_source,
            list(thumb) if thumb else None)


def indexed(doc: SearchDoc, terms: tuple[list[str], list[str], list[str], list[str]] | None = None
            ) -> whoosh_index.IndexedDoc:
    """What Whoosh receives of a document. Without `terms` (a first build, whose text postings come from
    the inversion: whoosh_bulk) the text fields are empty strings: only their lengths, which whoosh_bulk
    takes from the state, are written for them (none of them is stored)."""
    texts = (" ".join(field) for field in terms) if terms is not None else ("", "", "", "")
    return whoosh_index.IndexedDoc(doc.url, *texts, doc.title, doc.tag_keys, doc.year, doc.day, doc.author,
                                   doc.date_label, doc.summary)


def words(analysed: str) -> int:
    return analysed.count(" ") + bool(analysed)
