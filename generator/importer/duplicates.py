"""Is an imported article already in the archive? Same source address, same title and day, or the same body.

Importing an archive twice, or a site mirror that holds one story under two addresses, must not publish it
twice (or fail the build with two articles at one address). Before anything is written, each converted
article is compared with every article under content/ and with those imported earlier in the same run:

- the same page address: its `source:` or one of its `aliases:` equals the other's (scheme, `www.`, a
  trailing slash and the fragment aside);
- the same title (case, spacing and Unicode form aside) on the same day;
- a near-identical body: word 5-grams ("shingles") compared through bottom-k sketches, the k smallest
  hashes of each body's shingles. The share of the union's k smallest hashes found in both bodies
  estimates their Jaccard similarity (Broder, 1997); at 0.8 or more the bodies differ by a caption or a
  byline, not a story. Candidates are found through an index of the sketch hashes, so each new article
  is compared with the few that share one, not with the whole archive.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import yamlutil
from ..importer.notes import ENGLISH, Notes
from ..text import nfc

SHINGLE = 5  # words per shingle
SKETCH = 64  # hashes kept per body
SAME_BODY = 0.8  # estimated Jaccard similarity from which two bodies are the same story
MIN_WORDS = 25  # shorter bodies are not compared: a two-line notice says too little to be sure
_WORD = re.compile(r"\w+")
_FENCE = re.compile(r"^---[ \t]*$", flags=re.M)  # the line that ends the front matter
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Duplicate:
    of: Path  # the article already there (or imported earlier in this run)
    shared: str  # what they share: a key of notes.MESSAGES ('same_address', 'same_title_day', 'same_text')
    detail: str  # the address, the day or the share of passages, for that message

    def said(self, notes: Notes) -> str:
        """What they share, for the report in the site's language."""
        return notes.say(self.shared, **{_DETAIL[self.shared]: self.detail})

    @property
    def reason(self) -> str:
        return self.said(ENGLISH)


_DETAIL = {"same_address": "address", "same_title_day": "day", "same_text": "share"}


@dataclass(frozen=True, slots=True)
class _Known:
    path: Path
    title: str
    sketch: tuple[int, ...]


def address_key(url: str) -> str:
    """A page address compared loosely: https/http, `www.`, a trailing slash and the fragment aside."""
    parts = urlsplit(nfc(url.strip()))
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def title_key(title: str, date: object) -> str | None:
    day = str(date or "")[:10]
    if not title.strip() or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        return None
    return f"{day} {_SPACE.sub(' ', nfc(title).casefold().strip())}"


def sketch(body: str) -> tuple[int, ...]:
    """The SKETCH smallest 64-bit hashes of the body's word 5-grams (empty for a body under MIN_WORDS)."""
    words = _WORD.findall(nfc(body).casefold())
    if len(words) < MIN_WORDS:
        return ()
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    hashes = sorted(int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big") for s in shingles)
    return tuple(hashes[:SKETCH])


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two bodies from their bottom-k sketches."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:min(len(a), len(b))]
    shared = set(a) & set(b)
    return sum(1 for h in union if h in shared) / len(union)


class Archive:
    """What is already there, indexed three ways; `add` the articles of this run as they are accepted."""

    def __init__(self) -> None:
        self._by_address: dict[str, _Known] = {}
        self._by_title: dict[str, _Known] = {}
        self._by_hash: dict[int, list[_Known]] = defaultdict(list)

    @classmethod
    def scan(cls, content_dir: Path) -> Archive:
        """Every Markdown article under content_dir; unreadable files are skipped (the build reports them)."""
        archive = cls()
        if not content_dir.is_dir():
            return archive
        for path in sorted(content_dir.rglob("*.md")):
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            front, body = _split(text)
            if front is None:
                continue
            addresses = [front.get("source")] + list(_as_list(front.get("aliases")))
            archive.add(path, str(front.get("title") or ""), front.get("date"),
                        [a for a in addresses if isinstance(a, str)], body)
        return archive

    def merge(self, other: Archive) -> None:
        """Add what `other` indexed (entries already here win)."""
        for key, known in other._by_address.items():
            self._by_address.setdefault(key, known)
        for key, known in other._by_title.items():
            self._by_title.setdefault(key, known)
        for value, knowns in other._by_hash.items():
            self._by_hash[value].extend(knowns)

    def add(self, path: Path, title: str, date: object, addresses: Iterable[str], body: str) -> None:
        known = _Known(path, title, sketch(body))
        for address in addresses:
            if address.startswith(("http://", "https://", "/")):
                self._by_address.setdefault(address_key(address), known)
        key = title_key(title, date)
        if key:
            self._by_title.setdefault(key, known)
        for value in known.sketch:
            self._by_hash[value].append(known)

    def match(self, title: str, date: object, addresses: Iterable[str], body: str) -> Duplicate | None:
        for address in addresses:
            if address.startswith(("http://", "https://", "/")):
                found = self._by_address.get(address_key(address))
                if found:
                    return Duplicate(found.path, "same_address", address)
        key = title_key(title, date)
        found = self._by_title.get(key) if key else None
        if found:
            return Duplicate(found.path, "same_title_day", str(date)[:10])
        mine = sketch(body)
        candidates = {id(k): k for value in mine for k in self._by_hash.get(value, ())}
        best = max(candidates.values(), key=lambda k: similarity(mine, k.sketch), default=None)
        if best is not None:
            score = similarity(mine, best.sketch)
            if score >= SAME_BODY:
                return Duplicate(best.path, "same_text", f"{score:.0%}")
        return None


def body_of(markdown: str) -> str:
    """The body of an article file (what follows its front matter; the front matter is not parsed)."""
    if not markdown.startswith("---"):
        return markdown
    end = _FENCE.search(markdown, 3)
    return markdown[end.end():] if end else markdown


def _split(text: str) -> tuple[dict[str, Any] | None, str]:
    if not text.startswith("---"):
        return None, text
    end = _FENCE.search(text[3:])
    if end is None:
        return None, text
    document, problem = yamlutil.load(text[3:3 + end.start()])  # the build's guarded loader
    front = document.data if document is not None and problem is None else None
    return (front if isinstance(front, dict) else None), text[3 + end.end():]


def _as_list(value: object) -> tuple[object, ...]:
    if isinstance(value, list):
        return tuple(value)
    return (value,) if value else ()
