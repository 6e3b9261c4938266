"""Bounded memory in the read and write stages (issue 18): bodies go to the build cache's store as they are
read, and pages are rendered a block at a time, without changing a byte of the site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tintuc import write_stage
from tintuc.build import Builder

from tests.conftest import Project, article


@pytest.fixture
def archive(project: Project) -> Project:
    for n in range(9):
        project.add(f"2023/tin-{n}.md", article(f"Tin số {n} về phòng chống sốt xuất huyết", f"2023-05-{n + 1:02d}",
                                                f"Đoạn một của tin {n}.\n\nĐoạn hai: xã Đắk Búk So phun thuốc.",
                                                tags="[Y tế]"))
    return project


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_articles_read_keep_their_bodies_in_the_store_not_in_memory(archive: Project) -> None:
    builder = Builder(archive.config(), jobs=2)
    articles, problems = builder.read_content()
    assert problems == [] and len(articles) == 9
    assert all(a.body_html == "" for a in articles)  # held without their bodies...
    full = builder.read_cache.hydrate(articles)  # ...which the store gives back
    assert all("phun thuốc" in full[a.path].body_html for a in articles)


def test_rendering_in_blocks_writes_the_same_site(archive: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    Builder(archive.config(), jobs=2).build()
    whole = tree(archive.public)
    shutil.rmtree(archive.public)
    shutil.rmtree(archive.root / ".tintuc-cache")
    monkeypatch.setattr(write_stage, "RENDER_BLOCK", 2)
    Builder(archive.config(), jobs=2).build()
    assert tree(archive.public) == whole
