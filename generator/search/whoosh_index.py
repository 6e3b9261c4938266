"""The Whoosh index of the archive, kept in the cache folder and updated document by document.

Text is analysed once, by generator.search.analysis, and handed to Whoosh pre-analysed: the
indexed value of `title` and `body` is the space-joined list of exact (accented, canonical) terms,
and the fields' tokenizer only splits on spaces. That lets the build analyse every article once
for both Whoosh and the compiled browser index, in parallel (measured: analysis is a third of
Whoosh's indexing time when Whoosh does it).

Only exact terms are indexed. The folded form is not a second field: a query word is expanded to
every exact term of the lexicon with the same folded form (`ban` -> bàn, bán, bạn, bản, ...), with
the term typed exactly weighted higher (see query.py). Measured on 1,000 synthetic articles, a
second (folded) title+body pair doubled Whoosh's indexing time (4.3 s -> 8.1 s, one process).

Whoosh keeps deleted documents in their segment until a merge, and its BM25F statistics count
them (`doc_count_all`, document frequencies, field lengths). The compiled index exports these
statistics from here, never recomputes them, so both sides score with the same numbers.

Whoosh pickles its table of contents (the schema and the segment list), block and inlined postings,
and stored fields. The cache folder holding the index may be restored in CI from a cache anyone with
push access can write, and unpickling runs code named in the file. So every unpickling Whoosh does
goes through `_SafeUnpickler`, which only admits the classes Whoosh's own files of this schema name
(the Python documentation's "Restricting Globals"); any other makes the index unreadable, and it is
built again. Whoosh has no hook for this: `_restrict_whoosh_unpickling` replaces the `loads`/`load`
names in the Whoosh modules that read index files, once, when this module is imported, and removes
Whoosh's loaders of its 1.x format (they unpickle with an unrestricted unpickler of their own). The
stored schema is never read: every opening passes tintuc's own `schema()`.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import whoosh.codec.whoosh3
import whoosh.columns
import whoosh.filedb.structfile
import whoosh.legacy
from whoosh import fields, index, writing
from whoosh.analysis import Token, Tokenizer
from whoosh.filedb.filestore import FileStorage
from whoosh.util import random_name

from ..errors import BuildFailed, Problem, Severity
from ..search.analysis import ANALYZER_VERSION

if TYPE_CHECKING:
    from ..search import segments

SCHEMA_VERSION = "2"
# Words, then pairs of adjacent words ('_bệnh_án', analysis.pairs): Vietnamese words are mostly several
# syllables, and a query's adjacent words found side by side score in the pair fields (query.py).
TEXT_FIELDS = ("title", "body", "title_pairs", "body_pairs")
WORD_FIELDS = 2  # the first fields hold words; the others their adjacent pairs
FIELD_BOOSTS = (3.0, 1.0, 3.0, 1.0)  # title above body; Whoosh multiplies each posting's weight by it
B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults, written into the compiled manifest


def field_lengths(words: tuple[int, int]) -> tuple[int, int, int, int]:
    """Terms per text field, from the number of words in the title and the body (n words, n - 1 pairs)."""
    title, body = words
    return title, body, max(title - 1, 0), max(body - 1, 0)


# Exactly the globals Whoosh's files of this schema name (found by recording find_class while
# reading indexes of 1,000 and 10,000 articles, with deletions, searched and iterated).
_ALLOWED = frozenset({
    ("builtins", "int"), ("builtins", "set"), ("builtins", "frozenset"), ("collections", "defaultdict"),
    ("_codecs", "encode"),  # how protocol 2 writes bytes
    ("re", "_compile"),  # the regular expressions of Whoosh's tokenizers
    ("whoosh.analysis.analyzers", "CompositeAnalyzer"), ("whoosh.analysis.filters", "StripFilter"),
    ("whoosh.analysis.filters", "LowercaseFilter"), ("whoosh.analysis.tokenizers", "IDTokenizer"),
    ("whoosh.analysis.tokenizers", "RegexTokenizer"), ("whoosh.codec.whoosh3", "W3Codec"),
    ("whoosh.codec.whoosh3", "W3Segment"), ("whoosh.fields", "Schema"), ("whoosh.fields", "ID"),
    ("whoosh.fields", "KEYWORD"), ("whoosh.fields", "STORED"), ("whoosh.fields", "TEXT"),
    ("whoosh.formats", "Existence"), ("whoosh.formats", "Frequency"), ("whoosh.formats", "Positions"),
})


class UnsafeIndex(pickle.UnpicklingError):
    """An index file names a class Whoosh's own files never do: treated as a damaged index."""


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if name == "PreAnalyzedTokenizer" and module.endswith(".search.whoosh_index"):
            # Ours, under whichever package name wrote it: `tintuc` installed, `generator` from a checkout.
            return PreAnalyzedTokenizer
        if (module, name) not in _ALLOWED:
            raise UnsafeIndex(f"the search index names {module}.{name}, which tintuc never writes")
        return super().find_class(module, name)


