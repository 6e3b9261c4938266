"""Writing the site safely: build into a staging folder beside the output, swap it in at the end.

A failed or interrupted build leaves the previous site exactly as it was. Files whose inputs did not
change are hard-linked from the previous output instead of being rendered and written again.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from generator import __version__
from generator.config import Config
from generator.errors import UsageError

MARKER = ".tintuc"  # names the folder as tintuc's output, so a rebuild may replace it


def check_output_path(config: Config, explicit: bool) -> None:
    """Refuse outputs that a swap would destroy: the project, its sources, or a stranger's folder."""
    out = config.paths.output.resolve()
    root = config.root.resolve()
    protected = {"the project folder": root, "the content folder": config.paths.content.resolve(),
                 "the themes folder": config.paths.themes.resolve()}
    for what, folder in protected.items():
        if out == folder or out in folder.parents:
            raise UsageError(f"refusing to build into {out}: it is (or contains) {what}; "
                             "choose another folder with --out or 'paths: {output: public}'")
        if folder != root and folder in out.parents:
            raise UsageError(f"refusing to build into {out}: it is inside {what}")
    if root not in out.parents and not explicit:
        raise UsageError(f"the output folder {out} is outside the project {root}; "
                         "name it explicitly with --out if that is intended")
    if out.exists() and not out.is_dir():
        raise UsageError(f"the output path {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(f"{out} already holds files that tintuc did not write, and a build replaces the "
                         "whole folder; empty it, or choose another folder with --out")


def write_file(root: Path, rel: str, data: bytes) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


class Staging:
    """The next version of the output folder, filled beside the current one."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.dir = output.parent / f".{output.name}.staging"
        self._old = output.parent / f".{output.name}.old"
        if not output.exists() and self._old.is_dir():
            self._old.rename(output)  # an earlier build was stopped between the two renames
        for leftover in (self.dir, self._old):
            if leftover.exists():
                shutil.rmtree(leftover)
        self.dir.mkdir(parents=True)

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
        except OSError:  # a file system without hard links
            try:
                shutil.copy2(source, target)
            except FileNotFoundError:
                return False
        return True

    def copy(self, source: Path, rel: str) -> None:
        target = self.dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    def commit(self) -> None:
        self.write(MARKER, json.dumps({"generator": "tintuc", "version": __version__}).encode() + b"\n")
        if self.output.exists():
            self.output.rename(self._old)
        self.dir.rename(self.output)
        shutil.rmtree(self._old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
