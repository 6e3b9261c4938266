"""`tintuc nginx` under Debian's real nginx, started by the tests on a loopback port as the test user.

The sample archive (plus an article with a hostile alias and an aligned table) is built once at the root and
once under /tin-tuc/; each is served by nginx with the generated configuration, and checked as a reader and a
cache see it: headers by kind of file, gzip, the 404 page, the aliases' 301s, and, in Chromium, search
working under the Content-Security-Policy with no violation on the home, article and search pages. Also here:
the theme's JS modules import each other by versioned addresses (no inline import map needed).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
import types
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from tintuc.build import Builder
from tintuc.cli import main
from tintuc.config import load_config
from tintuc.deploy_config import DAY, IMMUTABLE, SHORT
from tintuc.nginx import EMBED_ORIGINS, Redirect, ServerSpec, content_security_policy, frame_origins, server_config

from tests.conftest import REPO, Project, article, free_port

HOSTILE_ALIAS = "/tin cũ/bài; số {1} 'x' $host.aspx"  # spaces, ';', braces, quotes, a would-be variable
TABLE = """Bảng số liệu tiêm chủng trong tuần.

| Huyện | Số mũi |
|:------|-------:|
| Đăk Hà | 1.200 |
| Sa Thầy | 950 |

[Phóng sự về đợt tiêm chủng](https://youtu.be/Abc123XyZ_0)
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing under CI: .ci/run installs Debian's nginx (apt-get install -y nginx)")
        pytest.skip("nginx is not installed (apt-get install -y nginx); under CI=true this fails instead")
    return found


@contextlib.contextmanager
def running_nginx(site_conf: str, folder: Path) -> Iterator[None]:
    """nginx with `site_conf` inside an http block, every path it writes under `folder`, in the foreground."""
    folder.mkdir(parents=True, exist_ok=True)
    temp = {name: folder / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (folder / "site.conf").write_text(site_conf, encoding="utf-8")
    # As root, nginx's workers would switch to 'nobody', who cannot read pytest's private temporary folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        user + "events {}\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
        + "".join(f"  {name}_temp_path {path};\n" for name, path in temp.items())
        + f"  include {folder / 'site.conf'};\n}}\n", encoding="utf-8")
    # -e: the log nginx opens before it reads the configuration (Debian's is /var/log/nginx/, root's).
    command = [nginx_binary(), "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log"),
               "-g", f"daemon off; pid {folder / 'nginx.pid'}; error_log {folder / 'error.log'};"]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "[warn]" not in checked.stderr and "[emerg]" not in checked.stderr, checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        port = int(re.search(r"listen 127\.0\.0\.1:(\d+);", site_conf).group(1))  # type: ignore[union-attr]
        deadline = time.monotonic() + 10
        while True:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            assert time.monotonic() < deadline, "nginx did not start listening"
            time.sleep(0.05)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(port: int, path: str, gzip: bool = False) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip else {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


class Served:
    """A built copy of the sample archive behind nginx."""

    def __init__(self, root: Path, port: int, base: str) -> None:
        self.root, self.port, self.base = root, port, base
        self.url = f"http://127.0.0.1:{port}{base}"

    def get(self, rel: str, gzip: bool = False) -> tuple[int, dict[str, str], bytes]:
        return get(self.port, self.base + rel, gzip)


def sample_copy(root: Path) -> Project:
    root.mkdir(parents=True)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "static", root / "static")
    config = (REPO / "config.yaml").read_text(encoding="utf-8")
    config += ("\ndeploy:\n  bucket: tin-tuc\n  cache_control:\n"
               "    - {pattern: \"logo.svg\", value: \"public, max-age=60\"}\n")
    project = Project(root, keep_config=True)
    project.write_config(config)
    project.add("2021/bang-so-lieu.md", article("Bảng số liệu tiêm chủng tuần đầu", "2021-09-02 09:00", TABLE,
                                                aliases=f'["{HOSTILE_ALIAS}"]'))
    return project


