"""What the search stage keeps between builds (cache/search/state.json) and how it is read back.

Document ids, fingerprints, field lengths, days and the compiled files' names, beside the Whoosh index. Not
the display rows (title, date label, tags, excerpt source, thumbnail: three quarters of the bytes at 100,000
articles): they are in the display shards the stage wrote (publish.doc_files reads a shard's other rows back
when one of its documents changes). JSON, not pickle (see generator/cache.py): every value is checked on
load, and anything unsound makes the index be built anew (SearchStage._load).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cachefiles import CACHE_ERRORS, CacheInvalid, cache_warning, check, load_json, save_json
from ..errors import Problem
from ..search import compiler, whoosh_index

STATE_VERSION = (4, compiler.FORMAT, whoosh_index.SCHEMA_VERSION, whoosh_index.ANALYZER_VERSION)


@dataclass(frozen=True, slots=True)
class DocState:
    id: int
    fingerprint: str
    lengths: tuple[int, int]  # terms in title and body
    day: int | None
    tags: tuple[str, ...]


@dataclass
class State:
    version: tuple[Any, ...] = STATE_VERSION
    docs: dict[str, DocState] = field(default_factory=dict)
    next_id: int = 0
    base: dict[str, tuple[int, str]] = field(default_factory=dict)  # url -> (id, fingerprint) in the base
    delta_terms: dict[str, tuple[str, str]] = field(default_factory=dict)  # url -> analysed title, body
    base_count: int = 0  # ids the base numbered (in the ranking's tie-break order: stage._fresh)
    shards: list[tuple[str, str, str]] = field(default_factory=list)  # (first key, terms, positions)
    doc_shards: list[str | None] = field(default_factory=list)  # display shard of each DOCS_PER_SHARD ids
    doc_dirs: list[str | None] = field(default_factory=list)  # display directory of each DIR_IDS ids
    chunks: list[str | None] = field(default_factory=list)  # id chunk of each CHUNK ids
    days: str = ""  # the base's days (docfiles.days_file)
    doc_count_all: int = 0  # Whoosh's, after the last commit
    manifest: str = ""
    files: tuple[str, ...] = ()
    # (field, term) of every document version indexed since the base: the terms whose Whoosh frequency may
    # differ from the base's (stage.py, _update); the delta carries their frequencies.
    refreshed: set[tuple[int, str]] = field(default_factory=set)


def save_state(path: Path, state: State) -> None:
    docs = {url: [d.id, d.fingerprint, list(d.lengths), d.day, list(d.tags)]
            for url, d in state.docs.items()}
    save_json(path, {"version": list(state.version), "docs": docs, "next_id": state.next_id,
                     "base": {url: list(v) for url, v in state.base.items()},
                     "delta_terms": {url: list(v) for url, v in state.delta_terms.items()},
                     "base_count": state.base_count, "shards": [list(s) for s in state.shards],
                     "doc_shards": state.doc_shards, "doc_dirs": state.doc_dirs, "chunks": state.chunks,
                     "days": state.days,
                     "doc_count_all": state.doc_count_all, "manifest": state.manifest, "files": list(state.files),
                     "refreshed": sorted([f, t] for f, t in state.refreshed)})


def _is(value: Any, kind: type | tuple[type, ...], length: int | None = None) -> bool:
    return isinstance(value, kind) and (length is None or len(value) == length)


def row_ok(row: Any) -> bool:
    """A display row as docfiles.doc_shard writes it: [url, title, date label, tag names, excerpt source,
    thumbnail]."""
    return _is(row, list, 6) and _is(row[3], list) and _thumb_ok(row[5])


def _thumb_ok(value: Any) -> bool:
    """None, or [modern file or None, its MIME type or None, fallback file, width, height]: plain names."""
    if value is None:
        return True
    return (_is(value, list, 5) and all(v is None or (_is(v, str) and _plain_name(v)) for v in value[:3])
            and _is(value[2], str) and all(_is(v, int) and 0 < v < 100_000 for v in value[3:]))


def _plain_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")


def load_state(data: Any) -> State:
    """The saved state, every value checked; raises CacheInvalid (or a CACHE_ERRORS type) if it is unsound."""
    check(isinstance(data, dict), "the layout")
    docs = {}
    for url, (doc_id, fp, lengths, day, tags) in data["docs"].items():
        check(_is(doc_id, int) and _is(fp, str) and _is(lengths, list, 2) and all(_is(n, int) for n in lengths)
              and _is(day, (int, type(None))) and _is(tags, list) and all(_is(t, str) for t in tags), "a document")
        docs[url] = DocState(doc_id, fp, (lengths[0], lengths[1]), day, tuple(tags))
    base = {url: (v[0], v[1]) for url, v in data["base"].items()}
    check(all(_is(i, int) and _is(fp, str) for i, fp in base.values()), "the base")
    delta = {url: (v[0], v[1]) for url, v in data["delta_terms"].items()}
    check(all(_is(t, str) and _is(b, str) for t, b in delta.values()), "the delta")
    shards = [(a, b, c) for a, b, c in data["shards"]]
    check(all(_is(x, str) for shard in shards for x in shard), "the shards")
    doc_shards, doc_dirs, chunks, files = data["doc_shards"], data["doc_dirs"], data["chunks"], data["files"]
    check(all(_is(names, list) and all(_is(n, (str, type(None))) for n in names)
              for names in (doc_shards, doc_dirs, chunks)) and _is(files, list) and all(_is(n, str) for n in files),
          "the file names")
    check(_is(data["next_id"], int) and _is(data["doc_count_all"], int) and _is(data["manifest"], str)
          and _is(data["base_count"], int) and _is(data["days"], str), "counts")
    check(all("/" not in n and not n.startswith(".") for n in files), "the file names")
    refreshed = {(f, t) for f, t in data["refreshed"]}
    check(all(_is(f, int) and 0 <= f < len(whoosh_index.TEXT_FIELDS) and _is(t, str) for f, t in refreshed),
          "the refreshed terms")
    return State(tuple(data["version"]), docs, data["next_id"], base, delta, data["base_count"], shards,
                 doc_shards, doc_dirs, chunks, data["days"], data["doc_count_all"], data["manifest"], tuple(files),
                 refreshed)


class StateStore:
    """state.json, and the State a long-lived stage (the dev server's) keeps in memory between updates.

    The state last saved or kept is taken again, instead of reading state.json anew at every edit (0.6 s at
    30,000 articles), while the file is as it was then (size, mtime). It is taken out while an update runs
    (take): a failed update leaves nothing kept. With `persist` off (the dev server's edits), an update's
    state stays in memory until flush(): writing state.json after every edit cost 3.3 s at 100,000
    articles. A process stopped before flush() leaves a state.json older than the Whoosh index: the next
    update sees that (doc_count_all) and indexes anew.
    """

    def __init__(self, file: Path) -> None:
        self.file = file
        self.persist = True
        self._kept: tuple[State, tuple[int, int]] | None = None
        self._unsaved: State | None = None

    def take(self, warnings: list[Problem]) -> State | None:
        """The state kept, if state.json is as it was then; else the one saved (None: none, or unsound)."""
        kept, self._kept = self._kept, None
        if kept is not None:
            try:
                stat = self.file.stat()
            except OSError:
                stat = None
            if stat is not None and (stat.st_size, stat.st_mtime_ns) == kept[1]:
                return kept[0]
        self.file.with_name("state.pickle").unlink(missing_ok=True)  # an older tintuc's: never read
        data = load_json(self.file, warnings)
        if data is None or (isinstance(data, dict) and data.get("version") != list(STATE_VERSION)):
            return None  # none, or another tintuc's (not a fault, no warning): the index is made anew
        try:
            return load_state(data)
        except (*CACHE_ERRORS, CacheInvalid) as exc:
            warnings.append(cache_warning(self.file, f"{type(exc).__name__}: {exc}"[:120]))
            return None

    def kept(self) -> State | None:
        """The state kept in memory, if any, without taking it."""
        return self._kept[0] if self._kept is not None else None

    def put(self, state: State, now: bool = False) -> None:
        """Save `state` (or keep it in memory only, persist off and not `now`) and keep it for the next take."""
        if self.persist or now:
            save_state(self.file, state)
            self._unsaved = None
        else:
            self._unsaved = state
        self.keep(state)

    def keep(self, state: State) -> None:
        """Keep `state` for the next take while state.json stays as it is now: what it holds, or older."""
        stat = self.file.stat()
        self._kept = (state, (stat.st_size, stat.st_mtime_ns))

    def flush(self) -> State | None:
        """Write the state kept in memory only (persist off), if any; the state written."""
        if self._unsaved is not None and self._kept is not None and self._kept[0] is self._unsaved:
            state = self._unsaved
            self.put(state, now=True)
            return state
        return None

    def forget(self) -> None:
        self._kept = self._unsaved = None
