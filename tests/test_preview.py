"""`tintuc serve` builds into a preview folder of its own in the cache, not into public/.

Its pages carry the local server's address. When it shared public/ with `tintuc build`, each command
rendered every page again after the other (3-8 minutes at 100,000 articles), and public/ held local
addresses until the next build. Now each output keeps its own record, and the build's stamp stays valid.
"""

from __future__ import annotations

import hashlib
import http.client
from pathlib import Path

from conftest import Project, article, free_port
from tintuc.build import Builder
from tintuc.devserver import DevServer, local_config
from tintuc.output import preview_output


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(project: Project) -> tuple[int, int, list[str]]:
    """`tintuc build` in this process: (pages rendered, pages, the build's log)."""
    log: list[str] = []
    builder = Builder(project.config(), use_stamp=True, log=log.append)
    try:
        result = builder.build()
    finally:
        builder.close()
    return result.rendered, result.pages, log


def _serve(project: Project, port: int) -> tuple[str, str, Path]:
    """Start `tintuc serve`'s server, fetch the home page, stop it: (its first build's line, the page, output)."""
    lines: list[str] = []
    server = DevServer(lambda: local_config(project.config(), "127.0.0.1", port), port, "127.0.0.1",
                       quiet=False, jobs=1, log=lines.append)
    server.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/")
        home = connection.getresponse().read().decode("utf-8")
    finally:
        server.stop()
    return lines[0], home, server.config.paths.output


def test_serve_and_build_keep_their_own_output_and_neither_renders_the_others_pages(project: Project) -> None:
    for n in range(1, 6):
        project.add(f"2021/bai-{n}.md", article(title=f"Bài số {n}", date=f"2021-08-0{n} 08:00", tags="[Y tế]"))
    rendered, pages, _ = _build(project)
    assert rendered == pages > 5
    public = _tree(project.public)
    port = free_port()

    first, home, preview = _serve(project, port)
    assert preview == preview_output(project.config().paths.cache)
    assert f"of {pages} pages rendered" in first
    assert f'href="http://127.0.0.1:{port}/' in home  # the preview links to the local server
    assert _tree(project.public) == public  # public/ is as the build left it: no local address in it
    assert "https://example.gov.vn/" in (project.public / "index.html").read_text("utf-8")

    # The build's stamp still vouches for public/: nothing to do, nothing read.
    rendered, _, log = _build(project)
    assert rendered == 0 and any("nothing changed" in line for line in log), log
    # The preview kept its record: a second start on the same port renders nothing.
    first, _, _ = _serve(project, port)
    assert f"0 of {pages} pages rendered" in first, first

    # An edit: the build renders what it changes, not every page again.
    edited = project.root / "content/2021/bai-3.md"
    edited.write_text(article(title="Bài số 3", date="2021-08-03 08:00", tags="[Y tế]", body="Đoạn đã sửa."),
                      encoding="utf-8")
    rendered, pages, log = _build(project)
    assert 0 < rendered < pages
    assert "Đoạn đã sửa." in next(project.public.glob("2021/08/bai-so-3/index.html")).read_text("utf-8")
    assert _tree(project.public) != public


def test_serve_with_out_builds_where_it_is_told(project: Project) -> None:
    project.add("2021/bai.md", article(title="Bài một"))
    config = local_config(project.config(), "127.0.0.1", 8000, preview=False)
    assert config.paths.output == project.public and config.base_url == "http://127.0.0.1:8000/"