@contextlib.contextmanager
def serve_sample(tmp: Path, base: str) -> Iterator[Served]:
    project = sample_copy(tmp / "site")
    port = free_port()
    assert main(["build", "-q", "--config", str(project.root / "config.yaml"),
                 "--base-url", f"http://127.0.0.1:{port}{base}"]) == 0
    conf = tmp / "site.conf"
    assert main(["nginx", "--config", str(project.root / "config.yaml"), "--listen", f"127.0.0.1:{port}",
                 "--out", str(conf)]) == 0
    with running_nginx(conf.read_text(encoding="utf-8"), tmp / "nginx"):
        yield Served(project.root, port, base)


@pytest.fixture(scope="module")
def at_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    nginx_binary()
    with serve_sample(tmp_path_factory.mktemp("root"), "/") as served:
        yield served


@pytest.fixture(scope="module")
def under_subpath(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    nginx_binary()
    with serve_sample(tmp_path_factory.mktemp("subpath"), "/tin-tuc/") as served:
        yield served


def hashed_search_file(served: Served) -> str:
    return next(p.name for p in sorted((served.root / "public" / "search").iterdir()) if p.suffix == ".json")


SECURITY = {"x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin",
            "x-frame-options": "SAMEORIGIN"}


def assert_secured(headers: dict[str, str]) -> None:
    for name, value in SECURITY.items():
        assert headers.get(name) == value, (name, headers)
    csp = headers["content-security-policy"]
    assert "script-src 'self';" in csp and "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
    assert "camera=()" in headers["permissions-policy"]


@pytest.mark.parametrize("fixture", ["at_root", "under_subpath"])
def test_headers_by_kind_of_file(fixture: str, request: pytest.FixtureRequest) -> None:
    served: Served = request.getfixturevalue(fixture)
    search_file = hashed_search_file(served)
    expected = {"": (SHORT, "text/html; charset=utf-8"),
                "2021/09/bang-so-lieu-tiem-chung-tuan-dau/": (SHORT, "text/html; charset=utf-8"),
                "static/css/style.css": (IMMUTABLE, "text/css; charset=utf-8"),
                "static/js/search-page.js": (IMMUTABLE, "application/javascript; charset=utf-8"),
                f"search/{search_file}": (IMMUTABLE, "application/json; charset=utf-8"),
                "feed.xml": (SHORT, "text/xml; charset=utf-8"),
                "sitemap.xml": (SHORT, "text/xml; charset=utf-8"),
                "robots.txt": (SHORT, "text/plain; charset=utf-8"),
                "logo.svg": ("public, max-age=60", "image/svg+xml; charset=utf-8"),  # the site's own rule
                "static/favicon.svg": (IMMUTABLE, "image/svg+xml; charset=utf-8")}
    for rel, (cache, kind) in expected.items():
        status, headers, body = served.get(rel)
        assert status == 200, rel
        assert (headers["cache-control"], headers["content-type"]) == (cache, kind), rel
        assert_secured(headers)
        assert body == (served.root / "public" / (rel + "index.html" if rel.endswith("/") or not rel else rel)
                        ).read_bytes(), rel
    # What is neither a page, nor a theme file, nor a hashed index file keeps for a day, as tintuc deploy says.
    photo = next(p for p in (served.root / "public" / "2021").rglob("*.jpg"))
    status, headers, _ = served.get(quote(photo.relative_to(served.root / "public").as_posix()))
    assert (status, headers["cache-control"], headers["content-type"]) == (200, DAY, "image/jpeg")
    assert_secured(headers)


@pytest.mark.parametrize("fixture", ["at_root", "under_subpath"])
def test_the_404_page_and_the_bookkeeping_files(fixture: str, request: pytest.FixtureRequest) -> None:
    served: Served = request.getfixturevalue(fixture)
    not_found = (served.root / "public" / "404.html").read_bytes()
    for rel in ("khong-co-trang-nay/", "2021/08/khong-co.html", ".tintuc", "static/js/khong-co.js"):
        status, headers, body = served.get(rel)
        assert (status, body) == (404, not_found), rel
        assert headers["cache-control"] == SHORT
        assert_secured(headers)


@pytest.mark.parametrize("fixture", ["at_root", "under_subpath"])
def test_aliases_are_real_redirects_even_hostile_ones(fixture: str, request: pytest.FixtureRequest) -> None:
    served: Served = request.getfixturevalue(fixture)
    moves = {"tin-tuc/hoi-nghi-truc-tuyen-phong-chong-dich-2021.html":
             "2021/08/hoi-nghi-truc-tuyen-toan-tinh-ve-cong-tac-phong-chong-dich-covid-19/",
             quote(HOSTILE_ALIAS.lstrip("/")): "2021/09/bang-so-lieu-tiem-chung-tuan-dau/",
             quote(HOSTILE_ALIAS.lstrip("/")) + "/": "2021/09/bang-so-lieu-tiem-chung-tuan-dau/"}
    for old, new in moves.items():
        status, headers, _ = served.get(old)
        assert (status, headers["location"]) == (301, served.base + new), old
        assert_secured(headers)
        status, _, _ = served.get(new)
        assert status == 200
    # A folder without its '/' is sent to it, by a path (right behind a proxy that speaks https).
    status, headers, _ = served.get("search")
    assert (status, headers["location"]) == (301, served.base + "search/")


def test_html_is_gzipped_and_varies(at_root: Served) -> None:
    import gzip

    status, headers, body = at_root.get("", gzip=True)
    assert (status, headers.get("content-encoding"), headers.get("vary")) == (200, "gzip", "Accept-Encoding")
    assert gzip.decompress(body) == (at_root.root / "public" / "index.html").read_bytes()
    status, headers, _ = at_root.get("static/js/search-engine.js", gzip=True)
    assert headers.get("content-encoding") == "gzip"


def test_the_subpath_itself_and_nothing_outside_it(under_subpath: Served) -> None:
    status, headers, _ = get(under_subpath.port, "/tin-tuc")
    assert (status, headers["location"]) == (301, "/tin-tuc/")
    status, _, body = get(under_subpath.port, "/static/css/style.css")  # the site's files are under /tin-tuc/ only
    assert status == 404 and body == (under_subpath.root / "public" / "404.html").read_bytes()


# --- in Chromium: the Content-Security-Policy and the default theme ------------------------------------------

WATCH_CSP = """document.addEventListener("securitypolicyviolation", (e) => {
  (window.__csp = window.__csp || []).push(e.violatedDirective + " " + e.blockedURI);
});"""


def open_page(browser, url: str):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.add_init_script(WATCH_CSP)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    return page, problems


def violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate("window.__csp || []")


@pytest.mark.parametrize("fixture", ["at_root", "under_subpath"])
def test_search_works_under_the_csp(fixture: str, request: pytest.FixtureRequest, browser) -> None:  # type: ignore[no-untyped-def]
    served: Served = request.getfixturevalue(fixture)
    page, problems = open_page(browser, served.url + "search/?q=" + quote("hội nghị"))
    page.wait_for_selector("body[data-search-done]")
    results = page.locator("#search-results li")
    assert results.count() >= 3
    assert all(href.startswith(served.base) for href in results.locator("a").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"))
    page.fill("#search-q", "bang so lieu")
    page.press("#search-q", "Enter")
    page.locator("#search-results", has_text="Bảng số liệu").wait_for()  # a locator: no eval under the CSP
    assert violations(page) == [] and problems == []
    page.close()


def test_home_and_article_pages_break_no_rule(at_root: Served, browser) -> None:  # type: ignore[no-untyped-def]
    pages = ["", "2021/08/hoi-nghi-truc-tuyen-toan-tinh-ve-cong-tac-phong-chong-dich-covid-19/",
             "2021/09/bang-so-lieu-tiem-chung-tuan-dau/", "gioi-thieu/", "tags/"]
    for rel in pages:
        page, problems = open_page(browser, at_root.url + rel)
        page.wait_for_load_state("load")
        assert violations(page) == [] and problems == [], rel
        if "bang-so-lieu" in rel:  # the aligned column: its style attribute is allowed by hash, and applies
            align = page.locator("td").nth(1).evaluate("(td) => getComputedStyle(td).textAlign")
            assert align == "right"
            # The video's facade: pressing play makes the provider's frame, which frame-src allows (the
            # provider itself is not asked: the tests run offline).
            page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body="<p>video</p>",
                                                                                     content_type="text/html"))
            page.click(".embed-play")
            frame = page.wait_for_selector("figure.embed iframe")
            assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/Abc123XyZ_0")
            page.wait_for_timeout(300)
            assert violations(page) == [], rel
            assert not [p for p in problems if "Content Security Policy" in p or "Refused to" in p], problems
        page.close()


