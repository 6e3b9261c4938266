"""The commands under odd and hostile requests (issue 19: items 10, 11, 17, 20-23): every outcome is an
exit code with a message, never a traceback or a hang; theme mistakes name the template and line;
`check` knows every file the build writes; the dev server stays quiet, private and standing.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from tintuc import cli
from tintuc.search import query

from tests.conftest import REPO, Project, article, free_port

TIMEOUT = 60


def tintuc(cwd: Path, *args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "tintuc", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


def no_crash(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert "internal error" not in done.stderr, done.stderr


def three_articles(project: Project) -> None:
    for n in range(1, 4):
        project.add(f"2021/bai-{n}.md", article(title=f"Hội nghị số {n}", date=f"2021-08-0{n} 08:00",
                                                 tags="[Covid-19]", body="Cán bộ y tế họp giao ban."))


# --- odd command lines (item 10 and "try every command") -------------------------------------------

ODD = [  # id, arguments, allowed exit codes
    ("build --jobs 0", ["build", "--jobs", "0"], {2}),
    ("build --config missing", ["build", "--config", "khong-co.yaml"], {1}),
    ("build --config folder", ["build", "--config", "content"], {2}),
    ("build --config binary", ["build", "--config", "rac.bin"], {1, 2}),
    ("build --out a file", ["build", "--out", "tep.txt"], {1, 2}),
    ("build --base-url junk", ["build", "--base-url", "::::"], {2}),
    ("serve --port 0", ["serve", "--port", "0"], {2}),
    ("serve --port 70000", ["serve", "--port", "70000"], {2}),
    ("serve --jobs 0", ["serve", "--jobs", "0"], {2}),
    ("serve --config missing", ["serve", "--config", "khong-co.yaml"], {1}),
    ("check --config folder", ["check", "--config", "content"], {2}),
    ("check --config binary", ["check", "--config", "rac.bin"], {1, 2}),
    ("new empty title", ["new", ""], {2}),
    ("new slashes only", ["new", "///"], {2}),
    ("new --date junk", ["new", "Tin mới", "--date", "ngày mai"], {2}),
    ("search empty query", ["search", ""], {2}),
    ("search before any build", ["search", "hội nghị"], {2}),
    ("search --limit 0", ["search", "hội", "--limit", "0"], {2}),
    ("import missing folder", ["import", "khong-co-thu-muc"], {2}),
    ("import --out a file", ["import", "content", "--out", "tep.txt", "--dry-run"], {0, 1, 2}),
    ("no command", [], {2}),
    ("unknown command", ["xay"], {2}),
]


@pytest.mark.parametrize(("args", "codes"), [(a, c) for _, a, c in ODD], ids=[i for i, _, _ in ODD])
def test_odd_arguments_give_an_exit_code_and_a_message(project: Project, args: list[str], codes: set[int]) -> None:
    three_articles(project)
    (project.root / "rac.bin").write_bytes(bytes(range(256)) * 4)
    (project.root / "tep.txt").write_text("không phải thư mục", encoding="utf-8")
    done = tintuc(project.root, *args)
    no_crash(done)
    assert done.returncode in codes, done.stderr
    assert done.stderr.strip(), "every failure says why"


@pytest.mark.parametrize("args", [["build"], ["check"], ["new", "Tin mới"], ["search", "hội"],
                                  ["serve", "--port", "0"], ["serve"]],
                         ids=["build", "check", "new", "search", "serve --port 0", "serve"])
def test_outside_a_site_nothing_is_created(tmp_path: Path, args: list[str]) -> None:
    done = tintuc(tmp_path, *args)
    no_crash(done)
    assert done.returncode == 2
    if args != ["serve", "--port", "0"]:
        assert "no config.yaml here" in done.stderr and "tintuc new-site" in done.stderr
    assert list(tmp_path.iterdir()) == [], "no content/, public/ or .tintuc-cache/ made"


@pytest.mark.parametrize(("raised", "code", "message"), [
    (KeyboardInterrupt, 130, "stopped"),
    (RuntimeError, 3, "internal error"),
], ids=["ctrl-c", "a bug"])
@pytest.mark.parametrize("command", ["build", "serve", "check", "new", "import", "search"])
def test_every_command_maps_interrupts_and_bugs_in_one_place(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str], command: str,
                                                             raised: type[BaseException], code: int,
                                                             message: str) -> None:
    def fail(_: object) -> int:
        raise raised("boom")

    name = {"build": "_build", "serve": "_serve", "check": "_check", "new": "_new", "import": "_import",
            "search": "_search"}[command]
    monkeypatch.setattr(cli, name, fail)
    monkeypatch.chdir(project.root)
    args = {"new": ["new", "Tin"], "import": ["import", "content"], "search": ["search", "hội"]}.get(command, [command])
    assert cli.main(args) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_ctrl_c_during_a_real_build_exits_130_without_traceback(project: Project) -> None:
    for n in range(300):  # enough work that the signal arrives while the pages are written
        project.add(f"2021/bai-{n}.md", article(title=f"Bài {n}", body="Nội dung. " * 200))
    process = subprocess.Popen([sys.executable, "-m", "tintuc", "build", "--jobs", "1"], cwd=project.root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    staging = project.root / ".public.staging"  # exists while the pages are written
    deadline = time.monotonic() + TIMEOUT
    while not staging.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=TIMEOUT)
    if process.returncode == 0:
        pytest.fail("the build ended before the signal: make the site larger")
    assert process.returncode == 130 and "Traceback" not in err, err


# --- theme template errors (item 11) -----------------------------------------------------------------

TEMPLATES = [  # id, files of themes/x/templates, the location the message must name, the message
    ("undefined variable", {"404.html": "<p>\n{{ y }}\n"}, "themes/x/templates/404.html:2:", "'y' is undefined"),
    ("syntax error", {"404.html": "{% if %}\n"}, "themes/x/templates/404.html:1:", "template syntax"),
    ("error in a partial", {"404.html": "<p>\n{% include '_hong.html' %}\n", "_hong.html": "a\nb\n{{ thieu.x }}\n"},
     "themes/x/templates/_hong.html:3:", "'thieu' is undefined"),
    ("missing partial", {"404.html": "{% include '_khong_co.html' %}\n"}, "themes/x/templates/404.html:1:",
     "not found"),
]


def theme_x(project: Project, files: dict[str, str]) -> None:
    project.write_config("title: Thử nghiệm\nbase_url: https://example.gov.vn/\ntheme: x\n")
    folder = project.root / "themes" / "x" / "templates"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize(("files", "where", "message"), [t[1:] for t in TEMPLATES], ids=[t[0] for t in TEMPLATES])
def test_a_template_error_names_the_template_and_line(project: Project, command: str, files: dict[str, str],
                                                      where: str, message: str) -> None:
    three_articles(project)
    theme_x(project, files)
    done = tintuc(project.root, command)
    no_crash(done)
    assert done.returncode == 1
    assert re.search(re.escape(where) + r" .*" + re.escape(message), done.stdout + done.stderr), done.stderr
    assert "hint:" in done.stdout + done.stderr
    assert not project.public.exists()


def test_a_template_error_shows_over_the_page_in_serve(dev_server, project: Project) -> None:  # type: ignore[no-untyped-def]
    theme_x(project, {"404.html": "{{ y }}\n"})
    assert dev_server.rebuild() is False
    assert "themes/x/templates/404.html:1: 'y' is undefined" in dev_server.hub.latest.data


def test_rebuilds_called_together_run_one_after_the_other(dev_server, project: Project) -> None:  # type: ignore[no-untyped-def]
    """The watcher's rebuild and another caller's once shared the staging folder: one failing build
    deleted it under the other ('internal error … FileNotFoundError')."""
    import threading

    theme_x(project, {"404.html": "{{ y }}\n"})
    results: list[bool] = []
    threads = [threading.Thread(target=lambda: results.append(dev_server.rebuild())) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results == [False, False, False]
    assert "themes/x/templates/404.html:1: 'y' is undefined" in dev_server.hub.latest.data
    assert "internal error" not in dev_server.hub.latest.data


# --- check and the build's inventory (item 20) -------------------------------------------------------


def test_check_accepts_every_file_the_build_writes(project: Project) -> None:
    project.add("2021/bai-1.md", article(title="Bài một", tags="[Covid-19]"))
    links = ["/search/", "/search/?q=x", "/tags/covid-19/feed.xml", "/feed.xml", "/sitemap.xml",
             "/static/css/style.css", "/2021/08/bai-mot/", "/404.html", "/tags/", "/archives/", "/"]
    body = " ".join(f"[l{n}]({href})" for n, href in enumerate(links)) + " [hỏng](/2021/08/khong-co/)"
    project.add("2021/bai-2.md", article(title="Bài hai", date="2021-08-02 08:00", body=body))
    done = tintuc(project.root, "check", "--format", "json")
    no_crash(done)
    broken = [p["message"] for p in json.loads(done.stdout) if "broken link" in p["message"]]
    assert broken == ["broken link: /2021/08/khong-co/ (no such page on this site)"]
    assert done.returncode == 1


# --- search: long queries, filters (items 17, 23) ----------------------------------------------------


@pytest.fixture
def built(project: Project) -> Project:
    three_articles(project)
    done = tintuc(project.root, "build", "-q")
    assert done.returncode == 0, done.stderr
    return project


@pytest.mark.parametrize("quoted", [False, True], ids=["words", "one phrase"])
def test_a_2000_word_query_is_fast_and_capped(built: Project, quoted: bool) -> None:
    words = [f"tu{n}" if n % 3 else "hội" for n in range(2000)]
    text = " ".join(words)
    started = time.monotonic()
    done = tintuc(built.root, "search", f'"{text}"' if quoted else text, timeout=30)
    assert time.monotonic() - started < 15
    no_crash(done)
    assert done.returncode in (0, 1)
    assert "RecursionError" not in done.stderr
    assert f"only the first {query.MAX_WORDS} different words" in done.stderr


def test_query_cap_keeps_distinct_words_and_matches_the_browser() -> None:
    units = query.parse(" ".join(f"tu{n % 40}" for n in range(1000)))
    assert [u.folded for u in units] == [f"tu{n}" for n in range(query.MAX_WORDS)]  # type: ignore[union-attr]
    assert query.parse("covid covid covid ") == (query.Word("covid", "covid"),)
    assert not query.is_capped("hội nghị hội nghị") and query.is_capped(" ".join(f"a{n}" for n in range(33)))
    engine = (REPO / "themes/default/static/js/search-query.js").read_text(encoding="utf-8")
    assert re.search(r"MAX_WORDS = (\d+);", engine).group(1) == str(query.MAX_WORDS)  # type: ignore[union-attr]


@pytest.mark.parametrize(("args", "message"), [
    (["--tag", "!!!"], "no article has this tag"),
    (["--tag", "covid19"], "did you mean 'covid-19'?"),
    (["--year", "0"], "from 2021 to 2021"),
    (["--year", "1999"], "from 2021 to 2021"),
], ids=["tag !!!", "misspelt tag", "year 0", "year outside the archive"])
def test_an_unknown_filter_is_a_usage_error(built: Project, args: list[str], message: str) -> None:
    done = tintuc(built.root, "search", "hội", *args)
    no_crash(done)
    assert done.returncode == 2 and message in done.stderr, done.stderr


def test_known_filters_still_filter(built: Project) -> None:
    assert tintuc(built.root, "search", "hội", "--tag", "Covid-19", "--year", "2021").returncode == 0


# --- the dev server (items 17, 21, 22) -----------------------------------------------------------------


def raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("path", ["/%00", "/a%00b.html", "/..%2f..%2fetc/passwd", "/%ff", "/" + "a" * 10_000,
                                  "/?q=%00", "/static/%00/x", "/\x00"],
                         ids=["NUL", "NUL in a name", "encoded traversal", "bad UTF-8", "10 kB path",
                              "NUL in the query", "NUL in a folder", "raw NUL"])
def test_odd_paths_get_an_answer(dev_server, path: str) -> None:  # type: ignore[no-untyped-def]
    answer = raw(dev_server.port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode("latin-1"))
    status = answer.split(b" ", 2)[1] if answer.startswith(b"HTTP/") else b""
    assert status in (b"200", b"400", b"404", b"414"), answer[:200]
    assert b"root:" not in answer


def test_no_directory_listings(dev_server) -> None:  # type: ignore[no-untyped-def]
    answer = raw(dev_server.port, b"GET /static/css/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 404") and b"Directory listing" not in answer


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.parametrize("verbose", [False, True], ids=["default", "-v"])
def test_requests_are_logged_only_with_v(project: Project, capfd: pytest.CaptureFixture[str],
                                         verbose: bool) -> None:
    from tintuc.devserver import DevServer, local_config

    three_articles(project)
    port = free_port()
    server = DevServer(lambda: local_config(project.config(), "127.0.0.1", port), port, "127.0.0.1", quiet=True,
                       jobs=1, log=lambda _: None, log_requests=verbose)
    cwd = os.getcwd()
    os.chdir(project.root)
    try:
        server.start()
        capfd.readouterr()
        for n in range(20):
            _get(port, "/" if n % 2 else "/khong-co/")
    finally:
        server.stop()
        os.chdir(cwd)
    logged = [line for line in capfd.readouterr().err.splitlines() if '"GET /' in line]
    assert (len(logged) >= 20 if verbose else logged == []), logged


@pytest.fixture
def serve_process(project: Project) -> Iterator[tuple[subprocess.Popen[str], int]]:
    three_articles(project)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tintuc", "serve", "--port", str(port), "--bind",
                                "0.0.0.0"], cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        yield process, port
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=TIMEOUT)


def test_serving_on_all_interfaces_warns_and_prints_a_usable_address(serve_process) -> None:  # type: ignore[no-untyped-def]
    process, port = serve_process
    line = ""
    while not line.startswith("Serving"):  # printed once the first build is done
        line = process.stdout.readline()
        assert line, "the server stopped before serving"
    assert f"http://127.0.0.1:{port}/" in line and "0.0.0.0" not in line
    process.send_signal(signal.SIGINT)  # Ctrl-C
    _, err = process.communicate(timeout=TIMEOUT)
    assert "anyone on your network can read the site and its drafts" in err
    assert process.returncode in (0, 130) and "Traceback" not in err


def test_a_port_in_use_fails_at_once_and_writes_nothing(project: Project) -> None:
    three_articles(project)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = tintuc(project.root, "serve", "--port", str(taken.getsockname()[1]))
    no_crash(done)
    assert done.returncode == 2 and "cannot listen" in done.stderr
    assert not project.public.exists()


def test_loopback_addresses() -> None:
    from tintuc.devserver import browsable_host, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("127.1.2.3") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("::") and not is_loopback("192.0.2.1")
    assert browsable_host("0.0.0.0") == "127.0.0.1" and browsable_host("127.0.0.1") == "127.0.0.1"


# --- the search page's messages (item 23) ------------------------------------------------------------


def test_search_page_shows_the_query_as_typed(built: Project) -> None:
    from playwright.sync_api import sync_playwright

    from tests.conftest import ARGS, CHROMIUM, served

    queries = ["zzz$&zzz", "zzz$1zzz", "zzz$$zzz", "zzz$'zzz", "zzz$`zzz", "<img src=x onerror=alert(1)>"]
    dialogs: list[str] = []
    with served(built.public) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for number, text in enumerate(queries, 1):
                page.goto(url + "search/?q=" + quote(text))
                page.wait_for_function("document.body.dataset.searchDone === '1'", timeout=20_000)
                status = page.text_content("#search-status") or ""
                assert f"“{text}”" in status, (number, status)
            assert page.locator("#search-status img").count() == 0
        finally:
            browser.close()
    assert dialogs == []


def test_search_page_says_when_words_were_left_out(built: Project) -> None:
    """As `tintuc search` notes it on stderr: past MAX_WORDS distinct words, the page says so."""
    from playwright.sync_api import sync_playwright
    from tintuc.search.query import MAX_WORDS

    from tests.conftest import ARGS, CHROMIUM, served

    long_query = " ".join(["bài"] + [f"tu{n}" for n in range(MAX_WORDS + 5)])
    with served(built.public) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            statuses = []
            for text in ["bài", "bài " * 40, long_query]:
                page.goto(url + "search/?q=" + quote(text))
                page.wait_for_function("document.body.dataset.searchDone === '1'", timeout=20_000)
                statuses.append(page.text_content("#search-status") or "")
        finally:
            browser.close()
    note = f"Chỉ {MAX_WORDS} từ khác nhau đầu tiên"
    assert note not in statuses[0] and note not in statuses[1]  # a word repeated counts once
    assert note in statuses[2], statuses[2]
