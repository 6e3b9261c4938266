#!/usr/bin/env python3
"""What the first search query costs a reader of an already built site: bytes sent and time, per kind of file.

    python benchmarks/first_query.py PUBLIC_FOLDER [QUERY ...] [--runs N] [--engine JS ...] [--json FILE]

The site is served by benchmarks/search.py's loopback host (gzip level 6 on .json/.js/.html/.css, as
nginx's default; every response body counted on the server) and opened in Debian's Chromium. Two ways:

  typed   a fresh browser context opens /search/, waits for the load, types the query letter by letter
          (30 ms apart) and waits for the results: the prefixes on the way are fetched too, as a reader
          typing causes. Bytes after the page's load (the search index's files; the engine's JavaScript,
          loaded with the page, is counted apart).
  query   a fresh context opens /search/ and calls the engine itself: SearchIndex.search(text) and the
          display rows of the first ten results. A query ending with a space is whole words; without one,
          the last word is a prefix.

With --runs N each figure is the median of N runs (and the range), the runs interleaved: run 1 of every
query (and engine), then run 2, … so that a busy moment of the machine weighs on all alike. --engine
compares versions of the engine on one built site: each is a module path under PUBLIC_FOLDER (copy the
other version next to the site's, e.g. static/js/engine-before.js; it imports ./analysis.js as the
theme's does); *typed* uses the page, hence the site's own engine only.

For issue 18's target (at 100,000 articles, a first query ≤ 400 kB and < 300 ms): build the archive
first (benchmarks/generate.py, `tintuc build`), then point this at its public/ folder.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search as bench  # noqa: E402 - the loopback host and the browser driver of the search benchmark

QUERIES = ["hội nghị", "hội nghị ", "dai bieu ", "phòng chống dịch ", "hiv "]
SITE_ENGINE = "static/js/search-engine.js"
API = """async ([text, module]) => {
  const engine = await import(new URL(module, document.baseURI.replace(/search\\/.*$/, "")));
  const index = new engine.SearchIndex(document.getElementById("search-form").dataset.manifest);
  const t0 = performance.now();
  const hits = await index.search(text, {});
  const rows = await index.documents(hits.slice(0, 10).map((h) => h.id));
  return { ms: performance.now() - t0, total: hits.length, shown: rows.size };
}"""


def index_bytes(files: list[tuple[str, int, str]]) -> int:
    return sum(size for path, size, _ in files if path.startswith("/search/") and path.endswith(".json"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("public", type=Path, help="the built site's output folder")
    parser.add_argument("queries", nargs="*", default=QUERIES, help=f"default: {QUERIES}")
    parser.add_argument("--runs", type=int, default=1, help="runs of each figure, interleaved; the median is shown")
    parser.add_argument("--engine", action="append", help=f"engine module under PUBLIC_FOLDER (default {SITE_ENGINE});"
                        " more than one: compared, run by run")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    engines = args.engine or [SITE_ENGINE]
    for module in engines:
        if not (args.public / module).is_file():
            parser.error(f"--engine {module}: no such file under {args.public}")
    server = bench.Server(args.public)
    browser = bench.Browser(server)
    page_engine = bench.engines([])[0]
    runs: dict[tuple[str, str, str], list[dict]] = {}
    try:
        for _ in range(args.runs):
            for query in args.queries:
                for module in engines:
                    if not query.endswith(" ") and module == SITE_ENGINE:  # typing has no trailing space to show
                        typed = browser.first_query(page_engine, query)
                        after = [f for f in typed["files"] if f[2] == "after load"]
                        runs.setdefault(("typed", module, query), []).append(
                            {"ms": typed["ms"], "bytes": index_bytes(after), "requests": len(after),
                             "found": typed["results_shown"], "files": bench.breakdown(after)})
                    context, page, _, _ = browser.open("/search/")
                    mark = server.mark()
                    result = page.evaluate(API, [query, module])
                    server.wait_quiet()
                    with server.lock:
                        sent = [(s.path, s.body, "after load") for s in server.log[mark:]]
                    context.close()
                    runs.setdefault(("query", module, query), []).append(
                        {"ms": result["ms"], "bytes": index_bytes(sent), "requests": len(sent),
                         "found": result["total"], "files": bench.breakdown(sent)})
    finally:
        browser.close()
        server.close()
    figures = []
    for (way, module, query), rows in runs.items():
        times = [row["ms"] for row in rows]
        figure = {**rows[0], "way": way, "engine": module, "query": query, "ms": statistics.median(times),
                  "ms_all": times}
        figures.append(figure)
        label = "" if len(engines) == 1 else f"{module:32} "
        spread = f" ({min(times):.0f}-{max(times):.0f})" if len(times) > 1 else ""
        print(f"{way:5} {label}{query!r:22} {figure['bytes'] / 1000:7.1f} kB {figure['ms']:6.0f} ms{spread} "
              f"{figure['requests']:3} requests  {figure['found']} found  {figure['files']}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
