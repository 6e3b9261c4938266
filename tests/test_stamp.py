"""The up-to-date check of `tintuc build` (generator/stamp.py): nothing to do only when the inputs and the
output are exactly as the last build left them."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta

import pytest
from tintuc import stamp
from tintuc.build import Builder

from tests.conftest import Project, article


@pytest.fixture
def site(project: Project) -> Project:
    project.add("2024/a.md", article("Tiêm chủng mở rộng", "2024-03-01", "Nội dung về tiêm chủng."))
    project.add("2024/b.md", article("Họp báo", "2024-03-02", "Nội dung <script>x</script> họp báo."))
    return project


def build(project: Project, **config: object) -> tuple[int, list[str]]:
    """Pages rendered by a `tintuc build`, and what it logged."""
    log: list[str] = []
    builder = Builder(project.config(**config), use_stamp=True, log=log.append)
    try:
        return builder.build().rendered, log
    finally:
        builder.close()


def up_to_date(log: list[str]) -> bool:
    return any(line.startswith("nothing changed since the last build") for line in log)


def test_a_second_build_with_nothing_changed_does_nothing_and_says_the_same(site: Project) -> None:
    builder = Builder(site.config(), use_stamp=True)
    first = builder.build()
    builder.close()
    assert first.rendered > 0 and first.warnings  # the <script> shown as text: a warning
    builder = Builder(site.config(), use_stamp=True)
    builder.read_content = None  # type: ignore[assignment,method-assign]  # it must not even read
    again = builder.build()
    builder.close()
    assert again.rendered == 0 and (again.articles, again.pages) == (first.articles, first.pages)
    assert again.warnings == first.warnings  # reported again, as a full build would


@pytest.mark.parametrize("change", ["edit", "new file", "output damaged", "config", "theme", "static", "cache",
                                    "staging folder"])
def test_any_change_to_the_inputs_or_the_output_builds(site: Project, change: str) -> None:
    build(site)
    assert up_to_date(build(site)[1])
    config: dict[str, object] = {}
    if change == "edit":
        path = site.root / "content" / "2024" / "a.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    elif change == "new file":
        site.add("2024/anh.jpg", b"\xff\xd8 not really")
    elif change == "output damaged":
        next(site.public.rglob("index.html")).write_text("hỏng", encoding="utf-8")
    elif change == "cache":  # damaged or planted: for a build to find and set aside
        (site.root / ".tintuc-cache" / "search" / "state.json").write_text("{}", encoding="utf-8")
    elif change == "staging folder":  # a folder of the user's where a build stages: the build says so
        (site.root / ".public.staging").mkdir()
        (site.root / ".public.staging" / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
        with pytest.raises(Exception, match="was not made by tintuc"):
            build(site)
        shutil.rmtree(site.root / ".public.staging")
    elif change == "config":
        config = {"drafts": True}
    elif change == "theme":
        (site.root / "themes" / "default" / "templates").mkdir(parents=True)
        (site.root / "themes" / "default" / "templates" / "extra.html").write_text("x", encoding="utf-8")
    else:
        (site.root / "static").mkdir(exist_ok=True)
        (site.root / "static" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    rendered, log = build(site, **config)
    assert not up_to_date(log)
    if change in ("edit", "output damaged"):
        assert rendered > 0
    assert up_to_date(build(site, **config)[1])  # and then it is up to date again


def test_a_scheduled_article_going_live_ends_the_stamp(site: Project) -> None:
    soon = datetime.now().astimezone() + timedelta(days=3)
    site.add("2024/sap-toi.md", article("Tin hẹn giờ", soon.strftime("%Y-%m-%d %H:%M"), "Sắp đăng."))
    build(site)
    saved = stamp.load(site.config())
    assert saved is not None and saved.until is not None
    assert stamp.in_time(saved, datetime.now().astimezone())
    assert not stamp.in_time(saved, soon + timedelta(minutes=1))


def test_a_failed_build_or_another_builder_leaves_no_stamp(site: Project) -> None:
    build(site)
    assert stamp.load(site.config()) is not None
    Builder(site.config()).build()  # the dev server's kind of builder: it rewrites the output
    assert stamp.load(site.config()) is None
    build(site)
    bad = site.root / "content" / "2024" / "c.md"
    bad.write_text("---\ntitle: [không đóng\n---\nx\n", encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - BuildFailed, reported by the CLI
        build(site)
    assert stamp.load(site.config()) is None
    os.remove(bad)
    assert not up_to_date(build(site)[1])


def test_a_damaged_cache_file_is_reported_once_not_by_every_build_after(site: Project) -> None:
    build(site)
    related = site.root / ".tintuc-cache" / "related.json"
    related.write_text("{không phải JSON", encoding="utf-8")
    builder = Builder(site.config(), use_stamp=True)
    repaired = builder.build()
    builder.close()
    assert any("related.json" in str(p.path) and "unreadable" in p.message for p in repaired.warnings)
    builder = Builder(site.config(), use_stamp=True)
    builder.read_content = None  # type: ignore[assignment,method-assign]  # up to date: nothing read
    again = builder.build()
    builder.close()
    assert not any("unreadable" in p.message for p in again.warnings), again.warnings
    assert any("script" in p.message.lower() for p in again.warnings)  # the content's own warning stays
