#!/usr/bin/env python3
"""Lighthouse (npm, pinned in package.json) on the sample site's home, photo article and search page (issue 15).

    npm ci                                     # once: installs lighthouse with the test tools
    python benchmarks/lighthouse.py [--runs 3] [--json FILE] [--camera] [--pages home article search]

Builds and serves the bundled sample exactly as benchmarks/pageweight.py does (a temporary copy, its base URL
the local server's address, gzip for text as static hosts do), then runs `node_modules/.bin/lighthouse` with
Debian's Chromium (CHROME_PATH=/usr/bin/chromium, --headless=new --no-sandbox --disable-gpu ...) and the default
mobile preset (emulated phone, simulated slow 4G and 4x CPU slowdown) --runs times per page. Prints the median
of each category score per page, and every audit that failed in any run, by id.

Environmental audits: the site is served over plain HTTP on 127.0.0.1 by a one-file Python server, which says
nothing about how an agency's real host is set up. Lighthouse already treats 127.0.0.1 as a secure origin
(is-on-https passes); the audits in ENVIRONMENTAL judge the server, not the pages, and are listed apart
(never hidden, never counted as the theme's failures); none weighs in a category score in Lighthouse 12.
Scores are always printed as Lighthouse computes them; BY_DESIGN explains the one column recomputed beside.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# The same build and server as the page-weight figures.
from pageweight import CHROME_ARGS, REPO, photo_article, sample_site

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
SEARCH_QUERY = "covid"  # every sample article is about Covid-19: the results list is not empty
# Audits about the server rather than the theme: HTTP/2 (Python's http.server speaks HTTP/1.1 only), cache
# lifetimes (the host's headers; the local server sends max-age=600), HTTPS redirects. robots.txt and the
# sitemap are the site's own files, served locally: their audits count as any other.
ENVIRONMENTAL = {
    "uses-http2": "Python's http.server speaks HTTP/1.1 only; a real host's protocol is its own setting",
    "uses-long-cache-ttl": "cache lifetimes are the host's response headers, not the pages",
    "cache-insight": "cache lifetimes are the host's response headers, not the pages",
    "redirects-http": "plain HTTP on loopback: no HTTPS to redirect to",
}
# Failures the site wants: the search page is a results page, marked noindex on purpose (search engines
# should not index endless query pages; generator/plan.py sets it). Lighthouse's is-crawlable fails on any
# noindex page and weighs about a third of the SEO score; the table shows the score as Lighthouse gives it,
# and beside it the score with this one audit left out (recomputed with Lighthouse's own weights).
BY_DESIGN = {("search", "is-crawlable"): "the search page is noindex on purpose (a results page)"}


@dataclass(frozen=True)
class Run:
    page: str
    url: str
    scores: dict[str, int]
    failing: dict[str, list[str]]  # category -> ids of the audits that failed
    scored: list[str]  # those of them that weigh in their category's score (the rest are diagnostics)
    metrics: dict[str, float]
    seo_by_design: int  # the SEO score without BY_DESIGN's audits for this page


def failing_audits(report: dict[str, Any], category: str) -> list[str]:
    """Audits of a category that failed: a binary audit at 0, a scored one under Lighthouse's pass mark 0.9.
    Manual, informative and not-applicable audits have no score and are never failures."""
    out = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if audit.get("score") is not None and audit["scoreDisplayMode"] in ("binary", "numeric", "metricSavings") \
                and audit["score"] < 0.9:
            out.append(ref["id"])
    return out


def score_without(report: dict[str, Any], category: str, left_out: set[str]) -> int:
    """A category's score recomputed as Lighthouse does (weighted mean of scored audits) without some audits."""
    refs = [(r["weight"], report["audits"][r["id"]]["score"]) for r in report["categories"][category]["auditRefs"]
            if r["id"] not in left_out and r["weight"] > 0 and report["audits"][r["id"]].get("score") is not None]
    total = sum(weight for weight, _ in refs)
    return round(100 * sum(weight * score for weight, score in refs) / total) if total else 0


