"""The search stage of a build: keep the Whoosh index and its compiled JSON in step with the site.

Like Whoosh's own segments, the compiled index is a base plus a delta. The base term shards are
written from every document; documents changed since then go into one small delta file, and the
browser reads the delta over the base. An edit therefore rewrites the delta, the id chunk, display
directory and display shard of each document it touched, and the manifest, not the term shards
(publish.py writes the files).

The base is only ever written from a fresh index (_fresh): on a first build, and when the delta grows
past delta_limit documents. Whoosh's statistics count replaced documents until a merge of their
segment; the delta carries the frequency of every term indexed since the base (State.refreshed), so
an edit or a merge of the edits' small segments changes only what the delta holds. A fresh index is
made a block of articles at a time, so memory stays bounded whatever the archive's size: each block
is analysed and inverted once, in a forked process, for both indexes: whoosh_bulk writes the block's
Whoosh segment from that inversion, and spill.py keeps it on disk as a sorted run; the runs are
merged into the term shards. Its output is the same whatever the block size or the number of
processes (tests/test_search_blocks.py). Later builds update Whoosh document by document
(whoosh_index.update).

State (document ids, fingerprints, field lengths, display rows, the file names: state.py) is kept in
cache/search/state.json beside the Whoosh index (JSON, not pickle: see generator/cache.py; the dev
server writes it when it stops, see persist); the compiled files in cache/search/files/, from where
the build copies them into the site's search/ folder after checking each against the hash in its
name (matches_name).
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .. import collector
from ..cachefiles import cache_warning
from ..errors import BuildFailed, Problem
from ..model import Article
from ..parallel import progress_bar, run_all
from ..search import compiler, docfiles, publish, scan, segments, spill, whoosh_bulk, whoosh_index
from ..search import fields as doc_fields
from ..search.documents import SearchDoc, Thumb, fingerprint, local_day, order_key, search_doc
from ..search.state import STATE_VERSION, DocState, State, StateStore

# Documents a fresh index inverts at a time (_fresh): what each process holds is about a block's bodies
# and postings (~100 MB for 2,000 synthetic articles); one Whoosh segment each (whoosh_index.update never
# merges segments this size).
BLOCK = 2_000


NO_THUMBS: Mapping[str, Thumb] = MappingProxyType({})  # one object: scan.compare tells thumbnails by identity


def delta_limit(documents: int) -> int:
    return max(64, documents // 50)


@dataclass(frozen=True, slots=True)
class SearchOutput:
    folder: Path  # where the compiled files are
    files: tuple[str, ...]  # names of every file of the compiled index
    manifest: str  # the manifest's name among them
    documents: int
    analysed: int  # documents analysed in this build
    rebased: bool  # whether the term shards were written again


Hydrate = Callable[[Sequence[Article]], dict[str, Article]]


def matches_name(path: Path) -> bool:
    """Whether a compiled file still holds what its name's hash says (compiler.named), e.g. not truncated."""
    parts = path.name.split(".")
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return len(parts) == 3 and hashlib.blake2b(data, digest_size=8).hexdigest() == parts[1]


