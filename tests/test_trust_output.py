"""Issue 19, the output and the build cache: what a damaged cache, a second tintuc, a kill, a full disk or a
Ctrl-C may and may not do to the published site (items 4-8, 10 and 16)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import pickle
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, Project, article
from tintuc.build import Builder
from tintuc.errors import BuildFailed

CLI = [sys.executable, "-m", "tintuc"]


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build(project: Project):  # type: ignore[no-untyped-def]
    return Builder(project.config()).build()


def tintuc(project: Project, *args: str, timeout: float = 120,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=project.root, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})


def _archive(project: Project, count: int = 12) -> None:
    for n in range(count):
        project.add(f"2021/tin-{n:02d}.md", article(title=f"Tin tức số {n}", date=f"2021-0{1 + n % 9}-1{n % 10} 08:00",
                                                    tags=f"[Y tế, Chủ đề {n % 3}]",
                                                    body=f"Ủy ban nhân dân tỉnh họp lần thứ {n}.\n\nĐoạn hai."))


def _edit(project: Project) -> None:
    target = project.root / "content" / "2021" / "tin-02.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nĐoạn bổ sung sau cuộc họp.\n", encoding="utf-8")


def _clean_tree(project: Project) -> dict[str, str]:
    """The output of a build from nothing (no cache, no previous output) of the project as it is now."""
    shutil.rmtree(project.public, ignore_errors=True)
    shutil.rmtree(project.root / ".tintuc-cache", ignore_errors=True)
    build(project)
    return tree(project.public)


def _restore(project: Project, saved: Path) -> None:
    shutil.rmtree(project.root)
    shutil.copytree(saved, project.root, symlinks=True)  # modification times kept: the cache still applies


def _edited_with_intact_cache(project: Project, tmp_path: Path) -> dict[str, str]:
    """The output of `_edit` built on the current cache and output, which are then put back as they were."""
    saved = tmp_path / "saved"
    shutil.copytree(project.root, saved, symlinks=True)
    _edit(project)
    build(project)
    expected = tree(project.public)
    _restore(project, saved)
    return expected


def assert_good_output(project: Project, intact: dict[str, str]) -> None:
    """What a damaged cache's build wrote is what an intact cache's, or a clean build's, would have.

    After an edit the compiled search index is a base plus a delta (by design: search/stage.py), a
    clean build's is a single base: a build that had to set the search cache aside gives the latter.
    """
    built = tree(project.public)
    clean = _clean_tree(project)
    assert built in (intact, clean), sorted(set(built.items()) ^ set(clean.items()))[:6]


def _leftovers(project: Project) -> list[str]:
    return sorted(p.name for p in project.root.iterdir() if p.name.startswith(".public."))


# --- item 4: nothing in the cache is unpickled ---------------------------------------------------------


class _Planted:
    """Unpickling this creates the marker file: proof that a cache file ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_pickles_planted_under_the_old_cache_names_are_never_loaded(project: Project, tmp_path: Path) -> None:
    _archive(project)
    build(project)
    intact = _edited_with_intact_cache(project, tmp_path)
    marker = tmp_path / "ran"
    cache = project.root / ".tintuc-cache"
    for name in ("articles.pickle", "related.pickle", "search/state.pickle"):
        (cache / name).write_bytes(pickle.dumps(_Planted(marker)))
    _edit(project)
    build(project)
    assert not marker.exists()
    assert not list(cache.rglob("*.pickle"))
    assert_good_output(project, intact)


def _whoosh_folder(project: Project) -> Path:
    return project.root / ".tintuc-cache" / "search" / "whoosh"


def _plant_in_toc(project: Project, marker: Path, where: str) -> None:
    """Rewrite the index's table of contents with a planted object as its schema or as a segment."""
    from whoosh import fields, index

    class PlantedSchema(fields.Schema):  # Whoosh writes only a Schema; pickled, it is the planted call
        def __reduce__(self) -> tuple[object, tuple[str, str]]:
            return _Planted(marker).__reduce__()

    ix = index.open_dir(_whoosh_folder(project))
    toc = index.TOC.read(ix.storage, ix.indexname)
    if where == "schema":
        schema, segments = PlantedSchema(), toc.segments
    else:
        schema, segments = toc.schema, [*toc.segments, _Planted(marker)]
    index.TOC(schema, segments, toc.generation + 1).write(ix.storage, ix.indexname)


