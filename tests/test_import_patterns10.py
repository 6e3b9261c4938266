"""`tintuc import` on the tenth round of real-page failure patterns (issue 16), one own-words fixture per pattern.

Each tests/fixtures/import/mau10_*.txt reproduces a page shape the importer got wrong on real agency pages:
clocks of other locales (en-US month-first, Vietnamese 'CH'), a stamp typed with spaces, a signature glued to
the weekday, a bracketed stamp glued to the headline, a visit counter with its numbers on separate lines, a
half-translated 'today' header, a document's grounds closed by semicolons, a document number with a spaced code,
an event over days named one by one, and a line that opens in lower case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, imported_patterns
from tintuc.importer.captions import is_caption
from tintuc.importer.clean import clean, split_glued
from tintuc.importer.extract import propose_title
from tintuc.importer.furniture import drop_stat_block, is_navigation
from tintuc.importer.published import find_stamp, first_story_date

PATTERNS: Path = FIXTURES / "import"


@pytest.fixture(scope="module")
def articles10(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, str]]:
    return imported_patterns(tmp_path_factory.mktemp("patterns10"), "mau10_")


def test_an_en_us_clock_that_cannot_be_day_first_is_read_month_first(articles10: dict[str, tuple[dict, str]]) -> None:
    front, body = articles10["dong_ho_my"]
    assert front["title"] == "Nông dân xã Tân Phước chuyển đổi sang trồng bưởi da xanh theo hướng hữu cơ"
    assert str(front["date"]) == "2022-09-23 15:05"
    assert "PM" not in body
    # A day-first reading that is a real date stays for month_first to decide; 13/5 is day-first only.
    assert find_stamp("13/5/2019 9:00:00 AM").value() == "2019-05-13 09:00"  # type: ignore[union-attr]


def test_a_vietnamese_locale_clock_with_ch_is_afternoon(articles10: dict[str, tuple[dict, str]]) -> None:
    front, body = articles10["gio_chieu"]
    assert front["title"].startswith("Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội quý I")
    assert str(front["date"]) == "2019-05-14 16:20"
    assert "4:20:31" not in body
    assert "author" not in front  # 'Yên Minh, ngày …': the document's place and date, not a signature
    assert find_stamp("14/05/2019 8:05:00 SA").value() == "2019-05-14 08:05"  # type: ignore[union-attr]


def test_a_date_typed_with_spaces_alone_on_a_line_is_the_stamp(articles10: dict[str, tuple[dict, str]]) -> None:
    front, body = articles10["ngay_cach"]
    assert str(front["date"]) == "2018-03-15"
    assert "15 - 03-2018" not in body
    assert any("headline" in note for note in front["review"])  # no headline on the page: a proposed title
    assert first_story_date("Doanh thu từ tháng 10 - 12/2016 tăng mạnh") is None  # a span of months, not a date


def test_a_signature_glued_to_the_weekday_of_its_stamp(articles10: dict[str, tuple[dict, str]]) -> None:
    front, body = articles10["ten_dinh_thu"]
    assert front["author"] == "Lê Hạnh"
    assert str(front["date"]) == "2022-11-08 09:15"
    assert "Mời quý độc giả" not in body
    stamp = find_stamp("Bắc Sơn, ngày 3 tháng 4 năm 2018")  # a document's place and date: no signature
    assert stamp is None or stamp.by is None


def test_a_bracketed_stamp_glued_to_the_headline_and_a_recent_posts_list(
        articles10: dict[str, tuple[dict, str]]) -> None:
    front, body = articles10["gio_ngoac_dinh"]
    assert front["title"] == "Thị trấn Phú Minh ra quân dọn dẹp kênh mương trước mùa mưa lũ"
    assert str(front["date"]) == "2021-04-21 07:30"
    assert front["author"] == "Minh Tâm"
    for furniture in ("Các bài mới đăng", "hội nghị tiếp xúc cử tri", "Họ tên", "Số điện thoại", "Nội dung:"):
        assert furniture not in body
    # A bracket of dates without a time is the headline's own words.
    line = "Kỷ niệm 134 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2024)"
    assert split_glued(line) == [line]


def test_a_visit_counter_with_its_numbers_on_their_own_lines(articles10: dict[str, tuple[dict, str]]) -> None:
    front, body = articles10["bo_dem_hai_dong"]
    assert front["title"] == "Ý nghĩa của Ngày Gia đình Việt Nam 28/6"
    assert str(front["date"]) == "2024-06-12"  # '00:00:00': a site that stores days only, not a time
    for furniture in ("Hôm nay", "51204", "thăm dò", "Truy cập"):
        assert furniture not in body
    # Figures of the story between its paragraphs stay.
    lines = ["Một đoạn văn dài của bài viết " * 4, "Số hộ nghèo:", "120", "Số hộ cận nghèo:", "85",
             "Số hộ thoát nghèo:", "40", "Một đoạn văn dài khác của bài viết " * 4]
    assert drop_stat_block(list(lines), []) == lines


def test_a_half_translated_today_header_is_not_the_date_nor_the_headline(
        articles10: dict[str, tuple[dict, str]]) -> None:
    front, body = articles10["mau_ngay_tieng_anh"]
    assert str(front["date"]) == "2025-10-01"
    assert "Day 06" not in front["title"] and "Day 06" not in body
    assert any("headline" in note for note in front["review"])


def test_a_documents_grounds_closed_by_a_semicolon_run_on_into_the_lead(
        articles10: dict[str, tuple[dict, str]]) -> None:
    front, body = articles10["can_cu_cham_phay"]
    assert front["title"] == "HỘI THI VIẾT CHỮ ĐẸP CẤP TRƯỜNG NĂM HỌC 2023 - 2024"
    assert str(front["date"]) == "2024-03-12"
    assert not any("headline" in note for note in front["review"])
    assert propose_title("Hội thi năm học 2023 - 2024 của trường diễn ra sôi nổi") == (
        "Hội thi năm học 2023 - 2024 của trường diễn ra sôi nổi")


def test_a_document_number_with_a_spaced_code_dates_the_document(articles10: dict[str, tuple[dict, str]]) -> None:
    front, _ = articles10["so_van_ban_cach"]
    assert str(front["date"]) == "2020-02-14"


def test_an_event_over_days_named_one_by_one_is_dated_by_its_first_day(
        articles10: dict[str, tuple[dict, str]]) -> None:
    front, _ = articles10["nhieu_ngay"]
    assert front["title"] == "Tập huấn kỹ thuật nuôi ong lấy mật cho hội viên xã Tân Hòa"
    assert str(front["date"]) == "2015-11-09"
    told = first_story_date("Ngày 5, 6 tháng 3 năm 2021, đoàn công tác làm việc tại xã")
    assert told is not None and (told.day, told.month, told.year) == (5, 3, 2021)


def test_a_line_opening_in_lower_case_and_widget_furniture(articles10: dict[str, tuple[dict, str]]) -> None:
    front, body = articles10["dong_chu_thuong"]
    assert "và trao 6 giải khuyến khích cho các cá nhân." in body
    assert front["review"] == [] or not any("caption" in note for note in front["review"])
    assert not is_caption("và trao 6 giải khuyến khích cho các cá nhân.")
    for furniture in ("Hoa-sen12", "đánh giá", "Xem thêm", "Tin cũ hơn"):
        assert furniture not in body
    for line in ("Hoa-sen12", "4/5 - (3 đánh giá)", "Họ tên:(*)"):
        assert is_navigation(line), line
    for line in ("Covid-19", "COVID-19", "Hà-Nội"):  # a word with a dash, not an image's slug
        assert not is_navigation(line), line
    assert "Xem thêm >>" in clean("Một câu dài của bài viết.\nXem thêm >>\nTin khác").removed


def test_a_sites_clock_and_a_desk_signature_are_neither_headline_nor_writer(
        articles10: dict[str, tuple[dict, str]]) -> None:
    front, body = articles10["dong_ho_trang"]
    assert front["title"] == "Mùa hạ trên cánh đồng"
    assert str(front["date"]) == "unknown"  # '12-6-25': a two-digit year on the site's clock, not the story's day
    assert "author" not in front
    assert "More" not in body and "08:15:40" not in body


def test_an_agency_code_alone_on_its_line_is_not_the_headline(articles10: dict[str, tuple[dict, str]]) -> None:
    front, body = articles10["ma_rieng_dong"]
    assert "(TNO) -" not in front["title"]
    assert str(front["date"]) == "2016-04-05"
    assert any("headline" in note for note in front["review"])
    assert "(TNO) -\n" not in body
