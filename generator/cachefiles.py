"""The build cache's files as files: written in one step, read back as data that may be damaged.

CI restores the cache folder from a shared cache key, so whoever can write that cache chooses these
files' bytes: they are parsed as data only (JSON, SQLite rows; never pickled), and a file that does not
parse or holds values of the wrong type is "cache invalid" (a one-line warning, then that part is
rebuilt), never a failed build. Names read back are checked before they are joined to a folder.
"""

from __future__ import annotations

import json
import os
import posixpath
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from .errors import Problem, Severity

# Errors a damaged cache file raises while it is parsed and checked.
CACHE_ERRORS = (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, sqlite3.Error)


class CacheInvalid(Exception):
    """A cache file that cannot be trusted: the caller rebuilds what it held."""


def cache_warning(path: Path, detail: str) -> Problem:
    """The one-line warning for a cache file that was damaged and is rebuilt."""
    return Problem(path, None, f"the build cache was unreadable ({detail}); rebuilding it",
                   severity=Severity.WARNING)


_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once, at import: os.umask can only be read by setting it


def ordinary_mode(fd: int) -> None:
    """Give a file made by mkstemp (0600) the mode of an ordinary new file (0666 less the umask)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o666 & ~_UMASK)


def safe_relative(name: str, folder: bool = False) -> bool:
    """Whether `name`, read from the cache, is a plain relative POSIX path that stays inside its folder.

    No empty, '.' or '..' part, no backslash or NUL, not absolute, and unchanged by normpath. With
    `folder` (an article's path), one trailing '/' is allowed.
    """
    if not isinstance(name, str):
        return False
    if folder and name.endswith("/"):
        name = name[:-1]
    if not name or "\\" in name or "\0" in name or name.startswith("/"):
        return False
    if any(part in ("", ".", "..") for part in name.split("/")):
        return False
    return posixpath.normpath(name) == name


def write_atomically(path: Path, data: bytes) -> None:
    """Replace a cache file in one step, so a stopped build never leaves half of one.

    The temporary file is a new one (mkstemp: O_EXCL), never a name planted in the shared cache
    beforehand, so a symlink there is not followed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        ordinary_mode(fd)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def load_json(path: Path, warnings: list[Problem]) -> Any:
    """A JSON cache file, or None if it is missing; unreadable ones add a warning and give None."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        warnings.append(cache_warning(path, exc.strerror or str(exc)))
        return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        warnings.append(cache_warning(path, f"not JSON: {exc}"[:120]))
        return None


def save_json(path: Path, value: object) -> None:
    write_atomically(path, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def check(condition: bool, what: str) -> None:
    """Raise CacheInvalid unless `condition`: for type checks of values read back from the cache."""
    if not condition:
        raise CacheInvalid(what)
