"""Whoosh's segments as a long-lived build (the dev server's) keeps them between edits.

A segment's files never change once written (only its set of deleted documents does), so what an edit
needs to know of the old segments can be kept: a reader of each (OpenSegments), the documents holding a
URL (Locator), the document frequencies of terms (Frequencies). At 100,000 articles an edit that asked
Whoosh opened every one of 50 and more segments, twice, and looked every delta term up in each.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.reading import SegmentReader

from ..search.whoosh_index import TEXT_FIELDS, Statistics, open_existing


class OpenSegments:
    """A reader of each segment of the index, kept open between the updates of a long-lived build (the dev
    server's). A segment's files never change once written: only its deletions do, which the lookups here
    (Locator, Frequencies) do not read. Opening every segment at each edit cost ~1 s at 100,000 articles
    (50 and more segments)."""

    def __init__(self) -> None:
        self.readers: dict[str, SegmentReader] = {}

    def reader(self, ix_or_writer: Any, segment: Any) -> SegmentReader:
        found = self.readers.get(segment.segment_id())
        if found is None:
            found = self.readers[segment.segment_id()] = SegmentReader(ix_or_writer.storage, ix_or_writer.schema,
                                                                       segment)
        return found

    def keep_only(self, ix: index.Index) -> None:
        """Close the readers of segments no longer in the index (merged away)."""
        live = {s.segment_id() for s in ix._segments()}
        for name in [n for n in self.readers if n not in live]:
            self.readers.pop(name).close()

    def close(self) -> None:
        for reader in self.readers.values():
            reader.close()
        self.readers.clear()


class Locator:
    """Finds a URL's documents segment by segment, in readers kept open (OpenSegments).

    Whoosh's update_document and delete_by_term open a reader of every segment at each commit to find the
    documents of a URL. Here the URL is looked up in each open segment; the documents found are deleted as
    update_document deletes them (deleting one already deleted changes nothing), then the new version is
    added.
    """

    def __init__(self, segments: OpenSegments) -> None:
        self.segments = segments

    def docnums(self, w: Any, url: str) -> list[int]:
        """The writer's document numbers holding `url`."""
        found = []
        for segment, offset in zip(w.segments, w._doc_offsets, strict=True):
            reader = self.segments.reader(w, segment)
            if reader.doc_frequency("url", url):
                found += [offset + n for n in reader.postings("url", url).all_ids()]
        return found


class Frequencies:
    """Document frequencies by segment, remembered between the updates of a long-lived build (the dev server).

    A segment's postings never change once written, and Whoosh counts a deleted document's terms until a
    merge writes a new segment: a term's frequency in a segment is fixed for the segment's life. The
    statistics of an edit's delta then look up only terms not seen before, in readers kept open
    (OpenSegments), where asking the index opened every segment and looked each delta term up in each
    (at 30,000 articles, 2,277 terms in 25 segments: 2.6 s per edit, growing with every edit).
    """

    def __init__(self, segments: OpenSegments) -> None:
        self.segments = segments
        self.by_segment: dict[str, dict[tuple[int, str], int]] = {}
        self._totals: dict[tuple[int, str], int] = {}  # over the segments in _summed
        self._summed: set[str] = set()

    def statistics(self, ix: index.Index, terms: Iterable[tuple[int, str]]) -> Statistics:
        """What `statistics(ix, terms)` returns, from the table of contents and the frequencies known.

        The totals of the terms asked before are kept for the segments they were summed over: an edit adds
        one segment, whose frequencies are added to them; a merge (segments gone) sums them again."""
        terms = list(dict.fromkeys(terms))
        segments = ix._segments()
        names = [s.segment_id() for s in segments]
        self.by_segment = {name: self.by_segment.get(name, {}) for name in names}
        if not self._summed.issubset(names):  # merged away: sum again from what each segment holds
            self._totals, self._summed = {}, set()
        for segment in segments:
            if segment.segment_id() not in self._summed:
                self._add(ix, segment, list(self._totals))
                self._summed.add(segment.segment_id())
        missing = [t for t in terms if t not in self._totals]
        if missing:
            self._totals.update(dict.fromkeys(missing, 0))
            for segment in segments:
                self._add(ix, segment, missing)
        lengths = tuple(sum(s._fieldlengths.get(name, 0) for s in segments) for name in TEXT_FIELDS)
        return Statistics(sum(s.doc_count_all() for s in segments), lengths, {t: self._totals[t] for t in terms},
                          any(s.has_deletions() for s in segments))

    def _add(self, ix: index.Index, segment: Any, terms: list[tuple[int, str]]) -> None:
        """Add the segment's frequencies of `terms` to their totals."""
        known = self.by_segment[segment.segment_id()]
        reader = None
        for at, term in terms:
            found = known.get((at, term))
            if found is None:
                reader = reader or self.segments.reader(ix, segment)
                found = known[at, term] = reader.doc_frequency(TEXT_FIELDS[at], term)
            self._totals[at, term] += found


def warm(frequencies: Frequencies, folder: Path, terms: Iterable[tuple[int, str]]) -> None:
    """Open a reader of every segment of the index in `folder` and look up the frequencies of `terms`, ahead
    of the edit that will need them (SearchStage.warm). Only a head start: an index that is missing or
    damaged is left for the next update to find, rebuild and report."""
    if not index.exists_in(folder):
        return
    try:
        ix = open_existing(folder)
        for segment in ix._segments():
            frequencies.segments.reader(ix, segment)
        frequencies.statistics(ix, terms)
    except Exception:  # noqa: BLE001 - Whoosh raises anything on a damaged file
        frequencies.segments.close()
