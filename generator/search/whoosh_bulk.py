"""A first build's Whoosh index, written from the postings the build has already inverted.

Whoosh's own writer inverts every document again: per token it collects positions, encodes them,
adds a posting to an external sorting pool, sorts, then looks each posting's document length up
in a column file (profiled on 1,000 synthetic articles: 16.5 s, of which 5.1 s in
`Positions.word_values`, 1.6 s in the pool, 2.9 s in `doc_field_length`). The compiled browser
index needs the same inversion anyway (compiler.invert), so a first build hands it to Whoosh's
codec: the per-document part (stored fields, field lengths, the small `url`, `tags` and `year`
fields) goes through Whoosh's per-document writer and posting pool exactly as
`SegmentWriter.add_document` does, and at the segment's flush the title and body postings go term
by term to the codec's field writer (start_term/add/finish_term), encoded as the field's format does.
Measured on 10,000 synthetic articles, one process, garbage collector off: 77 s with `add_document`,
18.6 s here.

The segment is the one Whoosh would write: tests/test_search_bulk.py compares an index written here
with one written by `add_document`, term by term, posting by posting, stored field by stored field.
Segments of blocks of documents are written in parallel (forked processes, like Whoosh's MpWriter
with `multisegment=True`), then committed together (BulkWriter).
"""

from __future__ import annotations

import gc
import multiprocessing
import operator
import traceback
from array import array
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pickle import dumps
from typing import Any

from whoosh import formats
from whoosh.index import Index
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from ..parallel import PARALLEL_THRESHOLD, ignore_interrupts
from ..search import whoosh_index
from ..search.compiler import Postings, Term
from ..search.whoosh_index import TEXT_FIELDS, IndexedDoc

_COUNTS = [pack_uint(n) for n in range(256)]  # the encoded counts, looked up a block at a time (_fill_block)


def _count(positions: list[int]) -> bytes:
    return pack_uint(len(positions))


def _encoder(fmt: formats.Format) -> Callable[[list[int]], bytes]:
    """`fmt.encode`; for Whoosh's Positions format the same bytes, faster.

    The deltas are taken in C, not in Positions.encode's Python loop, and a term that occurs once in
    a document (about half of all postings, over a thousand distinct positions) is encoded once.
    """
    if type(fmt) is formats.Frequency:  # the pair fields: the count alone, as Frequency.word_values packs it
        return _count
    if type(fmt) is not formats.Positions:
        return fmt.encode
    once: dict[int, bytes] = {}

    def positions_encode(positions: list[int]) -> bytes:
        return pack_uint(len(positions)) + dumps(list(map(operator.sub, positions, [0, *positions[:-1]])), 2)

    def encode(positions: list[int]) -> bytes:
        if len(positions) != 1:
            return positions_encode(positions)
        if (found := once.get(positions[0])) is None:
            found = once[positions[0]] = positions_encode(positions)
        return found
    return encode


