#!/usr/bin/env python3
"""Check an archive made by generate.py against its specification; prints statistics, exits 1 on a fault.

    python benchmarks/check_archive.py OUT_DIR
"""

from __future__ import annotations

import collections
import datetime
import re
import sys
import unicodedata
from pathlib import Path

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n\n(.*)\Z", re.DOTALL)
FILE_NAME = re.compile(r"\d{5,}-[a-z0-9]+(-[a-z0-9]+)*\.md")
SLUG = re.compile(r"bai-\d{5,}-[a-z0-9]+(-[a-z0-9]+)*")
KEYS = {"title", "slug", "date", "tags", "author", "summary"}


def check(out_dir: Path) -> list[str]:
    faults: list[str] = []
    config = yaml.load((out_dir / "config.yaml").read_text(encoding="utf-8"), Loader=Loader)
    if set(config) != {"title", "description", "base_url"}:
        faults.append(f"config.yaml keys: {sorted(config)}")
    files = sorted((out_dir / "content").rglob("*.md"))
    slugs: set[str] = set()
    tags: collections.Counter[str] = collections.Counter()
    authors: set[str] = set()
    words_total, summaries, syllables = 0, 0, collections.Counter()
    for path in files:
        name = path.relative_to(out_dir / "content").as_posix()
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        if unicodedata.normalize("NFC", text) != text:
            faults.append(f"{name}: not NFC")
        if not FILE_NAME.fullmatch(path.name) or not name.isascii():
            faults.append(f"{name}: file name is not slug-like ASCII")
        match = FRONT_MATTER.match(text)
        if not match:
            faults.append(f"{name}: no front matter")
            continue
        meta = yaml.load(match.group(1), Loader=Loader)
        body = match.group(2)
        if not KEYS >= set(meta) >= KEYS - {"summary"}:
            faults.append(f"{name}: keys {sorted(meta)}")
        summaries += "summary" in meta
        title_words = len(str(meta["title"]).split())
        if not 6 <= title_words <= 14:
            faults.append(f"{name}: title has {title_words} words")
        try:  # "2016-05-03 08:15": YAML 1.1 has no timestamp without seconds, so this is a string
            date = datetime.datetime.strptime(str(meta["date"]), "%Y-%m-%d %H:%M")
        except ValueError:
            date = meta["date"]
        if not isinstance(date, datetime.datetime) or not 2015 <= date.year <= 2024:
            faults.append(f"{name}: date {date!r}")
        elif path.parent.name != str(date.year):
            faults.append(f"{name}: in folder {path.parent.name}, dated {date.year}")
        if not (isinstance(meta["tags"], list) and 1 <= len(meta["tags"]) <= 4
                and all(isinstance(t, str) for t in meta["tags"])):
            faults.append(f"{name}: tags {meta['tags']!r}")
        else:
            tags.update(meta["tags"])
        if not isinstance(meta["author"], str):
            faults.append(f"{name}: author {meta['author']!r}")
        authors.add(meta["author"])
        if not SLUG.fullmatch(str(meta["slug"])) or meta["slug"] in slugs:
            faults.append(f"{name}: slug {meta['slug']!r} malformed or repeated")
        slugs.add(meta["slug"])
        paragraphs = body.rstrip("\n").split("\n\n")
        words = body.split()
        if not 3 <= len(paragraphs) <= 12:
            faults.append(f"{name}: {len(paragraphs)} paragraphs")
        if not 300 <= len(words) <= 1200:
            faults.append(f"{name}: {len(words)} words")
        words_total += len(words)
        syllables.update(w.strip(".,;:…()\"*–-").lower() for w in words)
    print(f"{len(files)} articles, {words_total} words ({words_total / max(1, len(files)):.0f} an article), "
          f"{summaries} with a summary, {len(authors)} authors, {len(tags)} distinct tags, "
          f"{len(syllables)} distinct syllables")
    print("most used tags:", ", ".join(f"{t} {n}" for t, n in tags.most_common(8)))
    print("most used syllables:", ", ".join(f"{t} {n}" for t, n in syllables.most_common(12)))
    return faults


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    faults = check(Path(sys.argv[1]))
    for fault in faults[:50]:
        print("FAULT", fault)
    print(f"{len(faults)} fault(s)")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