@pytest.mark.parametrize("where", ["schema", "segment"], ids=["TOC schema", "TOC segment list"])
def test_a_planted_pickle_in_the_whoosh_table_of_contents_does_not_run(project: Project, tmp_path: Path,
                                                                         where: str) -> None:
    _archive(project)
    build(project)
    intact = _edited_with_intact_cache(project, tmp_path)
    marker = tmp_path / "ran"
    _plant_in_toc(project, marker, where)
    _edit(project)
    result = tintuc(project, "build")
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    assert "search index in the build cache was unreadable" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert_good_output(project, intact)


def test_tintuc_search_on_a_planted_index_says_it_is_damaged(project: Project, tmp_path: Path) -> None:
    _archive(project)
    build(project)
    marker = tmp_path / "ran"
    _plant_in_toc(project, marker, "segment")  # the stored schema is never read; the segment list is
    result = tintuc(project, "search", "họp")
    assert result.returncode == 2, result.stderr
    assert "is damaged: run 'tintuc build'" in result.stderr
    assert not marker.exists() and "Traceback" not in result.stderr


def test_a_planted_pickle_in_stored_fields_does_not_run(project: Project, tmp_path: Path) -> None:
    from tintuc.search.whoosh_index import UnsafeIndex
    from whoosh import index

    _archive(project)
    build(project)
    marker = tmp_path / "ran"
    ix = index.open_dir(_whoosh_folder(project))
    writer = ix.writer()
    writer.add_document(url="/planted/", heading=_Planted(marker))  # stored fields are pickled as given
    writer.commit()
    with ix.reader() as reader, pytest.raises(UnsafeIndex):
        for docnum in range(reader.doc_count_all()):
            reader.stored_fields(docnum)
    for n in range(5):  # edits until Whoosh merges the planted segment (reading its stored fields)
        project.add(f"2022/them-{n}.md", article(title=f"Bài thêm {n}", date=f"2022-01-0{n + 1} 09:00"))
        result = tintuc(project, "build")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert not marker.exists()
    shutil.rmtree(_cache(project) / "search")  # the planted document has no article: a clean index differs
    build(project)
    built = tree(project.public)
    assert built == _clean_tree(project)


@pytest.mark.parametrize("reader", ["whoosh.index.pickle.loads", "whoosh.filedb.structfile.load_pickle",
                                    "whoosh.codec.whoosh3.loads", "whoosh.columns.loads"])
def test_every_unpickling_whoosh_does_is_restricted(reader: str, tmp_path: Path) -> None:
    import importlib

    from tintuc.search.whoosh_index import UnsafeIndex

    marker = tmp_path / "ran"
    module, _, name = reader.rpartition(".")
    if module.endswith(".pickle"):
        function = importlib.import_module("whoosh.index").pickle.loads
    else:
        function = getattr(importlib.import_module(module), name)
    data = pickle.dumps(_Planted(marker), 2)
    with pytest.raises(UnsafeIndex):
        if name == "load_pickle":
            import io

            function(io.BytesIO(data))
        else:
            function(data)
    assert not marker.exists()


# --- item 6: a damaged cache or output is rebuilt, never published -------------------------------------


def _cache(project: Project) -> Path:
    return project.root / ".tintuc-cache"


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xffkh\xf4ng ph\xe1i d\xef li\xea\xf1u" * 40)


