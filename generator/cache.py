"""The build cache, kept outside the published output: parsed articles, their HTML, the last manifest.

Articles are stored as rows of plain values (unpickling frozen dataclasses, paths and time zones
costs three times as much) in a base file plus a journal of the rows changed since (journal.py), and
article bodies separately in SQLite, so a rebuild loads only the bodies of the pages it actually
renders again. The file helpers (atomic writes, damaged files as warnings) are in cachefiles.py.

Nothing here is pickled. CI restores this folder from a shared cache key, so whoever can write that
cache could run code in every build that unpickles it; JSON and SQLite rows load as data only. And
nothing read back is trusted blindly: a file that does not parse, or holds values of the wrong
type, is "cache invalid" (a one-line warning, then that part is rebuilt), never a failed build.
"""

from __future__ import annotations

import base64
import dataclasses
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from . import __version__
from .cachefiles import CACHE_ERRORS, CacheInvalid, cache_warning, check, safe_relative
from .dates import Published
from .errors import BuildFailed, Problem, Severity
from .journal import RowLog
from .markdown_render import sanitise
from .model import Article, TagLink

_FIELDS = [f.name for f in dataclasses.fields(Article)]
_SOURCE, _DATE, _UPDATED, _TERMS, _BODY, _IMAGES, _EXTRA, _ALIASES, _ATTACHMENTS = (
    _FIELDS.index(n) for n in ("source", "date", "updated", "terms", "body_html", "images", "extra_items", "aliases",
                               "attachments"))
_ROW_FORMAT = 3  # the layout of a cached article row; part of the cache key (2: taxonomies, aliases; 3: attachments)
# The type of every other field of a cached row, checked on load: a row of the wrong shape must
# not reach the templates.
_TYPES: dict[int, tuple[type, ...]] = {
    _FIELDS.index(name): kinds for name, kinds in {
        "rel": (str,), "kind": (str,), "title": (str,), "slug": (str,), "path": (str,), "summary": (str,),
        "image_alt": (str,), "body_html": (str,), "content_hash": (str,), "author": (str, type(None)),
        "image_href": (str, type(None)), "image_caption": (str, type(None)), "source_url": (str, type(None)),
        "draft": (bool,), "url_line": (int,), "weight": (int,), "aliases_line": (int, type(None)),
        "featured": (bool,)}.items()}

