"""The build cache, kept outside the published output: parsed articles, their HTML, the last manifest.

Articles are stored as rows of plain values (unpickling frozen dataclasses, paths and time zones
costs three times as much), and article bodies separately in SQLite, so a rebuild loads only the
bodies of the pages it actually renders again.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from generator import __version__
from generator.dates import Published
from generator.errors import Problem
from generator.model import Article, TagLink

_FIELDS = [f.name for f in dataclasses.fields(Article)]
_SOURCE, _DATE, _UPDATED, _TAGS, _BODY = (_FIELDS.index(n) for n in ("source", "date", "updated", "tags", "body_html"))


def write_atomically(path: Path, data: bytes) -> None:
    """Replace a cache file in one step, so a stopped build never leaves half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def load_pickle(path: Path) -> Any:
    """A pickled cache value, or None if it is missing or unreadable."""
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        return None


def save_pickle(path: Path, value: object) -> None:
    write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


@dataclass(frozen=True, slots=True)
class CachedRead:
    """A file as last read: trusted again while its size and modification time match."""

    mtime_ns: int
    size: int
    article: Article  # its body_html may be '' until hydrated from the body store
    warnings: tuple[Problem, ...]


def _stamp(value: Published | None) -> tuple[float, bool] | None:
    return None if value is None else (value.moment.timestamp(), value.has_time)


def _encode(article: Article) -> tuple[Any, ...]:
    row = [getattr(article, name) for name in _FIELDS]
    row[_SOURCE] = str(article.source)
    row[_DATE], row[_UPDATED] = _stamp(article.date), _stamp(article.updated)
    row[_TAGS] = tuple((t.name, t.key) for t in article.tags)
    row[_BODY] = ""
    return tuple(row)


def _decode(row: tuple[Any, ...], tz: tzinfo) -> Article:
    values = list(row)
    values[_SOURCE] = Path(values[_SOURCE])
    for at in (_DATE, _UPDATED):
        if values[at] is not None:
            stamp, has_time = values[at]
            values[at] = Published(datetime.fromtimestamp(stamp, tz), has_time)
    values[_TAGS] = tuple(TagLink(name, key) for name, key in values[_TAGS])
    return Article(*values)


class BodyStore:
    """Article HTML by content hash, in one SQLite file."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            # Builds never overlap, but the dev server runs them on its own thread.
            self._db = sqlite3.connect(self.file, check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS bodies (hash TEXT PRIMARY KEY, html TEXT NOT NULL)")
        return self._db

    def put(self, items: Iterable[tuple[str, str]]) -> None:
        db = self._connect()
        with db:
            db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)", items)

    def get(self, hashes: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(hashes))
        found: dict[str, str] = {}
        db = self._connect()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(db.execute(f"SELECT hash, html FROM bodies WHERE hash IN ({marks})", chunk))
        return found

    def keep_only(self, live: set[str]) -> None:
        """Drop bodies of articles that no longer exist, once they are a noticeable share."""
        db = self._connect()
        (total,) = db.execute("SELECT COUNT(*) FROM bodies").fetchone()
        if total > len(live) * 1.2 + 100:
            with db:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS live (hash TEXT PRIMARY KEY)")
                db.execute("DELETE FROM live")
                db.executemany("INSERT INTO live VALUES (?)", ((h,) for h in live))
                db.execute("DELETE FROM bodies WHERE hash NOT IN (SELECT hash FROM live)")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class ReadCache:
    """Parsed articles by path under content/, valid for one set of read settings."""

    def __init__(self, folder: Path, settings_fingerprint: str, tz: tzinfo) -> None:
        self.file = folder / "articles.pickle"
        self.bodies = BodyStore(folder / "bodies.sqlite")
        self.key = (__version__, settings_fingerprint)
        self.tz = tz
        self.entries: dict[str, CachedRead] = {}
        self.changed = False
        self._loaded = False

    def load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            with self.file.open("rb") as handle:
                key, rows = pickle.load(handle)
            if key != self.key:
                return  # another version or other read settings: read everything again
            self.entries = {rel: CachedRead(mtime_ns, size, _decode(row, self.tz), warnings)
                            for rel, (mtime_ns, size, row, warnings) in rows.items()}
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError):
            self.entries = {}

    def update(self, entries: dict[str, CachedRead], new: list[Article]) -> None:
        self.changed = self.changed or bool(new) or entries.keys() != self.entries.keys()
        self.entries = entries
        if new:
            self.bodies.put((a.content_hash, a.body_html) for a in new)

    def save(self) -> None:
        if not self.changed and self.file.exists():
            return
        rows = {rel: (e.mtime_ns, e.size, _encode(e.article), e.warnings) for rel, e in self.entries.items()}
        save_pickle(self.file, (self.key, rows))
        self.bodies.keep_only({e.article.content_hash for e in self.entries.values()})
        self.changed = False

    def hydrate(self, articles: Iterable[Article]) -> dict[str, Article]:
        """Articles by path with their HTML bodies loaded."""
        articles = list(articles)
        missing = [a.content_hash for a in articles if not a.body_html]
        bodies = self.bodies.get(missing) if missing else {}
        return {a.path: a if a.body_html or a.content_hash not in bodies
                else dataclasses.replace(a, body_html=bodies[a.content_hash]) for a in articles}


class Manifest:
    """Fingerprint of every file in the last committed output, to know which ones can be reused."""

    def __init__(self, folder: Path, output: Path) -> None:
        self.file = folder / "manifest.json"
        self.output = str(output.resolve())
        self.fingerprints: dict[str, str] = {}
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if data.get("output") == self.output and data.get("version") == __version__:
                self.fingerprints = data["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass

    def save(self, fingerprints: dict[str, str]) -> None:
        data = {"output": self.output, "version": __version__, "files": fingerprints}
        write_atomically(self.file, json.dumps(data, sort_keys=True).encode("utf-8"))
        self.fingerprints = fingerprints