def _rewrite_json(path: Path, change: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _drop_bodies(project: Project) -> None:
    with sqlite3.connect(_cache(project) / "bodies.sqlite") as db:
        db.execute("DELETE FROM bodies")


def _truncate_search_file(project: Project) -> None:
    files = sorted((_cache(project) / "search" / "files").glob("t.*.json"))
    files[0].write_bytes(files[0].read_bytes()[:10])
    shutil.rmtree(project.public / "search")  # so that the build copies it again


def _thumbnail_out_of_place(project: Project) -> None:
    for shard in (_cache(project) / "search" / "files").glob("d.*.json"):
        rows = json.loads(shard.read_text(encoding="utf-8"))
        shard.write_text(json.dumps([row and row[:5] + [[None, None, "../../../etc/passwd", 4, 3]] for row in rows]),
                         encoding="utf-8")


def _first_article_page(project: Project) -> Path:
    return sorted(project.public.glob("2021/*/tin-tuc-so-1/index.html"))[0]


def _garbage_toc(project: Project) -> None:
    _garbage(next(_whoosh_folder(project).glob("_MAIN_*.toc")))


def _garbage_segments(project: Project) -> None:
    for segment in _whoosh_folder(project).glob("*.seg"):
        _garbage(segment)


DAMAGE: dict[str, tuple[Callable[[Project], None], bool]] = {  # what is done, and whether a warning is due
    "bodies.sqlite deleted": (lambda p: (_cache(p) / "bodies.sqlite").unlink(), False),
    "bodies.sqlite garbage": (lambda p: _garbage(_cache(p) / "bodies.sqlite"), True),
    "bodies.sqlite rows gone": (_drop_bodies, False),
    "articles.json garbage": (lambda p: _garbage(_cache(p) / "articles.json"), True),
    "articles.json title a number": (lambda p: _rewrite_json(
        _cache(p) / "articles.json", lambda d: [row[2].__setitem__(3, 42) for row in d["rows"].values()]), True),
    "articles.json rows not lists": (lambda p: _rewrite_json(
        _cache(p) / "articles.json", lambda d: d.__setitem__("rows", {k: 7 for k in d["rows"]})), True),
    "related.json garbage": (lambda p: _garbage(_cache(p) / "related.json"), True),
    "related.json wrong types": (lambda p: (_cache(p) / "related.json").write_text(
        '{"fingerprint": 1, "paths": [2]}'), True),
    "manifest.json garbage": (lambda p: _garbage(_cache(p) / "manifest.json"), True),
    "manifest.json wrong types": (lambda p: _rewrite_json(
        _cache(p) / "manifest.json", lambda d: d.__setitem__("stats", {k: "x" for k in d["stats"]})), True),
    "state.json garbage": (lambda p: _garbage(_cache(p) / "search" / "state.json"), True),
    "state.json wrong types": (lambda p: _rewrite_json(
        _cache(p) / "search" / "state.json", lambda d: d.__setitem__("docs", {"/x/": [1, 2, 3, 4, 5, 6]})), True),
    # A thumbnail named outside the article's folder, in the display shards an edit reads rows back from
    # (publish.doc_files): the row is refused, never shown to a searcher.
    "display shard thumbnail path": (_thumbnail_out_of_place, True),
    "search file truncated": (_truncate_search_file, True),
    "whoosh table of contents garbage": (_garbage_toc, True),
    "whoosh segments garbage": (_garbage_segments, True),
    "page deleted from public/": (lambda p: _first_article_page(p).unlink(), False),
    "page changed in public/": (lambda p: _first_article_page(p).write_text("hỏng", encoding="utf-8"), False),
    "tag feed truncated in public/": (  # a feed the edit does not touch: only the check can notice
        lambda p: next(p.public.glob("tags/chu-de-1/*.xml")).write_bytes(b"<?xml"), False),
}


@pytest.mark.parametrize(("damage", "warned"), DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_cache_or_output_gives_the_clean_build(project: Project, tmp_path: Path,
                                                         damage: Callable[[Project], None], warned: bool) -> None:
    _archive(project)
    build(project)
    intact = _edited_with_intact_cache(project, tmp_path)
    damage(project)
    _edit(project)  # and a change, so that the search index is updated (Whoosh reads its segments)
    result = build(project)
    assert result.articles == 12
    warnings = [w.message for w in result.warnings if "build cache was unreadable" in w.message]
    assert bool(warnings) == warned, warnings
    assert _leftovers(project) == []
    assert_good_output(project, intact)


def test_a_damaged_cache_is_one_warning_line_from_the_command(project: Project) -> None:
    _archive(project)
    build(project)
    _garbage(_cache(project) / "articles.json")
    result = tintuc(project, "build")
    assert result.returncode == 0
    lines = [line for line in result.stderr.splitlines() if "unreadable" in line]
    assert len(lines) == 1 and lines[0].startswith(".tintuc-cache/articles.json: warning: "), result.stderr


def test_a_body_missing_while_a_builder_lives_is_read_again(project: Project) -> None:
    """The dev server's builder loads the cache once; a body store deleted under it is not an empty page."""
    _archive(project)
    builder = Builder(project.config())
    builder.build()
    builder.read_cache.bodies.reset()
    shutil.rmtree(project.public)
    builder.build()
    assert "Ủy ban nhân dân tỉnh họp lần thứ 1." in _first_article_page(project).read_text(encoding="utf-8")


# --- item 5: one tintuc at a time -----------------------------------------------------------------------

HOLDER = """
import sys
from pathlib import Path
from tintuc.build import Builder
from tintuc.config import load_config
builder = Builder(load_config(Path("config.yaml")))
with builder.locked():
    print("holding", flush=True)
    sys.stdin.read()
"""


@pytest.mark.parametrize("command", [["build"], ["check"]], ids=["build", "check"])
def test_a_second_tintuc_fails_fast_naming_the_first(project: Project, command: list[str]) -> None:
    _archive(project, 3)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], cwd=project.root, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        started = time.monotonic()
        second = tintuc(project, *command)
        assert time.monotonic() - started < 10
        assert second.returncode == 2, second.stderr
        assert f"another tintuc (pid {holder.pid}) is building or serving this site; wait for it or stop it" \
            in second.stderr
        assert "Traceback" not in second.stderr
        assert not project.public.exists()
    finally:
        holder.communicate("", timeout=30)
    assert tintuc(project, *command).returncode == 0


def test_a_build_beside_a_running_dev_server_fails(project: Project) -> None:
    from conftest import free_port

    _archive(project, 3)
    port = free_port()
    server = subprocess.Popen([*CLI, "serve", "--port", str(port)], cwd=project.root, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
                              start_new_session=True)
    try:
        assert server.stdout is not None
        while "Serving at" not in server.stdout.readline():  # after the first build
            assert server.poll() is None
        second = tintuc(project, "build")
        assert second.returncode == 2 and f"another tintuc (pid {server.pid})" in second.stderr, second.stderr
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
    assert tintuc(project, "build").returncode == 0


def test_a_builder_dropped_after_its_builds_frees_the_site_at_once(project: Project) -> None:
    """The lock goes with the builder when the last reference does, not when a garbage collection happens to
    come: nothing of a build (Whoosh's writers included) keeps the Builder in a reference cycle. With the
    collector off throughout, a fresh index, an edit and a second tintuc."""
    import gc
    import weakref

    _archive(project, 3)
    enabled = gc.isenabled()
    gc.disable()
    try:
        for edit in range(2):
            builder = Builder(project.config())
            builder.build()
            alive = weakref.ref(builder)
            del builder
            assert alive() is None, [type(r).__name__ for r in gc.get_referrers(alive())]
            project.add(f"2021/them-{edit}.md", article(title=f"Bài thêm {edit}", body="Nội dung thêm."))
            assert tintuc(project, "build").returncode == 0
    finally:
        if enabled:
            gc.enable()


# --- item 7: folders and files that are not tintuc's ---------------------------------------------------


@pytest.mark.parametrize("name", [".public.old", ".public.staging"])
def test_a_folder_of_the_users_beside_the_output_is_kept(project: Project, name: str) -> None:
    _archive(project, 3)
    assert tintuc(project, "build").returncode == 0
    mine = project.root / name
    mine.mkdir()
    (mine / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    result = tintuc(project, "build")
    assert result.returncode == 2, result.stderr
    assert f"{mine} was not made by tintuc" in result.stderr and "Traceback" not in result.stderr
    assert (mine / "ghi-chu.txt").read_text(encoding="utf-8") == "của tôi"


def test_a_symlinked_output_stays_a_symlink(project: Project, tmp_path: Path) -> None:
    _archive(project, 3)
    target = tmp_path / "srv" / "www" / "site"
    target.parent.mkdir(parents=True)
    project.public.symlink_to(target)
    for _ in range(3):
        result = tintuc(project, "build")
        assert result.returncode == 0, result.stderr
        assert project.public.is_symlink() and project.public.resolve() == target
        assert (target / "index.html").is_file()
        _edit(project)
    assert sorted(p.name for p in target.parent.iterdir()) == ["site"]
    assert _leftovers(project) == []


STATIC = {"CNAME": "tintuc.example.gov.vn\n", ".nojekyll": "", "_headers": "/*\n  X-Frame-Options: DENY\n",
          ".well-known/security.txt": "Contact: mailto:so-tttt@example.gov.vn\n"}


def test_files_in_static_are_published_as_they_are_and_kept(project: Project) -> None:
    _archive(project, 3)
    for rel, text in STATIC.items():
        (project.root / "static" / rel).parent.mkdir(parents=True, exist_ok=True)
        (project.root / "static" / rel).write_text(text, encoding="utf-8")
    for _ in range(2):
        assert tintuc(project, "build").returncode == 0
        for rel, text in STATIC.items():
            assert (project.public / rel).read_text(encoding="utf-8") == text
        _edit(project)
    (project.root / "static" / "CNAME").unlink()
    assert tintuc(project, "build").returncode == 0
    assert not (project.public / "CNAME").exists()


@pytest.mark.parametrize("rel", ["robots.txt", "index.html", "feed.xml", ".tintuc"])
def test_a_static_file_may_not_replace_a_generated_one(project: Project, rel: str) -> None:
    _archive(project, 3)
    assert tintuc(project, "build").returncode == 0
    before = tree(project.public)
    (project.root / "static").mkdir()
    (project.root / "static" / rel).write_text("của tôi", encoding="utf-8")
    result = tintuc(project, "build")
    assert result.returncode == 1, result.stderr
    assert f"static/{rel}: has the same name as a file tintuc generates" in result.stderr
    assert tree(project.public) == before


def test_a_symlink_in_static_is_refused(project: Project, tmp_path: Path) -> None:
    _archive(project, 3)
    (project.root / "static").mkdir()
    (tmp_path / "secret").write_text("bí mật", encoding="utf-8")
    (project.root / "static" / "secret.txt").symlink_to(tmp_path / "secret")
    result = tintuc(project, "build")
    assert result.returncode == 1 and "static/secret.txt: not a regular file" in result.stderr, result.stderr


# --- item 8: killed at any step, the output is the old site or the new one ----------------------------

KILLER = """
import os, sys
import tintuc.output as output

at, calls = int(os.environ["KILL_AT"]), [0]

def counted(function):
    def call(*args, **kwargs):
        calls[0] += 1
        if calls[0] == at:
            os._exit(9)  # as SIGKILL: nothing cleaned up
        return function(*args, **kwargs)
    return call

os.rename, os.replace = counted(os.rename), counted(os.replace)
output._remove_ours = counted(output._remove_ours)
output._exchange = counted(output._exchange if os.environ["EXCHANGE"] == "1" else (lambda a, b: False))
from tintuc.cli import main
sys.exit(main(["build", "-q", "--jobs", "1"]))
"""


KILLS = {  # (articles, a new article besides the edit, renameat2 available, states a kill may leave)
    "swap, renameat2 exchange": (6, True, True, ("old", "new")),
    # Only the moment between the fallback's two renames may leave no output; recovery repairs it.
    "swap, two renames (fallback)": (6, True, False, ("old", "new", "missing")),
    # A small change is committed file by file (see output.py for why): killed, a mix (with no broken
    # link: the next test) until the next build, which finishes it.
    "journal, one edit in 40 articles": (40, False, True, ("old", "new", "mixed")),
}


@pytest.mark.parametrize(("count", "added", "exchange", "allowed"), KILLS.values(), ids=KILLS.keys())
def test_a_build_killed_at_any_step_leaves_the_old_or_the_new_site(project: Project, tmp_path: Path, count: int,
                                                                   added: bool, exchange: bool,
                                                                   allowed: tuple[str, ...]) -> None:
    _archive(project, count)
    build(project)
    old = tree(project.public)
    saved = tmp_path / "saved"
    shutil.copytree(project.root, saved, symlinks=True)

    def change() -> None:
        _edit(project)
        if added:
            project.add("2021/moi.md", article(title="Bài mới nhất", date="2021-12-30 10:00"))

    change()
    build(project)
    new = tree(project.public)
    # Killed in the search stage, the next build may index anew: a clean build's compiled index (see
    # assert_good_output), with the same pages.
    clean_new = _clean_tree(project)
    seen = set()
    for at in range(1, 60):
        shutil.rmtree(project.root)
        shutil.copytree(saved, project.root, symlinks=True)
        change()
        run = subprocess.run([sys.executable, "-c", KILLER], cwd=project.root, capture_output=True, text=True,
                             timeout=120, env={**os.environ, "PYTHONPATH": str(REPO), "KILL_AT": str(at),
                                               "EXCHANGE": "1" if exchange else "0"})
        if run.returncode == 0:
            break  # past the last step
        assert run.returncode == 9, run.stderr
        now = tree(project.public) if project.public.exists() else {}
        state = "old" if now == old else "new" if now in (new, clean_new) else "missing" if not now else "mixed"
        seen.add(state)
        assert state in allowed, (at, state)
        assert tintuc(project, "build").returncode == 0
        assert tree(project.public) in (new, clean_new), at
        assert _leftovers(project) == []
    else:
        pytest.fail("the build never finished")
    assert {"old", "new"} <= seen


_LOCAL_REF = re.compile(r'(?:href|src|data-manifest)="(/[^"#?]*)')


def _broken_references(public: Path, going: frozenset[str] = frozenset()) -> list[str]:
    """Local addresses named by a page of `public` (other than those `going`) that no file answers."""
    broken = []
    for page in public.rglob("*.html"):
        if page.relative_to(public).as_posix() in going:
            continue
        for ref in _LOCAL_REF.findall(page.read_text(encoding="utf-8")):
            target = public / urllib.parse.unquote(ref).lstrip("/")
            if not (target / "index.html" if ref.endswith("/") else target).is_file():
                broken.append(f"{page.relative_to(public)} -> {ref}")
    return broken


def test_every_moment_of_a_small_commit_has_no_broken_link(project: Project, monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """A commit file by file is ordered: new files, then replaced ones, then deletions."""
    _archive(project, 150)  # large enough that the change below is committed file by file
    project.add("2020/cu.md", article(title="Bài cũ riêng", date="2020-03-01 10:00", tags="[Riêng]"))
    build(project)
    assert _broken_references(project.public) == []
    _edit(project)
    project.add("2020/moi.md", article(title="Bài mới riêng", date="2020-06-01 10:00", tags="[Riêng]"))
    (project.root / "content" / "2020" / "cu.md").unlink()  # and its month: pages and files deleted
    # Pages the commit deletes may link to each other (an article and its month's page); they go
    # last, one by one, and only they may name a file already deleted.
    going = frozenset({"2020/03/index.html", "2020/03/bai-cu-rieng/index.html"})
    moments: list[list[str]] = []
    replace = os.replace

    def checked(source: object, target: object) -> None:
        replace(source, target)  # type: ignore[arg-type]
        moments.append(_broken_references(project.public, going))

    monkeypatch.setattr("tintuc.output.os.replace", checked)
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        real_unlink(self, missing_ok=missing_ok)
        if project.public in self.parents:
            moments.append(_broken_references(project.public, going))

    monkeypatch.setattr(Path, "unlink", unlink)
    build(project)
    monkeypatch.undo()
    assert len(moments) > 10, "the change was not committed file by file"
    assert [m for m in moments if m] == []
    assert not any((project.public / rel).exists() for rel in going)
    committed = {rel: h for rel, h in tree(project.public).items() if not rel.startswith("search/")}
    assert committed == {rel: h for rel, h in _clean_tree(project).items() if not rel.startswith("search/")}


def test_the_dev_server_answers_no_request_while_a_commit_runs(dev_server) -> None:  # type: ignore[no-untyped-def]
    import threading
    import urllib.request

    answered = threading.Event()

    def fetch() -> None:
        with urllib.request.urlopen(f"http://127.0.0.1:{dev_server.port}/", timeout=10) as response:
            response.read()
        answered.set()

    with dev_server.builder.guard:  # as Builder.build holds it while it commits
        threading.Thread(target=fetch, daemon=True).start()
        assert not answered.wait(0.5)
    assert answered.wait(10)


# --- item 10: a failure while writing leaves the previous site and no staging folder -------------------


def _raise_in_staging(exc: BaseException) -> Callable[..., object]:
    original = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if ".public.staging" in str(self):
            raise exc
        return original(self, data)
    return write_bytes


FAILURES = {
    "disk full": OSError(errno.ENOSPC, "No space left on device"),
    "quota exceeded": OSError(errno.EDQUOT, "Disk quota exceeded"),
}


@pytest.mark.parametrize("exc", FAILURES.values(), ids=FAILURES.keys())
def test_a_full_disk_is_a_build_error_and_the_site_is_unchanged(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                                exc: OSError) -> None:
    _archive(project, 6)
    build(project)
    before = tree(project.public)
    _edit(project)
    monkeypatch.setattr(Path, "write_bytes", _raise_in_staging(exc))
    with pytest.raises(BuildFailed) as failed:
        build(project)
    (problem,) = failed.value.problems
    assert problem.message == "no space left on device while writing the site; the previous site is unchanged"
    assert "--out" in problem.hint and problem.path == project.config().paths.output
    assert tree(project.public) == before
    assert _leftovers(project) == []


@pytest.mark.parametrize("exc", [KeyboardInterrupt(), RuntimeError("lỗi trong mẫu")], ids=["Ctrl-C", "template"])
def test_an_interrupted_or_failed_write_leaves_no_staging(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                          exc: BaseException) -> None:
    _archive(project, 6)
    build(project)
    before = tree(project.public)
    _edit(project)
    monkeypatch.setattr(Path, "write_bytes", _raise_in_staging(exc))
    with pytest.raises(type(exc)):
        build(project)
    assert tree(project.public) == before
    assert _leftovers(project) == []


def test_a_full_disk_from_the_command_is_exit_1(project: Project) -> None:
    _archive(project, 3)
    assert tintuc(project, "build").returncode == 0
    _edit(project)
    script = ("import errno, sys, pathlib\n"
              "original = pathlib.Path.write_bytes\n"
              "def write_bytes(self, data):\n"
              "    if '.public.staging' in str(self): raise OSError(errno.ENOSPC, 'No space left on device')\n"
              "    return original(self, data)\n"
              "pathlib.Path.write_bytes = write_bytes\n"
              "from tintuc.cli import main\nsys.exit(main(['build']))\n")
    run = subprocess.run([sys.executable, "-c", script], cwd=project.root, capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 1, run.stderr
    assert "no space left on device while writing the site; the previous site is unchanged" in run.stderr
    assert "Traceback" not in run.stderr and _leftovers(project) == []


# --- item 16: Ctrl-C while the workers read -----------------------------------------------------------


def _session_processes(session: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def test_ctrl_c_while_reading_in_parallel_stops_cleanly(tmp_path: Path) -> None:
    site = tmp_path / "archive"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), str(site), "--articles", "1000"],
                   check=True, capture_output=True, timeout=120)
    build = subprocess.Popen([*CLI, "build", "--jobs", "2"], cwd=site, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
                             start_new_session=True)
    children = Path(f"/proc/{build.pid}/task/{build.pid}/children")
    deadline = time.monotonic() + 60
    while not children.read_text().split():  # the worker pool is up: the read has started
        assert time.monotonic() < deadline and build.poll() is None
        time.sleep(0.02)
    time.sleep(0.3)
    os.killpg(build.pid, signal.SIGINT)  # as the terminal does: to the whole process group
    started = time.monotonic()
    _, stderr = build.communicate(timeout=30)
    assert time.monotonic() - started < 5
    assert build.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert not (site / ".public.staging").exists()
    time.sleep(0.5)
    assert _session_processes(build.pid) == []


# --- a poisoned build cache may not reach files outside the site ---------------------------------------------


def _victim(folder: Path, name: str = "victim.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    victim = folder / name
    victim.write_text("keep me", encoding="utf-8")
    return victim


def test_names_in_the_manifest_outside_the_output_are_never_deleted(project: Project, tmp_path: Path) -> None:
    _archive(project)
    build(project)
    climbing = _victim(tmp_path / "victim", "x.txt")
    absolute = _victim(tmp_path / "absolute")

    def plant(data: dict) -> None:
        for name, victim in (("../../victim/x.txt", climbing), (str(absolute), absolute)):
            stat = victim.stat()  # as if the build had written it: not "damaged", so a removal is planned
            data["files"][name] = "0" * 16
            data["stats"][name] = [stat.st_size, stat.st_mtime_ns]

    _rewrite_json(_cache(project) / "manifest.json", plant)
    result = build(project)  # no edit: the two planted names alone are "removed", so the commit is in place
    assert result.articles == 12
    assert climbing.read_text(encoding="utf-8") == "keep me"
    assert absolute.read_text(encoding="utf-8") == "keep me"
    assert (project.public / "index.html").is_file()


def test_names_in_a_commit_journal_outside_the_output_are_never_touched(project: Project, tmp_path: Path) -> None:
    from tintuc.output import JOURNAL, MARKER

    _archive(project)
    build(project)
    climbing = _victim(tmp_path / "victim", "x.txt")
    absolute = _victim(tmp_path / "absolute")
    staging = project.root / ".public.staging"
    staging.mkdir()
    (staging / MARKER).write_text("{}", encoding="utf-8")
    (staging / "evil.txt").write_text("planted", encoding="utf-8")
    (staging / JOURNAL).write_text(json.dumps({"files": ["../../victim/evil.txt", "/tmp/../" + str(tmp_path)],
                                               "removed": ["../../victim/x.txt", str(absolute)]}), encoding="utf-8")
    result = build(project)
    assert result.articles == 12
    assert climbing.read_text(encoding="utf-8") == "keep me"
    assert absolute.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "victim" / "evil.txt").exists()
    assert not staging.exists()


def test_an_article_path_in_the_cache_outside_the_output_is_never_written(project: Project, tmp_path: Path) -> None:
    from tintuc.cache import _FIELDS

    _archive(project)
    build(project)
    at = _FIELDS.index("path")

    def plant(data: dict) -> None:
        for rel, row in data["rows"].items():
            if "tin-05" in rel:
                row[2][at] = "../../victim-write/"

    _rewrite_json(_cache(project) / "articles.json", plant)
    _edit(project)
    result = tintuc(project, "build")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "unreadable" in line]
    assert len(lines) == 1 and lines[0].startswith(".tintuc-cache/articles.json: warning: "), result.stderr
    assert not (tmp_path / "victim-write").exists()
    assert sorted(project.public.glob("2021/*/tin-tuc-so-5/index.html"))


def test_symlinks_planted_at_cache_temporary_names_are_not_followed(project: Project, tmp_path: Path) -> None:
    _archive(project)
    build(project)
    victims = []
    for file in sorted(_cache(project).rglob("*.json")):
        victim = _victim(tmp_path / "victims", f"{len(victims)}.txt")
        victims.append(victim)
        file.with_suffix(".tmp").symlink_to(victim)
    assert victims
    _edit(project)
    (_cache(project) / "articles.json").unlink()  # so that every cache file is written again
    (_cache(project) / "related.json").unlink(missing_ok=True)
    build(project)
    for victim in victims:
        assert victim.read_text(encoding="utf-8") == "keep me", victim


def test_a_symlinked_lock_file_is_refused_and_its_target_kept(project: Project, tmp_path: Path) -> None:
    _archive(project, 3)
    victim = _victim(tmp_path / "victim")
    _cache(project).mkdir(parents=True, exist_ok=True)
    (_cache(project) / "build.lock").symlink_to(victim)
    result = tintuc(project, "build")
    assert result.returncode == 2, result.stderr
    assert "build.lock is not a regular file; remove it" in result.stderr
    assert "Traceback" not in result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me"
