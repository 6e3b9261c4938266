#!/usr/bin/env python3
"""Known-item search evaluation: does the one article a reader is looking for come first, with and without accents?

    python benchmarks/known_items.py --pages DIR --queries FILE [--json FILE] [--limit 20]
                                     [--no-whole-words] [--no-pagefind]

DIR is a tintuc project folder with content/ (config.yaml is written there if missing). Its text stays
outside this repository: the pages are third-party agency articles, and only this instrument is committed.

FILE is a TSV with the header `id, accented, unaccented, target`: one known-item query a line, typed with
accents and folded without them, and the target article as a path relative to DIR (content/2021/017.md).

The script builds the site cold (its .tintuc-cache removed) with `python -m tintuc build`, then for every
query and both spellings:
  tintuc        `python -m tintuc search QUERY --json --limit N`, the query as typed, without a trailing
                space: the last word is then also a prefix once it has 3+ letters, as in the search box.
                "whole words" repeats it with a trailing space (every word whole), unless --no-whole-words.
  Pagefind      `python -m pagefind` over the article pages only (one glob listing them), into
                public/pagefind-known/; its JS API in headless Chromium (Playwright, the site served on
                127.0.0.1 by benchmarks/search.py's counting server): pagefind.search(QUERY), the URLs of the
                first N results.
The target's rank is its position among the first N results (matched by the URL path of its page, found
from its slug); MRR is the mean of 1/rank with 0 when it is not in the first N; top-1 counts rank 1.
"""

from __future__ import annotations

import argparse
import csv
import json
import shlex
import shutil
import subprocess
import sys
import unicodedata
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(REPO_ROOT))

from tintuc.text import slugify  # noqa: E402  (the slug rule of the site: a target without 'slug:')

PAGEFIND_BUNDLE = "pagefind-known"
DEFAULT_CONFIG = """\
# written by benchmarks/known_items.py: the pages of a known-item evaluation (not part of the repository)
title: "Known-item evaluation"
base_url: "http://127.0.0.1:8000/"
language: vi
"""
COLUMNS = ("id", "accented", "unaccented", "target")

PAGEFIND_API = """async ({queries, bundle, limit}) => {
  const pagefind = await import(`/${bundle}/pagefind.js`);
  const out = [];
  for (const q of queries) {
    const r = await pagefind.search(q);
    const data = await Promise.all(r.results.slice(0, limit).map((x) => x.data()));
    out.push({q, total: r.results.length, urls: data.map((d) => d.url)});
  }
  return out;
}"""


@dataclass(frozen=True)
class Query:
    id: str
    accented: str
    unaccented: str
    target: str  # path relative to the pages folder
    line: int


@dataclass(frozen=True)
class Article:
    source: str  # content/…/x.md, relative to the pages folder
    slug: str
    page: str  # public-relative folder of its page: 2021/03/bai-017/


def fail(message: str) -> SystemExit:
    return SystemExit(f"known_items.py: {message}")


