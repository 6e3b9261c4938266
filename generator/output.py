"""Writing the site safely: build into a staging folder beside the output, then put it in place.

Two ways to finish, both leaving the previous site as it was if the build fails or is stopped
before it finishes writing the staging folder:
- a full build fills the staging folder with the whole site (unchanged files hard-linked from the
  current output) and exchanges the two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`;
  elsewhere two renames, which recovery completes if stopped between them). A web server reading
  the output sees the old site or the new one, never a mix;
- a small change (one edited article) stages only the changed files, writes a journal listing
  them and the files to delete, then renames them into the output one by one: new files first,
  replaced ones next, deletions last, so that no link of any page is broken at any moment (a
  reader between two renames may see the new home page and an old tag page). If that short commit
  is interrupted, the next build (or `tintuc serve`/`check`) reads the journal and finishes it
  before doing anything else. The dev server holds its requests while a commit runs (the
  `guard` of `Builder`), so its readers see one version or the other.
Why not always swap: a swap costs a hard link per file of the site and a folder per page (created
in staging, and removed with the previous tree), and folders are slow to create and remove here.
Measured on this 2-core machine, one article edited in a 1,000-article archive (1,929 files,
1,742 folders): `tintuc build` 0.9 s with the journal, 7.8 s with a swap (2.1 s in rmdir of the
previous tree, 0.6 s linking); linking the 16,833 files of 10,000 articles alone took 1.2-3.5 s.

A folder beside the output is deleted only if it carries tintuc's marker (written into a staging
folder first thing), so a folder of the user's that happens to have one of these names is kept.
A symlinked output folder (`public -> /srv/www/site`) stays a symlink: the site is built beside its
target and switched there.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
from pathlib import Path

from . import __version__
from .config import Config
from .errors import UsageError

MARKER = ".tintuc"  # names the folder as tintuc's output, so a rebuild may replace it
# `tintuc serve` builds into a folder of its own in the cache (CACHE/preview/site), not into public/: the
# preview's pages carry the local server's address, so sharing public/ with `tintuc build` made each of
# them render every page again after the other (3-8 minutes at 100,000 articles), and left local
# addresses in the folder that gets published.
PREVIEW = "preview"
JOURNAL = ".tintuc-commit"  # in the staging folder: the list of files a commit moves and deletes
_MARKER_TEXT = json.dumps({"generator": "tintuc", "version": __version__}).encode() + b"\n"
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def check_output_path(config: Config, explicit: bool) -> None:
    """Refuse outputs that a swap would destroy: the project, its sources, or a stranger's folder."""
    out = config.paths.output.resolve()
    root = config.root.resolve()
    protected = {"the project folder": root, "the content folder": config.paths.content.resolve(),
                 "the themes folder": config.paths.themes.resolve(), "the static folder": static_folder(config)}
    for what, folder in protected.items():
        if out == folder or out in folder.parents:
            raise UsageError(f"refusing to build into {out}: it is (or contains) {what}; "
                             "choose another folder with --out or 'paths: {output: public}'")
        if folder != root and folder in out.parents:
            raise UsageError(f"refusing to build into {out}: it is inside {what}")
    # A symlink inside the project (public -> /srv/www/site) names its target as intended as --out does.
    linked = config.paths.output.is_symlink() and root in config.paths.output.absolute().parents
    if root not in out.parents and not explicit and not linked:
        raise UsageError(f"the output folder {out} is outside the project {root}; "
                         "name it explicitly with --out if that is intended")
    if out.exists() and not out.is_dir():
        raise UsageError(f"the output path {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(f"{out} already holds files that tintuc did not write, and a build replaces the "
                         "whole folder; empty it, or choose another folder with --out")


def preview_output(cache: Path) -> Path:
    """Where `tintuc serve` builds, unless told otherwise with --out."""
    return cache / PREVIEW / "site"


def static_folder(config: Config) -> Path:
    """Files copied into the output as they are (CNAME, .nojekyll, _headers, .well-known/…)."""
    return (config.root / "static").resolve()


