#!/usr/bin/env python3
"""Compare tintuc's search with Pagefind's on the same built site: index time, size, bytes, speed, recall.

    python benchmarks/search.py [--sizes 1000,10000] [--runs 3] [--workdir /tmp/tintuc-bench]
                                [--pagefind site,articles] [--phases index,browser] [--json FILE]

For each size, the archive of benchmarks/generate.py (made once by run.py's helpers and kept in the work
folder) is copied into WORKDIR/search-{size}-{key}/ (its own output and cache, so run.py's builds are not
disturbed) and then, in one run:

index phase (each stage --runs times, median):
  tintuc cold       public/ and the cache deleted, `tintuc build -v`: the `search index:` stage and the
                    whole build (wall clock around the process)
  tintuc one-edit   a sentence appended to one article (a different one each run), `tintuc build -v`
  Pagefind cold     its bundle folder deleted, `python -m pagefind --site public` (wall clock)
  Pagefind one-edit Pagefind has no incremental mode: a sentence appended to an article, the site rebuilt
                    by tintuc (timed apart), then the full Pagefind run
  Pagefind is run twice over the same site: "site" (the default: every HTML page, into public/pagefind/)
  and "articles" (--glob '*/*/bai-*/index.html': article pages only, into public/pagefind-articles/).
  Then the bytes and files of each index on disk.

browser phase (Debian's Chromium, headless, through Playwright; the site served by a loopback HTTP
server in this process that gzips .html/.js/.json/.css on the fly and sends Pagefind's already
compressed .pf_* files and its wasm as they are; every response body is counted on the server):
  first query       for each of the queries, a fresh browser context opens the search page (tintuc:
                    /search/; Pagefind: /pagefind-test/, its default UI), waits for the load event and an
                    idle network, then types the query (30 ms between keys) and waits for the results.
                    Bytes after load, and with the search JavaScript loaded before it; the time from the
                    last keystroke to the results in the DOM.
  later keystrokes  one page, one search done; then each query typed into the emptied input: the time
                    from the last keystroke's `input` event to the results in the DOM.
  JS API            the engine without its UI: tintuc's SearchIndex.search() + documents() of the first 10,
                    Pagefind's pagefind.search() + data() of the first 10, cold (fresh context, module
                    import included) and warm.
  recall            pairs of accented and unaccented queries, both with a trailing space (whole words):
                    |hits(unaccented) ∩ hits(accented)| / |hits(accented)|; tintuc through `tintuc search
                    --json` (checked against its JavaScript engine), Pagefind through its JS API.
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from run import EDIT_SENTENCE, REPO_ROOT, Archive, archive_digest, ensure_archive, machine, remove

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TYPING_DELAY_MS = 30
SETTLE_S = 0.5  # the results count as rendered once the results area has not changed for this long
ARTICLES_GLOB = "*/*/bai-*/index.html"  # generate.py's slugs: /YYYY/MM/bai-NNNNN-…/

BYTE_QUERIES = ["hội nghị", "dai bieu", "phòng chống dịch"]
QUERIES = [  # typical queries on a Vietnamese health-news archive, with and without accents
    "hội nghị", "dai bieu", "phòng chống dịch", "tiêm chủng", "bau cu",
    "covid", "y tế dự phòng", "an toan thuc pham", "hội nghị trực tuyến", "cai cach hanh chinh",
    "Thanh Hóa", "ha noi", "sốt xuất huyết", "HIV/AIDS", "bao hiem y te",
    "dân số", "phong chong dich benh", "kiểm tra giám sát", "vệ sinh môi trường", "nang cao chat luong",
]
WARM_UP = "sở y tế"  # the search done before the later-keystroke queries (not one of them)
RECALL_PAIRS = [("đại biểu", "dai bieu"), ("hội nghị", "hoi nghi"), ("phòng chống dịch", "phong chong dich"),
                ("tiêm chủng", "tiem chung"), ("bầu cử", "bau cu")]

PAGEFIND_VARIANTS = {
    # name: (bundle folder in public/, extra pagefind arguments, UI test page folder)
    "site": ("pagefind", [], "pagefind-test"),
    "articles": ("pagefind-articles", ["--glob", ARTICLES_GLOB, "--output-subdir", "pagefind-articles"],
                 "pagefind-articles-test"),
}
TOOL_TITLES = {"tintuc": "tintuc", "site": "Pagefind (whole site)", "articles": "Pagefind (articles only)"}

PAGEFIND_PAGE = """\
<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pagefind</title>
<link rel="icon" href="data:,">
<link href="/{bundle}/pagefind-ui.css" rel="stylesheet">
<script src="/{bundle}/pagefind-ui.js"></script>
</head>
<body>
<div id="search"></div>
<script>
window.addEventListener("DOMContentLoaded", () => {{
  new PagefindUI({{ element: "#search", showSubResults: false }});
}});
</script>
</body>
</html>
"""
BLANK_PAGE = b'<!doctype html><html lang="vi"><head><meta charset="utf-8"><link rel="icon" href="data:,">' \
             b"<title>blank</title></head><body></body></html>"


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def spread(values: list[float]) -> tuple[float, float] | None:
    return (min(values), max(values)) if values else None


# ---------------------------------------------------------------- the site

def ensure_site(archive: Archive, workdir: Path) -> Path:
    """A private copy of the archive (config and content), so edits and builds stay out of run.py's way."""
    site = workdir / f"search-{archive.path.name.removeprefix('archive-')}"
    if (site / "content").is_dir() and archive_digest(site) == archive.digest:
        return site
    remove(site / "content", site / "public", site / ".tintuc-cache")
    site.mkdir(parents=True, exist_ok=True)
    shutil.copy2(archive.path / "config.yaml", site / "config.yaml")
    shutil.copytree(archive.path / "content", site / "content")
    print(f"# copied {archive.path.name} to {site}", file=sys.stderr)
    return site