def _encode_value(value: Any) -> Any:
    """A front-matter value as JSON; what JSON lacks (tuples, dates, non-text keys) is tagged."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [_encode_value(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [_encode_value(v) for v in value]}
    if isinstance(value, dict):
        return {"$dict": [[_encode_value(k), _encode_value(v)] for k, v in value.items()]}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (set, frozenset)):
        return {"$set": [_encode_value(v) for v in value]}
    raise TypeError(f"cannot cache a {type(value).__name__}")


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "$tuple": lambda v: tuple(_decode_value(x) for x in v),
    "$dict": lambda v: {_decode_value(k): _decode_value(x) for k, x in v},
    "$datetime": datetime.fromisoformat,
    "$date": date.fromisoformat,
    "$bytes": lambda v: base64.b64decode(v, validate=True),
    "$set": lambda v: {_decode_value(x) for x in v},
}


def _decode_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode_value(v) for v in value]
    if isinstance(value, dict):
        check(len(value) == 1, "a tagged value with several keys")
        ((tag, inner),) = value.items()
        return _DECODERS[tag](inner)
    return value


@dataclass(frozen=True, slots=True)
class CachedRead:
    """A file as last read: trusted again while its size and modification time match."""

    mtime_ns: int
    size: int
    article: Article  # its body_html may be '' until hydrated from the body store
    warnings: tuple[Problem, ...]


def _stamp(value: Published | None) -> list[Any] | None:
    return None if value is None else [value.moment.timestamp(), value.has_time]


def _encode(article: Article) -> list[Any]:
    row = [getattr(article, name) for name in _FIELDS]
    row[_SOURCE] = str(article.source)
    row[_DATE], row[_UPDATED] = _stamp(article.date), _stamp(article.updated)
    row[_TERMS] = [[taxonomy, [[t.name, t.key] for t in links]] for taxonomy, links in article.terms]
    row[_ALIASES] = list(article.aliases)
    row[_BODY] = ""
    row[_IMAGES] = list(article.images)
    row[_ATTACHMENTS] = [list(pair) for pair in article.attachments]
    row[_EXTRA] = [[key, _encode_value(value)] for key, value in article.extra_items]
    return row


def _published(value: Any, tz: tzinfo) -> Published | None:
    if value is None:
        return None
    stamp, has_time = value
    check(isinstance(stamp, (int, float)) and isinstance(has_time, bool), "a date")
    return Published(datetime.fromtimestamp(stamp, tz), has_time)


_CHECKED = tuple(_TYPES.items())
_PATH = _FIELDS.index("path")


def _decode(row: Any, tz: tzinfo) -> Article:
    # Runs for every cached article on every build: plain loops, check() only to report a failure.
    check(isinstance(row, list) and len(row) == len(_FIELDS), "an article row")
    for at, kinds in _CHECKED:
        if not isinstance(row[at], kinds):
            check(False, _FIELDS[at])
    values = list(row)
    if not safe_relative(values[_PATH], folder=True):
        check(False, "path")
    check(isinstance(values[_SOURCE], str), "source")
    values[_SOURCE] = Path(values[_SOURCE])
    values[_DATE], values[_UPDATED] = _published(values[_DATE], tz), _published(values[_UPDATED], tz)
    terms = []
    for taxonomy, links in values[_TERMS]:
        check(isinstance(taxonomy, str) and isinstance(links, list), "terms")
        found = []
        for name, key in links:
            if not (isinstance(name, str) and isinstance(key, str)):
                check(False, "terms")
            found.append(TagLink(name, key))
        terms.append((taxonomy, tuple(found)))
    values[_TERMS] = tuple(terms)
    check(isinstance(values[_ALIASES], list) and all(isinstance(a, str) and safe_relative(a.rstrip("/"))
                                                     for a in values[_ALIASES]), "aliases")
    values[_ALIASES] = tuple(values[_ALIASES])
    values[_IMAGES] = tuple(values[_IMAGES])
    for image in values[_IMAGES]:
        if not isinstance(image, str):
            check(False, "images")
    attachments = values[_ATTACHMENTS]
    # Each a pair of strings, its file among the files the article copies (those are checked on reuse).
    check(isinstance(attachments, list) and all(
        isinstance(a, list) and len(a) == 2 and isinstance(a[0], str) and isinstance(a[1], str)
        and a[0] in values[_IMAGES] for a in attachments), "attachments")
    values[_ATTACHMENTS] = tuple((file, title) for file, title in attachments)
    if values[_EXTRA]:
        values[_EXTRA] = tuple((key, _decode_value(value)) for key, value in values[_EXTRA])
        check(all(isinstance(key, str) for key, _ in values[_EXTRA]), "extra fields")
    else:
        values[_EXTRA] = ()
    return Article(*values)


def encode_problem(problem: Problem) -> list[Any]:
    return [str(problem.path), problem.line, problem.message, problem.hint, problem.severity.value]


def decode_problem(row: Any) -> Problem:
    path, line, message, hint, severity = row
    check(isinstance(path, str) and isinstance(line, (int, type(None))) and isinstance(message, str)
          and isinstance(hint, str), "a warning")
    return Problem(Path(path), line, message, hint, Severity(severity))


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

    def hashes(self) -> set[str]:
        """Every hash stored; raises sqlite3.Error if the file is not a usable database."""
        return {h for (h,) in self._connect().execute("SELECT hash FROM bodies")}

    def reset(self) -> None:
        """Start again from an empty store (the file was damaged)."""
        self.close()
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.file}{suffix}").unlink(missing_ok=True)

    def put(self, items: Iterable[tuple[str, str]]) -> None:
        db = self._connect()
        with db:
            db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)", items)

    def get(self, hashes: Iterable[str]) -> dict[str, str]:
        """The bodies found; a damaged store finds nothing (the caller reads the sources again)."""
        wanted = sorted(set(hashes))
        found: dict[str, str] = {}
        try:
            db = self._connect()
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(db.execute(f"SELECT hash, html FROM bodies WHERE hash IN ({marks})", chunk))
        except sqlite3.Error:
            return {}
        return {h: html for h, html in found.items() if isinstance(html, str)}

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


# Reads a source file again when its body is missing from the store: the body, or None if the file
# no longer gives the same content (see reading.reread).
Reread = Callable[[Article], str | None]


class ReadCache:
    """Parsed articles by path under content/, valid for one set of read settings."""

    def __init__(self, folder: Path, settings_fingerprint: str, tz: tzinfo) -> None:
        self.file = folder / "articles.json"
        self.bodies = BodyStore(folder / "bodies.sqlite")
        self.key = [__version__, _ROW_FORMAT, settings_fingerprint]
        # Base + journal (journal.py): a build that read one file again appends its row instead of
        # encoding and writing 100,000 (7 s at 100,000 articles).
        self._log = RowLog(self.file, {"key": self.key})
        self.tz = tz
        self.entries: dict[str, CachedRead] = {}
        self._dirty: set[str] = set()  # entries new or changed since the last save (or load)
        self._gone: set[str] = set()  # and entries dropped since
        self.warnings: list[Problem] = []  # damaged cache files found (and set aside) since last asked
        self.reread: Reread | None = None
        self._loaded = False
        self._stored: set[str] = set()  # hashes of the bodies this process put into the store
        (folder / "articles.pickle").unlink(missing_ok=True)  # an older tintuc's: never read

    def load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            stored = self.bodies.hashes()
        except sqlite3.Error as exc:
            self.warnings.append(cache_warning(self.bodies.file, str(exc)))
            self.bodies.reset()
            return  # without bodies, every file is read again
        rows = self._log.load(self.warnings)  # None: none, or another version or other read settings
        if rows is None:
            return
        try:
            entries = {}
            for rel, (mtime_ns, size, row, warnings) in rows.items():
                check(isinstance(mtime_ns, int) and isinstance(size, int) and isinstance(warnings, list), rel)
                entries[rel] = CachedRead(mtime_ns, size, _decode(row, self.tz),
                                          tuple(decode_problem(w) for w in warnings))
        except (*CACHE_ERRORS, CacheInvalid) as exc:
            self.warnings.append(cache_warning(self.file, f"{type(exc).__name__}: {exc}"[:120]))
            return
        # Never render from a cache miss: a file whose body is not in the store is read again.
        self.entries = {rel: e for rel, e in entries.items() if e.article.content_hash in stored}
        self._gone = entries.keys() - self.entries.keys()

    def store(self, articles: Sequence[Article]) -> list[Article]:
        """Put the bodies of articles just read into the store (an empty body too: it is found there);
        the articles without them, hydrated where needed (hydrate)."""
        self.bodies.put((a.content_hash, a.body_html) for a in articles)
        self._stored.update(a.content_hash for a in articles)
        return [dataclasses.replace(a, body_html="") if a.body_html else a for a in articles]

    def update(self, entries: dict[str, CachedRead], new: list[Article], resave: Iterable[str] = ()) -> None:
        """The entries now read; `new`: those read (not from the cache) in this build, already stored;
        `resave`: cached entries changed without a new read (a file moved or touched: reading.py)."""
        # The others are the entries loaded, unchanged (no scan: an edit's hot path).
        dirty = {a.rel for a in new} | set(resave)
        self._gone = (self._gone | (self.entries.keys() - entries.keys())) - dirty
        self._dirty = (self._dirty - self._gone) | dirty
        self.entries = entries

    def save(self) -> None:
        if not self._dirty and not self._gone and self.file.exists():
            return
        changed = self._rows(sorted(self._dirty))
        gone = self._gone | (self._dirty - changed.keys())
        self._log.save(changed, gone, len(self.entries), lambda: self._rows(self.entries))
        self.bodies.keep_only({e.article.content_hash for e in self.entries.values()})
        self._dirty, self._gone = set(), set()

    def _rows(self, names: Iterable[str]) -> dict[str, list[Any]]:
        rows = {}
        for rel in names:
            e = self.entries[rel]
            try:
                rows[rel] = [e.mtime_ns, e.size, _encode(e.article), [encode_problem(w) for w in e.warnings]]
            except TypeError:
                continue  # a front-matter value JSON cannot hold: this file is read again next time
        return rows

    def hydrate(self, articles: Iterable[Article]) -> dict[str, Article]:
        """Articles by path with their HTML bodies loaded; a body missing from the store is read again."""
        articles = list(articles)
        missing = [a.content_hash for a in articles if not a.body_html]
        bodies = self.bodies.get(missing) if missing else {}
        found: dict[str, Article] = {}
        for a in articles:
            if not a.body_html:
                body = bodies.get(a.content_hash)
                # The store is as trustworthy as CI's shared cache: bodies pass the sanitiser again, but
                # for those this process rendered (and sanitised) and stored itself.
                if body is None:
                    body = self._reread(a)
                elif a.content_hash not in self._stored:
                    body = sanitise(body)
                a = dataclasses.replace(a, body_html=body)
            found[a.path] = a
        return found

    def _reread(self, article: Article) -> str:
        body = self.reread(article) if self.reread else None
        if body is None:
            raise BuildFailed([Problem(article.source, None, "changed or removed while the site was being built",
                                       "build again")])
        self.bodies.put([(article.content_hash, body)])
        return body