class _Writer(SegmentWriter):
    """A SegmentWriter whose title and body postings come pre-inverted (see the module docstring)."""

    def __init__(self, ix: Index, postings: Mapping[Term, Postings], lengths: Sequence[tuple[int, ...]],
                 first: int, end: int, offset: int, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.text_postings, self.lengths, self.first, self.end = postings, lengths, first, end
        self.offset = offset  # the document id of lengths[0]

    def add_pre_inverted(self, doc: IndexedDoc) -> None:
        """SegmentWriter.add_document, but title and body are not indexed here (only their length)."""
        self._check_state()
        perdocwriter, schema, docnum = self.perdocwriter, self.schema, self.docnum
        values = doc.fields()
        perdocwriter.start_doc(docnum)
        for fieldname in sorted(values):
            value = values[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if fieldname in TEXT_FIELDS:
                length = self.lengths[self.first - self.offset + docnum - self.docbase][TEXT_FIELDS.index(fieldname)]
            elif field.indexed:
                for tbytes, freq, weight, vbytes in field.index(value):
                    if field.scorable:
                        length += freq
                    self.pool.add((fieldname, tbytes, docnum, weight, vbytes))
            perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
            column = field.column_type
            if column and value is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _write_text_field(self, fieldname: str) -> None:
        """One text field's postings of this segment's documents, term by term in Whoosh's byte order,
        through the codec's field writer (what FieldWriter.add_postings does, without a posting stream)."""
        first, end, at = self.first, self.end, TEXT_FIELDS.index(fieldname)
        field, fieldwriter = self.schema[fieldname], self.fieldwriter
        encode, boost = _encoder(field.format), field.format.field_boost
        lengths = [length[at] for length in self.lengths[first - self.offset:end - self.offset]]
        fieldwriter.start_field(fieldname, field)
        postwriter = fieldwriter._postwriter
        limit = postwriter._blocklimit
        for tbytes, term in sorted((text.encode("utf-8"), (f, text)) for f, text in self.text_postings if f == at):
            ids, positions = self.text_postings[term]
            start, stop = bisect_left(ids, first), bisect_left(ids, end)
            if start == stop:
                continue  # no document of this segment has the term
            fieldwriter.start_term(tbytes)
            for block in range(start, stop, limit):
                if block > start:
                    postwriter._write_block()  # a full block, written as add_posting does when the next one comes
                _fill_block(postwriter, [i - first for i in ids[block:block + limit]],
                            positions[block:min(block + limit, stop)], boost, encode, lengths)
            fieldwriter.finish_term()
        fieldwriter.finish_field()

    def _flush_segment(self) -> None:
        """Every field in name order, as Whoosh's flush writes them: title and body from the inversion,
        the others (a few postings per document: url, tags, year) from the pool, through add_postings."""
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        pooled: dict[str, list[Any]] = {}
        for item in self.pool.iter_postings():
            pooled.setdefault(item[0], []).append(item)
        for fieldname in sorted(set(pooled) | set(TEXT_FIELDS)):
            if fieldname in TEXT_FIELDS:
                self._write_text_field(fieldname)
            else:
                self.fieldwriter.add_postings(self.schema, reader, pooled[fieldname])
        self.fieldwriter.close()
        if reader:
            reader.close()


def _fill_block(postwriter: Any, docnums: list[int], positions: list[list[int]], boost: float,
                encode: Callable[[list[int]], bytes], lengths: list[int]) -> None:
    """Put up to a block of postings into Whoosh's W3PostingsWriter buffer, as its `add_posting` would one
    by one: ids, weights (the term's count times the field boost), encoded values, and the block's
    shortest and longest document and highest weight. Done a block at a time, in list operations, for
    the millions of postings of a first build (add_posting's checks and appends cost ~3 µs each); the
    bytes written are the same (tests/test_search_bulk.py compares the segments with Whoosh's own).
    The exact length goes in: the writer keeps only length_to_byte of a block's shortest and longest,
    which is what the column's byte-quantised length would give."""
    docnums = docnums[:len(positions)]
    counts = list(map(len, positions))
    weights = [count * boost for count in counts]
    postwriter._ids = array("I", docnums)
    postwriter._weights = array("f", weights)
    if encode is _count and max(counts) < len(_COUNTS):  # the pair fields: each count's bytes, mapped in C
        postwriter._values = list(map(_COUNTS.__getitem__, counts))
    else:
        postwriter._values = [encode(where) for where in positions]  # never empty: a count at least
    present = [n for n in map(lengths.__getitem__, docnums) if n]
    postwriter._minlength = min(present) if present else None
    postwriter._maxlength = max(present, default=0)
    postwriter._maxweight = max(0, *weights)


@dataclass(frozen=True, slots=True)
class Block:
    """Documents first..end-1 to write as one segment: `docs[i]` and `lengths[i]` are document id
    `offset` + i in `postings`. `after` runs once the segment is written, in the same process; `extra` is
    handed back with the segment (BulkWriter.results)."""

    docs: Sequence[IndexedDoc]
    postings: Mapping[Term, Postings]
    lengths: Sequence[tuple[int, ...]]
    first: int
    end: int
    offset: int
    after: Callable[[], None] | None = None
    extra: Any = None


def _segment(ix: Index, make: Callable[[], Block]) -> tuple[Any, Any]:
    """Write the block `make()` returns as one new segment, not yet in the index's table of contents;
    the segment, and the block's `extra`."""
    block = make()
    # Like the sub-writers of Whoosh's MpWriter: no lock, and the temporary folder (shared with the
    # parent writer, which holds the lock) is left for the parent to remove.
    w = _Writer(ix, block.postings, block.lengths, block.first, block.end, block.offset, _lk=False, limitmb=256)
    try:
        for doc in block.docs[block.first - block.offset:block.end - block.offset]:
            w.add_pre_inverted(doc)
        segment = w._finalize_segment()
    except BaseException:
        w._close_segment()
        raise
    if block.after:
        block.after()
    return segment, block.extra


def _child(send: Any, *args: Any) -> None:
    ignore_interrupts()  # Ctrl-C is the parent's to handle: it cancels the write (BulkWriter.cancel)
    try:
        send.send((True, _segment(*args)))
    except BaseException:  # noqa: BLE001 - the parent reports it
        send.send((False, traceback.format_exc()))
    finally:
        send.close()


class BulkWriter:
    """Writes a new index's segments from pre-inverted postings, a block of documents at a time.

    With `jobs` > 1 each block is made and written by a forked process: `make` (whatever produces the
    block: analysis and inversion, in a build) runs there too, and the process inherits its inputs
    instead of receiving them pickled; only the segment's description and the block's `extra` come
    back. At most `jobs` of them run at once (`add` waits for the oldest first), so the memory held
    for blocks stays bounded. `commit()` makes the segments the index, in the order they were added;
    `cancel()` drops them. Holds the index's lock from the start.
    """

    def __init__(self, ix: Index, *, jobs: int = 1) -> None:
        self.ix = ix
        self.parent = whoosh_index.writer(ix, lambda i: SegmentWriter(i, limitmb=16))  # holds the lock
        self.fork = jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
        self.jobs = max(1, jobs)
        self.workers: list[tuple[Any, Any]] = []
        self.results: list[tuple[bool, Any]] = []  # (True, (segment, extra)) or (False, what went wrong)

    def add(self, make: Callable[[], Block]) -> None:
        if not self.fork:
            try:
                self.results.append((True, _segment(self.ix, make)))
            except BaseException:
                self.cancel()
                raise
            return
        while len(self.workers) >= self.jobs:
            self._collect_one()
        context = multiprocessing.get_context("fork")
        gc.freeze()  # as in generator.parallel: the children's collections must not copy the inherited heap
        try:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(send, self.ix, make))
            self.workers.append((process, receive))
            process.start()
            send.close()
        except BaseException:
            self.cancel()
            raise
        finally:
            gc.unfreeze()

    def _collect_one(self) -> None:
        process, receive = self.workers.pop(0)
        try:
            self.results.append(receive.recv())
        except EOFError:
            process.join()
            self.results.append((False, f"the process writing a search segment ended with code {process.exitcode}"))
        process.join()
        receive.close()

    def wait(self) -> list[Any]:
        """Wait for every block being written; their `extra`s, in order. Raises (having cancelled) if one
        failed."""
        try:
            while self.workers:
                self._collect_one()
        except BaseException:
            self.cancel()
            raise
        failed = [detail for ok, detail in self.results if not ok]
        if failed:
            self.cancel()
            raise RuntimeError("writing the search index failed:\n" + "\n".join(failed))
        return [extra for _, (_, extra) in self.results]

    def commit(self) -> None:
        self.wait()
        self.parent._close_segment()
        self.parent._commit_toc(list(self.parent.segments) + [segment for _, (segment, _) in self.results])
        self.parent._finish()

    def cancel(self) -> None:
        """Stop the writing processes and release the lock. Segment files already written stay out of
        the table of contents; Whoosh deletes them at the next commit."""
        for process, receive in self.workers:
            if process.is_alive():
                process.terminate()
            process.join()
            receive.close()
        self.workers = []
        if not self.parent.is_closed:
            self.parent.cancel()


def write(ix: Index, docs: Sequence[IndexedDoc], postings: Mapping[Term, Postings],
          lengths: Sequence[tuple[int, ...]], *, jobs: int = 1) -> BulkWriter:
    """Start writing `docs` (document id i is `docs[i]`) into the empty index as up to `jobs` segments
    written at once; the caller then commits or cancels."""
    parts = max(1, min(jobs, len(docs) // PARALLEL_THRESHOLD)) if docs else 0  # no documents, no segment
    writer = BulkWriter(ix, jobs=jobs if parts > 1 else 1)
    for k in range(parts):
        block = Block(docs, postings, lengths, len(docs) * k // parts, len(docs) * (k + 1) // parts, 0)
        writer.add(lambda block=block: block)
    return writer