@dataclass
class Timed:
    seconds: float
    search_seconds: float | None = None  # tintuc's `search index:` stage
    detail: str = ""


def tintuc_build(site: Path) -> Timed:
    argv = [sys.executable, "-m", "tintuc", "build", "--config", str(site / "config.yaml"), "-v"]
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"search.py: {shlex.join(argv)} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    match = re.search(r"search index: ([^\n]*): ([\d.]+) s", done.stderr)
    return Timed(seconds, float(match[2]) if match else None, match[1] if match else "")


def pagefind_run(site: Path, variant: str) -> Timed:
    bundle, extra, _ = PAGEFIND_VARIANTS[variant]
    remove(site / "public" / bundle)
    argv = [sys.executable, "-m", "pagefind", "--site", "public", *extra]
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=site, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"search.py: {shlex.join(argv)} failed (exit {done.returncode}):\n"
                         f"{(done.stdout + done.stderr)[-3000:]}")
    pages = re.search(r"Indexed (\d+) pages", done.stdout)
    return Timed(seconds, None, f"{pages[1]} pages" if pages else "")


def edit_article(path: Path, number: int, originals: dict[Path, bytes]) -> None:
    text = path.read_bytes()
    originals.setdefault(path, text)
    path.write_bytes(text.rstrip(b"\n") + EDIT_SENTENCE.format(number=number).encode("utf-8") + b"\n")


