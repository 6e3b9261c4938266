"""What the last committed output holds: each file's fingerprint and its size and modification time.

The fingerprints tell a build which files it can carry over; the sizes and times tell it which were
changed or deleted in the output since (`damaged`): those are made again, never trusted.

Saved as a base file plus a journal of changes. An edit writes a handful of files, and rewriting the
whole record for them (163,000 files at 100,000 articles: ~1 s of JSON per edit in the dev server)
cost more than the edit itself; a journal line costs what the change costs. The journal is folded
into a new base once it has grown to a quarter of the base. Each base carries a random token, and a
journal line counts only if it carries the token of the base it follows: a base written again makes
every older line void at once, even if the process stops before it could remove the journal. A line
cut short by a crash does not parse and is ignored, with everything after it: the output then
differs from the record, which `damaged` notices, so those files are made again.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from .cachefiles import cache_warning, load_json, safe_relative, write_atomically
from .errors import Problem

COMPACT_SHARE = 4  # the journal is folded into the base when it records more than 1/COMPACT_SHARE of its files


def record_folder(cache: Path, output: Path) -> Path:
    """Where the record of `output` is kept: the cache folder, or the folder holding an output that lives
    inside the cache (the dev server's preview, output.preview_output). public/ and the preview thus keep a
    record each, and a `tintuc build` after `tintuc serve` (or the reverse) carries its pages over."""
    cache, output = cache.resolve(), output.resolve()
    return output.parent if cache in output.parents else cache


class Manifest:
    def __init__(self, folder: Path, output: Path) -> None:
        self.file = folder / "manifest.json"
        self.journal = folder / "manifest.journal"
        self.output = str(output.resolve())
        self.fingerprints: dict[str, str] = {}
        self.stats: dict[str, list[int]] = {}
        self.warnings: list[Problem] = []
        self._token = ""
        self._logged = 0  # entries in the journal since the base
        self._under: dict[str, set[str]] = {}  # under(): the recorded files by path prefix
        data = load_json(self.file, self.warnings)
        if not isinstance(data, dict) or data.get("output") != self.output or data.get("version") != __version__:
            return
        files, stats, token = data.get("files"), data.get("stats"), data.get("token")
        if _sound(files, stats) and isinstance(token, str | None):  # None: an older tintuc's, with no journal
            self.fingerprints, self.stats, self._token = files, stats, token or ""
            self._replay()
        else:
            self.warnings.append(cache_warning(self.file, "unexpected values"))

    def _replay(self) -> None:
        try:
            lines = self.journal.read_bytes().split(b"\n")
        except OSError:
            return
        for line in lines:
            try:
                entry = json.loads(line)
                token, files, stats, gone = entry["token"], entry["files"], entry["stats"], entry["gone"]
            except (ValueError, TypeError, KeyError):
                return  # the end, or a line cut short: what follows it cannot be trusted either
            if token != self._token or not _sound(files, stats) or not isinstance(gone, list) \
                    or not all(isinstance(rel, str) for rel in gone):
                return
            for rel in gone:
                self.fingerprints.pop(rel, None)
                self.stats.pop(rel, None)
            self.fingerprints.update(files)
            self.stats.update(stats)
            self._logged += len(files) + len(gone)

    def damaged(self, output: Path) -> set[str]:
        """Files of the output that are gone or changed since they were written (size or mtime differ)."""
        found = set()
        for rel, (size, mtime_ns) in self.stats.items():
            try:
                stat = os.stat(output / rel)
            except OSError:
                found.add(rel)
                continue
            if stat.st_size != size or stat.st_mtime_ns != mtime_ns:
                found.add(rel)
        return found

    def save(self, fingerprints: dict[str, str], output: Path, written: Iterable[str]) -> None:
        """Record the output; `written`: the files written by this build (the others are as recorded)."""
        self.change(fingerprints, [rel for rel in self.fingerprints if rel not in fingerprints], output, written)

    def change(self, files: dict[str, str], gone: Iterable[str], output: Path, written: Iterable[str]) -> None:
        """Record a change of the output: `files` as they are now (others as recorded), `gone` deleted,
        `written` the files written again. Costs what the change costs: the dev server's edits record a few
        files among 180,000 (comparing whole records cost ~0.35 s per edit at 100,000 articles)."""
        new_stats: dict[str, list[int]] = {}
        for rel in {*written, *(rel for rel in files if rel not in self.stats)}:
            stat = os.stat(output / rel)
            new_stats[rel] = [stat.st_size, stat.st_mtime_ns]
        gone = [rel for rel in gone if rel in self.fingerprints]
        files = {rel: fp for rel, fp in files.items() if rel in new_stats or self.fingerprints.get(rel) != fp}
        for rel in gone:
            self.fingerprints.pop(rel)
            self.stats.pop(rel, None)
        self.fingerprints.update(files)
        self.stats.update(new_stats)
        for prefix, members in self._under.items():
            members.difference_update(gone)
            members.update(rel for rel in files if rel.startswith(prefix))
        changes = len(files) + len(gone)
        if self._token and (self._logged + changes) * COMPACT_SHARE <= len(self.fingerprints):
            self._append(files, {rel: self.stats[rel] for rel in files}, gone)
            self._logged += changes
        else:
            self._token = secrets.token_hex(8)
            data = {"output": self.output, "version": __version__, "token": self._token,
                    "files": self.fingerprints, "stats": self.stats}
            write_atomically(self.file, json.dumps(data, sort_keys=True).encode("utf-8"))
            self.journal.unlink(missing_ok=True)
            self._logged = 0

    def forget(self) -> None:
        """Record nothing: every file is made again (the output was changed behind the record's back)."""
        self.fingerprints, self.stats, self._under = {}, {}, {}

    def under(self, prefix: str) -> set[str]:
        """The recorded files whose path starts with `prefix` (found once, then kept in step by change)."""
        if prefix not in self._under:
            self._under[prefix] = {rel for rel in self.fingerprints if rel.startswith(prefix)}
        return self._under[prefix]

    def _append(self, files: dict[str, str], stats: dict[str, list[int]], gone: list[str]) -> None:
        line = json.dumps({"token": self._token, "files": files, "stats": stats, "gone": gone}, sort_keys=True)
        with self.journal.open("ab") as journal:
            journal.write(line.encode("utf-8") + b"\n")
            journal.flush()
            os.fsync(journal.fileno())


def _sound(files: object, stats: object) -> bool:
    """The layout of a record: the same names in both, never one outside the output (they are deleted
    from it when no longer produced), fingerprints as text, [size, mtime] as integers."""
    return isinstance(files, dict) and isinstance(stats, dict) and files.keys() == stats.keys() \
        and all(safe_relative(rel) for rel in files) and all(isinstance(v, str) for v in files.values()) \
        and all(isinstance(v, list) and len(v) == 2 and all(type(n) is int for n in v) for v in stats.values())
