"""Finding content files and opening them safely: nothing from outside content/ is read or published.

Discovery opens nothing: pipes, devices, broken or looping symlinks and links that lead out of
content/ come back as problems naming the file. `read_source` opens a file so that it cannot hang
(non-blocking, checked on the open descriptor) and refuses what no article can be. Every local file
an article uses (its images) must resolve, symlinks followed, to a regular file inside content/.
"""

from __future__ import annotations

import bisect
import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from .errors import Problem
from .model import Article

CONTENT_SUFFIXES = (".md", ".txt")

# Ten times the longest article of the archives we know (~1 MB); a larger file is a mistake (a
# video renamed .md) and would only exhaust memory or hold the build for minutes in Markdown.
MAX_FILE_BYTES = 10 * 1024 * 1024
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
_NOT_REGULAR_HINT = "content/ may hold only ordinary files: remove it, or replace it with the file itself"


class UnreadableFile(Exception):
    """A content file that cannot be read: why, and what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint

    def problem(self, path: Path) -> Problem:
        return Problem(path, None, self.message, self.hint)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not an ordinary file")


def regular_file_problem(path: Path) -> str | None:
    """Why `path` (symlinks followed) cannot be read as a file, or None: for callers about to open it.

    Opening a named pipe blocks until something writes to it, so every reader of user files
    (build, check, import) must ask this first, or open with `read_source`.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return _os_error_text(path, exc)
    return None if stat.S_ISREG(mode) else f"not a regular file ({_kind(mode)})"


def _os_error_text(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symbolic link that loops (it points, in the end, to itself)"
    if exc.errno == errno.ENOENT:
        return ("a symbolic link to a file that does not exist" if os.path.islink(path)
                else "the file disappeared while it was being read")
    return f"cannot be read: {exc.strerror or exc}"


def read_source(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes and status of a content file; UnreadableFile instead of a hang or a traceback.

    Opened non-blocking and checked on the open descriptor, so a named pipe put in place after
    discovery is refused rather than waited on forever.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise UnreadableFile(_os_error_text(path, exc), "check the file's permissions, or remove it") from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFile(f"not a regular file ({_kind(status.st_mode)})", _NOT_REGULAR_HINT)
        if status.st_size > MAX_FILE_BYTES:
            raise UnreadableFile(f"too large for an article ({status.st_size / 1024 / 1024:.0f} MB; at most "
                                 f"{MAX_FILE_BYTES // 1024 // 1024} MB)",
                                 "split it into several articles, or move it out of content/ if it is not one")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(), status
    except OSError as exc:
        raise UnreadableFile(_os_error_text(path, exc), "check the file's permissions, or remove it") from None
    finally:
        os.close(fd)


def discover(content_dir: Path) -> tuple[list[tuple[str, str, os.stat_result]], list[Problem]]:
    """Every content file under content/: (POSIX path under content/, full path, stat), in a stable order.

    Plain strings, not Path objects: on a 10,000-file archive, building and sorting Paths costs more
    than the whole walk. Files and folders starting with '.' or '_' are skipped. Nothing is opened:
    special files (pipes, devices), broken symlinks and symlinks leaving content/ come back as
    problems. A symlinked file inside content/ is read; a symlinked folder is never followed (its
    articles would be read twice, or without end if it loops), and one leading out is an error.
    """
    found: list[tuple[str, str, os.stat_result]] = []
    problems: list[Problem] = []
    root = str(content_dir)
    real_root = os.path.realpath(root)

    def walk_error(exc: OSError) -> None:
        where = Path(exc.filename or root)
        problems.append(Problem(where, None, f"folder cannot be read: {exc.strerror or exc}",
                                "check the folder's permissions"))

    for folder, dirs, files in os.walk(root, onerror=walk_error):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))
                   and not _refused_folder_link(os.path.join(folder, d), real_root, problems)]
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in files:
            if name.lower().endswith(CONTENT_SUFFIXES) and not name.startswith((".", "_")):
                full = os.path.join(folder, name)
                status = _content_file_status(full, real_root, problems)
                if status is not None:
                    found.append((prefix + name, full, status))
    found.sort()
    return found, problems