def test_no_page_of_the_sample_has_inline_script_or_style(at_root: Served) -> None:
    """What the CSP would block: an inline script (JSON-LD is data, not blocked), <style>, a style attribute
    other than the table alignment the policy allows by hash, an event handler attribute."""
    allowed_styles = {f"text-align: {side};" for side in ("left", "center", "right")}
    pages = sorted((at_root.root / "public").rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/ld+json"' in tag, (path, tag)
        assert "<style" not in text, path
        assert set(re.findall(r'\sstyle="([^"]*)"', text)) <= allowed_styles, path
        assert not re.search(r"\son[a-z]+=", text), path


# --- the configuration's text -------------------------------------------------------------------------------

def test_hostile_paths_stay_inside_their_string(tmp_path: Path) -> None:
    """A path with every character nginx's syntax cares about is one quoted string: `nginx -t` accepts the
    file, and the server still has exactly the locations it should (no directive smuggled in)."""
    nasty = '/a b;c{d}e"f\'g#h\\i\nj;} location / { return 200 "owned"; }'
    port = free_port()
    spec = ServerSpec(root=str(tmp_path / "www"), base_path="/", listen=f"127.0.0.1:{port}",
                      redirects=(Redirect(nasty, "/moi/"), Redirect("/cu.html", "/moi/")))
    (tmp_path / "www" / "moi").mkdir(parents=True)
    (tmp_path / "www" / "moi" / "index.html").write_text("<!DOCTYPE html><title>Mới</title>", encoding="utf-8")
    text = server_config(spec)
    with running_nginx(text, tmp_path / "nginx"):
        assert get(port, "/cu.html")[:2] == (301, get(port, "/cu.html")[1])
        status, headers, body = get(port, quote(nasty))  # the whole path: its own exact location answers
        assert (status, headers.get("location")) == (301, "/moi/") and b"owned" not in body
        status, _, body = get(port, quote(nasty.split("\n")[0]))  # a part of it: nothing
        assert status == 404 and b"owned" not in body
        status, headers, body = get(port, "/")
        assert status == 403 and b"owned" not in body  # no index.html at the root: nothing answers 'owned'


def test_content_security_policy_names_the_embed_providers() -> None:
    from tintuc.embeds import PROVIDERS

    assert set(EMBED_ORIGINS) == set(PROVIDERS)  # a new provider needs its frame origin here
    assert frame_origins(types.SimpleNamespace(embeds=None)) == tuple(EMBED_ORIGINS.values())
    assert frame_origins(types.SimpleNamespace(embeds=["youtube"])) == ("https://www.youtube-nocookie.com",)
    assert "frame-src 'none';" in content_security_policy(frame_origins(types.SimpleNamespace(embeds=[])))
    csp = content_security_policy(("https://www.youtube-nocookie.com", "https://www.google.com"))
    assert "frame-src https://www.youtube-nocookie.com https://www.google.com;" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp


def test_the_command_refuses_what_it_cannot_describe(project: Project, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    config = str(project.root / "config.yaml")
    project.add("2021/a.md", article())
    assert main(["nginx", "--config", config]) == 2  # not built yet
    assert "run tintuc build first" in capsys.readouterr().err
    assert main(["build", "-q", "--config", config]) == 0
    for option in (["--listen", "80; include /etc/passwd"], ["--server-name", "a b"], ["--root", "relative/dir"],
                   ["--root", "/srv/$document_root"]):
        assert main(["nginx", "--config", config, *option]) == 2, option
        assert option[1] in capsys.readouterr().err
    assert main(["nginx", "--config", config, "--root", "/srv/www/tin-tuc", "--server-name", "tintuc.example.gov.vn"]
                ) == 0
    text = capsys.readouterr().out
    assert 'root "/srv/www/tin-tuc";' in text and "server_name tintuc.example.gov.vn;" in text
    assert 'error_page 404 "/404.html";' in text and "listen 80;" in text


# --- the theme's JS modules: versioned imports instead of an import map --------------------------------------

def module_versions(public: Path) -> dict[str, str]:
    html = (public / "search" / "index.html").read_text(encoding="utf-8")
    return dict(re.findall(r'/static/(js/[\w-]+\.js)\?v=([0-9a-f]+)"', html))


def test_modules_import_each_other_by_versioned_addresses(project: Project) -> None:
    project.add("2021/a.md", article())
    Builder(project.config(), jobs=1).build()
    public = project.public
    html = (public / "search" / "index.html").read_text(encoding="utf-8")
    assert "importmap" not in html
    versions = module_versions(public)
    assert set(versions) == {"js/search-page.js", "js/search-engine.js", "js/search-query.js", "js/search-rank.js",
                             "js/search-format.js", "js/analysis.js"}
    page = (public / "static/js/search-page.js").read_text(encoding="utf-8")
    engine = (public / "static/js/search-engine.js").read_text(encoding="utf-8")
    assert f'from "./search-engine.js?v={versions["js/search-engine.js"]}";' in page
    assert f'from "./search-query.js?v={versions["js/search-query.js"]}";' in engine
    assert f'from "./search-format.js?v={versions["js/search-format.js"]}";' in engine
    query = (public / "static/js/search-query.js").read_text(encoding="utf-8")
    assert f'from "./analysis.js?v={versions["js/analysis.js"]}";' in query
    # The rest of each module is the theme's file as written.
    source = (REPO / "themes/default/static/js/search-page.js").read_text(encoding="utf-8")
    assert re.sub(r"\?v=[0-9a-f]+", "", page) == source

    # A change deep down (the site's own analysis.js shadows the theme's) gives every module above it a new address.
    own = project.root / "themes" / "default" / "static" / "js"
    own.mkdir(parents=True)
    own.joinpath("analysis.js").write_text(
        (REPO / "themes/default/static/js/analysis.js").read_text(encoding="utf-8") + "\n// sửa đổi của trang\n",
        encoding="utf-8")
    Builder(project.config(), jobs=1).build()
    changed = module_versions(public)
    above = set(versions) - {"js/search-rank.js"}  # the ranking module imports nothing: it reaches no analysis.js
    assert all(changed[name] != versions[name] for name in above), (versions, changed)
    assert changed["js/search-rank.js"] == versions["js/search-rank.js"]
    page = (public / "static/js/search-page.js").read_text(encoding="utf-8")
    assert f'from "./search-engine.js?v={changed["js/search-engine.js"]}";' in page
    css = (public / "index.html").read_text(encoding="utf-8")
    assert load_config(project.root / "config.yaml").base_path + "static/css/style.css?v=" in css
