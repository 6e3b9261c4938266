"""`tintuc import` safe by default (issue 16): duplicates skipped, imported guesses held back from publishing.

Every text here is written for these tests (invented places, people and numbers).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Project, article
from tintuc.build import Builder
from tintuc.check import check_site
from tintuc.cli import main
from tintuc.importer import Archive, import_paths
from tintuc.importer.duplicates import address_key, similarity, sketch

STORY = ("Sáng ngày 14/5/2022, Trung tâm Y tế huyện Sơn Hà tổ chức buổi tập huấn về tiêm chủng mở rộng cho "
         "cán bộ trạm y tế của mười hai xã. Các học viên được hướng dẫn cách bảo quản vắc xin trong dây chuyền "
         "lạnh, cách ghi sổ theo dõi và xử trí phản ứng sau tiêm. Buổi tập huấn kết thúc bằng bài kiểm tra "
         "ngắn, tất cả học viên đều đạt yêu cầu.")
OTHER = ("Chiều ngày 20/6/2022, Ủy ban nhân dân xã Bình Lâm họp bàn kế hoạch phòng chống lụt bão năm nay. "
         "Các thôn báo cáo số hộ ở vùng trũng, số thuyền và áo phao hiện có, và đề xuất kinh phí gia cố bờ kè "
         "trước mùa mưa. Chủ tịch xã giao công an xã lập đội xung kích ba mươi người, trực ở nhà văn hóa.")


def raw(title: str, body: str, *, stamp: str = "Ngày đăng: 15/05/2022 | 08:30", source: str = "",
        extra: str = "") -> str:
    lines = ["Trang chủ | Tin tức | Liên hệ", title, stamp, body]
    if extra:
        lines.append(extra)
    lines.append("Minh Khôi")
    if source:
        lines.append(f"Nguồn: {source}")
    return "\n\n".join(lines) + "\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def statuses(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.status for f in report.files]


# ---- the comparison itself -----------------------------------------------------------------------------------


def test_addresses_compare_as_the_same_page() -> None:
    assert address_key("https://www.soyte.example.vn/tin-tuc/tap-huan/#top") == \
        address_key("http://soyte.example.vn/tin-tuc/tap-huan")
    assert address_key("https://soyte.example.vn/a?id=2") != address_key("https://soyte.example.vn/a?id=3")


def test_a_retouched_copy_is_the_same_text_and_another_story_is_not() -> None:
    retouched = STORY.replace("Sáng ngày", "Sáng") + " Ảnh: các học viên làm bài kiểm tra."
    assert similarity(sketch(STORY), sketch(retouched)) >= 0.8
    assert similarity(sketch(STORY), sketch(OTHER)) < 0.2
    assert sketch("Thông báo nghỉ lễ.") == ()  # too short to judge by text


# ---- tintuc import -------------------------------------------------------------------------------------------


@pytest.fixture
def site(project: Project) -> Project:
    project.add("2022/tap-huan.md", article(title="Tập huấn tiêm chủng mở rộng cho cán bộ trạm y tế",
                                             date="2022-05-15 08:30", body=STORY,
                                             source='"https://soyte.example.vn/tin/tap-huan-tiem-chung/"'))
    return project


def test_an_article_already_in_the_archive_is_skipped_three_ways(site: Project, tmp_path: Path) -> None:
    inbox = tmp_path / "raw"
    write(inbox, "a-same-address.txt", raw("Một tiêu đề khác hẳn cho trang cũ", OTHER,
                                           source="http://www.soyte.example.vn/tin/tap-huan-tiem-chung"))
    write(inbox, "b-same-title-day.txt", raw("Tập huấn tiêm chủng mở rộng cho cán bộ trạm y tế",
                                             "Bản tin ngắn: Trung tâm Y tế huyện Sơn Hà tập huấn cho các trạm y tế."))
    write(inbox, "c-same-text.txt", raw("Sơn Hà: tập huấn cho trạm y tế xã", STORY,
                                        stamp="Cập nhật 16/05/2022", extra="Ảnh: học viên làm bài kiểm tra."))
    write(inbox, "d-new.txt", raw("Xã Bình Lâm họp bàn phòng chống lụt bão", OTHER, stamp="Ngày đăng: 21/06/2022"))
    archive = Archive.scan(site.root / "content")
    report = import_paths([inbox], site.root / "content" / "imported", archive=archive)
    assert statuses(report) == ["duplicate", "duplicate", "duplicate", "written"]
    reasons = [f.duplicate.reason for f in report.files[:3] if f.duplicate]
    assert reasons[0].startswith("the same page address")
    assert reasons[1] == "the same title on the same day (2022-05-15)"
    assert reasons[2].startswith("a near-identical text")
    assert all(f.duplicate and f.duplicate.of.name == "tap-huan.md" for f in report.files[:3])
    assert [p.name for p in (site.root / "content" / "imported").iterdir()] == [report.files[3].output.name]


def test_two_copies_in_one_run_write_the_first_and_skip_the_second(project: Project, tmp_path: Path) -> None:
    inbox = tmp_path / "raw"
    write(inbox, "1.txt", raw("Xã Bình Lâm họp bàn phòng chống lụt bão", OTHER))
    write(inbox, "2.txt", raw("Bình Lâm chuẩn bị mùa mưa bão", OTHER, extra="Ảnh: cuộc họp tại hội trường xã."))
    content = project.root / "content"
    report = import_paths([inbox], content / "imported", archive=Archive.scan(content))
    assert statuses(report) == ["written", "duplicate"]
    assert report.files[1].duplicate.of == report.files[0].output


def test_the_command_reports_duplicates_and_allow_duplicates_writes_them(site: Project, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "raw"
    write(inbox, "lai.txt", raw("Sơn Hà: tập huấn cho trạm y tế xã", STORY))
    monkeypatch.chdir(site.root)
    assert main(["import", str(inbox), "--out", "content/imported"]) == 0
    out = capsys.readouterr().out
    # the report in the site's language (vi)
    assert "lai.txt → bỏ qua: kho bài đã có bài này ở content/2022/tap-huan.md (nội dung gần như trùng" in out
    assert "bỏ qua 1 bài trùng" in out
    assert not (site.root / "content" / "imported").exists()
    assert main(["import", str(inbox), "--out", "content/imported", "--allow-duplicates"]) == 0
    assert "đã ghi 1" in capsys.readouterr().out
    assert len(list((site.root / "content" / "imported").iterdir())) == 1


def test_importing_again_with_force_replaces_the_same_file(project: Project, tmp_path: Path) -> None:
    inbox = tmp_path / "raw"
    write(inbox, "1.txt", raw("Xã Bình Lâm họp bàn phòng chống lụt bão", OTHER))
    out = project.root / "content" / "imported"
    first = import_paths([inbox], out, archive=Archive.scan(project.root / "content"))
    again = import_paths([inbox], out, archive=Archive.scan(project.root / "content"))
    forced = import_paths([inbox], out, force=True, archive=Archive.scan(project.root / "content"))
    assert (statuses(first), statuses(again), statuses(forced)) == (["written"], ["exists"], ["written"])


# ---- held back until reviewed --------------------------------------------------------------------------------


@pytest.fixture
def reviewed(project: Project) -> Project:
    project.add("2022/da-duyet.md", article(title="Khai trương phòng khám", date="2022-03-01"))
    project.add("imported/cho-duyet.md", article(title="Đoàn kiểm tra về xã", date="2022-04-02",
                                                  review='["tỉnh được suy ra từ tên huyện: kiểm tra"]'))
    return project


def test_an_article_with_review_notes_is_not_published_until_they_are_cleared(reviewed: Project) -> None:
    builder = Builder(reviewed.config())
    result = builder.build()
    assert result.articles == 1 and result.held == 1
    assert not list(reviewed.public.rglob("doan-kiem-tra-ve-xa"))
    assert "Đoàn kiểm tra về xã" not in (reviewed.public / "index.html").read_text(encoding="utf-8")
    assert "Đoàn kiểm tra về xã" not in (reviewed.public / "feed.xml").read_text(encoding="utf-8")

    path = reviewed.root / "content" / "imported" / "cho-duyet.md"
    path.write_text(path.read_text(encoding="utf-8").replace("review:", "note:"), encoding="utf-8")
    result = builder.build()  # the same builder: the incremental path must publish it too
    builder.close()
    assert result.articles == 2 and result.held == 0
    assert list(reviewed.public.rglob("doan-kiem-tra-ve-xa"))
    assert "Đoàn kiểm tra về xã" in (reviewed.public / "index.html").read_text(encoding="utf-8")


def test_drafts_preview_shows_held_articles_with_a_badge(reviewed: Project) -> None:
    builder = Builder(reviewed.config(drafts=True))
    result = builder.build()
    builder.close()
    assert result.articles == 2 and result.held == 0
    (page,) = reviewed.public.rglob("doan-kiem-tra-ve-xa/index.html")
    assert 'class="badge badge-draft badge-held">Chờ duyệt<' in page.read_text(encoding="utf-8")


def test_an_error_in_a_held_article_does_not_fail_the_build(project: Project) -> None:
    project.add("imported/hong.md", "---\ntitle: Bài nhập về\ndate: không rõ ngày\nreview: [xem lại ngày]\n---\nx\n")
    builder = Builder(project.config())
    result = builder.build()
    builder.close()
    assert any("in a draft: 'date' is not a date" in w.message for w in result.warnings)


def test_check_warns_and_strict_fails_on_open_notes(reviewed: Project, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    builder = Builder(reviewed.config())
    try:
        lenient, strict = check_site(builder), check_site(builder, strict=True)
    finally:
        builder.close()
    (note,) = [p for p in lenient.problems if "review note" in p.message]
    assert not note.is_error and note.path.name == "cho-duyet.md" and note.line == 4
    assert lenient.errors == 0 and strict.errors == 1
    monkeypatch.chdir(reviewed.root)
    assert main(["check"]) == 0
    assert main(["check", "--strict"]) == 1
    shown = "".join(capsys.readouterr())
    assert "content/imported/cho-duyet.md:4: warning: review note: tỉnh được suy ra" in shown  # check
    assert "content/imported/cho-duyet.md:4: review note: tỉnh được suy ra" in shown  # check --strict: an error


def test_the_build_says_how_many_are_held(reviewed: Project, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(reviewed.root)
    assert main(["build"]) == 0
    assert "1 article(s) held back from publishing" in capsys.readouterr().out
