"""Is the output already built from exactly these inputs? The up-to-date check of `tintuc build`.

A build's output is a function of its inputs: tintuc itself, the configuration (with the command line's
changes), the files under content/, the theme's folders and the project's static/, and time (the day,
for the dates pages show, and the moment a scheduled article goes live). After a successful build the
stamp records a digest of them: every file's path, size and modification time (what the read cache
already trusts per file), as make and every build tool's up-to-date check do. A new `tintuc build`
whose inputs give the same digest, whose output is intact (each file's size and time as written:
Manifest.damaged; no staging folder beside it), whose cache is as the build left it (a damaged or
planted cache file is for a build to find and set aside) and before the next scheduled article's
moment has nothing to do: it reports the
last build's figures and warnings without reading, modelling or planning 100,000 articles again
(measured: 25.6 s for a no-change build at 100,000 articles, nearly all of it that work).

The stamp only ever says "nothing to do"; anything it cannot vouch for (no stamp, a damaged one, a
different digest) is a full build, which is always correct.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import __version__
from .cache import decode_problem, encode_problem
from .cachefiles import CacheInvalid, load_json, save_json
from .config import Config
from .errors import Problem
from .lock import LOCK_NAME
from .output import PREVIEW
from .theme import theme_folders
from .written import record_folder

PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Stamp:
    inputs: str  # inputs_digest() when the build started
    cache: str  # cache_digest() when it finished: a cache file changed since (damaged, planted) means a build
    until: str | None  # ISO moment of the next scheduled article going live, if any
    articles: int
    pages: int
    held: int
    warnings: tuple[Problem, ...]


def _stamp_file(config: Config) -> Path:
    """Beside the output's record (written.record_folder): the dev server's builds into its preview
    folder neither use nor void the stamp of public/."""
    return record_folder(config.paths.cache, config.paths.output) / "stamp.json"


def _walk(folder: Path, digest: Any, skip: frozenset[str] = frozenset({"__pycache__"})) -> None:
    """Every entry under `folder` (links not followed), in name order: path, kind, size, modification time;
    entries named in `skip` left out (Python's own __pycache__, rewritten as modules are compiled)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        digest.update(f"\0{folder}\0missing".encode())
        return
    for entry in entries:
        if entry.name in skip:
            continue
        try:
            stat = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        digest.update(f"\0{entry.path}\0{stat.st_mode}\0{stat.st_size}\0{stat.st_mtime_ns}".encode("utf-8",
                                                                                                   "surrogateescape"))
        if entry.is_dir(follow_symlinks=False):
            _walk(Path(entry.path), digest, skip)


def inputs_digest(config: Config, now: datetime) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}\0{config!r}\0{now.astimezone(config.timezone).date()}".encode())
    for folder in (PACKAGE, config.paths.content, *theme_folders(config), config.root / "static"):
        _walk(folder, digest)
    return digest.hexdigest()


def cache_digest(config: Config) -> str:
    """The build cache as files (not the stamp itself, nor the lock every build touches)."""
    digest = hashlib.blake2b(digest_size=16)
    # The dev server's preview (its pages and their record) is another output, not part of the cache.
    _walk(config.paths.cache, digest, frozenset({"__pycache__", _stamp_file(config).name, LOCK_NAME, PREVIEW}))
    return digest.hexdigest()


def load(config: Config) -> Stamp | None:
    data = load_json(_stamp_file(config), [])
    try:
        return Stamp(str(data["inputs"]), str(data["cache"]), data["until"], int(data["articles"]), int(data["pages"]),
                     int(data["held"]), tuple(decode_problem(row) for row in data["warnings"]))
    except (TypeError, KeyError, ValueError, AttributeError, IndexError, CacheInvalid):
        return None


def save(config: Config, stamp: Stamp) -> None:
    save_json(_stamp_file(config), {"inputs": stamp.inputs, "cache": stamp.cache, "until": stamp.until,
                                    "articles": stamp.articles, "pages": stamp.pages, "held": stamp.held,
                                    "warnings": [encode_problem(p) for p in stamp.warnings]})


def forget(config: Config) -> None:
    _stamp_file(config).unlink(missing_ok=True)


def in_time(stamp: Stamp, now: datetime) -> bool:
    """Whether no scheduled article has gone live since the stamp was made (the day is in the digest)."""
    return stamp.until is None or now < datetime.fromisoformat(stamp.until)