def rediscover(content_dir: Path, found: list[tuple[str, str, os.stat_result]], problems: list[Problem],
               changed: Iterable[str]) -> tuple[list[tuple[str, str, os.stat_result]], list[Problem]] | None:
    """`discover`'s answer of the last build brought up to date with the paths a watcher saw change, or
    None when only a walk of content/ can tell (the dev server, `tintuc serve`, then walks it).

    A walk stats every file: 0.9 s at 100,000 articles, on every edit. The dev server knows from its
    watcher which paths changed; an article file among them is looked at alone. Anything else under
    content/ (a folder, an image beside an article, which ImageGuard must check against every cached
    article, the folder itself) asks for the walk. Paths outside content/ (the theme, config.yaml)
    and under hidden or `_` folders, which the walk skips, are ignored.
    """
    root = str(content_dir)
    absolute_root = os.path.abspath(root)
    real_root = os.path.realpath(root)
    files = list(found)
    names = [rel for rel, _, _ in files]
    touched: set[str] = set()
    fresh: list[Problem] = []
    for path in changed:
        rel = os.path.relpath(os.path.abspath(path), absolute_root)
        if rel == os.curdir:
            return None
        if rel.startswith(os.pardir + os.sep) or rel == os.pardir:
            continue  # not content (a theme file, config.yaml)
        parts = rel.split(os.sep)
        if any(part.startswith((".", "_")) for part in parts):
            continue
        if not parts[-1].lower().endswith(CONTENT_SUFFIXES):
            return None
        full = os.path.join(root, rel)
        parent = os.path.dirname(rel)
        if os.path.realpath(os.path.join(root, parent)) != os.path.join(real_root, parent).rstrip(os.sep):
            return None  # a symlinked folder on the way (never walked), or the folder is gone
        try:
            if stat.S_ISDIR(os.lstat(full).st_mode):
                return None
        except FileNotFoundError:
            pass
        except OSError:
            return None
        rel = "/".join(parts)
        touched.add(str(Path(full)))
        status = _content_file_status(full, real_root, fresh) if os.path.lexists(full) else None
        at = bisect.bisect_left(names, rel)
        present = at < len(names) and names[at] == rel
        inside = bisect.bisect_left(names, rel + "/")
        if inside < len(names) and names[inside].startswith(rel + "/"):
            return None  # a folder named like an article, moved or deleted: its files with it
        if status is None and present:
            del names[at], files[at]
        elif status is not None and present:
            files[at] = (rel, full, status)
        elif status is not None:
            names.insert(at, rel)
            files.insert(at, (rel, full, status))
    return files, [p for p in problems if str(p.path) not in touched] + fresh


def _inside(real_path: str, real_root: str) -> bool:
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


def _refused_folder_link(full: str, real_root: str, problems: list[Problem]) -> bool:
    """True for a symlinked folder (never walked); an error if it leads out of content/."""
    if not os.path.islink(full):
        return False
    target = os.path.realpath(full)
    if not _inside(target, real_root):
        problems.append(Problem(Path(full), None, f"a symbolic link to a folder outside content/ ({target})",
                                "copy the articles into content/ instead of linking to them"))
    return True


def _content_file_status(full: str, real_root: str, problems: list[Problem]) -> os.stat_result | None:
    """The status of a readable regular file (followed if it is a symlink inside content/), or None."""
    try:
        status = os.lstat(full)
        if stat.S_ISLNK(status.st_mode):
            status = os.stat(full)
            target = os.path.realpath(full)
            if not _inside(target, real_root):
                problems.append(Problem(Path(full), None, f"a symbolic link to a file outside content/ ({target})",
                                        "copy the file into content/ instead of linking to it"))
                return None
    except OSError as exc:
        problems.append(Problem(Path(full), None, _os_error_text(Path(full), exc),
                                "fix or remove the link" if os.path.islink(full) else "check the file"))
        return None
    if not stat.S_ISREG(status.st_mode):
        problems.append(Problem(Path(full), None, f"not a regular file ({_kind(status.st_mode)})", _NOT_REGULAR_HINT))
        return None
    return status


class ImageGuard:
    """Re-checks the local images of articles taken from the cache before the build copies them.

    The article file may be unchanged while an image beside it became a link to a secret, so a
    cached article is trusted only after this. Most images are a plain name beside the article:
    one lstat each, once the folder is known to be inside content/ (the full check resolves every
    path component, ~60 µs an image: over a second per no-change build of a large archive).
    """

    def __init__(self, content_dir: Path) -> None:
        self.real_content = content_dir.resolve()
        self._folders: dict[str, bool] = {}  # folder -> its real path is inside content/

    def safe(self, article: Article) -> bool:
        if not article.images:
            return True
        folder = os.path.dirname(article.source)  # strings: Path arithmetic was most of the cost
        return all(self._safe(folder, src) for src in article.images)

    def _safe(self, folder: str, src: str) -> bool:
        if "/" not in src and "\\" not in src and not src.startswith(".") and self._folder_inside(folder):
            try:
                if stat.S_ISREG(os.lstat(os.path.join(folder, src)).st_mode):  # a regular file, not a link
                    return True
            except OSError:
                return False
        return local_file_problem(Path(folder, src), self.real_content) is None

    def _folder_inside(self, folder: str) -> bool:
        inside = self._folders.get(folder)
        if inside is None:
            real = Path(folder).resolve()
            inside = self._folders[folder] = real.is_relative_to(self.real_content) and not any(
                part.startswith(".") for part in real.relative_to(self.real_content).parts)
        return inside


def local_file_problem(target: Path, real_content: Path, *, allow_hidden: bool = False,
                       folder_name: str = "the content folder") -> str | None:
    """Why a file an article uses may not be published, or None.

    Judged on the real path (symlinks followed, '..' resolved): `../../../proc/self/environ` or a
    link to a secret beside the project would otherwise be copied into the public site.
    """
    try:
        real = target.resolve(strict=True)
        mode = real.stat().st_mode
    except FileNotFoundError:
        return "not found"
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, on Python < 3.13
        return "cannot be read" + (f" ({exc.strerror})" if isinstance(exc, OSError) and exc.strerror else "")
    if not real.is_relative_to(real_content):
        return f"is outside {folder_name}"
    if not allow_hidden and any(part.startswith(".") for part in real.relative_to(real_content).parts):
        return "is a hidden file (its path has a name starting with '.')"
    if not stat.S_ISREG(mode):
        return f"is not a regular file ({_kind(mode)})"
    return None