def index_phase(site: Path, runs: int, variants: list[str]) -> dict[str, Any]:
    """Build and index times, in the order that leaves a clean cold build of the original content."""
    public, cache = site / "public", site / ".tintuc-cache"
    articles = sorted((site / "content").rglob("*.md"))
    timings: dict[str, list[Timed]] = {"tintuc-cold": [], "tintuc-edit": []}
    for variant in variants:
        timings[f"{variant}-cold"], timings[f"{variant}-edit"], timings[f"{variant}-edit-site"] = [], [], []

    def log(stage: str, number: int, timed: Timed) -> None:
        extra = f", search stage {timed.search_seconds:.2f} s ({timed.detail})" if timed.search_seconds else \
            (f" ({timed.detail})" if timed.detail else "")
        print(f"#   {stage:<16} run {number + 1}/{runs}: {timed.seconds:7.2f} s{extra}", file=sys.stderr)

    def cold_tintuc(number: int) -> None:
        remove(public, cache)
        timings["tintuc-cold"].append(timed := tintuc_build(site))
        log("tintuc cold", number, timed)

    originals: dict[Path, bytes] = {}
    edits = 0
    try:
        cold_tintuc(0)
        for number in range(runs):
            edits += 1
            edit_article(articles[edits * len(articles) // (runs * (1 + len(variants)) + 1)], edits, originals)
            timings["tintuc-edit"].append(timed := tintuc_build(site))
            log("tintuc one-edit", number, timed)
        for variant in variants:
            for number in range(runs):
                edits += 1
                edit_article(articles[edits * len(articles) // (runs * (1 + len(variants)) + 1)], edits, originals)
                timings[f"{variant}-edit-site"].append(tintuc_build(site))
                timings[f"{variant}-edit"].append(timed := pagefind_run(site, variant))
                log(f"{variant} one-edit", number, timed)
    finally:
        for path, text in originals.items():
            path.write_bytes(text)
    for number in range(1, runs):
        cold_tintuc(number)
    if runs == 1:  # the edits' builds came after the only cold one: leave a clean build, untimed
        remove(public, cache)
        tintuc_build(site)
    for variant in variants:
        for number in range(runs):
            timings[f"{variant}-cold"].append(timed := pagefind_run(site, variant))
            log(f"{variant} cold", number, timed)
    return {stage: [vars(t) for t in runs_] for stage, runs_ in timings.items()}


def disk_usage(site: Path, variants: list[str]) -> dict[str, Any]:
    """Bytes and files of each index on disk, raw and as a gzipping host would send all of them."""
    def summary(files: list[Path], index_only: list[Path]) -> dict[str, Any]:
        def served(path: Path) -> int:
            data = path.read_bytes()
            return len(gzip.compress(data, 6, mtime=0)) if path.suffix in GZIPPED else len(data)
        return {"bytes": sum(f.stat().st_size for f in files), "files": len(files),
                "served_bytes": sum(served(f) for f in files),
                "index_bytes": sum(f.stat().st_size for f in index_only), "index_files": len(index_only)}

    public = site / "public"
    search = [p for p in sorted((public / "search").iterdir()) if p.is_file() and p.name != "index.html"]
    out = {"tintuc": summary(search, search)}
    out["tintuc"]["kinds"] = {}
    for path in search:
        kind = path.name.split(".", 1)[0]
        entry = out["tintuc"]["kinds"].setdefault(kind, {"files": 0, "bytes": 0, "largest": 0})
        entry["files"] += 1
        entry["bytes"] += path.stat().st_size
        entry["largest"] = max(entry["largest"], path.stat().st_size)
    for variant in variants:
        bundle = public / PAGEFIND_VARIANTS[variant][0]
        files = sorted(p for p in bundle.rglob("*") if p.is_file())
        index = [p for p in files if ".pf_" in p.suffix or p.name == "pagefind-entry.json"]
        out[variant] = summary(files, index)
    return out


# ---------------------------------------------------------------- the HTTP server

GZIPPED = {".html", ".js", ".json", ".css"}
TYPES = {".js": "text/javascript", ".json": "application/json", ".html": "text/html; charset=utf-8",
         ".css": "text/css", ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
         ".pf_fragment": "application/octet-stream", ".pagefind": "application/octet-stream"}


@dataclass
class Sent:
    at: float
    path: str
    status: int
    body: int  # bytes of the response body as sent (gzipped when it was)


@dataclass
class Server:
    """A static host on 127.0.0.1 that counts the body bytes of every response it sends."""
    root: Path
    log: list[Sent] = field(default_factory=list)
    extra: dict[str, bytes] = field(default_factory=dict)  # virtual pages: path -> HTML

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.lock = threading.Lock()
        self.in_flight = 0
        self.last_activity = time.monotonic()
        self.compressed: dict[tuple[str, int, int], bytes] = {}
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: with Nagle's algorithm on, the body waits for the
            # client's delayed ACK of the headers (~40 ms on Linux). Static hosts (nginx, CDNs) set
            # TCP_NODELAY; so does this one.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                owner.respond(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def mark(self) -> int:
        with self.lock:
            return len(self.log)

    def wait_quiet(self, quiet: float = 0.5, timeout: float = 60) -> None:
        """Until no request has been open or answered for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                idle = self.in_flight == 0 and time.monotonic() - self.last_activity >= quiet
            if idle:
                return
            time.sleep(0.05)

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.in_flight += 1
            self.last_activity = time.monotonic()
        status, body = 500, b""
        path = urllib.parse.unquote(urllib.parse.urlsplit(handler.path).path)
        try:
            status, headers, body = self.resolve(path, handler.headers)
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self.lock:
                self.in_flight -= 1
                self.last_activity = time.monotonic()
                self.log.append(Sent(time.monotonic(), path, status, len(body)))

    def resolve(self, path: str, request: Any) -> tuple[int, dict[str, str], bytes]:
        if path in self.extra:
            file, data = Path(path + "index.html"), self.extra[path]
            tag = f'"{hash(data) & 0xFFFFFFFF:x}"'
        else:
            file = (self.root / path.lstrip("/")).resolve()
            if not file.is_relative_to(self.root):
                return 404, {"Content-Type": "text/plain"}, b"not found"
            if file.is_dir():
                if not path.endswith("/"):
                    return 301, {"Location": path + "/"}, b""
                file = file / "index.html"
            if not file.is_file():
                return 404, {"Content-Type": "text/plain"}, b"not found"
            stat = file.stat()
            tag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
            data = file.read_bytes()
        # Like GitHub Pages: an ETag, ten minutes of freshness, 304 to a matching If-None-Match.
        headers = {"ETag": tag, "Cache-Control": "max-age=600"}
        if request.get("If-None-Match") == tag:
            return 304, headers, b""
        headers["Content-Type"] = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] \
            or "application/octet-stream"
        if file.suffix in GZIPPED:
            headers["Vary"] = "Accept-Encoding"
            if "gzip" in request.get("Accept-Encoding", ""):
                key = (str(file), tag)
                if key not in self.compressed:
                    self.compressed[key] = gzip.compress(data, 6, mtime=0)
                data = self.compressed[key]
                headers["Content-Encoding"] = "gzip"
        return 200, headers, data


# ---------------------------------------------------------------- the browser

HOOKS = """(kind) => {
  const b = window.__bench = {target: null, first: null, last: null, done: null, changed: 0};
  const selector = kind === "tintuc" ? "#search-q" : ".pagefind-ui__search-input";
  document.addEventListener("input", (event) => {
    if (!(event.target instanceof Element) || !event.target.matches(selector)) return;
    const now = performance.now();
    if (b.first === null) b.first = now;
    b.last = now;
  }, true);
  b.ready = kind === "tintuc"
    ? () => document.body.dataset.searchQuery === b.target
    : () => {
        const message = document.querySelector(".pagefind-ui__message");
        return !!message && message.textContent.includes(b.target)
          && document.querySelectorAll(".pagefind-ui__result").length > 0
          && !document.querySelector(".pagefind-ui__results .pagefind-ui__loading");
      };
  new MutationObserver(() => {
    const now = performance.now();
    b.changed = now;
    if (b.target !== null && b.last !== null && b.ready()) b.done = now;
  }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
}"""

RESET = """(target) => {
  const b = window.__bench;
  Object.assign(b, {target, first: null, last: null, done: null});
}"""

SETTLED = """(quiet) => {
  const b = window.__bench, now = performance.now();
  return b.done !== null && b.ready() && now - b.changed >= quiet && now - b.done >= quiet;
}"""

EMPTY = {"tintuc": "() => document.querySelectorAll('#search-results li').length === 0",
         "pagefind": "() => document.querySelectorAll('.pagefind-ui__result').length === 0"}

# The engines without their UI. `queries` are timed one by one; `warm` (if any) is searched first, untimed.
# Each timing is search() + the display data of the first 10 results; the first also includes the import.
API = {
    "tintuc": """async ({queries, warm, limit}) => {
  // The page preloads the engine by its versioned address (the build rewrites the modules' imports).
  const href = document.querySelector('link[rel=modulepreload][href*="/search-engine.js"]').href;
  const started = performance.now();
  const engine = await import(href);
  const index = new engine.SearchIndex(document.getElementById("search-form").dataset.manifest);
  const one = async (q) => {
    const hits = await index.search(q, {});
    const rows = await index.documents(hits.slice(0, 10).map((h) => h.id));
    const all = limit ? await index.documents(hits.map((h) => h.id)) : null;
    return {total: hits.length, urls: all ? hits.map((h) => all.get(h.id)[0]) : [...rows.values()].map((r) => r[0])};
  };
  if (warm) await one(warm);
  const out = [];
  for (const q of queries) {
    const t = out.length || warm ? performance.now() : started;
    const r = await one(q);
    out.push({q, ms: performance.now() - t, total: r.total, ids: limit ? r.urls : r.urls.slice(0, 10)});
  }
  return out;
}""",
    "pagefind": """async ({queries, warm, limit, bundle}) => {
  const started = performance.now();
  const pagefind = await import(`/${bundle}/pagefind.js`);
  const one = async (q) => {
    const r = await pagefind.search(q);
    const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
    return {total: r.results.length, ids: limit ? r.results.map((x) => x.id) : data.map((d) => d.url)};
  };
  if (warm) await one(warm);
  const out = [];
  for (const q of queries) {
    const t = out.length || warm ? performance.now() : started;
    const r = await one(q);
    out.push({q, ms: performance.now() - t, total: r.total, ids: r.ids});
  }
  return out;
}""",
}


@dataclass
class Engine:
    name: str  # tintuc, site, articles
    kind: str  # tintuc or pagefind
    page: str  # the UI page's path
    api_page: str  # where the JS API runs
    bundle: str = ""  # Pagefind's bundle folder

    @property
    def input(self) -> str:
        return "#search-q" if self.kind == "tintuc" else ".pagefind-ui__search-input"


def engines(variants: list[str]) -> list[Engine]:
    out = [Engine("tintuc", "tintuc", "/search/", "/search/")]
    for variant in variants:
        bundle, _, page = PAGEFIND_VARIANTS[variant]
        out.append(Engine(variant, "pagefind", f"/{page}/", "/__bench/blank/", bundle))
    return out


def is_payload(path: str) -> bool:
    """What a search needs besides the page itself: scripts and index data (not HTML, styles, icons)."""
    return not path.endswith((".html", "/", ".css", ".svg", ".ico", ".png"))


class Browser:
    def __init__(self, server: Server) -> None:
        from playwright.sync_api import sync_playwright

        self.server = server
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        self.version = self.browser.version

    def close(self) -> None:
        self.browser.close()
        self.playwright.stop()

    def open(self, path: str) -> tuple[Any, Any, list[Any], int]:
        """A fresh context on `path`, loaded and idle: (context, page, finished requests, server mark)."""
        context = self.browser.new_context()
        requests: list[Any] = []  # the context's, so that a worker's requests are seen too
        context.on("requestfinished", lambda request: requests.append(request))
        page = context.new_page()
        start = self.server.mark()
        page.goto(self.server.url(path), wait_until="load")
        page.wait_for_load_state("networkidle")
        self.server.wait_quiet()
        return context, page, requests, start

    def type_query(self, page: Any, engine: Engine, query: str, timeout: float = 60) -> dict[str, float]:
        """Type `query` into the emptied input; wait until its results are rendered and settled."""
        page.evaluate(RESET, None)
        if page.input_value(engine.input):
            page.fill(engine.input, "")
            page.wait_for_function(EMPTY[engine.kind], timeout=timeout * 1000)
            time.sleep(0.4)  # past Pagefind UI's 300 ms debounce of the emptying keystroke
        page.evaluate(RESET, query)
        page.focus(engine.input)
        page.keyboard.type(query, delay=TYPING_DELAY_MS)
        page.wait_for_function(SETTLED, arg=SETTLE_S * 1000, timeout=timeout * 1000, polling=100)
        bench = page.evaluate("() => ({first: __bench.first, last: __bench.last, done: __bench.done})")
        return {"ms": bench["done"] - bench["last"], "from_first_key_ms": bench["done"] - bench["first"]}

    def first_query(self, engine: Engine, query: str) -> dict[str, Any]:
        context, page, requests, start = self.open(engine.page)
        mark, browser_mark = self.server.mark(), len(requests)
        page.evaluate(HOOKS, engine.kind)
        timing = self.type_query(page, engine, query)
        self.server.wait_quiet()
        rendered = page.locator("#search-results li" if engine.kind == "tintuc" else ".pagefind-ui__result").count()
        end = self.server.mark()
        sizes = [(r.url, r.sizes()) for r in requests[browser_mark:]]
        context.close()
        # Chromium reports a body size of 0 for a worker's script and below 0 for some cache hits
        return {"query": query, **timing, "results_shown": rendered, **self.traffic(start, mark, end),
                "chromium_bytes": sum(max(0, s["responseBodySize"]) for _, s in sizes),
                "chromium_requests": len(sizes)}

    def traffic(self, start: int, mark: int, end: int) -> dict[str, Any]:
        with self.server.lock:
            before, after = self.server.log[start:mark], self.server.log[mark:end]
        preloaded = [s for s in before if is_payload(s.path)]
        return {"bytes": sum(s.body for s in after), "requests": len(after),
                "with_js_bytes": sum(s.body for s in after + preloaded), "with_js_requests": len(after + preloaded),
                "files": [(s.path, s.body, "after load" if s in after else "before load")
                          for s in preloaded + after]}

    def later_queries(self, engine: Engine, queries: list[str]) -> list[dict[str, Any]]:
        context, page, _, _ = self.open(engine.page)
        page.evaluate(HOOKS, engine.kind)
        self.type_query(page, engine, WARM_UP)
        out = []
        for query in queries:
            mark = self.server.mark()
            timing = self.type_query(page, engine, query)
            self.server.wait_quiet(0.2)
            with self.server.lock:
                sent = self.server.log[mark:]
            out.append({"query": query, **timing, "bytes": sum(s.body for s in sent), "requests": len(sent)})
        context.close()
        return out

    def api(self, engine: Engine, queries: list[str], warm: str | None, limit: bool = False) -> list[dict[str, Any]]:
        context, page, _, start = self.open(engine.api_page)
        mark = self.server.mark()
        out = page.evaluate(API[engine.kind], {"queries": queries, "warm": warm, "limit": limit,
                                               "bundle": engine.bundle})
        self.server.wait_quiet(0.2)
        if len(queries) == 1 and not warm:
            out[0] |= {k: v for k, v in self.traffic(start, mark, self.server.mark()).items() if k != "files"}
        context.close()
        return out


def tintuc_cli_hits(site: Path, query: str) -> dict[str, Any]:
    argv = [sys.executable, "-m", "tintuc", "search", query, "--json", "--limit", "100000",
            "--config", str(site / "config.yaml")]
    done = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"search.py: {shlex.join(argv)} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout) if done.stdout.strip() else {"total": 0, "hits": []}
    return {"total": result["total"], "ids": [hit["url"] for hit in result["hits"]]}


def browser_phase(site: Path, variants: list[str], queries: list[str]) -> dict[str, Any]:
    public = site / "public"
    for variant in variants:
        bundle, _, page = PAGEFIND_VARIANTS[variant]
        (public / page).mkdir(exist_ok=True)
        (public / page / "index.html").write_text(PAGEFIND_PAGE.format(bundle=bundle), encoding="utf-8")
    server = Server(public, extra={"/__bench/blank/": BLANK_PAGE})
    browser = Browser(server)
    out: dict[str, Any] = {"chromium": browser.version, "engines": {}}
    try:
        for engine in engines(variants):
            print(f"#   browser: {engine.name}", file=sys.stderr)
            result: dict[str, Any] = {}
            result["first"] = [browser.first_query(engine, q) for q in queries]
            for r in result["first"]:
                print(f"#     first {r['query']!r}: {r['ms']:.0f} ms, {r['bytes']:,} B in {r['requests']} "
                      f"(with JS {r['with_js_bytes']:,} B), chromium {r['chromium_bytes']:,} B", file=sys.stderr)
            result["later"] = browser.later_queries(engine, queries)
            print("#     later: " + ", ".join(f"{r['ms']:.0f}" for r in result["later"]) + " ms", file=sys.stderr)
            result["api_cold"] = [browser.api(engine, [q], None)[0] for q in queries]
            result["api_warm"] = browser.api(engine, queries, WARM_UP)
            print("#     api cold: " + ", ".join(f"{r['ms']:.0f}" for r in result["api_cold"]) + " ms; warm: "
                  + ", ".join(f"{r['ms']:.0f}" for r in result["api_warm"]) + " ms", file=sys.stderr)
            recall_queries = [q + " " for pair in RECALL_PAIRS for q in pair]
            found = browser.api(engine, recall_queries, None, limit=engine.kind != "tintuc")
            result["recall_js"] = {r["q"]: {"total": r["total"], "ids": r["ids"]} for r in found}
            if engine.kind == "tintuc":
                result["recall"] = {q: tintuc_cli_hits(site, q) for q in recall_queries}
                for q in recall_queries:
                    if result["recall"][q]["total"] != result["recall_js"][q]["total"]:
                        print(f"# warning: tintuc search {q!r}: {result['recall'][q]['total']} hits, the "
                              f"JavaScript engine {result['recall_js'][q]['total']}", file=sys.stderr)
            else:
                result["recall"] = result["recall_js"]
            out["engines"][engine.name] = result
    finally:
        browser.close()
        server.close()
    return out


# ---------------------------------------------------------------- report

def fmt(value: float | None, spec: str = ",.0f") -> str:
    return "–" if value is None else format(value, spec)


def fmt_range(values: list[float], spec: str) -> str:
    span = spread(values)
    return "–" if span is None else f"{format(span[0], spec)}–{format(span[1], spec)}"


def file_kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if path.startswith("/search/") and name.endswith(".json"):
        return name.split(".", 1)[0]  # manifest, stats, t (terms), p (positions), d (documents), delta, tags
    for suffix, kind in ((".pf_index", "index"), (".pf_fragment", "fragment"), (".pf_meta", "meta"),
                         ("pagefind-entry.json", "entry"), (".pagefind", "wasm"), (".js", "js")):
        if name.endswith(suffix):
            return kind
    return "other"


def breakdown(files: list[tuple[str, int, str]]) -> str:
    """'t×4 21.3 kB, d×18 69.7 kB, …': what one visit fetched for its query, by kind of file."""
    kinds: dict[str, list[int]] = {}
    for path, size, _ in files:
        entry = kinds.setdefault(file_kind(path), [0, 0])
        entry[0] += 1
        entry[1] += size
    return ", ".join(f"{kind}×{n} {size / 1000:.1f} kB" for kind, (n, size) in
                     sorted(kinds.items(), key=lambda item: -item[1][1]))


def recall_of(hits: dict[str, Any], accented: str, plain: str) -> tuple[int, int, float | None]:
    a, u = hits[accented + " "], hits[plain + " "]
    common = len(set(a["ids"]) & set(u["ids"]))
    return a["total"], u["total"], (common / len(a["ids"]) if a["ids"] else None)


def engine_results(results: dict[int, dict[str, Any]], tools: list[str]) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(size, tool, its browser-phase results) for every size measured in the browser."""
    for size, result in results.items():
        if browser := result.get("browser"):
            for tool in tools:
                yield size, tool, browser["engines"][tool]


def report(results: dict[int, dict[str, Any]], variants: list[str]) -> str:
    tools = ["tintuc", *variants]
    lines = ["### Index build", "",
             "| size | tool | stage | median s | min–max s |", "|---:|---|---|---:|---:|"]
    for size, result in results.items():
        timings = result.get("index")
        if not timings:
            continue
        rows = [("tintuc", "cold: search stage", [t["search_seconds"] for t in timings["tintuc-cold"]]),
                ("tintuc", "cold: whole build", [t["seconds"] for t in timings["tintuc-cold"]]),
                ("tintuc", "one edit: search stage", [t["search_seconds"] for t in timings["tintuc-edit"]]),
                ("tintuc", "one edit: whole build", [t["seconds"] for t in timings["tintuc-edit"]])]
        for variant in variants:
            rows += [(variant, "cold: pagefind run", [t["seconds"] for t in timings[f"{variant}-cold"]]),
                     (variant, "one edit: site rebuild + pagefind run",
                      [a["seconds"] + b["seconds"] for a, b in zip(timings[f"{variant}-edit-site"],
                                                                   timings[f"{variant}-edit"], strict=True)]),
                     (variant, "one edit: pagefind run", [t["seconds"] for t in timings[f"{variant}-edit"]])]
        for tool, stage, values in rows:
            values = [v for v in values if v is not None]
            lines.append(f"| {size:,} | {TOOL_TITLES[tool]} | {stage} | {fmt(median(values), '.2f')} | "
                         f"{fmt_range(values, '.2f')} |")

    lines += ["", "### Index on disk", "",
              "| size | tool | pages indexed | bytes on disk | files | index files only: bytes | files | "
              "all files as a gzipping host sends them |", "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for size, result in results.items():
        disk = result.get("disk")
        if not disk:
            continue
        for tool in tools:
            d = disk[tool]
            cold = result["index"].get(f"{tool}-cold") or [{"detail": ""}]
            detail = f"{result['articles']} pages" if tool == "tintuc" else cold[-1]["detail"]
            pages = f"{int(detail.split()[0]):,}" if detail else "?"
            lines.append(f"| {size:,} | {TOOL_TITLES[tool]} | {pages} | {d['bytes']:,} | {d['files']:,} | "
                         f"{d['index_bytes']:,} | {d['index_files']:,} | {d['served_bytes']:,} |")

    lines += ["", "### First query after the page loads: bytes sent (fresh browser context)", "",
              "| size | tool | query | typed: bytes after load | requests | typed, with the search JS: bytes | "
              "requests | Chromium's count after load | JS API alone, with its JS: bytes | requests | "
              "typed: files fetched, with the JS |", "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    columns = [("bytes", "first"), ("requests", "first"), ("with_js_bytes", "first"), ("with_js_requests", "first"),
               ("chromium_bytes", "first"), ("with_js_bytes", "api_cold"), ("with_js_requests", "api_cold")]
    for size, tool, e in engine_results(results, tools):
        for at, query in enumerate(QUERIES):
            if query in BYTE_QUERIES:
                cells = [fmt(e[where][at][key]) for key, where in columns]
                lines.append(f"| {size:,} | {TOOL_TITLES[tool]} | {query} | " + " | ".join(cells)
                             + f" | {breakdown(e['first'][at]['files'])} |")
        cells = [fmt(median([r[key] for r in e[where]])) for key, where in columns]
        lines.append(f"| {size:,} | {TOOL_TITLES[tool]} | median of {len(e['first'])} queries | "
                     + " | ".join(cells) + " | |")

    lines += ["", "### Time from the last keystroke to the results (ms)", "",
              f"| size | tool | first query: median of {len(QUERIES)} | min–max | later keystrokes: median of "
              f"{len(QUERIES)} | min–max | JS API, first query | JS API, later |",
              "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for size, tool, e in engine_results(results, tools):
        first, later = [r["ms"] for r in e["first"]], [r["ms"] for r in e["later"]]
        lines.append(f"| {size:,} | {TOOL_TITLES[tool]} | {fmt(median(first))} | {fmt_range(first, '.0f')} | "
                     f"{fmt(median(later))} | {fmt_range(later, '.0f')} | "
                     f"{fmt(median([r['ms'] for r in e['api_cold']]))} | "
                     f"{fmt(median([r['ms'] for r in e['api_warm']]))} |")

    lines += ["", "### Unaccented queries against accented ones (whole words: a trailing space on both)", "",
              "| size | accented | unaccented | " + " | ".join(f"{TOOL_TITLES[t]}: hits | recall" for t in tools)
              + " |", "|---:|---|---|" + "---:|---:|" * len(tools)]
    for size, result in results.items():
        browser = result.get("browser")
        if not browser:
            continue
        for accented, plain in RECALL_PAIRS:
            cells = []
            for tool in tools:
                a, u, recall = recall_of(browser["engines"][tool]["recall"], accented, plain)
                cells.append(f"{a:,} / {u:,} | {fmt(recall and recall * 100, '.1f')}{'' if recall is None else ' %'}")
            lines.append(f"| {size:,} | {accented} | {plain} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("--sizes", default="1000,10000", help="archive sizes, comma-separated (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each index stage (default: %(default)s)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "tintuc-bench",
                        help="where archives and sites are kept between runs (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="generate.py seed (default: 1)")
    parser.add_argument("--pagefind", default="site,articles",
                        help="Pagefind runs: site (every page), articles (article pages only) (default: %(default)s)")
    parser.add_argument("--phases", default="index,browser",
                        help="index (build times and sizes), browser (bytes, latency, recall) (default: %(default)s)")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write every number here")
    parser.add_argument("--report", type=Path, default=None, metavar="FILE",
                        help="measure nothing: print the report of an earlier --json FILE")
    args = parser.parse_args(argv)
    if args.report:
        print(full_report(json.loads(args.report.read_text(encoding="utf-8"))))
        return 0

    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    variants = [v.strip() for v in args.pagefind.split(",") if v.strip()]
    phases = {p.strip() for p in args.phases.split(",") if p.strip()}
    if unknown := set(variants) - set(PAGEFIND_VARIANTS):
        parser.error(f"--pagefind: unknown {', '.join(sorted(unknown))}")
    if unknown := phases - {"index", "browser"}:
        parser.error(f"--phases: unknown {', '.join(sorted(unknown))}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    workdir = args.workdir.resolve()

    info = machine()
    pagefind = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True,
                              check=False).stdout.strip()
    info["pagefind"] = pagefind
    print(f"# {info['date']}: nproc {info['nproc']}, load {info['load_average_at_start']}, {pagefind}",
          file=sys.stderr)
    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        archive = ensure_archive(workdir, size, args.seed)
        site = ensure_site(archive, workdir)
        result: dict[str, Any] = {"site": str(site), "articles": archive.articles, "words": archive.words}
        print(f"# {size:,} articles: {site}", file=sys.stderr)
        if "index" in phases:
            result["index"] = index_phase(site, args.runs, variants)
            result["disk"] = disk_usage(site, variants)
        if "browser" in phases:
            if "index" not in phases:  # bring the output up to date with this tintuc (incremental, untimed)
                tintuc_build(site)
            for variant in variants:
                if not (site / "public" / PAGEFIND_VARIANTS[variant][0] / "pagefind.js").is_file():
                    pagefind_run(site, variant)
            result["browser"] = browser_phase(site, variants, QUERIES)
            info["chromium"] = result["browser"]["chromium"]
        results[size] = result
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    command = shlex.join(["python", "benchmarks/search.py", *(argv if argv is not None else sys.argv[1:])])
    data = {"machine": info, "command": command, "runs": args.runs, "variants": variants, "queries": QUERIES,
            "results": {str(k): v for k, v in results.items()}}
    if args.json:
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(full_report(data))
    return 0


def full_report(data: dict[str, Any]) -> str:
    info = data["machine"]
    results = {int(size): result for size, result in data["results"].items()}
    return "\n".join([
        f"## Search: tintuc vs Pagefind, {info['date']}", "",
        f"Machine: nproc {info['nproc']}, {info.get('cpu', '?')}, {info.get('memory_gib', '?')} GiB; Python "
        f"{info['python']}; tintuc {info.get('tintuc_commit', '?')}; {info['pagefind']}; Chromium "
        f"{info.get('chromium', '?')}; load average {info['load_average_at_start']} at the start, "
        f"{info['load_average_at_end']} at the end.",
        f"Command: `{data['command']}`; {data['runs']} run(s) an index stage, median shown.", "",
        report(results, data["variants"]), "", targets(results, data["variants"])])


def targets(results: dict[int, dict[str, Any]], variants: list[str]) -> str:
    """The issue's targets, per size, against each Pagefind run."""
    lines = ["### Targets"]
    for size, result in results.items():
        index, browser = result.get("index"), result.get("browser")
        lines += ["", f"{size:,} articles:"]
        if index:
            edit = median([t["search_seconds"] for t in index["tintuc-edit"]])
            cold = median([t["search_seconds"] for t in index["tintuc-cold"]])
            lines.append(f"- one edit, search stage {edit:.2f} s: {'met' if edit < 1 else 'NOT met'} (under 1 s)")
            for variant in variants:
                other = median([t["seconds"] for t in index[f"{variant}-cold"]])
                lines.append(f"- cold index {cold:.2f} s vs {TOOL_TITLES[variant]} {other:.2f} s: "
                             f"{'met' if cold <= other else 'NOT met'} (no slower)")
        if browser:
            e = browser["engines"]
            first = median([r["ms"] for r in e["tintuc"]["first"]])
            later = median([r["ms"] for r in e["tintuc"]["later"]])
            lines.append(f"- first query {first:.0f} ms: {'met' if first < 200 else 'NOT met'} (under 200 ms)")
            lines.append(f"- later keystrokes {later:.0f} ms: {'met' if later < 50 else 'NOT met'} (under 50 ms)")
            ours = median([r["with_js_bytes"] for r in e["tintuc"]["first"]])
            for variant in variants:
                theirs = median([r["with_js_bytes"] for r in e[variant]["first"]])
                lines.append(f"- first-query bytes with JS, median {ours:,.0f} vs {TOOL_TITLES[variant]} "
                             f"{theirs:,.0f} = {ours / theirs:.2f}×: {'met' if ours <= theirs / 2 else 'NOT met'} "
                             "(at most half)")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
