"""The importer's review notes and report in the site's language (issue 16).

The readers of `review:` notes are the communications staff of Vietnamese agencies: a site with
`language: vi` (the default) gets them in Vietnamese, `language: en` in English, and `tintuc list review`
and `tintuc check` show them as they were written. Every text here is written for these tests.
"""

from __future__ import annotations

import string
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, Project
from tintuc.cli import main
from tintuc.importer import convert, import_paths
from tintuc.importer.address import alias_for, old_site
from tintuc.importer.decode import decode_bytes
from tintuc.importer.notes import MESSAGES, Notes
from tintuc.importer.tagging import why_no_province

REPO = Path(__file__).resolve().parent.parent
PATTERNS = FIXTURES / "import"

# A story with no stamp, no byline and only a district (the province is inferred): three notes.
STORY = ("Huyện Mường La mở lớp dạy bơi miễn phí cho học sinh\n\n"
         "Trung tâm Văn hóa huyện Mường La vừa mở lớp dạy bơi miễn phí cho hơn sáu mươi em học sinh tiểu học "
         "ở các bản ven suối. Mỗi em được học mười buổi, có huấn luyện viên kèm riêng và được phát áo phao.\n\n"
         "Phụ huynh nhiều bản đưa con tới lớp từ sớm. Nhiều người ở lại xem các em tập thở dưới nước.\n")
NOTES_VI = [
    "Không tìm thấy ngày đăng trong bài: đã ghi 'date: unknown'; điền ngày đăng nếu biết.",
    "Không tìm thấy tác giả trong bài: điền 'author' nếu biết.",
    "Tỉnh Sơn La được suy ra từ Mường La; bài không nêu tên tỉnh: kiểm tra lại.",
]
NOTES_EN = [
    "no date found in the text: 'date: unknown'; set the publication date if it is known",
    "no byline found: set 'author' if known",
    "province Sơn La inferred from Mường La; the text does not name it: check",
]


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for key, (english, vietnamese) in MESSAGES.items():
        assert english.strip() and vietnamese.strip(), key
        assert placeholders(english) == placeholders(vietnamese), key
        assert all(name.isidentifier() for name in placeholders(english)), key  # named, never positional
        assert unicodedata.is_normalized("NFC", vietnamese), key
        words = english.replace("{", " ").replace("}", " ").split()
        assert english == vietnamese or vietnamese.split() != words, key  # translated, not copied


def test_every_message_is_used_by_the_importer() -> None:
    """The table is the importer's messages, no more: each key is named where a note or a line is made."""
    sources = [*(REPO / "generator" / "importer").glob("*.py"), REPO / "generator" / "import_cli.py"]
    code = "".join(p.read_text(encoding="utf-8") for p in sources if p.name != "notes.py")
    assert [key for key in MESSAGES if f'"{key}"' not in code] == []


def test_an_unknown_language_falls_back_to_english() -> None:
    assert Notes("fr").language == "en" and Notes("fr").say("no_date") == Notes("en").say("no_date")
    assert Notes("vi").say("no_date") == NOTES_VI[0]
    converted = convert(decode_bytes(STORY.encode("utf-8")), language="fr")
    assert list(converted.front.review) == NOTES_EN


def import_into(project: Project, language: str | None, monkeypatch: pytest.MonkeyPatch,
                capsys: pytest.CaptureFixture[str]) -> tuple[dict, str]:
    """Run `tintuc import` in a site with that language (None: the key left out), and return the
    written article's front matter and the printed report."""
    config = "title: Thử nghiệm\nbase_url: https://example.gov.vn/\n"
    project.write_config(config + (f"language: {language}\n" if language else ""))
    inbox = project.root / "raw"
    inbox.mkdir()
    (inbox / "boi.txt").write_text(STORY, encoding="utf-8")
    monkeypatch.chdir(project.root)
    assert main(["import", "raw", "--out", "content/imported"]) == 0
    printed = capsys.readouterr().out
    written = list((project.root / "content" / "imported").glob("*.md"))
    assert len(written) == 1
    _, front, _ = written[0].read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), printed


@pytest.mark.parametrize(("language", "notes"), [("vi", NOTES_VI), (None, NOTES_VI), ("en", NOTES_EN)])
def test_notes_and_report_follow_the_site_language(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str], language: str | None,
                                                   notes: list[str]) -> None:
    front, printed = import_into(project, language, monkeypatch, capsys)
    assert front["review"] == notes
    review = "    cần xem lại: " if notes is NOTES_VI else "    review: "
    for note in notes:
        assert review + note + "\n" in printed
    if notes is NOTES_VI:
        assert "    tìm thấy: tỉnh Sơn La suy từ Mường La (khả năng cao) → provinces\n" in printed
        assert "\n1 tệp: đã ghi 1, giữ nguyên 0 bài đã có, bỏ qua 0 bài trùng, 0 tệp không đọc được; " in printed
        assert "1 bài cần biên tập viên xem lại" in printed
    else:
        assert "    found: province Sơn La from Mường La (likely) → provinces\n" in printed
        assert "1 file(s): wrote 1, kept 0 existing, skipped 0 duplicate(s)" in printed