def check_search(url: str) -> None:
    """The search page is measured with results on it, not an empty list: count them in Chromium first."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("#search-results li", timeout=15000)
        found = page.locator("#search-results li").count()
        browser.close()
    print(f"{url}: {found} result(s) listed", file=sys.stderr)


def run_lighthouse(page: str, url: str, scratch: Path) -> Run:
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci` in {REPO} (package.json pins lighthouse)")
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    out = scratch / f"{page}.json"
    done = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={CHROME_FLAGS}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300)
    if done.returncode or not out.is_file():
        sys.exit(f"lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-3000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        sys.exit(f"lighthouse could not load {url}: {report['runtimeError']}")
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    metrics = {m: report["audits"][m]["numericValue"] for m in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift", "speed-index") if m in report["audits"]}
    failing = {c: failing_audits(report, c) for c in CATEGORIES}
    weights = {r["id"]: r["weight"] for c in CATEGORIES for r in report["categories"][c]["auditRefs"]}
    scored = [a for ids in failing.values() for a in ids if weights[a] > 0]
    left_out = {audit for (where, audit) in BY_DESIGN if where == page}
    return Run(page, url, scores, failing, scored, metrics, score_without(report, "seo", left_out))


def summarise(runs: list[Run]) -> dict[str, Any]:
    """Median scores and metrics per page; the union of failing audits, theme and environmental apart."""
    pages: dict[str, Any] = {}
    for page in dict.fromkeys(r.page for r in runs):
        mine = [r for r in runs if r.page == page]
        failing = sorted({a for r in mine for ids in r.failing.values() for a in ids})
        scored = {a for r in mine for a in r.scored}
        pages[page] = {
            "url": mine[0].url,
            "scores": {c: statistics.median(r.scores[c] for r in mine) for c in CATEGORIES},
            "seo_without_by_design": statistics.median(r.seo_by_design for r in mine),
            "runs": [r.scores for r in mine],
            "metrics_ms": {m: round(statistics.median(r.metrics[m] for r in mine), 3) for m in mine[0].metrics},
            "failing_scored": [a for a in failing if a in scored and (page, a) not in BY_DESIGN
                               and a not in ENVIRONMENTAL],
            "failing_diagnostics": [a for a in failing if a not in scored and a not in ENVIRONMENTAL],
            "by_design": [a for a in failing if (page, a) in BY_DESIGN],
            "environmental": [a for a in failing if a in ENVIRONMENTAL],
        }
    return pages


def print_table(pages: dict[str, Any], runs: int) -> bool:
    """Print the medians; returns whether every target is met (BY_DESIGN audits left out, and said so)."""
    print(f"Lighthouse {lighthouse_version()}, mobile preset, median of {runs} run(s) per page")
    print("| page | performance | accessibility | best practices | SEO | SEO without by-design | LCP ms | TBT ms "
          "| CLS |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    met = True
    for page, p in pages.items():
        s, m = p["scores"], p["metrics_ms"]
        met &= all(s[c] >= TARGETS[c] for c in CATEGORIES if c != "seo") and p["seo_without_by_design"] >= 100
        print(f"| {page} | {s['performance']:g} | {s['accessibility']:g} | {s['best-practices']:g} | {s['seo']:g} "
              f"| {p['seo_without_by_design']:g} | {m.get('largest-contentful-paint', 0):.0f} "
              f"| {m.get('total-blocking-time', 0):.0f} | {m.get('cumulative-layout-shift', 0):.3f} |")
    for page, p in pages.items():
        print(f"{page}: failing audits that weigh in a score: {', '.join(p['failing_scored']) or 'none'}; "
              f"failing diagnostics (weight 0): {', '.join(p['failing_diagnostics']) or 'none'}")
        for audit in p["by_design"]:
            print(f"  by design: {audit}: {BY_DESIGN[(page, audit)]}")
        for audit in p["environmental"]:
            print(f"  environmental: {audit}: {ENVIRONMENTAL[audit]}")
    print("targets (performance >= 95; accessibility, best practices, SEO = 100; by-design audits left out): "
          + ("met" if met else "NOT met"))
    return met


def lighthouse_version() -> str:
    package = REPO / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.is_file() else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (the median is shown)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write medians and every run as JSON")
    parser.add_argument("--pages", nargs="+", choices=("home", "article", "search"),
                        default=["home", "article", "search"], help="measure only these pages")
    parser.add_argument("--camera", action="store_true",
                        help="the sample's photo replaced by a 4000x3000 camera-like JPEG (see pageweight.py)")
    parser.add_argument("--reports", type=Path, metavar="DIR", help="keep each run's full Lighthouse JSON in DIR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tintuc-lighthouse-") as scratch:
        photo = None
        if args.camera:
            from photos import camera_jpeg  # benchmarks/photos.py

            photo = Path(scratch) / "camera.jpg"
            camera_jpeg(photo, 1)
        runs = measure_all(args, photo, Path(scratch))
    pages = summarise(runs)
    met = print_table(pages, args.runs)
    if args.json:
        args.json.write_text(json.dumps({"lighthouse": lighthouse_version(), "runs_per_page": args.runs,
                                         "camera_photo": args.camera, "environmental": ENVIRONMENTAL,
                                         "by_design": {f"{p}:{a}": why for (p, a), why in BY_DESIGN.items()},
                                         "pages": pages,
                                         "all_runs": [asdict(r) for r in runs]}, ensure_ascii=False, indent=2)
                             + "\n", encoding="utf-8")
    sys.exit(0 if met else 1)


def measure_all(args: argparse.Namespace, photo: Path | None, scratch: Path) -> list[Run]:
    """Build and serve the sample, then run Lighthouse --runs times on each page, interleaved."""
    runs: list[Run] = []
    with sample_site(photo=photo) as (public, base):
        article = "/" + photo_article(public).relative_to(public).as_posix() + "/"
        targets = {"home": base, "article": base.rstrip("/") + article,
                   "search": f"{base}search/?q={SEARCH_QUERY}"}
        if "search" in args.pages:
            check_search(targets["search"])
        reports = args.reports or scratch
        reports.mkdir(parents=True, exist_ok=True)
        for n in range(args.runs):
            # Interleaved, so that a busy moment on the shared machine falls on every page alike.
            for page, url in ((p, targets[p]) for p in args.pages):
                run = run_lighthouse(page, url, reports)
                (reports / f"{page}.json").rename(reports / f"{page}-{n + 1}.json")
                print(f"run {n + 1} {page}: {run.scores}", file=sys.stderr, flush=True)
                runs.append(run)
    return runs


if __name__ == "__main__":
    main()
