"""The built sample archive, proved to the real clients that will meet it: the Nu HTML checker (vnu.jar),
axe-core in headless Chromium (both colour schemes, phone and desktop), LinkChecker crawling it over HTTP,
and a feed reader; plus screenshots for CI's artifacts and the README.

The tools come from `npm ci` (vnu-jar, axe-core: package.json), Debian's chromium and the test extras
(linkchecker, playwright, feedparser); `bash .ci/run` installs all of them. Nothing here is skipped: a
missing tool fails with what to install.
"""

from __future__ import annotations

import csv
import functools
import http.server
import json
import os
import shutil
import struct
import subprocess
import sys
import threading
import urllib.request
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import feedparser
import pytest
from conftest import REPO, Project
from sitecheck import html_pages, is_redirect
from tintuc.build import Builder
from tintuc.serve import SiteHandler

NODE_MODULES = REPO / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# The linkchecker of the Python running the tests (the dev venv, or CI's .venv).
LINKCHECKER = Path(sys.executable).parent / "linkchecker"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"  # git-ignored; CI collects it
DOCS_SCREENSHOTS = REPO / "docs" / "screenshots"  # committed README images
UPDATE_DOCS = os.environ.get("TINTUC_UPDATE_SCREENSHOTS") == "1"


class Page(NamedTuple):
    path: str  # relative to the site's base URL
    status: int = 200
    ready: str | None = None  # a CSS selector to wait for, for a page that renders with JavaScript


ARTICLE = "2020/03/hoi-nghi-truc-tuyen-cong-tac-phong-chong-dich-covid-19-tren-dia-ban-tinh/"
# The pages axe checks, in both schemes at both widths. One line adds a page, e.g.
#     "search": Page("search/?q=covid", ready=".search-results li"),
PAGES: dict[str, Page] = {
    "home": Page(""),
    "article": Page(ARTICLE),
    "tag": Page("tags/covid-19/"),
    "archives": Page("archives/"),
    "year": Page("2020/"),
    "404": Page("khong-co-trang-nay/", status=404),
    "search": Page("search/?q=h%E1%BB%99i+ngh%E1%BB%8B", ready=".search-results li"),
    "search-none": Page("search/?q=zzzqqq", ready="body[data-search-done]"),
}
SCHEMES = ("light", "dark")
VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
# Pages (names in PAGES) screenshotted at every width into tests/artifacts/screenshots/NAME-WIDTH.png.
SCREENSHOTS = ("home", "article", "search")
# README images: file in docs/screenshots/ -> (page, width). Their first screen, light scheme; rewritten
# only when TINTUC_UPDATE_SCREENSHOTS=1.
README_IMAGES = {"home.png": ("home", "desktop"), "home-phone.png": ("home", "phone"),
                 "article.png": ("article", "desktop"), "search.png": ("search", "desktop")}


def require(path: Path | str, what: str) -> None:
    if not Path(path).exists():
        pytest.fail(f"{path} is missing: {what}", pytrace=False)


# ---- the site: the sample archive built once, served on a loopback port -------------------------------------


