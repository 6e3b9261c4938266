"""Shared helpers: small real archives written into temporary folders."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import signal
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tintuc.config import Config, load_config

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """Let the Ctrl-C tests' subprocesses receive SIGINT even when the suite itself was started with it ignored.

    A shell starts a background job (`cmd &`, `nohup`) with SIGINT ignored, and an ignored signal stays ignored
    across exec: every `tintuc` the tests start would then shrug off the Ctrl-C they send it. A terminal's
    Ctrl-C reaches a foreground tintuc with the default disposition, which is what those tests are about.
    """
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def article(title: str = "Hội nghị trực tuyến", date: str = "2021-08-01 15:44", body: str = "Nội dung bài.",
            **fields: str) -> str:
    lines = ["---", f"title: {title}", f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n---\n" + textwrap.dedent(body).strip() + "\n"


def imported_patterns(out: Path, prefix: str) -> dict[str, tuple[dict, str]]:
    """The importer's own-words pattern fixtures tests/fixtures/import/<prefix>*.txt imported into `out` (notes in
    English): each article's front matter and body, by the fixture's name without the prefix."""
    import yaml
    from tintuc.importer import import_paths

    report = import_paths(sorted((FIXTURES / "import").glob(f"{prefix}*.txt")), out, language="en")
    assert {f.status for f in report.files} == {"written"}
    result = {}
    for item in report.files:
        assert item.output is not None
        _, front, body = item.output.read_text(encoding="utf-8").split("---\n", 2)
        result[item.source.stem.removeprefix(prefix)] = (yaml.safe_load(front), body)
    return result


CAPTION_MARK = "*{: .caption}"  # how an imported body marks a photo's caption (importer/layout.py)


def review_text(front: dict) -> str:
    """An imported article's review notes, one per line."""
    return "\n".join(front.get("review", []))


def caption_lines(body: str) -> list[str]:
    """The captions an imported body marks, without their emphasis and mark."""
    return [line[1:-len(CAPTION_MARK)] for line in body.splitlines() if line.endswith(CAPTION_MARK)]


def body_paragraphs(body: str) -> list[str]:
    """An imported body's lines that are not captions."""
    return [line for line in body.splitlines() if line and not line.endswith(CAPTION_MARK)]


def no_headline_note(front: dict) -> bool:
    """Whether an imported article's review notes (in English) say the page printed no headline."""
    return any("no headline" in note for note in front.get("review", []))


class Project:
    """A throwaway site: config.yaml, content/ and a helper to build it."""

    def __init__(self, root: Path, keep_config: bool = False) -> None:
        self.root = root
        (root / "content").mkdir(parents=True, exist_ok=True)
        if not keep_config:
            self.write_config("title: Thử nghiệm\nbase_url: https://example.gov.vn/\n")

    def write_config(self, text: str) -> None:
        (self.root / "config.yaml").write_text(text, encoding="utf-8")

    def add(self, rel: str, text: str | bytes) -> Path:
        path = self.root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def config(self, **changes: object) -> Config:
        import dataclasses

        config = load_config(self.root / "config.yaml")
        return dataclasses.replace(config, **changes) if changes else config

    @property
    def public(self) -> Path:
        return self.root / "public"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "site")


@pytest.fixture
def sample_project(tmp_path: Path) -> Project:
    """A copy of the bundled sample archive (content and config), built with the repository's theme."""
    root = tmp_path / "sample"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "static", root / "static")
    shutil.copy(REPO / "config.yaml", root / "config.yaml")
    return Project(root, keep_config=True)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dev_server(project: Project):  # type: ignore[no-untyped-def]
    """`tintuc serve`'s server, in-process, on a free loopback port, over three small articles."""
    import os

    from tintuc.devserver import DevServer, local_config

    for n in range(1, 4):
        project.add(f"2021/bai-{n}.md", article(title=f"Bài {n}", date=f"2021-08-0{n} 08:00", tags="[Covid-19]"))
    port = free_port()
    cwd = os.getcwd()
    os.chdir(project.root)
    server = DevServer(lambda: local_config(project.config(), "127.0.0.1", port), port, "127.0.0.1",
                       quiet=True, jobs=1, log=lambda _: None)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        os.chdir(cwd)


# Debian's Chromium, driven by Playwright (Playwright's own browser download does not work here).
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium for the tests of one module (a fresh profile each time)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install -y chromium"
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def jpeg_bytes(size: tuple[int, int] = (16, 12), color: str = "teal") -> bytes:
    """A small real JPEG (photos are processed by the build: a few fake bytes are a broken photo)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """A built site served as a plain static host would, on a free loopback port: its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