class SearchStage:
    def __init__(self, cache: Path, tz: tzinfo, *, progress: bool = False) -> None:
        self.folder = cache / "search"
        self.tz = tz
        self.jobs = 1  # set by each update()
        self.progress = progress
        self.warnings: list[Problem] = []  # damaged cache files found (and set aside) since last asked
        self.store = StateStore(self.folder / "state.json")  # what the last update left, kept in memory too
        self.segments = segments.OpenSegments()  # Whoosh's segments, open while the builder lives
        self.frequencies = segments.Frequencies(self.segments)  # document frequencies by segment
        self.locator = segments.Locator(self.segments)  # a URL's documents
        self._compared: scan.Comparison | None = None  # the last update's articles against its state
        self._lists: tuple[State, publish.Lists] | None = None  # the tag lists and term directories it wrote

    def forget(self) -> None:
        """Drop the index and its compiled files: the next update makes them anew."""
        self.segments.close()
        reset(self.folder.parent)
        self.store.forget()
        self._compared = self._lists = None

    def warm(self) -> None:
        """Open ahead of an edit what its update reads of Whoosh: a reader of every segment, and the
        frequencies of the terms the delta carries (the dev server calls this once its first build is
        served: at 10,000 articles they were 1.0 s of a first edit's 2.8 s; later edits took 0.6-0.8 s)."""
        state = self.store.kept()
        if state is not None:
            segments.warm(self.frequencies, self.index_folder, state.refreshed)

    @property
    def index_folder(self) -> Path:
        return self.folder / "whoosh"

    @property
    def files_folder(self) -> Path:
        return self.folder / "files"

    def update(self, articles: Sequence[Article], hydrate: Hydrate, jobs: int = 1,
               thumbs: Mapping[str, Thumb] | None = None) -> SearchOutput:
        """Bring the index up to date with `articles`; `hydrate` loads the bodies of the articles given.

        `jobs` > 1 lets analysis and a first Whoosh index use worker processes (forked). `thumbs`: the
        small lead photo each result shows, by article path (photos.search_thumbnails).
        """
        self.thumbs = thumbs if thumbs is not None else NO_THUMBS
        # The stage builds millions of small lists and tuples (postings, positions) and no cycles:
        # Python's cyclic collector, triggered by the allocations, walked them over and over
        # (measured, inverting 10,000 articles: 12-18 s with it, 6-7 s without).
        with collector.paused():
            try:
                return self._update(articles, hydrate, jobs)
            except BuildFailed:
                raise
            except Exception as exc:  # noqa: BLE001 - see below
                # Whoosh reads postings and stored fields lazily (an update merges segments): damage in
                # the cached index shows here, as any exception. Index anew, once; a second failure is
                # not the cache's doing and is raised.
                self.warnings.append(cache_warning(self.index_folder, f"{type(exc).__name__}: {exc}"[:120]))
                self.forget()
                return self._update(articles, hydrate, jobs)

    def _update(self, articles: Sequence[Article], hydrate: Hydrate, jobs: int) -> SearchOutput:
        self.jobs = jobs
        state, ix, created = self._open()
        # Taken out while the update runs (compare updates it in place): kept again by _keep when it completes.
        previous, self._compared = self._compared, None
        compared = scan.compare(articles, self.thumbs, state, partial(self._fingerprint, previous), previous)
        current = compared.current
        if created:
            return self._fresh(ix, compared, hydrate)
        changed, removed = compared.changed, compared.removed
        if not changed and not removed and state.manifest:
            self._keep(state, compared)  # unchanged, as on disk
            return SearchOutput(self.files_folder, state.files, state.manifest, len(state.docs), 0, False)
        if len(compared.outdated) + len(compared.newer) > delta_limit(len(current)):  # too big a delta: a new base
            return self._fresh(self._new_index(), compared, hydrate)
        outdated, newer = compared.outdated_in_order(), compared.newer_in_order()

        docs, terms = self._analyse(changed, hydrate, self.progress)
        whoosh_index.update(ix, [doc_fields.indexed(doc, doc_fields.fields(terms[doc.url])) for doc in docs],
                            removed, self.locator)
        if whoosh_index.doc_count_all(ix) > state.doc_count_all + len(docs):
            # Not what this update and a merge can do: only a fresh index is sure to agree with the files.
            return self._fresh(self._new_index(), list(current.values()), hydrate)
        # Whoosh counts a replaced document's terms until a merge drops it, and merges drop the edits'
        # deleted documents (never the base's: its large segments are not merged). So the frequencies that
        # differ from the base's are those of terms some document indexed since the base had, in this
        # version or an earlier one: the delta carries all of them (a term an article lost in its second
        # edit kept the base's frequency before, wrongly; and a merge took a full re-index).
        for doc in docs:
            for field, values in enumerate(doc_fields.fields(terms[doc.url])):
                state.refreshed.update((field, value) for value in values)
        state.doc_count_all = whoosh_index.doc_count_all(ix)
        touched = {state.docs.pop(url).id for url in removed}
        rows: dict[int, tuple[Any, ...]] = {}
        same_tags = not removed
        for doc in docs:
            title, body = terms[doc.url]
            old = state.docs.get(doc.url)
            same_tags = same_tags and old is not None and old.tags == doc.tag_keys
            doc_id = _doc_id(state, doc.url, old)
            touched.add(doc_id)
            lengths = (doc_fields.words(title), doc_fields.words(body))
            state.docs[doc.url] = DocState(doc_id, current[doc.url][1], lengths, doc.day, doc.tag_keys)
            rows[doc_id] = doc_fields.row(doc, self.thumbs.get(doc.url))
        stats, delta = self._delta(state, ix, terms, outdated, newer)
        publish.doc_files(self.files_folder, state, touched, rewrite_all=False, rows=rows)
        kept = self._lists[1] if self._lists is not None and self._lists[0] is state and same_tags else None
        self._lists = (state, publish.write_index(self.files_folder, state, stats, delta, kept))
        self._save(state, compared)
        return SearchOutput(self.files_folder, state.files, state.manifest, len(state.docs), len(docs), False)

    def _fingerprint(self, previous: scan.Comparison | None, article: Article) -> str:
        """The article's search fingerprint; the one computed last if it is the same article object with
        the same thumbnail (a long-lived build keeps unchanged articles: 2.2 s per edit at 100,000)."""
        thumb = self.thumbs.get(article.path)
        known = previous.current.get(article.path) if previous is not None else None
        if known is not None and known[0] is article and previous.thumbs.get(article.path) == thumb:
            return known[1]
        return fingerprint(article, thumb)

    def _open(self) -> tuple[State, Any, bool]:
        """The saved state and Whoosh index; both made anew unless they exist and agree."""
        state = self.store.take(self.warnings)
        ix, created = whoosh_index.open_index(self.index_folder, self.warnings)
        if created or state is None or state.version != STATE_VERSION \
                or state.doc_count_all != whoosh_index.doc_count_all(ix):
            return State(), self._new_index() if not created else ix, True
        return state, ix, False

    def _new_index(self) -> Any:
        """An empty Whoosh index, and no compiled files: what a fresh base is written into."""
        self.segments.close()
        ix, _ = whoosh_index.open_index(self.index_folder, fresh=True)
        shutil.rmtree(self.files_folder, ignore_errors=True)
        return ix

    @property
    def persist(self) -> bool:
        """False (the dev server's edits): an update's state is kept in memory, written by save()."""
        return self.store.persist

    @persist.setter
    def persist(self, value: bool) -> None:
        self.store.persist = value

    def _save(self, state: State, compared: scan.Comparison, now: bool = False) -> None:
        self.store.put(state, now)
        self._keep(state, compared)

    def save(self) -> None:
        """Write the state an update kept in memory (persist off), if any."""
        self.store.flush()

    def _keep(self, state: State, compared: scan.Comparison | None) -> None:
        """Keep `state` for the next update (StateStore.keep), and the articles compared with it, now in step."""
        self.store.keep(state)
        self._compared = compared.settled(state) if compared is not None else None

    def _analyse(self, articles: Sequence[Article], hydrate: Hydrate, progress: bool = False
                 ) -> tuple[list[SearchDoc], dict[str, tuple[str, str]]]:
        """Documents for the articles, and their analysed title and body (space-joined exact terms)."""
        full = hydrate(articles)
        docs = [search_doc(full[a.path], self.tz) for a in articles]
        analysed = run_all(docs, doc_fields.analyse, jobs=self.jobs, label="phân tích", progress=progress)
        return docs, {doc.url: pair for doc, pair in zip(docs, analysed, strict=True)}

    # --- the base and the delta -----------------------------------------------------------------------

    def _fresh(self, ix: Any, compared: scan.Comparison, hydrate: Hydrate) -> SearchOutput:
        """Index every article into the empty `ix` and write the base (term shards) anew.

        Block by block (BLOCK articles): this process loads a block's bodies; a forked process (up to
        `jobs` at once) analyses and inverts the block, writes its Whoosh segment from that inversion
        and spills the inversion to disk as a run (spill.py); the runs are then merged into the term
        shards. Memory holds a few blocks' postings, whatever the archive's size.

        Ids are given in the ranking's tie-break order (documents.order_key: newest first, undated last,
        then URL), so the browser breaks ties by id (docfiles.py).
        """
        entries = sorted(compared.current.values(), key=lambda e: order_key(local_day(e[0], self.tz), e[0].path))
        state = State()
        runs = self.folder / "runs"
        shutil.rmtree(runs, ignore_errors=True)
        runs.mkdir(parents=True)
        writer = whoosh_bulk.BulkWriter(ix, jobs=self.jobs)
        blocks = _blocks(len(entries), self.jobs)
        paths = [runs / f"{k:05d}.run" for k in range(len(blocks))]
        bar = progress_bar(len(entries), "chỉ mục tìm kiếm", self.progress)
        shown = 0
        try:
            for (first, end), path in zip(blocks, paths, strict=True):
                # Bodies come from the build cache's SQLite store: read here, never in a forked process.
                full = hydrate([a for a, _ in entries[first:end]])
                writer.add(partial(self._block, [full[a.path] for a, _ in entries[first:end]], first, path))
                del full
                while shown < len(writer.results):  # blocks written so far
                    bar.update(blocks[shown][1] - blocks[shown][0])
                    shown += 1
            described = writer.wait()
            state.shards = [(key, self._store(t), self._store(p))
                            for key, t, p in compiler.term_shards(spill.merged(paths))]
        except BaseException:
            writer.cancel()
            raise
        finally:
            bar.close()
            shutil.rmtree(runs, ignore_errors=True)
        writer.commit()
        totals = [0] * len(whoosh_index.TEXT_FIELDS)
        rows: dict[int, tuple[Any, ...]] = {}
        for (first, end), kept in zip(blocks, described, strict=True):
            for doc_id, ((url, words, day, tags, row), (_, fp)) in enumerate(zip(kept, entries[first:end],
                                                                                strict=True), first):
                state.docs[url] = DocState(doc_id, fp, words, day, tags)
                rows[doc_id] = row
                totals = [a + b for a, b in zip(totals, whoosh_index.field_lengths(words), strict=True)]
        state.next_id = state.doc_count_all = state.base_count = len(entries)
        state.base = {url: (d.id, d.fingerprint) for url, d in state.docs.items()}
        # A fresh index has no deleted documents: Whoosh's statistics are exactly these counts
        # (tests/test_search.py compares them with the committed index).
        stats = whoosh_index.Statistics(len(entries), tuple(totals), {}, False)
        by_id = sorted((d.id, d.day) for d in state.docs.values())
        state.days = self._store(docfiles.days_file([day for _, day in by_id]))
        publish.doc_files(self.files_folder, state, set(), rewrite_all=True, rows=rows)
        del rows
        self._lists = (state, publish.write_index(self.files_folder, state, stats, ()))
        self._save(state, compared, now=True)  # a new base: too costly to lose
        return SearchOutput(self.files_folder, state.files, state.manifest, len(state.docs), len(entries), True)

    def _block(self, articles: list[Article], first: int, run: Path) -> whoosh_bulk.Block:
        """A block of a fresh index (in a forked process, see _fresh): its documents analysed and inverted,
        the inversion to be spilled to `run` once Whoosh's segment is written, and what the stage keeps of
        each document (url, words in title and body, day, tag keys, result row)."""
        docs = [search_doc(a, self.tz) for a in articles]
        terms = [doc_fields.analyse(doc) for doc in docs]
        words = [(doc_fields.words(title), doc_fields.words(body)) for title, body in terms]
        # Each document's terms are split and paired as the inversion reaches it, and dropped after.
        postings = compiler.invert((doc_id, *doc_fields.fields(t)) for doc_id, t in enumerate(terms, first))
        del terms
        kept = [(doc.url, w, doc.day, doc.tag_keys, doc_fields.row(doc, self.thumbs.get(doc.url)))
                for doc, w in zip(docs, words, strict=True)]
        return whoosh_bulk.Block([doc_fields.indexed(doc) for doc in docs], postings,
                                 [whoosh_index.field_lengths(w) for w in words], first, first + len(docs), first,
                                 after=partial(spill.write_run, run, postings,
                                               {i: whoosh_index.field_lengths(w) for i, w in enumerate(words, first)}),
                                 extra=kept)

    def _delta(self, state: State, ix: Any, terms: dict[str, tuple[str, str]], outdated: list[str],
               newer: list[str]) -> tuple[whoosh_index.Statistics, tuple[str, ...]]:
        """The statistics of the terms the delta carries, and the names of its files (the delta file first;
        none when there is no delta)."""
        live = [url for url in outdated + newer if url in state.docs]
        state.delta_terms = {url: terms.get(url) or state.delta_terms[url] for url in live}
        by_id = sorted((state.docs[url].id, url) for url in live)
        postings = compiler.invert((doc_id, *doc_fields.fields(state.delta_terms[url])) for doc_id, url in by_id)
        # The terms indexed since the base that no live delta document has: a row with the frequency alone.
        postings.update({term: compiler.Postings([], []) for term in state.refreshed if term not in postings})
        stats = self.frequencies.statistics(ix, postings.keys())
        if not outdated and not live and not postings:
            return stats, ()
        replaced = [state.base[url][0] for url in outdated]
        order = publish.delta_order(state, set(outdated), live)
        lengths = {state.docs[url].id: whoosh_index.field_lengths(state.docs[url].lengths) for url in live}
        head, shards = compiler.delta_files(replaced, postings, stats.doc_frequency, order, lengths)
        return stats, (self._store(head), *(self._store(shard) for shard in shards))

    # --- files ------------------------------------------------------------------------------------

    def _store(self, file: compiler.CompiledFile) -> str:
        return publish.store(self.files_folder, file) or ""


