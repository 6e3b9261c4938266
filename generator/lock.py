"""One tintuc at a time per site: an exclusive lock on a file in the cache folder.

A build recovers what a stopped build left (output.recover) by deleting staging folders; a second
build running at the same time would delete the folder the first one is filling, and publish a site
with pages missing. So build, serve and check hold this lock from before recovery until the
manifest is saved (serve: for its whole life).

`fcntl.flock` locks belong to an open file description, and the kernel drops them when the process
ends however it ends (SIGKILL included), so a stale lock never blocks the next build. Within one
process the lock is shared: the dev server replaces its Builder when the configuration changes, and
tests build one site with several builders in turn; both must not lock themselves out.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from .errors import UsageError

try:
    import fcntl
except ImportError:  # Windows: no flock; builds there are not protected against running twice
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "build.lock"

# Per process: lock file -> (its open descriptor, the holders sharing it).
_HELD: dict[str, tuple[int, set[int]]] = {}
_GUARD = threading.Lock()


class BuildLock:
    """The build lock of one cache folder, taken on behalf of one holder (a Builder)."""

    def __init__(self, cache: Path) -> None:
        self.file = cache / LOCK_NAME
        self.held = False

    def acquire(self) -> None:
        """Take the lock, or raise UsageError naming the process that holds it."""
        if self.held:
            return
        key = str(self.file.absolute())
        with _GUARD:
            if key in _HELD:
                _HELD[key][1].add(id(self))
                self.held = True
                return
            self.file.parent.mkdir(parents=True, exist_ok=True)
            # The cache folder is restored from CI's shared cache: a symlink planted at this name is
            # refused (O_NOFOLLOW), and the file is never truncated, so no other file can be damaged.
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            try:
                fd = os.open(self.file, flags, 0o644)
            except OSError:
                if self.file.is_symlink() or (self.file.exists() and not self.file.is_file()):
                    raise UsageError(f"{self.file} is not a regular file; remove it") from None
                raise
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise UsageError(f"{self.file} is not a regular file; remove it")
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_pid(fd)
                os.close(fd)
                who = f"another tintuc (pid {holder})" if holder else "another tintuc"
                raise UsageError(f"{who} is building or serving this site; wait for it or stop it "
                                 f"(lock: {self.file})") from None
            except BaseException:
                os.close(fd)
                raise
            # The pid is only informative (for the message above): the lock itself is the flock.
            # Padded to a fixed width and never truncated: a shorter pid overwrites a longer one whole.
            os.pwrite(fd, f"{os.getpid():<20}\n".encode(), 0)
            _HELD[key] = (fd, {id(self)})
            self.held = True

    def release(self) -> None:
        if not self.held:
            return
        key = str(self.file.absolute())
        with _GUARD:
            fd, holders = _HELD[key]
            holders.discard(id(self))
            if not holders:
                del _HELD[key]
                os.close(fd)  # closing the last descriptor releases the flock
        self.held = False


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
        return int(text) if text.isdigit() else None
    except (OSError, UnicodeDecodeError):
        return None
