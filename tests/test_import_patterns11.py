"""`tintuc import` on the eleventh round of real-page failure patterns (issue 16), one own-words fixture per pattern.

Each tests/fixtures/import/mau11_*.txt reproduces a page shape the importer got wrong on real agency pages: a
template that glues the headline, a section label, a clock without a year and the lead into one line; an ALL-CAPS
headline glued to a desk's code; a signature and its stamp on one line parted by a bar, under a long headline; a
trending box of other stories' headlines each closed by a dash, over a stamp glued to the headline; a JavaScript
notice, a 'chi tiết tin' label and a download list around the story; a headline over thirty words; a sapo opened by
an unbracketed agency code under a headline in quotes; a blog's comment form and side widgets; a
signature with its unit's bracket glued to the name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, imported_patterns, no_headline_note
from tintuc.importer.clean import split_glued
from tintuc.importer.extract import propose_title
from tintuc.importer.published import first_story_date

PATTERNS: Path = FIXTURES / "import"


@pytest.fixture(scope="module")
def articles11(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, str]]:
    return imported_patterns(tmp_path_factory.mktemp("patterns11"), "mau11_")


def test_a_clock_without_a_year_glued_between_headline_and_lead(articles11: dict[str, tuple[dict, str]]) -> None:
    front, body = articles11["dong_ho_dinh_giua"]
    assert front["title"] == "Quảng Bình: Thêm 9 thôn được công nhận khu dân cư kiểu mẫu"
    assert not no_headline_note(front)
    assert str(front["date"]) == "unknown"  # '14/06 08:15' has no year: no date is made up
    assert "14/06" not in body and "Xây dựng nông thôn" not in body
    assert body.lstrip().startswith("Qua rà soát hồ sơ")
    # A brand's capital inside a word ('iPhone') with no clock glued after it is left alone.
    assert split_glued("Học sinh dùng iPhone để học trực tuyến: 10 mẹo hay") == [
        "Học sinh dùng iPhone để học trực tuyến: 10 mẹo hay"]


def test_a_capitals_headline_glued_to_a_desk_code(articles11: dict[str, tuple[dict, str]]) -> None:
    front, body = articles11["hoa_dinh_ma"]
    assert front["title"] == "HỘI THẢO NÂNG CAO CHẤT LƯỢNG GIỐNG LÚA TẠI HÀ NAM"
    assert not no_headline_note(front)
    assert str(front["date"]) == "2019-08-09"
    assert "HÀ NAMBBT" not in body
    # The last word a whole syllable before the colon: no code glued to it, nothing is cut.
    line = "HỘI NGHỊ TỔNG KẾT NĂM 2023 CỦA HỘI NÔNG DÂN HUYỆN: Các đại biểu đã thảo luận"
    assert split_glued(line) == [line]


def test_a_signature_and_stamp_parted_by_a_bar_under_a_long_headline(
        articles11: dict[str, tuple[dict, str]]) -> None:
    front, body = articles11["ten_gach_ngay"]
    assert front["title"].startswith("Một số vướng mắc khi áp dụng quy định")
    assert front["title"].endswith("tại khu vực biên giới phía Bắc")
    assert not no_headline_note(front)
    assert str(front["date"]) == "2021-03-05 10:20"
    assert front["author"] == "Lê Minh Khang"
    assert "05/03/2021" not in body and "Lê Minh Khang" not in body
    assert split_glued("Ngày đăng 01/08/2021 | 15:44") == ["Ngày đăng 01/08/2021 | 15:44"]  # a label, not a name


def test_a_trending_list_of_dash_closed_headlines_and_a_glued_clock(articles11: dict[str, tuple[dict, str]]) -> None:
    front, body = articles11["danh_sach_noi_bat"]
    assert front["title"] == "Ăn cỗ đám giỗ, 48 người phải cấp cứu nghi ngộ độc"
    assert str(front["date"]) == "2020-08-22 19:40"
    assert front["provinces"] == ["Đắk Nông"]  # not the trending list's Cần Thơ
    for other in ("Cần Thơ", "Bí quyết", "Giá vàng", "22/08/2020"):
        assert other not in body
    assert body.lstrip().startswith("Tối ngày 21-8")


def test_a_javascript_notice_a_detail_label_and_a_download_list(
        articles11: dict[str, tuple[dict, str]]) -> None:
    front, body = articles11["tieu_de_cham"]
    assert front["title"] == "Bàn về kỹ năng ghi biên bản lấy lời khai trong giai đoạn điều tra ban đầu"
    assert not no_headline_note(front)
    for junk in ("JavaScript", "chi tiết tin", "Tài liệu đính kèm", "Tải về"):
        assert junk not in body
    assert body.lstrip().startswith("Biên bản lấy lời khai")


def test_a_headline_over_thirty_words_at_the_top(articles11: dict[str, tuple[dict, str]]) -> None:
    front, body = articles11["tieu_de_dai"]
    assert front["title"].endswith("năm học 2023 – 2024 với nhiều chỉ tiêu thi đua mới")
    assert not no_headline_note(front)
    assert str(front["date"]) == "2023-09-14"  # 'ngày 14/9 và 15/9/2023': the first day, the second's year
    assert not any("without a year" in note for note in front.get("review", []))
    assert "MG 4471" not in body  # a camera's file number left where the photo was
    assert front["author"] == "Phạm Thu"  # 'Phạm Thu( Đài …)': a signature with its unit's bracket glued on
    told = first_story_date("Trong hai ngày 14/9 và 28/9/2023, các trường tổ chức hội nghị")
    assert told is not None and told.year is None  # two weeks apart: not one event's days, no year borrowed


def test_a_sapo_opened_by_an_agency_code_under_a_quoted_headline(articles11: dict[str, tuple[dict, str]]) -> None:
    front, body = articles11["ma_gach_sapo"]
    assert front["title"] == "“Trẻ em: niềm vui và trách nhiệm của mỗi gia đình”"
    assert not no_headline_note(front)
    assert front["author"] == "TRẦN HÀ"
    assert "/documents/" not in body and "%E1" not in body
    assert body.lstrip().startswith("VHTT- Đây là chủ đề")


def test_a_blogs_comment_form_and_side_widgets(articles11: dict[str, tuple[dict, str]]) -> None:
    front, body = articles11["blog_vung"]
    assert front["title"] == "Tổ dân phố 5 ra quân làm sạch hẻm phố"
    assert str(front["date"]) == "2023-09-12"
    for widget in ("Đăng nhận xét", "Bài viết nổi bật", "Ra mắt mô hình", "Bài viết phổ biến", "Hội thi cắm hoa"):
        assert widget not in body


def test_a_proposed_title_keeps_a_place_before_its_colon() -> None:
    # 'Place: what happened' as the lead of a page without a headline: the place alone is no title.
    assert propose_title("Hà Tĩnh: Hơn 200 hộ dân được hỗ trợ xây nhà chống lũ trong năm nay") == (
        "Hà Tĩnh: Hơn 200 hộ dân được hỗ trợ xây nhà chống lũ trong năm nay")
    assert propose_title("Về dự án này, ông Lê Văn An, Giám đốc Sở Xây dựng, cho biết: công trình sẽ xong") == (
        "Về dự án này, ông Lê Văn An, Giám đốc Sở Xây dựng, cho biết")