def safe_loads(data: bytes, **_: Any) -> Any:
    return _SafeUnpickler(io.BytesIO(data)).load()


def safe_load(file: Any, **_: Any) -> Any:
    return _SafeUnpickler(file).load()


def _restrict_whoosh_unpickling() -> None:
    """Route every unpickling of Whoosh's index readers through _SafeUnpickler (see the module docstring).

    The places, in Whoosh 2.7: index.TOC._read (`pickle.loads` of the schema, and `read_pickle` of the
    segment list), filedb.structfile.StructFile.read_pickle (`load_pickle`), codec.whoosh3 (`loads`
    of posting blocks and inlined postings), and columns (`loads` of the stored-fields column).
    """
    whoosh.index.pickle = types.SimpleNamespace(  # type: ignore[attr-defined]
        loads=safe_loads, dumps=pickle.dumps, PicklingError=pickle.PicklingError)
    whoosh.filedb.structfile.load_pickle = safe_load  # type: ignore[attr-defined]
    whoosh.codec.whoosh3.loads = safe_loads  # type: ignore[attr-defined]
    whoosh.columns.loads = safe_loads  # type: ignore[attr-defined]
    # Whoosh reads tables of contents of its 1.x format with an unrestricted unpickler of its own;
    # tintuc never writes them, so no legacy format is read at all (the dict is whoosh.index's own).
    whoosh.legacy.toc_loaders.clear()


_restrict_whoosh_unpickling()