def read_queries(path: Path, pages: Path) -> list[Query]:
    """The query file, checked: a wrong header, an empty cell or a missing target names its line."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    if not rows or tuple(c.strip() for c in rows[0]) != COLUMNS:
        raise fail(f"{path}:1: the header must be {' / '.join(COLUMNS)} (tab-separated), not {rows[:1]}")
    out, seen = [], set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS) or not all(cell.strip() for cell in row):
            raise fail(f"{path}:{number}: expected 4 non-empty tab-separated cells, found {row}")
        qid, accented, unaccented, target = (unicodedata.normalize("NFC", c.strip()) for c in row)
        if qid in seen:
            raise fail(f"{path}:{number}: query id {qid!r} is used twice; give each line its own id")
        if not (pages / target).is_file():
            raise fail(f"{path}:{number}: target {target!r} is not a file under {pages}; write it relative "
                       "to the pages folder, e.g. content/2021/017.md")
        seen.add(qid)
        out.append(Query(qid, accented, unaccented, target, number))
    if not out:
        raise fail(f"{path}: no queries")
    return out


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    head = text.split("\n---", 1)[0].removeprefix("---")
    data = yaml.safe_load(head)
    return data if isinstance(data, dict) else {}


def articles(pages: Path) -> dict[str, Article]:
    """Every content article and the folder of its built page, found by its slug (explicit or from the title)."""
    public = pages / "public"
    by_slug: dict[str, list[str]] = {}
    for index in public.rglob("index.html"):
        folder = index.parent.relative_to(public).as_posix()
        by_slug.setdefault(index.parent.name, []).append(folder + "/")
    out = {}
    for path in sorted((pages / "content").rglob("*.md")):
        fields = front_matter(path)
        if fields.get("draft") or "title" not in fields:
            continue  # drafts and pages without a title are not articles the search can return
        slug = str(fields.get("slug") or slugify(str(fields["title"])))
        source = path.relative_to(pages).as_posix()
        found = [f for f in by_slug.get(slug, []) if not f.startswith(("search/", PAGEFIND_BUNDLE))]
        if len(found) != 1:
            raise fail(f"{path}:1: slug {slug!r} gives {len(found)} built pages ({found}); each article needs a "
                       "page of its own: give it a unique 'slug:'")
        out[source] = Article(source, slug, found[0])
    return out


def build(pages: Path) -> None:
    config = pages / "config.yaml"
    if not config.exists():
        config.write_text(DEFAULT_CONFIG, encoding="utf-8")
        print(f"# wrote {config}", file=sys.stderr)
    # A cold build: the cache could hold a search index written by an earlier version of the code under test.
    shutil.rmtree(pages / ".tintuc-cache", ignore_errors=True)
    argv = [sys.executable, "-m", "tintuc", "build", "--config", str(config)]
    done = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise fail(f"{shlex.join(argv)} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")


def url_path(url: str) -> str:
    return urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")


def rank(urls: list[str], target: Article) -> int | None:
    """1-based position of the target's page among `urls`, or None."""
    for position, url in enumerate(urls, start=1):
        path = url_path(url).rstrip("/") + "/"
        if path == target.page or path.endswith("/" + target.page):  # base_url may add a prefix: /tin-tuc/…
            return position
    return None


def tintuc_search(pages: Path, query: str, limit: int) -> list[str]:
    argv = [sys.executable, "-m", "tintuc", "search", query, "--json", "--limit", str(limit),
            "--config", str(pages / "config.yaml")]
    done = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):  # 1: nothing matched
        raise fail(f"{shlex.join(argv)} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout) if done.stdout.strip() else {"hits": []}
    return [hit["url"] for hit in result["hits"]]


def pagefind_index(pages: Path, targets: list[Article]) -> str:
    """Pagefind over exactly the article pages (not lists, tags or archives, which repeat their titles)."""
    glob = "{" + ",".join(a.page + "index.html" for a in targets) + "}"
    argv = [sys.executable, "-m", "pagefind", "--site", "public", "--glob", glob,
            "--output-subdir", PAGEFIND_BUNDLE]
    done = subprocess.run(argv, cwd=pages, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise fail(f"pagefind failed (exit {done.returncode}):\n{output[-3000:]}")
    version = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True,
                             check=False).stdout.strip()
    indexed = next((line.strip() for line in output.splitlines() if "Indexed" in line and "page" in line), "")
    return f"{version} ({indexed})" if indexed else version


def pagefind_search(pages: Path, queries: list[str], limit: int) -> tuple[dict[str, list[str]], str]:
    from search import BLANK_PAGE, Browser, Server

    server = Server(pages / "public", extra={"/__bench/blank/": BLANK_PAGE})
    browser = Browser(server)
    try:
        context, page, _, _ = browser.open("/__bench/blank/")
        found = page.evaluate(PAGEFIND_API, {"queries": queries, "bundle": PAGEFIND_BUNDLE, "limit": limit})
        context.close()
        return {r["q"]: r["urls"] for r in found}, browser.version
    finally:
        browser.close()
        server.close()


def mrr(ranks: list[int | None]) -> float:
    return sum(1 / r for r in ranks if r) / len(ranks)


def cell(value: int | None) -> str:
    return str(value) if value else "–"


def git_state() -> dict[str, str]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(REPO_ROOT), *args], capture_output=True, text=True, check=False)
        return done.stdout.strip()
    return {"commit": git("rev-parse", "--short", "HEAD"),
            "search_diff": git("diff", "--stat", "generator/search", "themes/default/static/js")}


