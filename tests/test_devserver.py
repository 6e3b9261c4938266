"""`tintuc serve` as an editor uses it: real server, real file edits, live-reload events."""

from __future__ import annotations

import http.client
import os
import queue
import threading
import time
from pathlib import Path

import pytest
from conftest import Project, article
from tintuc.devserver import DevServer, is_relevant


class Events:
    """Reads the server-sent events stream in a thread; `next()` returns (event, data)."""

    def __init__(self, port: int) -> None:
        self.items: queue.Queue[tuple[str, str]] = queue.Queue()
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.request("GET", "/__tintuc/events")
        self.response = self.connection.getresponse()
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name = ""
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    self.items.put((name, line[6:]))
        except (OSError, ValueError):
            pass

    def next(self, timeout: float = 20) -> tuple[str, str]:
        return self.items.get(timeout=timeout)


def get(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request("GET", path)
    body = connection.getresponse().read().decode("utf-8")
    connection.close()
    return body


@pytest.fixture
def server(dev_server: DevServer) -> DevServer:
    return dev_server


def test_an_edit_rebuilds_and_reloads_open_tabs(server: DevServer, project: Project) -> None:
    page = get(server.port, "/2021/08/bai-2/")
    assert "Nội dung bài." in page and "/__tintuc/livereload.js" in page
    events = Events(server.port)
    source = project.root / "content" / "2021" / "bai-2.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nĐoạn mới thêm.\n", encoding="utf-8")
    assert events.next() == ("reload", "")
    assert "Đoạn mới thêm." in get(server.port, "/2021/08/bai-2/")


def test_atomic_save_and_bursts_give_one_good_build(server: DevServer, project: Project) -> None:
    events = Events(server.port)
    source = project.root / "content" / "2021" / "bai-1.md"
    for n in range(5):  # an editor that writes a temporary file and renames it, several times quickly
        temporary = source.with_name(".bai-1.md.tmp")
        temporary.write_text(article(title="Bài 1", date="2021-08-01 08:00", body=f"Lần lưu {n}."), "utf-8")
        os.replace(temporary, source)
    assert events.next() == ("reload", "")
    time.sleep(0.5)
    assert "Lần lưu 4." in get(server.port, "/2021/08/bai-1/")


def test_a_broken_save_keeps_the_last_good_site_and_recovers(server: DevServer, project: Project) -> None:
    events = Events(server.port)
    source = project.root / "content" / "2021" / "bai-3.md"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("date: 2021-08-03 08:00", "date: hôm qua"), encoding="utf-8")
    name, data = events.next()
    assert name == "problems" and "content/2021/bai-3.md:3: 'date' is not a date" in data
    assert "Bài 3" in get(server.port, "/2021/08/bai-3/")  # the last good page is still served
    late = Events(server.port)  # a tab opened now learns about the problem at once
    assert late.next()[0] == "problems"
    source.write_text(good, encoding="utf-8")
    assert events.next() == ("reload", "")


def test_deleted_and_new_articles_and_tags(server: DevServer, project: Project) -> None:
    events = Events(server.port)
    (project.root / "content" / "2021" / "bai-1.md").unlink()
    assert events.next() == ("reload", "")
    assert "404" in get(server.port, "/2021/08/bai-1/") or "Không tìm thấy" in get(server.port, "/2021/08/bai-1/")
    assert "/2021/08/bai-1/" not in get(server.port, "/2021/08/bai-2/")
    project.add("2021/bai-moi.md", article(title="Bài mới", date="2021-08-09 08:00", tags="[Bầu cử]"))
    assert events.next() == ("reload", "")
    assert "Bài mới" in get(server.port, "/tags/bau-cu/")


def test_editor_scratch_files_are_ignored() -> None:
    ignored = (Path("/site/public"),)
    assert is_relevant("/site/content/a.md", ignored)
    for scratch in (".a.md.swp", "a.md~", "#a.md#", ".#a.md", "4913", ".a.md.tmp"):
        assert not is_relevant(f"/site/content/{scratch}", ignored)
    assert not is_relevant("/site/public/index.html", ignored)


def test_an_edit_refreshes_the_search_index_the_page_fetches(server: DevServer, project: Project) -> None:
    import json
    import re

    def compiled_delta() -> dict:
        page = get(server.port, "/search/")
        manifest = json.loads(get(server.port, re.search(r'data-manifest="([^"]+)"', page).group(1)))
        delta = json.loads(get(server.port, "/search/" + manifest["delta"])) if manifest["delta"] else {"shards": []}
        # The delta's terms are in its shards, which the page fetches by key.
        return {key: rows for _, name in delta["shards"]
                for key, rows in json.loads(get(server.port, "/search/" + name)).items()}

    assert "tuyệt" not in str(compiled_delta())
    events = Events(server.port)
    source = project.root / "content" / "2021" / "bai-3.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nMột từ tuyệt mới.\n", encoding="utf-8")
    assert events.next() == ("reload", "")
    assert "tuyet" in compiled_delta()  # the page's next query sees the new word


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_kill_or_a_closed_terminal_stops_the_server_as_ctrl_c_does(project: Project, signal_name: str) -> None:
    """The edits the server kept in memory reach the build cache, as after Ctrl-C."""
    import json
    import signal
    import subprocess
    import sys

    from conftest import free_port

    project.add("2021/bai.md", article(title="Bài một"))
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tintuc", "serve", "--port", str(port), "-q"], cwd=project.root,
                              text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert "Serving" in server.stdout.readline()  # type: ignore[union-attr]
        source = project.root / "content/2021/bai.md"
        source.write_text(article(title="Bài một", body="Đoạn mới sau khi sửa."), encoding="utf-8")
        deadline = time.monotonic() + 30
        while "Đoạn mới sau khi sửa." not in get(port, "/2021/08/bai-mot/") and time.monotonic() < deadline:
            time.sleep(0.1)
        server.send_signal(getattr(signal, signal_name))
        out, _ = server.communicate(timeout=30)
    finally:
        server.kill()
    assert server.returncode == 0 and "Stopping" in out
    rows = json.loads((project.root / ".tintuc-cache/articles.json").read_text("utf-8"))["rows"]
    assert rows["2021/bai.md"][0] == source.stat().st_mtime_ns


def test_a_folders_modified_event_is_left_to_its_entrys_own() -> None:
    """A saved article makes the watcher report its folder as modified too; that must not make the next
    build walk content/ (sources.rediscover walks for any folder it is given)."""
    from tintuc.devserver import _Events
    from watchdog.events import DirCreatedEvent, DirModifiedEvent, FileModifiedEvent

    seen: list[str] = []
    events = _Events(seen.append)
    events.on_any_event(DirModifiedEvent("/site/content/2024"))
    events.on_any_event(FileModifiedEvent("/site/content/2024/bai.md"))
    events.on_any_event(DirCreatedEvent("/site/content/2025"))
    assert seen == ["/site/content/2024/bai.md", "/site/content/2025"]
