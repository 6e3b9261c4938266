"""The dev server's edits look at the changed files alone (sources.rediscover), and find what a walk finds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Project, article
from tintuc import sources
from tintuc.devserver import DevServer


def _same(found: tuple[list, list], walked: tuple[list, list]) -> None:
    files, problems = found
    expected_files, expected_problems = walked
    assert [(rel, full, (s.st_size, s.st_mtime_ns)) for rel, full, s in files] == \
        [(rel, full, (s.st_size, s.st_mtime_ns)) for rel, full, s in expected_files]
    assert sorted(map(str, problems)) == sorted(map(str, expected_problems))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    for rel in ("a.md", "2024/05/b.md", "2024/05/c.md", "2024/06/d.txt", "z/e.md"):
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(article(title=rel), encoding="utf-8")
    return content


def test_edits_new_and_deleted_articles_are_found_without_a_walk(tree: Path) -> None:
    before = sources.discover(tree)
    (tree / "2024/05/b.md").write_text(article(title="Bài đã sửa, dài hơn trước"), encoding="utf-8")
    (tree / "2024/05/bb.md").write_text(article(title="Bài mới"), encoding="utf-8")
    (tree / "2024/06/d.txt").unlink()
    (tree / "_nhap").mkdir()
    (tree / "_nhap/f.md").write_text(article(), encoding="utf-8")  # the walk skips '_' folders
    changed = [str(tree / p) for p in ("2024/05/b.md", "2024/05/bb.md", "2024/06/d.txt", "_nhap/f.md")]
    changed += [str(tree.parent / "config.yaml"), str(tree.parent / "themes/x/base.html")]  # not content
    found = sources.rediscover(tree, *before, changed)
    assert found is not None
    _same(found, sources.discover(tree))
    assert "2024/05/bb.md" in [rel for rel, _, _ in found[0]] and "2024/06/d.txt" not in [r for r, _, _ in found[0]]


def test_a_relative_content_folder_and_absolute_events(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree.parent)
    before = sources.discover(Path("content"))
    (tree / "z/e.md").write_text(article(title="Sửa"), encoding="utf-8")
    found = sources.rediscover(Path("content"), *before, [str(tree / "z/e.md")])
    assert found is not None
    _same(found, sources.discover(Path("content")))


def test_a_file_that_turns_into_a_link_out_of_content_is_refused_and_comes_back(tree: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(article(title="Bí mật"), encoding="utf-8")
    before = sources.discover(tree)
    (tree / "a.md").unlink()
    (tree / "a.md").symlink_to(secret)
    found = sources.rediscover(tree, *before, [str(tree / "a.md")])
    assert found is not None
    _same(found, sources.discover(tree))
    assert "outside content" in str(found[1][0])
    (tree / "a.md").unlink()
    (tree / "a.md").write_text(article(), encoding="utf-8")
    again = sources.rediscover(tree, *found, [str(tree / "a.md")])
    assert again is not None and again[1] == []
    _same(again, sources.discover(tree))


@pytest.mark.parametrize("change", ["new folder", "image", "folder removed", "folder named like an article",
                                    "content itself", "folder link"])
def test_what_only_a_walk_can_tell_asks_for_one(tree: Path, tmp_path: Path, change: str) -> None:
    before = sources.discover(tree)
    if change == "new folder":
        (tree / "2025").mkdir()
        (tree / "2025/g.md").write_text(article(), encoding="utf-8")
        changed = [str(tree / "2025")]
    elif change == "image":
        (tree / "2024/05/anh.jpg").write_bytes(b"\xff\xd8\xff")
        changed = [str(tree / "2024/05/anh.jpg")]
    elif change == "folder removed":
        for f in (tree / "2024/05").iterdir():
            f.unlink()
        (tree / "2024/05").rmdir()
        changed = [str(tree / "2024/05")]
    elif change == "folder named like an article":
        (tree / "x.md").mkdir()
        (tree / "x.md/h.md").write_text(article(), encoding="utf-8")
        before = sources.discover(tree)
        os.rename(tree / "x.md", tmp_path / "away")
        changed = [str(tree / "x.md")]
    elif change == "content itself":
        changed = [str(tree)]
    else:
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere/i.md").write_text(article(), encoding="utf-8")
        (tree / "link").symlink_to(tmp_path / "elsewhere")
        changed = [str(tree / "link/i.md")]
    assert sources.rediscover(tree, *before, changed) is None


def test_the_dev_server_reads_an_edit_without_walking_content(dev_server: DevServer, project: Project,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    walks: list[Path] = []
    real = sources.discover
    monkeypatch.setattr("tintuc.reading.discover", lambda folder: walks.append(folder) or real(folder))
    source = next((project.root / "content").rglob("*.md"))
    source.write_text(source.read_text("utf-8") + "\nMột câu mới thêm vào.\n", encoding="utf-8")
    assert dev_server.rebuild(changed={str(source)})
    assert walks == []
    page = next(p for p in dev_server.config.paths.output.rglob("index.html") if "Một câu mới thêm vào." in
                p.read_text("utf-8"))
    assert page.is_file()
    (source.parent / "anh.png").write_bytes(b"not really")
    assert dev_server.rebuild(changed={str(source.parent / "anh.png")})
    assert dev_server.config.paths.content in walks  # an image: the articles beside it are checked again