def write_file(root: Path, rel: str, data: bytes) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def built_base_url(output: Path) -> str | None:
    """The base URL the output was built with, from robots.txt's Sitemap line (tintuc deploy and tintuc nginx read it):
    `tintuc build --base-url` may differ from config.yaml."""
    try:
        text = (output / "robots.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        if line.lower().startswith("sitemap:") and line.rstrip().endswith("sitemap.xml"):
            return line.split(":", 1)[1].strip().removesuffix("sitemap.xml")
    return None


def real_output(output: Path) -> Path:
    """Where the site really is: a symlinked output folder's target (the link itself stays)."""
    return Path(os.path.realpath(output)) if output.is_symlink() else output


class Staging:
    """The next version of the output folder, filled beside the current one."""

    def __init__(self, output: Path) -> None:
        self.output = real_output(output)
        self.dir, self._old = siblings(self.output)
        self._journal_written = False
        recover(output)  # the build has done it already (a few stat calls): a Staging is safe on its own
        self.dir.mkdir(parents=True)
        try:  # first thing: the marker that lets a later recovery delete this folder if the build stops
            (self.dir / MARKER).write_bytes(_MARKER_TEXT)
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)  # made just now, by this build
            raise

    def write(self, rel: str, data: bytes) -> None:
        write_file(self.dir, rel, data)

    def reuse(self, rel: str) -> bool:
        """Carry a file over from the current output unchanged; False if it is not there."""
        source = self.output / rel
        target = self.dir / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, target)
        except FileNotFoundError:
            return False
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise
            try:  # a file system without hard links
                shutil.copy2(source, target)
            except FileNotFoundError:
                return False
        return True

    def copy(self, source: Path, rel: str) -> None:
        target = self.dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    def commit(self) -> None:
        """Put the staged site in place of the output in one step (two renames where that is impossible)."""
        if self.output.exists():
            if _exchange(self.dir, self.output):
                _remove_ours(self.dir)  # now the previous site
                return
            self.output.rename(self._old)
        self.dir.rename(self.output)
        _remove_ours(self._old)

    def commit_changes(self, removed: list[str]) -> None:
        """Move the staged files into the output and delete `removed`, through a journal."""
        staged = sorted(rel for p in self.dir.rglob("*")
                        if p.is_file() and (rel := p.relative_to(self.dir).as_posix()) != MARKER)
        # New files first, then the replaced ones, deletions last: at every moment of the commit each
        # page's links resolve (a new article exists before the home page lists it; a compiled search
        # file, named by its hash, exists before the search page names it; a deleted article goes only
        # once no page links to it).
        staged.sort(key=lambda rel: (self.output / rel).exists())
        journal = self.dir / JOURNAL
        with journal.open("w", encoding="utf-8") as handle:
            json.dump({"files": staged, "removed": sorted(removed)}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        self._journal_written = True
        _apply_journal(self.output, self.dir)

    def abort(self) -> None:
        """Forget the staged site after a failure: the output stays as it was.

        Once the journal of a commit is written, the commit is finished by the next build's recovery
        instead (the output may already hold some of the moved files).
        """
        if self._journal_written:
            return
        if not self.output.exists() and self._old.is_dir():
            self._old.rename(self.output)  # failed between the two renames of a swap
        _remove_ours(self.dir)


def _exchange(staging: Path, output: Path) -> bool:
    """Exchange two folders atomically with renameat2(RENAME_EXCHANGE); False where it is unavailable."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not glibc, or glibc before 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(staging), _AT_FDCWD, os.fsencode(output), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # the kernel or file system cannot exchange
        return False
    raise OSError(code, os.strerror(code), str(staging), None, str(output))


def siblings(output: Path) -> tuple[Path, Path]:
    """The staging folder and the previous output's parking place, beside the output."""
    return output.parent / f".{output.name}.staging", output.parent / f".{output.name}.old"


def _ours(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and any((folder / n).is_file() for n in (MARKER, JOURNAL))


def _remove_ours(folder: Path) -> None:
    """Delete a folder of tintuc's, its marker last: stopped half-way, it is still known as ours."""
    if not folder.exists():
        return
    for entry in os.scandir(folder):
        if entry.name == MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            Path(entry.path).unlink(missing_ok=True)
    (folder / MARKER).unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass  # something was left (ignored errors above): the next recovery tries again


def recover(output: Path) -> bool:
    """Put right what a stopped build left: finish its commit (True), or drop its unfinished staging."""
    output = real_output(output)
    staging, old = siblings(output)
    for folder in (staging, old):
        _refuse_foreign(folder, output)
    finished = False
    if not output.exists() and old.is_dir():
        old.rename(output)  # stopped between the two renames of a swap
    if (staging / JOURNAL).is_file():
        _apply_journal(output, staging)  # stopped while committing: the journal says what is left to do
        finished = True
    for leftover in (staging, old):
        if leftover.is_dir() and not any(leftover.iterdir()):
            leftover.rmdir()  # stopped before the staging folder's marker was written
        else:
            _remove_ours(leftover)
    return finished


def _refuse_foreign(folder: Path, output: Path) -> None:
    """Stop if a folder that tintuc would delete or replace was not made by tintuc."""
    if not (folder.exists() or folder.is_symlink()) or _ours(folder):
        return
    if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
        return
    raise UsageError(f"{folder} was not made by tintuc (it has no {MARKER} file), but tintuc uses that name "
                     f"while it writes {output}; move it away or rename it, then build again")


def _apply_journal(output: Path, staging: Path) -> None:
    from .cachefiles import safe_relative

    try:
        plan = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
        files, removed = list(map(str, plan["files"])), list(map(str, plan["removed"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # Written and synced before any move, so only tampering gets here: the caller's next build
        # is a whole one (recover returns True), which replaces whatever was moved.
        _remove_ours(staging)
        return
    # The staging folder is beside the output, as writable as the cache: a name that is not plainly
    # inside the output is corrupt, and its entry is skipped.
    files = [rel for rel in files if safe_relative(rel)]
    removed = [rel for rel in removed if safe_relative(rel)]
    made: set[Path] = set()
    for rel in files:
        source, target = staging / rel, output / rel
        if source.is_file():  # already moved if this is a resumed commit
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            os.replace(source, target)
    for rel in removed:
        target = output / rel
        target.unlink(missing_ok=True)
        for folder in target.parents:  # drop folders the deletion left empty
            if folder == output or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()
    _remove_ours(staging)