@pytest.mark.parametrize(("language", "notes"), [("vi", NOTES_VI), ("en", NOTES_EN)])
def test_list_review_and_check_show_the_notes_as_written(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str], language: str,
                                                         notes: list[str]) -> None:
    import_into(project, language, monkeypatch, capsys)
    assert main(["list", "review"]) == 0
    listed = capsys.readouterr().out
    assert [line.removeprefix("    - ") for line in listed.splitlines() if line.startswith("    - ")] == notes
    assert main(["check"]) == 0
    shown = capsys.readouterr()
    warnings = [line.split("warning: review note: ", 1)[1] for line in (shown.out + shown.err).splitlines()
                if "warning: review note: " in line]
    assert sorted(warnings) == sorted(notes)  # check sorts its problems


def test_a_national_story_says_why_no_province_in_vietnamese(tmp_path: Path) -> None:
    report = import_paths([PATTERNS / "mau_toan_quoc.txt"], tmp_path / "out")
    assert report.files[0].output is not None
    _, front, _ = report.files[0].output.read_text(encoding="utf-8").split("---\n", 2)
    assert ("Chưa gắn tỉnh nào: tin toàn quốc (63 tỉnh, thành), chỉ nhắc qua một tỉnh; thêm tỉnh vào "
            "'provinces:' nếu đây là tin địa phương.") in yaml.safe_load(front)["review"]


def test_a_list_of_provinces_says_why_and_a_story_naming_none_says_so() -> None:
    listed = ("Ba bệnh viện được khen thưởng\n\nBộ Y tế khen thưởng Bệnh viện Đa khoa tỉnh Hòa Bình, Bệnh viện "
              "Nhi tỉnh Phú Yên và Bệnh viện Sản Nhi tỉnh Bạc Liêu vì làm tốt việc giảm thời gian chờ khám.\n")
    vi = convert(decode_bytes(listed.encode("utf-8"))).front.review
    assert ("Chưa gắn tỉnh nào: bài nêu nhiều tỉnh, mỗi tỉnh một lần, không tỉnh nào nổi hơn; thêm tỉnh vào "
            "'provinces:' nếu đây là tin địa phương.") in vi
    assert why_no_province(listed, notes=Notes("vi")) == "bài nêu nhiều tỉnh, mỗi tỉnh một lần, không tỉnh nào nổi hơn"
    nowhere = "Lớp học bơi mùa hè\n\nCác em học bơi mười buổi, có huấn luyện viên kèm riêng và được phát áo phao.\n"
    assert "Không tìm thấy tỉnh, huyện nào trong bài: thêm tỉnh vào 'provinces:'." in convert(
        decode_bytes(nowhere.encode("utf-8"))).front.review
    assert "no province or district found: add the province to 'provinces:'" in convert(
        decode_bytes(nowhere.encode("utf-8")), language="en").front.review


@pytest.mark.parametrize(("language", "line"), [
    ("vi", "tác giả MINH KHOA (tên ký trên dòng ngày đăng)"),
    ("en", "author MINH KHOA (signature on the stamp line)"),
])
def test_an_author_from_the_stamp_line_is_reported_as_such(language: str, line: str) -> None:
    raw = (PATTERNS / "mau_ten_tren_dong_ngay.txt").read_bytes()
    converted = convert(decode_bytes(raw), language=language)
    assert converted.front.author == "MINH KHOA" and line in converted.found
    signed = convert(decode_bytes(STORY.replace("dưới nước.", "dưới nước.\n\nLò Thị Hiền").encode("utf-8")),
                     language=language)
    assert signed.front.author == "Lò Thị Hiền"
    bare = "tên ký cuối bài" if language == "vi" else "bare name at the end"
    assert any(bare in found for found in signed.found)


def test_an_alias_refused_by_the_path_rules_is_said_in_vietnamese() -> None:
    site = old_site("https://soyte.example.gov.vn/cong/", "--old-site")
    _, trouble = alias_for("https://soyte.example.gov.vn/cong/a/../b.html", site, Notes("vi"))
    assert trouble == "không phải đường dẫn gồm tên thư mục và tên tệp"  # said, not frontmatter's English
    _, trouble = alias_for("https://soyte.example.gov.vn/khac/5.html", site, Notes("vi"))
    assert trouble == "nằm ngoài thư mục gốc /cong/ của trang cũ nên trang này không trả lời được ở đó"