def _blocks(count: int, jobs: int = 1) -> list[tuple[int, int]]:
    """Nearly equal document ranges of at most BLOCK: one Whoosh segment each, none of them small.

    As many as a multiple of `jobs` where that leaves no block under whoosh_index.SMALL_SEGMENT, so that
    every process works to the end: 1,000 articles on two cores were one block (one core idle for the
    whole stage), 10,000 were five (the fifth alone); now two and six."""
    parts = max(1, -(-count // BLOCK))
    for rounded in range(-(-parts // jobs) * jobs, parts, -1):
        if count // rounded >= whoosh_index.SMALL_SEGMENT:
            parts = rounded
            break
    return [(count * k // parts, count * (k + 1) // parts) for k in range(parts)]


def _doc_id(state: State, url: str, old: DocState | None) -> int:
    """The id of a document indexed again: its own; for an article deleted and then restored, its base id
    (the term shards still hold it under that id: with a new id it was in no posting list, in no result)."""
    return old.id if old else state.base[url][0] if url in state.base else _new_id(state)


def _new_id(state: State) -> int:
    state.next_id += 1
    return state.next_id - 1


def reset(cache: Path) -> None:
    """Forget the search index (the next build makes it anew)."""
    shutil.rmtree(cache / "search", ignore_errors=True)
