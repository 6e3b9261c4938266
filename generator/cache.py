"""The build cache, kept outside the published output: parsed articles and the last build's manifest."""

from __future__ import annotations

import json
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.errors import Problem
from generator.model import Article


@dataclass(frozen=True, slots=True)
class CachedRead:
    """A file as last read: trusted again while its size and mtime (or, failing that, hash) match."""

    mtime_ns: int
    size: int
    content_hash: str
    article: Article
    warnings: tuple[Problem, ...]


class ReadCache:
    """Parsed articles by path under content/, valid for one set of read settings."""

    def __init__(self, folder: Path, settings_fingerprint: str) -> None:
        self.file = folder / "articles.pickle"
        self.key = (__version__, settings_fingerprint)
        self.entries: dict[str, CachedRead] = {}
        self._loaded = False

    def load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            with self.file.open("rb") as handle:
                key, entries = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return  # no cache, or one from another version: read everything again
        if key == self.key:
            self.entries = entries

    def save(self) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump((self.key, self.entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.file)


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
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(".tmp")
        temporary.write_text(json.dumps({"output": self.output, "version": __version__, "files": fingerprints},
                                        sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.file)
        self.fingerprints = fingerprints
