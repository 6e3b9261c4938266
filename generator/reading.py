"""Stage 1, read: every file under content/ as an Article, unchanged files from the read cache.

Files not in the cache (or changed: size or modification time) are read and rendered over the cores;
their bodies go into the cache's body store as they arrive and the articles are kept without them
(hydrated where needed, a block at a time: held at once, 100,000 bodies took 1.9 GB of the build's
process, and every worker forked after it inherits that).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .cache import CachedRead, ReadCache
from .content import ReadSettings, content_hash, read_article
from .errors import BuildFailed, Problem
from .markdown_render import make_markdown
from .model import Article
from .parallel import run_each
from .sources import ImageGuard, UnreadableFile, discover, read_source, rediscover

STORE_BATCH = 500  # bodies put into the store per SQLite transaction


@dataclass(frozen=True, slots=True)
class ReadResult:
    articles: list[Article]  # every readable file, without its body (ReadCache.hydrate)
    problems: list[Problem]
    changes: list[tuple[Article | None, Article]]  # (before, after) of the files read again
    removed: list[str]  # files gone since the last build
    found: Found  # what discovery found (files, problems): where a watcher's next changes start from


# sources.discover's answer: the content files (path under content/, full path, status), and the problems.
Found = tuple[list[tuple[str, str, os.stat_result]], list[Problem]]


def _moved(hit: CachedRead, source: Path) -> CachedRead:
    """A cached read of a file now at `source`: the article and its warnings name it there."""
    old = hit.article.source
    warnings = tuple(dataclasses.replace(w, path=source) if w.path == old else w for w in hit.warnings)
    return dataclasses.replace(hit, article=dataclasses.replace(hit.article, source=source), warnings=warnings)


def _same_bytes(hit: CachedRead, full: str) -> CachedRead | None:
    """`hit` with the file's modification time now, if the file still holds the bytes it was read from."""
    try:
        raw, stat = read_source(Path(full))
    except UnreadableFile:
        return None  # read_one reports it
    if stat.st_size != hit.size or content_hash(raw) != hit.article.content_hash:
        return None
    return dataclasses.replace(hit, mtime_ns=stat.st_mtime_ns)


def read_all(content_dir: Path, settings: ReadSettings, read_cache: ReadCache, *, jobs: int,
             progress: bool, changed: Collection[str] | None = None, previous: Found | None = None) -> ReadResult:
    """`changed`, `previous`: the paths a watcher saw change since the read that found `previous` (the
    dev server); the other files are then taken as they were, without a walk of content/ or a stat."""
    if not content_dir.is_dir():
        raise BuildFailed([Problem(content_dir, None, "the content folder does not exist",
                                   "create it and add articles, or set 'paths: {content: …}'")])
    read_cache.load()
    cached = read_cache.entries
    fresh: dict[str, CachedRead] = {}
    articles: list[Article] = []
    problems: list[Problem] = []
    to_read: list[Path] = []
    known = rediscover(content_dir, *previous, changed) if changed is not None and previous is not None else None
    # Only an image's change makes a cached article's images worth checking again (rediscover walks for it).
    root = os.path.abspath(content_dir)
    recheck = None if known is None else {os.path.join(str(content_dir), os.path.relpath(os.path.abspath(p), root))
                                          for p in changed or ()}
    found_files, refused = known or discover(content_dir)  # special files, links leaving content/
    problems += refused
    images = ImageGuard(content_dir)
    resave: list[str] = []  # cached rows to save again: re-rooted (_moved) or re-timed (_same_bytes)
    for rel, full, stat in found_files:
        hit = cached.get(rel)
        if hit and str(hit.article.source) != full:
            # The site's folder moved since (a copy, or a CI cache restored into another checkout): the row
            # speaks of the old place, where its images, documents and messages must not be looked for.
            hit = _moved(hit, Path(full))
            resave.append(rel)
        if hit and hit.size == stat.st_size and hit.mtime_ns != stat.st_mtime_ns:
            # Touched, maybe not changed: a fresh checkout (CI) gives every file a new time. The same bytes
            # are the same article: hashing them costs ~1/30 of parsing them again.
            hit = _same_bytes(hit, full)
            if hit is not None:
                resave.append(rel)
        # An unchanged article is read again if an image beside it changed into something unsafe.
        if hit and hit.mtime_ns == stat.st_mtime_ns and hit.size == stat.st_size \
                and (recheck is not None and full not in recheck or images.safe(hit.article)):
            fresh[rel] = hit
            articles.append(hit.article)
            problems.extend(hit.warnings)
        else:
            to_read.append(Path(full))

    def read_one(path: Path) -> tuple[int, int, Article | None, list[Problem]]:
        try:
            raw, stat = read_source(path)  # never blocks on a pipe; unreadable is a problem, not a crash
        except UnreadableFile as unreadable:
            return 0, 0, None, [unreadable.problem(path)]
        article, found = read_article(path, raw, content_dir, settings, _markdown(settings))
        return stat.st_mtime_ns, stat.st_size, article, found

    new: list[Article] = []
    changes: list[tuple[Article | None, Article]] = []
    batch: list[tuple[int, int, Article, list[Problem]]] = []

    def put_away() -> None:
        for (mtime_ns, size, _, found), article in zip(batch, read_cache.store([a for *_, a, _ in batch]),
                                                       strict=True):
            new.append(article)
            fresh[article.rel] = CachedRead(mtime_ns, size, article, tuple(p for p in found if not p.is_error))
            before = cached.get(article.rel)
            changes.append((before.article if before else None, article))
        batch.clear()

    for mtime_ns, size, article, found in run_each(to_read, read_one, jobs=jobs, label="đọc bài",
                                                   progress=progress):
        problems.extend(found)
        if article is not None:
            batch.append((mtime_ns, size, article, found))
            if len(batch) >= STORE_BATCH:
                put_away()
    put_away()
    removed = [rel for rel in cached if rel not in fresh]
    read_cache.update(fresh, new, resave)
    return ReadResult(articles + new, problems, changes, removed, (found_files, refused))


def reread(content_dir: Path, settings: ReadSettings, article: Article) -> str | None:
    """The HTML body of `article`, read again from its file; None if the file changed since."""
    try:
        raw, _ = read_source(article.source)
    except UnreadableFile:
        return None
    again, _ = read_article(article.source, raw, content_dir, settings, _markdown(settings))
    return again.body_html if again is not None and again.content_hash == article.content_hash else None


# One Markdown converter per process and language, built on first use (it is costly to set up).
_MARKDOWN: dict[tuple[str, frozenset[str], tuple[str, ...]], object] = {}


def _markdown(settings: ReadSettings):  # type: ignore[no-untyped-def]
    key = (settings.language, settings.reserved_ids, settings.embeds)
    if key not in _MARKDOWN:
        _MARKDOWN[key] = make_markdown(settings.language, reserved_ids=settings.reserved_ids, embeds=settings.embeds)
    return _MARKDOWN[key]
