"""Rows by name kept on disk as a base file plus a journal of the changes since it was written.

A build that changes a handful of rows of a large record (one edited article among 100,000: 89 MB of
parsed articles, 7 s to encode and write whole) appends a line instead of rewriting the record. The
journal is folded into a new base once it has grown to a quarter of the base. Each base carries a
random token, and a journal line counts only if it carries the token of the base it follows: a base
written again voids every older line at once, even if the process stops before it removes the journal.
A line cut short by a crash does not parse and ends the replay (what follows it cannot be trusted);
the rows it held are then simply older, and the record's owner treats them as it treats any stale row
(the read cache reads the file again). written.Manifest keeps the output's record the same way.

Rows are what the owner puts in them: it checks each one as it decodes it, base or journal alike.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .cachefiles import cache_warning, load_json, write_atomically
from .errors import Problem

COMPACT_SHARE = 4  # the journal is folded into the base when it records more than 1/COMPACT_SHARE of its rows


class RowLog:
    """The base file `file` (JSON: the header's keys, "token", "rows") and its journal beside it."""

    def __init__(self, file: Path, header: dict[str, Any]) -> None:
        self.file = file
        self.journal = file.with_suffix(".journal")
        self.header = header
        self._token = ""  # the base's, once loaded or written; "" means the next save writes a base
        self._logged = 0  # rows changed by the journal since the base

    def load(self, warnings: list[Problem]) -> dict[str, Any] | None:
        """The rows as last saved, or None: no base, another header (another version or other settings,
        not a fault), or a damaged base (then with a warning)."""
        self._token, self._logged = "", 0
        data = load_json(self.file, warnings)
        if not isinstance(data, dict) or any(data.get(key) != value for key, value in self.header.items()):
            return None
        rows, token = data.get("rows"), data.get("token")
        if not isinstance(rows, dict) or not isinstance(token, str | None):
            warnings.append(cache_warning(self.file, "unexpected values"))
            return None
        if token:  # None: an older tintuc's base, with no journal; the next save writes a new one
            self._token = token
            self._replay(rows)
        return rows

    def _replay(self, rows: dict[str, Any]) -> None:
        try:
            lines = self.journal.read_bytes().split(b"\n")
        except OSError:
            return
        for line in lines:
            try:
                entry = json.loads(line)
                token, changed, gone = entry["token"], entry["rows"], entry["gone"]
            except (ValueError, TypeError, KeyError):
                return  # the end, or a line cut short
            if token != self._token or not isinstance(changed, dict) or not isinstance(gone, list) \
                    or not all(isinstance(name, str) for name in gone):
                return
            for name in gone:
                rows.pop(name, None)
            rows.update(changed)
            self._logged += len(changed) + len(gone)

    def save(self, changed: dict[str, Any], gone: Iterable[str], total: int,
             everything: Callable[[], dict[str, Any]]) -> None:
        """Record `changed` rows and the names `gone` since the last save or load; `total`: the rows there
        are now; `everything()`: all of them, called only when a new base is written."""
        gone = sorted(gone)
        count = len(changed) + len(gone)
        if self._token and (self._logged + count) * COMPACT_SHARE <= total:
            if count:
                self._append(changed, gone)
                self._logged += count
            return
        self._token = secrets.token_hex(8)
        data = {**self.header, "token": self._token, "rows": everything()}
        write_atomically(self.file, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        self.journal.unlink(missing_ok=True)
        self._logged = 0

    def _append(self, changed: dict[str, Any], gone: list[str]) -> None:
        line = json.dumps({"token": self._token, "rows": changed, "gone": gone}, ensure_ascii=False,
                          separators=(",", ":"))
        with self.journal.open("ab") as journal:
            journal.write(line.encode("utf-8") + b"\n")
            journal.flush()
            os.fsync(journal.fileno())