class PreAnalyzedTokenizer(Tokenizer):
    """Splits a value that is already a space-separated list of terms (see the module docstring)."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, term in enumerate(value.split() if tokenize else [value], start_pos):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = pos
            yield token


def schema() -> fields.Schema:
    analyzer = PreAnalyzedTokenizer()
    return fields.Schema(
        url=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS[0], stored=False),
        body=fields.TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS[1]),
        # Pairs are never part of a phrase: their frequencies without positions (phrase=False).
        title_pairs=fields.TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS[2], stored=False, phrase=False),
        body_pairs=fields.TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS[3], stored=False, phrase=False),
        tags=fields.KEYWORD(commas=True, stored=True),  # tag keys, for the --tag filter
        year=fields.ID(stored=True),
        day=fields.STORED(),  # days since 1970-01-01, for sorting by date
        heading=fields.STORED(),  # the title as written
        author=fields.STORED(),
        date=fields.STORED(),
        summary=fields.STORED(),
    )


@dataclass(frozen=True, slots=True)
class IndexedDoc:
    """One document as Whoosh receives it: display fields and the analysed title and body."""

    url: str
    title_terms: str  # analysed: exact terms joined by spaces
    body_terms: str
    title_pairs: str  # their adjacent pairs (analysis.pairs), joined by spaces
    body_pairs: str
    heading: str
    tags: tuple[str, ...]
    year: int | None
    day: int | None
    author: str
    date: str
    summary: str

    def fields(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title_terms, "body": self.body_terms,
                "title_pairs": self.title_pairs, "body_pairs": self.body_pairs,
                "tags": ",".join(self.tags), "year": str(self.year) if self.year is not None else "",
                "day": self.day, "heading": self.heading, "author": self.author, "date": self.date,
                "summary": self.summary}


def version() -> dict[str, str]:
    return {"schema": SCHEMA_VERSION, "analyzer": ANALYZER_VERSION}


class _Storage(FileStorage):
    """Whoosh's FileStorage, its folders made without raising for one that exists.

    FileStorage.create catches the error of an existing folder and keeps it in a local variable: the
    exception, its traceback and the frames it was raised through (the build's, up to the Builder) then
    form a reference cycle that only the garbage collector frees, and every writer meets one (each
    makes the index's `MAIN.tmp` folder, which the first one made). A build pauses the collector
    (collector.py): a Builder dropped after its build kept the site's build lock until a collection came.
    """

    def create(self) -> _Storage:
        os.makedirs(os.path.abspath(self.folder), exist_ok=True)  # an existing file: FileExistsError, as before
        return self

    def temp_storage(self, name: str | None = None) -> _Storage:
        return _Storage(os.path.join(self.folder, name or f"{random_name()}.tmp")).create()


def open_existing(folder: Path) -> index.Index:
    """The index in `folder` (whoosh.index.open_dir), with tintuc's schema: the stored one is never unpickled
    or used (a planted tokenizer could otherwise hang every build)."""
    return index.FileIndex(_Storage(str(folder)), schema=schema(), indexname=index._DEF_INDEX_NAME)


def open_index(folder: Path, warnings: list[Problem] | None = None, *,
               fresh: bool = False) -> tuple[index.Index, bool]:
    """The index in `folder`, and whether it was (re)created empty.

    A missing index, or one written with another schema or analyzer version is replaced by an empty
    one: its terms would not match what queries look up. So is one whose table of contents is
    damaged, with a warning added to `warnings` (damage found later, in postings or stored fields:
    see SearchStage.update).
    """
    stamp = folder / "version.json"
    if not fresh:
        try:
            if json.loads(stamp.read_text(encoding="utf-8")) == version() and index.exists_in(folder):
                # The segment list is read through the safe unpickler.
                ix = open_existing(folder)
                return ix, False
        except Exception as exc:  # noqa: BLE001 - Whoosh raises anything on a damaged file; rebuilt below
            if warnings is not None and (folder / "version.json").exists():
                warnings.append(Problem(folder, None, f"the search index in the build cache was unreadable "
                                        f"({type(exc).__name__}: {exc}"[:160] + "); rebuilding it",
                                        severity=Severity.WARNING))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    created = index.FileIndex.create(_Storage(str(folder)), schema(), index._DEF_INDEX_NAME)
    stamp.write_text(json.dumps(version()), encoding="utf-8")
    return created, True


def writer(ix: index.Index, make: Callable[[index.Index], Any] | None = None) -> Any:
    """A writer holding the index's lock (`make(ix)`, Whoosh's own by default); a build error if it is held."""
    try:
        return make(ix) if make else ix.writer(limitmb=256)
    except index.LockError:
        raise BuildFailed([Problem(Path(ix.storage.folder), None, "the search index is being written by another "
                                   "tintuc process (a build, or 'tintuc serve')",
                                   "wait for it to finish or stop it; if none is running, delete this folder "
                                   "and build again")]) from None


def update(ix: index.Index, added: Iterable[IndexedDoc], removed: Iterable[str],
           locator: segments.Locator | None = None) -> None:
    """Delete `removed` URLs, add or replace `added` documents, and commit.

    A first build does not come here: whoosh_bulk writes its segments from the build's own inversion.
    `locator`: see segments.Locator (Whoosh's own search for each URL otherwise).
    """
    w = writer(ix)
    try:
        if locator is None:
            for url in removed:
                w.delete_by_term("url", url)
            for doc in added:
                w.update_document(**doc.fields())
        else:
            added = list(added)
            for url in [*removed, *(doc.url for doc in added)]:
                for docnum in locator.docnums(w, url):
                    w.delete_document(docnum)
            for doc in added:
                w.add_document(**doc.fields())
    except BaseException:
        w.cancel()
        raise
    w.commit(mergetype=merge_small_segments)
    if locator is not None:
        locator.segments.keep_only(ix)


def doc_count_all(ix: index.Index) -> int:
    """Documents in the index, deleted ones still in their segment included: Index.doc_count_all() without
    opening a reader, which opens every segment's files (50 segments at 100,000 articles: ~0.4 s a call)."""
    return sum(segment.doc_count_all() for segment in ix._segments())


SMALL_SEGMENT = 500  # documents: an edit's segment is smaller; a first build's (stage.BLOCK) larger
# Edits' segments left unmerged up to this many. A merge drops deleted documents, which changes the statistics
# of terms the delta does not hold, so the stage writes a new base from a fresh index (a full re-index: at
# 30,000 articles ~60 s). MERGE_SMALL alone merged every five edit builds or so; now once every ~24.
SMALL_SEGMENTS_KEPT = 24


def merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's default merge policy (MERGE_SMALL), applied to the small segments only.

    A first build writes a segment per block of documents (stage.py): 50 at 100,000 articles.
    MERGE_SMALL merges every segment up to the first point where the total is below a Fibonacci
    number of their count, which with 25 or more segments of 2,000 is all of them: an edit's build
    would rewrite the whole index. The large segments are left as they are; edits' segments merge as
    Whoosh would merge them once there are SMALL_SEGMENTS_KEPT of them.
    """
    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT]
    if len(small) < SMALL_SEGMENTS_KEPT:
        return segments
    kept = set(map(id, writing.MERGE_SMALL(writer, small)))
    return [s for s in segments if s.doc_count_all() >= SMALL_SEGMENT or id(s) in kept]


@dataclass(frozen=True, slots=True)
class Statistics:
    """What Whoosh's BM25F reads from the index besides the postings."""

    doc_count_all: int  # documents, deleted ones still in their segment included
    field_lengths: tuple[int, ...]  # total terms per text field, deleted documents included
    doc_frequency: dict[tuple[int, str], int]  # (field index, term) -> documents, deleted included
    has_deletions: bool


def statistics(ix: index.Index, terms: Iterable[tuple[int, str]] | None = None) -> Statistics:
    """The index's statistics; document frequencies of `terms` only, or of the whole lexicon."""
    with ix.reader() as reader:
        frequencies: dict[tuple[int, str], int] = {}
        if terms is None:
            for at, name in enumerate(TEXT_FIELDS):
                for term, info in reader.iter_field(name):
                    text = term.decode("utf-8") if isinstance(term, bytes) else term
                    frequencies[(at, text)] = info.doc_frequency()
        else:
            for at, term in terms:
                frequencies[(at, term)] = reader.doc_frequency(TEXT_FIELDS[at], term)
        return Statistics(reader.doc_count_all(), tuple(reader.field_length(n) for n in TEXT_FIELDS),
                          frequencies, reader.has_deletions())
