"""Writing the compiled files of the search stage (stage.py) into its cache folder, and forgetting the old.

Every file is named by a hash of its bytes (compiler.named): one already there holds the same bytes and is
not written again, so an edit writes only the files whose content changed: its display shard, display
directory and id chunk, the delta, the tag lists if its topics changed, and the manifest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cachefiles import CacheInvalid, check, write_atomically
from ..search import compiler, docfiles, whoosh_index
from ..search.documents import OrderKey, order_key
from ..search.state import DocState, State, row_ok


def store(folder: Path, file: compiler.CompiledFile | None) -> str | None:
    """Write `file` unless it is there already; its name (None for no file)."""
    if file is None:
        return None
    path = folder / file.name
    if not path.exists():
        write_atomically(path, file.data)
    return file.name


def _by_id(state: State) -> dict[int, DocState]:
    return {d.id: d for d in state.docs.values()}


def _grow(names: list[str | None], count: int) -> list[str | None]:
    return names + [None] * (count - len(names))


def doc_files(folder: Path, state: State, ids: set[int], rewrite_all: bool,
              rows: Mapping[int, Sequence[Any]]) -> None:
    """The display shards, display directories and id chunks of `ids` (all of them: `rewrite_all`).

    `rows`: the display rows of the documents indexed now (every live one, `rewrite_all`); a shard's other
    rows are read back from the shard written before (the state does not keep them)."""
    size = state.next_id
    docs = _by_id(state)
    per_dir = compiler.DIR_IDS // compiler.DOCS_PER_SHARD
    dirs_per_chunk = compiler.CHUNK // compiler.DIR_IDS
    shards = docfiles.spans(size, compiler.DOCS_PER_SHARD)
    dirs = docfiles.spans(size, compiler.DIR_IDS)
    chunks = docfiles.spans(size, compiler.CHUNK)
    state.doc_shards = _grow(state.doc_shards, len(shards))
    state.doc_dirs = _grow(state.doc_dirs, len(dirs))
    state.chunks = _grow(state.chunks, len(chunks))

    def chosen(span: range, size: int) -> list[int]:
        return list(span) if rewrite_all else sorted({i // size for i in ids})

    for shard in chosen(shards, compiler.DOCS_PER_SHARD):
        first = shard * compiler.DOCS_PER_SHARD
        members = range(first, first + compiler.DOCS_PER_SHARD)
        before = None if all(i in rows or i not in docs for i in members) else _shard_rows(folder, state, shard)
        made = [list(rows[i]) if i in rows else before[i - first] if i in docs and before else None for i in members]
        state.doc_shards[shard] = store(folder, docfiles.doc_shard(made))
    for at in chosen(dirs, compiler.DIR_IDS):
        state.doc_dirs[at] = store(folder, docfiles.display_dir(state.doc_shards[at * per_dir:(at + 1) * per_dir]))
    for at in chosen(chunks, compiler.CHUNK):
        start, stop = at * compiler.CHUNK, min((at + 1) * compiler.CHUNK, size)
        known = {i: docs[i].lengths for i in range(start, stop) if i in docs}
        state.chunks[at] = store(folder, docfiles.chunk_file(
            start, stop, known, state.doc_dirs[at * dirs_per_chunk:(at + 1) * dirs_per_chunk]))


def _shard_rows(folder: Path, state: State, shard: int) -> list[Any]:
    """The rows of display shard `shard` as written before, each checked: CacheInvalid if it is gone or
    unsound (the stage then indexes anew)."""
    name = state.doc_shards[shard]
    try:
        rows = json.loads((folder / name).read_bytes()) if name else None
    except (OSError, ValueError) as exc:
        raise CacheInvalid(f"display shard {name}: {type(exc).__name__}") from exc
    check(isinstance(rows, list) and len(rows) == compiler.DOCS_PER_SHARD
          and all(row is None or row_ok(row) for row in rows), f"display shard {name}")
    return rows


@dataclass(frozen=True, slots=True)
class Lists:
    """What write_index writes that an edit of articles' text leaves as it is: the tag lists (unless a tag or
    a document changed) and the term directories (the base's). A long-lived stage keeps them between edits:
    the tag lists alone cost ~0.13 s per edit at 100,000 articles."""

    tags: str
    dirs: tuple[tuple[str, str], ...]


def write_index(folder: Path, state: State, stats: whoosh_index.Statistics, delta: Sequence[str],
                lists: Lists | None = None) -> Lists:
    """The tag lists and term directories (unless `lists`, kept from the last call on this state, still hold)
    and the manifest; then forget the files nothing refers to any more: those the last call named (given
    `lists`), or every other file in the folder. `delta`: the delta file's name and its shards' (or none)."""
    if lists is None:
        members: dict[str, list[int]] = {}
        for d in state.docs.values():
            for key in d.tags:
                members.setdefault(key, []).append(d.id)
        tags = compiler.tags_file(members)
        store(folder, tags)
        dirs = tuple((key, file.name) for key, file in compiler.term_dirs(state.shards) if store(folder, file))
        made_lists = Lists(tags.name, dirs)
    else:
        made_lists = lists
    made = compiler.manifest(stats, state.next_id, made_lists.tags, state.days, made_lists.dirs,
                             delta[0] if delta else None, state.chunks)
    state.manifest = made.name
    store(folder, made)
    names = {state.manifest, made_lists.tags, state.days, *(n for _, n in made_lists.dirs),
             *(n for s in state.shards for n in s[1:])}
    names |= {n for kind in (state.doc_shards, state.doc_dirs, state.chunks) for n in kind if n}
    names.update(delta)
    before, state.files = state.files, tuple(sorted(n for n in names if n))
    for path in (folder / n for n in before if n not in names) if lists is not None else folder.iterdir():
        if path.name not in names:
            path.unlink(missing_ok=True)
    return made_lists


def delta_order(state: State, outdated: set[str], live: list[str]) -> list[tuple[int, int, int | None]]:
    """docfiles.delta_order of the delta's `live` documents among the live base documents not `outdated`.
    Only ints are sorted and a few keys made: a dev server's edit at 100,000 articles does this each time."""
    urls = {d.id: url for url, d in state.docs.items()}
    base = sorted(i for i, url in urls.items() if i < state.base_count and url not in outdated and url in state.base)

    def key_of(doc_id: int) -> OrderKey:
        return order_key(state.docs[urls[doc_id]].day, urls[doc_id])

    moved = [(order_key(state.docs[url].day, url), state.docs[url].id) for url in live]
    return [(doc_id, place, state.docs[urls[doc_id]].day)
            for doc_id, place in docfiles.delta_order(base, key_of, state.base_count, moved)]
