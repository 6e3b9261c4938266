#!/usr/bin/env python3
"""What the first search query costs a reader of an already built site: bytes sent and time, per kind of file.

    python benchmarks/first_query.py PUBLIC_FOLDER [QUERY ...] [--json FILE]

The site is served by benchmarks/search.py's loopback host (gzip level 6 on .json/.js/.html/.css, as
nginx's default; every response body counted on the server) and opened in Debian's Chromium. Two ways:

  typed   a fresh browser context opens /search/, waits for the load, types the query letter by letter
          (30 ms apart) and waits for the results: the prefixes on the way are fetched too, as a reader
          typing causes. Bytes after the page's load (the search index's files; the engine's JavaScript,
          loaded with the page, is counted apart).
  query   a fresh context opens /search/ and calls the engine itself: SearchIndex.search(text) and the
          display rows of the first ten results. A query ending with a space is whole words; without one,
          the last word is a prefix.

For issue 18's target (at 100,000 articles, a first query ≤ 400 kB and < 300 ms): build the archive
first (benchmarks/generate.py, `tintuc build`), then point this at its public/ folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search as bench  # noqa: E402 - the loopback host and the browser driver of the search benchmark

QUERIES = ["hội nghị", "hội nghị ", "dai bieu ", "phòng chống dịch ", "hiv "]
API = """async (text) => {
  const engine = await import(new URL("static/js/search-engine.js", document.baseURI.replace(/search\\/.*$/, "")));
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
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    server = bench.Server(args.public)
    browser = bench.Browser(server)
    engine = bench.engines([])[0]
    figures = []
    try:
        for query in args.queries:
            if not query.endswith(" "):  # typing has no trailing space to show
                typed = browser.first_query(engine, query)
                after = [f for f in typed["files"] if f[2] == "after load"]
                figures.append({"way": "typed", "query": query, "ms": typed["ms"], "bytes": index_bytes(after),
                                "requests": len(after), "found": typed["results_shown"],
                                "files": bench.breakdown(after)})
            context, page, _, _ = browser.open("/search/")
            mark = server.mark()
            result = page.evaluate(API, query)
            server.wait_quiet()
            with server.lock:
                sent = [(s.path, s.body, "after load") for s in server.log[mark:]]
            context.close()
            figures.append({"way": "query", "query": query, "ms": result["ms"], "bytes": index_bytes(sent),
                            "requests": len(sent), "found": result["total"], "files": bench.breakdown(sent)})
            for row in figures[-2 if not query.endswith(" ") else -1:]:
                print(f"{row['way']:5} {row['query']!r:22} {row['bytes'] / 1000:7.1f} kB {row['ms']:6.0f} ms "
                      f"{row['requests']:3} requests  {row['files']}", flush=True)
    finally:
        browser.close()
        server.close()
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