class _Handler(SiteHandler):
    """The project's static server (its 404 page, its content types), plus the header LinkChecker looks for
    before it stops throttling itself to a few requests per second on a host."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "tintuc-tests")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@dataclass
class Site:
    root: Path  # the built files
    base: str  # http://127.0.0.1:PORT/

    def url(self, path: str) -> str:
        return self.base + path

    def page_urls(self) -> set[str]:
        """The address of every HTML file, as a crawler would name it."""
        return {self.base + p.relative_to(self.root).as_posix().removesuffix("index.html")
                for p in html_pages(self.root)}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("real-clients")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "static", root / "static")
    shutil.copy(REPO / "config.yaml", root / "config.yaml")
    project = Project(root, keep_config=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Handler, directory=str(project.public)))
    server.daemon_threads = True
    # Built for the port it is served on, so canonical and sitemap addresses are crawlable too.
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    Builder(project.config(base_url=base)).build()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(project.public, base)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require(CHROMIUM, "install Debian's chromium (`apt-get install chromium`; bash .ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch() gives the browser a fresh temporary profile, removed on close.
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def open_page(tab: Any, site: Site, name: str) -> None:
    page = PAGES[name]
    response = tab.goto(site.url(page.path))
    assert response is not None and response.status == page.status, (name, page.path, response and response.status)
    if page.ready:
        tab.wait_for_selector(page.ready)


# ---- 1. the Nu HTML checker ---------------------------------------------------------------------------------


def test_nu_html_checker_finds_no_errors(site: Site) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: the Nu HTML checker needs Java 17 or later", pytrace=False)
    require(VNU, "run `npm ci` (package.json pins vnu-jar)")
    pages = html_pages(site.root)
    styles = sorted(site.root.rglob("*.css"))
    images = sorted(site.root.rglob("*.svg"))
    assert len(pages) > 20 and styles and images
    # One JVM for every file: a few seconds instead of one start-up per page.
    done = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--stdout", "--also-check-css",
                           "--also-check-svg", *map(str, pages + styles + images)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    messages = json.loads(done.stdout)["messages"]
    # "info" messages (some with subType "warning") are advice; errors and unreadable files fail.
    errors = [m for m in messages if m.get("type") != "info"]
    report = "\n".join(f"{m.get('url', '').removeprefix('file:').removeprefix(str(site.root) + '/')}:"
                       f"{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}: "
                       f"{m.get('type')}: {m.get('message')}\n    {m.get('extract', '').strip()}" for m in errors)
    assert not errors, f"vnu found {len(errors)} error(s) in {len(pages)} pages:\n{report}"


# ---- 2. axe-core in Chromium --------------------------------------------------------------------------------


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_serious_violations(site: Site, browser: Any, scheme: str, width: str) -> None:
    require(AXE, "run `npm ci` (package.json pins axe-core)")
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS[width])
    try:
        tab = context.new_page()
        problems: list[str] = []
        for name in PAGES:
            open_page(tab, site, name)
            assert tab.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
            tab.add_script_tag(path=str(AXE))
            result = tab.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            assert result["passes"], f"axe checked nothing on {name}"
            for violation in result["violations"]:
                if violation["impact"] not in ("serious", "critical"):
                    print(f"{scheme} {width} {name}: {violation['impact']} {violation['id']}: {violation['help']}")
                    continue
                nodes = "\n".join(f"      {' '.join(node['target'])}: "
                                  + (node.get("failureSummary") or "").replace("\n", " ")
                                  for node in violation["nodes"])
                problems.append(f"{name} ({PAGES[name].path or '/'}): {violation['impact']} {violation['id']}: "
                                f"{violation['help']} ({violation['helpUrl']})\n{nodes}")
            # Reflow (WCAG 1.4.10): nothing wider than the window, so a phone never scrolls sideways.
            overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                problems.append(f"{name}: the page is {overflow}px wider than the {width} window")
    finally:
        context.close()
    assert not problems, f"{scheme} scheme, {width} width:\n" + "\n".join(problems)


# ---- 3. LinkChecker over HTTP -------------------------------------------------------------------------------


def test_linkchecker_walks_the_whole_site_and_finds_nothing_broken(site: Site, tmp_path: Path) -> None:
    require(LINKCHECKER, "install the test extras: pip install -e '.[test]'")
    settings = tmp_path / "linkcheckerrc"
    # The server answers with a LinkChecker header, so this rate holds for it; AnchorCheck reports a link
    # to a fragment the target page lacks. (Read before linkchecker drops root privileges.)
    settings.write_text("[checking]\nmaxrequestspersecond=1000\nthreads=4\n\n[AnchorCheck]\n", encoding="utf-8")
    # The redirect pages of aliases are start addresses too: no page links to an old address.
    redirects = [site.url(p.relative_to(site.root).as_posix().removesuffix("index.html"))
                 for p in html_pages(site.root) if is_redirect(p)]
    done = subprocess.run([str(LINKCHECKER), "--config", str(settings), "--output", "csv/utf-8", "--verbose",
                           "--no-status", site.url(""), site.url("404.html"), *redirects],
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    rows = list(csv.DictReader((line for line in done.stdout.splitlines() if not line.startswith("#")),
                               delimiter=";"))
    checked = {row["url"].split("?", 1)[0] for row in rows}
    # It really crawled: every page of the site was reached, and assets and feeds besides.
    pages = site.page_urls()  # 404.html and redirect pages among them: start addresses, nothing links to them
    assert len(checked) >= len(pages), (len(checked), len(pages))
    assert pages <= checked, f"never reached: {sorted(pages - checked)}"
    # On a static site every warning is a defect too: a missing anchor, a redirect, an empty file.
    broken = [f"{row['urlname']} (in {row['parentname'] or 'the start list'}, line {row['line']}): "
              f"{row['result']} {row['warningstring']}".strip()
              for row in rows if row["valid"] != "True" or row["warningstring"]]
    assert not broken, f"{len(broken)} broken of {len(rows)} checked:\n" + "\n".join(broken)


# ---- 4. a feed reader ---------------------------------------------------------------------------------------
# Feeds parsed from disk without bozo, and the sitemap against tests/schemas/sitemap.xsd, are in test_build.py;
# this one reads the feeds the way a reader does, over HTTP, and follows their entries.


def test_feeds_over_http_have_complete_entries_that_resolve(site: Site) -> None:
    feeds = [site.url(p.relative_to(site.root).as_posix()) for p in sorted(site.root.rglob("feed.xml"))]
    assert len(feeds) > 5
    entries = 0
    for feed in feeds:
        parsed = feedparser.parse(feed)
        assert parsed.get("status") == 200 and parsed.bozo == 0, (feed, parsed.get("bozo_exception"))
        assert parsed.feed.get("title") and parsed.feed.get("updated_parsed"), feed
        for entry in parsed.entries:
            assert entry.get("title") and entry.get("updated_parsed"), (feed, entry.get("id"))
            assert entry.get("link", "").startswith(site.base), (feed, entry.get("link"))
            with urllib.request.urlopen(entry.link, timeout=10) as response:
                assert response.status == 200 and response.headers.get_content_type() == "text/html", entry.link
            entries += 1
    assert entries >= 3


# ---- 5. screenshots -----------------------------------------------------------------------------------------


def png_facts(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in the image data of a PNG file."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG file"
    width, height = struct.unpack(">II", data[16:24])
    chunks, offset = [], 8
    while offset < len(data):
        (length,), kind = struct.unpack(">I", data[offset:offset + 4]), data[offset + 4:offset + 8]
        if kind == b"IDAT":
            chunks.append(data[offset + 8:offset + 8 + length])
        offset += 12 + length
    return width, height, len(set(zlib.decompress(b"".join(chunks))))


def assert_real_screenshot(path: Path, width: int, min_height: int) -> None:
    assert path.is_file() and path.stat().st_size > 10_000, f"{path}: missing or nearly empty"
    found_width, found_height, values = png_facts(path)
    assert found_width == width and found_height >= min_height, (path, found_width, found_height)
    assert values > 32, f"{path} looks blank ({values} distinct byte values)"


def test_screenshots(site: Site, browser: Any) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in VIEWPORTS.items():
        context = browser.new_context(color_scheme="light", viewport=viewport)
        try:
            tab = context.new_page()
            for name in SCREENSHOTS:
                open_page(tab, site, name)
                shot = ARTIFACTS / f"{name}-{width}.png"
                tab.screenshot(path=str(shot), full_page=True, animations="disabled")
                assert_real_screenshot(shot, viewport["width"], viewport["height"])
                for image, wanted in README_IMAGES.items():
                    if UPDATE_DOCS and wanted == (name, width):
                        tab.screenshot(path=str(DOCS_SCREENSHOTS / image), animations="disabled")
        finally:
            context.close()
    for image, (_, width) in README_IMAGES.items():
        assert_real_screenshot(DOCS_SCREENSHOTS / image, VIEWPORTS[width]["width"], VIEWPORTS[width]["height"])
