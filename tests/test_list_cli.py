"""`tintuc list drafts|future|review` on real small sites: what an editor sees, and what scripts read."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import Project, article
from tintuc.cli import main


def listing(project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            *args: str) -> tuple[int, str, str]:
    """Run `tintuc list ARGS` in the site's folder, in this process: (exit status, stdout, stderr)."""
    monkeypatch.chdir(project.root)
    code = main(["list", *args])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            kind: str) -> list[dict[str, object]]:
    code, out, err = listing(project, monkeypatch, capsys, kind, "--format", "json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def newsroom(project: Project) -> Project:
    """An archive with one of everything an editor must look at, and ordinary articles around it."""
    project.add("2021/da-dang.md", article(title="Tiêm chủng mở rộng tại xã", date="2021-03-02 09:00"))
    project.add("2021/ban-nhap.md", article(title="Khánh thành trạm y tế", date="2021-08-01 15:44", draft="true"))
    project.add("2150/hen-gio.md", article(title="Lịch khám sàng lọc mùa thu", date="2150-09-01 07:30"))
    project.add("2149/hen-som.md", article(title="Thông báo nghỉ lễ", date="2149-04-28"))
    project.add("pages/gioi-thieu.md", "---\ntitle: Giới thiệu đơn vị\ndraft: true\n---\nĐang soạn.\n")
    project.add("imported/nhap-ve.md", "\n".join([
        "---", 'title: "Đoàn công tác về thăm bản"', "date: unknown", "tags: [Hà Giang]",
        "review:", '  - "Ngày đăng không còn trong bản gốc"', '  - "Xem lại tên tác giả"', "---",
        "Nội dung nhập về.", ""]))
    project.add("imported/mot-ghi-chu.md", article(title="Họp giao ban tháng", date="2020-12-01",
                                                   review='"Ảnh thiếu chú thích"'))
    return project


def test_drafts_lists_articles_and_pages_by_path(newsroom: Project, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = listing(newsroom, monkeypatch, capsys, "drafts")
    assert code == 0, err
    lines = out.splitlines()
    assert lines == [
        "content/2021/ban-nhap.md:4     2021-08-01 15:44  Khánh thành trạm y tế",
        "content/pages/gioi-thieu.md:3  no date           Giới thiệu đơn vị  (page)",
        "2 draft(s)",
    ]
    assert not newsroom.public.exists()  # nothing built, nothing written where the site goes


def test_future_lists_scheduled_articles_soonest_first(newsroom: Project, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = listing(newsroom, monkeypatch, capsys, "future")
    assert code == 0, err
    assert out.splitlines() == [
        "content/2149/hen-som.md:3  2149-04-28        Thông báo nghỉ lễ",
        "content/2150/hen-gio.md:3  2150-09-01 07:30  Lịch khám sàng lọc mùa thu",
        "2 scheduled article(s)",
    ]


def test_review_prints_each_note_under_its_article(newsroom: Project, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = listing(newsroom, monkeypatch, capsys, "review")
    assert code == 0, err
    assert out.splitlines() == [
        "content/imported/mot-ghi-chu.md:4  2020-12-01        Họp giao ban tháng",
        "    - Ảnh thiếu chú thích",
        "content/imported/nhap-ve.md:5      unknown           Đoàn công tác về thăm bản",
        "    - Ngày đăng không còn trong bản gốc",
        "    - Xem lại tên tác giả",
        "2 file(s) with 3 review note(s)",
    ]


def test_json_gives_scripts_every_field(newsroom: Project, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    future = as_json(newsroom, monkeypatch, capsys, "future")
    assert [item["path"] for item in future] == ["content/2149/hen-som.md", "content/2150/hen-gio.md"]
    assert future[1] == {"path": "content/2150/hen-gio.md", "line": 3, "title": "Lịch khám sàng lọc mùa thu",
                         "kind": "article", "date": "2150-09-01T07:30:00+07:00", "draft": False,
                         "scheduled": True, "review": [], "problems": []}
    assert future[0]["date"] == "2149-04-28"  # only the day is known
    review = as_json(newsroom, monkeypatch, capsys, "review")
    assert review[0]["review"] == ["Ảnh thiếu chú thích"]  # one note written as one string
    assert review[1]["date"] is None and review[1]["line"] == 5
    drafts = as_json(newsroom, monkeypatch, capsys, "drafts")
    assert [(d["kind"], d["draft"], d["scheduled"]) for d in drafts] == [("article", True, False),
                                                                        ("page", True, False)]


def test_empty_lists_exit_0_with_a_zero_count(project: Project, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    project.add("2021/bai.md", article())
    for kind, count in (("drafts", "0 draft(s)"), ("future", "0 scheduled article(s)"),
                        ("review", "0 file(s) with 0 review note(s)")):
        code, out, err = listing(project, monkeypatch, capsys, kind)
        assert (code, out, err) == (0, count + "\n", "")
        assert as_json(project, monkeypatch, capsys, kind) == []


def test_future_is_judged_in_the_site_time_zone(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    # Dates without an offset are the site's local time: an hour ago there is published (read as UTC,
    # it would be 6 hours ahead), an hour ahead is scheduled.
    project.write_config("title: Thử\nbase_url: https://example.gov.vn/\ntimezone: Asia/Ho_Chi_Minh\n")
    local = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    project.add("a.md", article(title="Vừa đăng", date=f"{local - timedelta(hours=1):%Y-%m-%d %H:%M}"))
    project.add("b.md", article(title="Sắp đăng", date=f"{local + timedelta(hours=1):%Y-%m-%d %H:%M}"))
    assert [item["title"] for item in as_json(project, monkeypatch, capsys, "future")] == ["Sắp đăng"]


def test_a_draft_with_errors_is_listed_with_them(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # The build leaves such a draft out without failing; the editor still has to finish it.
    project.add("2021/chua-xong.md", "---\ntitle: Chưa có ngày\ndraft: true\n---\nĐang viết.\n")
    project.add("2021/ban-nhap.md", article(title="Đã có ngày", draft="true"))
    code, out, err = listing(project, monkeypatch, capsys, "drafts")
    assert code == 0, err
    assert out.splitlines() == [
        "content/2021/ban-nhap.md:4   2021-08-01 15:44  Đã có ngày",
        "content/2021/chua-xong.md:3  ?                 (a draft with errors: it cannot be read)",
        "    - line 2: missing required field 'date'",
        "2 draft(s), 1 with errors",
    ]
    broken = as_json(project, monkeypatch, capsys, "drafts")[1]
    assert broken["title"] is None and broken["problems"] == ["line 2: missing required field 'date'"]


def test_a_scheduled_draft_is_marked(project: Project, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    project.add("sau.md", article(title="Kế hoạch năm sau", date="2150-01-05", draft="true"))
    code, out, _ = listing(project, monkeypatch, capsys, "future")
    assert code == 0
    assert out.splitlines()[0].endswith("Kế hoạch năm sau  (draft)")


def test_decomposed_titles_and_notes_are_printed_composed(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    title = unicodedata.normalize("NFD", "Hướng dẫn phòng bệnh mùa mưa")
    note = unicodedata.normalize("NFD", "Kiểm tra đơn vị gửi bài")
    project.add("bai.md", article(title=title, draft="true", review=f'"{note}"'))
    code, out, _ = listing(project, monkeypatch, capsys, "review")
    assert code == 0
    assert "Hướng dẫn phòng bệnh mùa mưa" in out and "    - Kiểm tra đơn vị gửi bài" in out
    assert unicodedata.is_normalized("NFC", out)
    drafts = as_json(project, monkeypatch, capsys, "drafts")
    assert drafts[0]["title"] == unicodedata.normalize("NFC", title)


def test_content_errors_exit_1_with_every_problem(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    project.add("a.md", article(date="hôm qua", draft="true"))
    project.add("b.md", "---\ndate: 2020-01-01\n---\n")
    project.add("c.md", article(title="Bình thường", date="ngày mai"))
    for args in (("drafts",), ("review", "--format", "json")):
        code, out, err = listing(project, monkeypatch, capsys, *args)
        assert code == 1 and out == ""
        assert "content/a.md:3: warning: in a draft: 'date' is not a date" in err
        assert "content/b.md:2: missing required field 'title'" in err
        assert "content/c.md:3: 'date' is not a date" in err
        assert err.rstrip().endswith("tintuc list: 2 error(s) in the content or configuration; nothing is listed "
                                     "until they are fixed")


def test_usage_errors_exit_2(project: Project, tmp_path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project.root)
    for wrong in (["list"], ["list", "draft"], ["list", "drafts", "--format", "xml"]):
        with pytest.raises(SystemExit) as done:
            main(wrong)
        assert done.value.code == 2
    assert "invalid choice: 'draft'" in capsys.readouterr().err
    elsewhere = tmp_path / "not-a-site"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["list", "drafts"]) == 2
    assert "no config.yaml here" in capsys.readouterr().err


def test_config_option_lists_another_site(newsroom: Project, tmp_path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["list", "future", "--config", str(newsroom.root / "config.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("content/2149/hen-som.md:3 ")  # relative to the site's folder
    assert main(["list", "future", "--config", "missing.yaml"]) == 1
    assert "missing.yaml: configuration file not found" in capsys.readouterr().err


def test_the_build_cache_is_used_and_not_needed(newsroom: Project, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    before = listing(newsroom, monkeypatch, capsys, "review")
    assert main(["build", "-q"]) == 0
    capsys.readouterr()
    with monkeypatch.context() as reading:
        def not_again(*args: object) -> None:
            raise AssertionError(f"read again although the build's cache holds it: {args[0]}")

        reading.setattr("tintuc.reading.read_article", not_again)
        assert listing(newsroom, monkeypatch, capsys, "review") == before
    (newsroom.root / "content/imported/mot-ghi-chu.md").write_text(article(title="Đã xem"), encoding="utf-8")
    code, out, _ = listing(newsroom, monkeypatch, capsys, "review")
    assert code == 0 and "mot-ghi-chu" not in out and out.endswith("1 file(s) with 2 review note(s)\n")


def test_help_explains_each_kind_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["list", "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    for kind in ("drafts", "future", "review"):
        assert f"tintuc list {kind}" in text
    assert "--format" in text and "--config" in text and "Exit status" in text


def test_the_installed_command_runs(newsroom: Project) -> None:
    done = subprocess.run([sys.executable, "-m", "tintuc", "list", "drafts"], cwd=newsroom.root, text=True,
                          capture_output=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "2 draft(s)"
