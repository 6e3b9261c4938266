"""A poisoned build cache: CI restores `.tintuc-cache/` from a shared key, so whoever can write that cache
is an attacker. Each test plants something a review of the trust work found still possible, and requires
that it neither runs code nor reaches the published site.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import REPO, Project, article

CLI = [sys.executable, "-m", "tintuc"]


def tintuc(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=project.root, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


class _Planted:
    """Unpickling this creates the marker file: proof that a cache file ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def _site(project: Project) -> None:
    for n in range(3):
        project.add(f"2021/tin-{n}.md", article(title=f"Tin số {n}", date=f"2021-08-0{n + 1} 08:00",
                                                tags="[Y tế]", body=f"Hội nghị lần thứ {n}."))


def _legacy_toc(folder: Path, marker: Path) -> None:
    """Rewrite the Whoosh index's table of contents in Whoosh 1.x's format (version -110), whose
    loader unpickles with Whoosh's own unrestricted unpickler."""
    from whoosh import index
    from whoosh.filedb.filestore import FileStorage

    storage = FileStorage(str(folder))
    generation = index.TOC._latest_generation(storage, index._DEF_INDEX_NAME)
    stream = storage.create_file(f"_{index._DEF_INDEX_NAME}_{generation}.toc")
    for size in (index._INT_SIZE, index._LONG_SIZE, index._FLOAT_SIZE):
        stream.write_varint(size)
    stream.write_int(-12345)
    stream.write_int(-110)
    for number in (2, 7, 5):
        stream.write_varint(number)
    stream.write_string(pickle.dumps(_Planted(marker)))
    stream.close()


def test_a_legacy_table_of_contents_is_never_unpickled(project: Project, tmp_path: Path) -> None:
    _site(project)
    assert tintuc(project, "build").returncode == 0
    marker = tmp_path / "ran"
    _legacy_toc(project.root / ".tintuc-cache" / "search" / "whoosh", marker)
    searched = tintuc(project, "search", "hội nghị")
    assert not marker.exists(), "tintuc search ran code from the cache"
    assert searched.returncode == 2 and "is damaged" in searched.stderr, searched.stderr
    built = tintuc(project, "build")
    assert not marker.exists(), "the build ran code from the cache"
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr
    assert tintuc(project, "search", "hội nghị").returncode == 0  # the index was made anew


def test_a_script_planted_in_cached_bodies_is_not_published(project: Project) -> None:
    _site(project)
    assert tintuc(project, "build").returncode == 0
    with sqlite3.connect(project.root / ".tintuc-cache" / "bodies.sqlite") as db:
        db.execute("UPDATE bodies SET html = '<p>Tin.</p><script>alert(document.domain)</script>"
                   "<img src=x onerror=alert(1)>'")
    for name in ("public",):  # everything is rendered again from the cached bodies
        import shutil

        shutil.rmtree(project.root / name)
    built = tintuc(project, "build")
    assert built.returncode == 0, built.stderr
    for path in project.public.rglob("*"):
        if path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert "<script>alert" not in text and "onerror" not in text, path


def test_a_symlinked_theme_asset_leading_out_is_refused(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("BI-MAT-theme-asset", encoding="utf-8")
    static = project.root / "themes" / "rieng" / "static"
    static.mkdir(parents=True)
    os.symlink(secret, static / "env.txt")
    os.symlink("/proc/self/environ", static / "environ.txt")
    project.write_config("title: Thử\nbase_url: https://example.gov.vn/\ntheme: rieng\n")
    _site(project)
    built = tintuc(project, "build")
    assert built.returncode == 1, built.stdout + built.stderr
    assert "themes/rieng/static/env.txt" in built.stderr and "Traceback" not in built.stderr
    assert not project.public.exists()


def test_a_symlinked_static_folder_is_refused(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "bi-mat.txt").write_text("BI-MAT-static", encoding="utf-8")
    os.symlink(outside, project.root / "static")
    _site(project)
    built = tintuc(project, "build")
    assert built.returncode == 1, built.stdout + built.stderr
    assert "static" in built.stderr and "Traceback" not in built.stderr
    assert not project.public.exists()


def test_lists_nested_too_deeply_are_built_or_a_located_error(project: Project) -> None:
    """Older Python-Markdown releases recursed once per level and hit Python's limit at ~500 levels
    (tintuc then reports path:line); 3.11 renders it. Either way, no traceback."""
    _site(project)
    project.add("2021/long.md", "---\ntitle: Lồng\ndate: 2021-08-05\n---\n"
                + "".join("  " * depth + "- mục\n" for depth in range(600)))
    for command in ("build", "check"):
        done = tintuc(project, command)
        assert "Traceback" not in done.stderr, done.stderr
        if done.returncode == 1:
            assert "content/2021/long.md" in done.stderr + done.stdout and "nested too deeply" in done.stderr
        else:
            assert done.returncode == 0, done.stdout + done.stderr
            assert "mục" in (project.public / "2021/08/long/index.html").read_text(encoding="utf-8")
