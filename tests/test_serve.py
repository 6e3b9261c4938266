"""`tintuc serve`'s server: real HTTP on a free loopback port, under the site's base path."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tintuc.serve import make_server


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "site" / "2021").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text("<!doctype html><title>Trang chủ</title>", encoding="utf-8")
    (tmp_path / "site" / "404.html").write_text("<!doctype html><title>Không tìm thấy</title>", encoding="utf-8")
    (tmp_path / "site" / "feed.xml").write_text("<feed/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    return tmp_path / "site"


def serving(site: Path, base_path: str) -> Iterator[int]:
    server = make_server(site, base_path, 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def get(port: int, path: str) -> tuple[int, str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode("utf-8")
    connection.close()
    return response.status, response.getheader("Content-Type") or "", body


def test_serves_pages_feeds_and_the_404_page(site: Path) -> None:
    for port in serving(site, "/"):
        assert get(port, "/") == (200, "text/html; charset=utf-8", "<!doctype html><title>Trang chủ</title>")
        status, kind, _ = get(port, "/feed.xml")
        assert status == 200 and kind == "application/xml; charset=utf-8"
        status, kind, body = get(port, "/khong-co/")
        assert status == 404 and "Không tìm thấy" in body


def test_serves_under_a_subpath(site: Path) -> None:
    for port in serving(site, "/tin-tuc/"):
        assert get(port, "/tin-tuc/")[0] == 200
        assert get(port, "/tin-tuc/feed.xml")[0] == 200


def test_never_serves_files_outside_the_output(site: Path) -> None:
    for port in serving(site, "/"):
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/2021/../../secret.txt"):
            status, _, body = get(port, path)
            assert "outside" not in body and status == 404


def test_listens_on_loopback_only(site: Path) -> None:
    server = make_server(site, "/", 0, quiet=True)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()