def report(queries: list[Query], ranks: dict[str, dict[str, int | None]], runs: list[str], meta: dict[str, str],
           limit: int) -> str:
    lines = [f"Known-item search: {meta['articles']} articles in {meta['pages']}, {len(queries)} queries; "
             f"rank of the target among the first {limit} (– = not there, counts as 0 in MRR)",
             f"tintuc {meta['commit']}" + (f" + uncommitted changes to search ({meta['search_diff'].splitlines()[-1]})"
                                           if meta["search_diff"] else " (no uncommitted changes to search)")
             + (f" — WARNING: {meta['warning']}" if "warning" in meta else "")
             + (f"; Pagefind {meta['pagefind']}, Chromium {meta['chromium']}" if "pagefind" in meta else ""),
             "tintuc 'as typed': the query without a trailing space (the last word of 3+ letters is also a prefix,"
             " as in the search box); 'whole words': with a trailing space. Pagefind: the query as typed.", "",
             f"| engine, spelling | MRR | top-1 | top-3 | in top {limit} |", "|---|---:|---:|---:|---:|"]
    for run in runs:
        values = [ranks[run][q.id] for q in queries]
        lines.append(f"| {run} | {mrr(values):.3f} | {sum(v == 1 for v in values)}/{len(values)} | "
                     f"{sum(bool(v and v <= 3) for v in values)}/{len(values)} | "
                     f"{sum(v is not None for v in values)}/{len(values)} |")
    lines += ["", "| id | query (accented / unaccented) | target | " + " | ".join(runs) + " |",
              "|---|---|---|" + "---:|" * len(runs)]
    for q in queries:
        lines.append(f"| {q.id} | {q.accented} / {q.unaccented} | {q.target} | "
                     + " | ".join(cell(ranks[run][q.id]) for run in runs) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, required=True, help="tintuc project folder with content/")
    parser.add_argument("--queries", type=Path, required=True, help="TSV: id, accented, unaccented, target")
    parser.add_argument("--json", type=Path, help="also save the per-query ranks and the figures here")
    parser.add_argument("--limit", type=int, default=20, help="results looked at per query (default 20)")
    parser.add_argument("--no-whole-words", action="store_true", help="skip tintuc's trailing-space variant")
    parser.add_argument("--no-pagefind", action="store_true", help="skip Pagefind (no browser needed)")
    args = parser.parse_args(argv)
    pages = args.pages.resolve()
    if not (pages / "content").is_dir():
        raise fail(f"{pages}: no content/ folder; --pages must be a tintuc project folder")
    queries = read_queries(args.queries, pages)

    build(pages)
    known = articles(pages)
    missing = [q for q in queries if q.target not in known]
    if missing:
        raise fail(f"{args.queries}:{missing[0].line}: target {missing[0].target} is not an article of the built "
                   "site (a draft, or no title?)")
    meta = {"pages": str(pages), "articles": str(len(known)), **git_state()}

    spellings = {"accented": lambda q: q.accented, "unaccented": lambda q: q.unaccented}
    variants = {"as typed": ""} | ({} if args.no_whole_words else {"whole words": " "})
    ranks: dict[str, dict[str, int | None]] = {}
    for variant, tail in variants.items():
        for spelling, text in spellings.items():
            run = f"tintuc {spelling} ({variant})"
            ranks[run] = {q.id: rank(tintuc_search(pages, text(q) + tail, args.limit), known[q.target])
                          for q in queries}
            print(f"# {run}: MRR {mrr(list(ranks[run].values())):.3f}", file=sys.stderr)
    if not args.no_pagefind:
        meta["pagefind"] = pagefind_index(pages, list(known.values()))
        texts = sorted({text(q) for q in queries for text in spellings.values()})
        found, meta["chromium"] = pagefind_search(pages, texts, args.limit)
        for spelling, text in spellings.items():
            run = f"Pagefind {spelling}"
            ranks[run] = {q.id: rank(found[text(q)], known[q.target]) for q in queries}
            print(f"# {run}: MRR {mrr(list(ranks[run].values())):.3f}", file=sys.stderr)

    if git_state() != {k: meta[k] for k in ("commit", "search_diff")}:
        meta["warning"] = ("the repository's commit or its uncommitted search changes moved during the run: "
                           "the figures may mix two versions; run again")
        print(f"# warning: {meta['warning']}", file=sys.stderr)
    runs = list(ranks)
    print(report(queries, ranks, runs, meta, args.limit))
    if args.json:
        summary = {run: {"mrr": mrr(list(ranks[run].values())),
                         "top1": sum(v == 1 for v in ranks[run].values()), "queries": len(queries)} for run in runs}
        args.json.write_text(json.dumps({"meta": meta, "limit": args.limit, "summary": summary,
                                         "queries": [asdict(q) for q in queries], "ranks": ranks},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
