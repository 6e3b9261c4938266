#!/usr/bin/env python3
"""The search stage's inversion alone (compiler.invert), on the analysed articles of an archive.

    python benchmarks/invert.py ARCHIVE [--articles 2000] [--runs 5]
    env PYTHONPATH=/tmp/oldpkg python benchmarks/invert.py ARCHIVE   # another tree, for an interleaved A/B

Reads the archive (its build cache when it has one), analyses the first N articles as stage._block does,
then times compiler.invert over them `--runs` times and prints the median and every run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from tintuc.build import Builder
from tintuc.config import load_config
from tintuc.search import compiler
from tintuc.search import fields as doc_fields
from tintuc.search.documents import search_doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    config = load_config(args.archive / "config.yaml")
    builder = Builder(config, jobs=2)
    articles, _ = builder.read_content()
    full = builder.read_cache.hydrate(articles[:args.articles])
    terms = [doc_fields.analyse(search_doc(full[a.path], config.timezone)) for a in articles[:args.articles]]
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        compiler.invert((i, *doc_fields.fields(t)) for i, t in enumerate(terms))
        times.append(time.perf_counter() - start)
    print(f"invert {len(terms)} articles: median {statistics.median(times):.3f} s,",
          "runs", " ".join(f"{t:.3f}" for t in times))


if __name__ == "__main__":
    main()
