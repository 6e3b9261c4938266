"""`tintuc import` on the failure patterns of the thirteenth set of real pages (issue 16), in own-words fixtures.

Each tests/fixtures/import/mau13_*.txt reproduces a page shape: a headline glued to its lead with no space
under a row of reading tools ('In', 'Gửi email', 'Xem cỡ chữ'); a bullet before the headline; a site's
'today' header with an English weekday; a hotline bar above the headline and a comment box's labels under the
story. The rules read shapes (a capital glued to a lower-case letter, a weekday of any language, a label and a
phone number), never one site's words.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, imported_patterns, no_headline_note
from tintuc.importer.glued import split_headline_lead

PATTERNS: Path = FIXTURES / "import"


@pytest.fixture(scope="module")
def articles13(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, str]]:
    return imported_patterns(tmp_path_factory.mktemp("patterns13"), "mau13_")


def test_a_headline_glued_to_its_lead_under_a_row_of_reading_tools(articles13: dict[str, tuple[dict, str]]) -> None:
    front, body = articles13["tieu_de_dinh_sapo"]
    assert front["title"] == "Huyện Tân Phước tập huấn kỹ năng sơ cứu cho giáo viên mầm non"
    assert not no_headline_note(front)
    assert str(front["date"]) == "2024-03-12"
    assert body.lstrip().startswith("Trước yêu cầu bảo đảm an toàn")
    for label in ("Xem cỡ chữ", "Đọc bài viết", "Gửi email", "\nIn\n"):
        assert label not in body


def test_a_brand_written_with_an_inner_capital_is_not_a_glued_headline() -> None:
    line = ("Người dân dùng ví điện tử MoMo và ứng dụng TikTok để tìm hiểu chính sách bảo hiểm y tế, theo khảo "
            "sát của Trung tâm Y tế huyện năm nay.")
    assert split_headline_lead([line]) == [line]
    place = ("Thời gian qua, việc tổ chức phiên tòa rút kinh nghiệm tại hai cấp tỉnh ĐắkLắk được lãnh đạo quan tâm "
             "chỉ đạo kịp thời, mỗi kiểm sát viên đăng ký ít nhất một phiên.")
    assert split_headline_lead([place]) == [place]  # a place's name written as one word
    # Only the story's first long line is looked at: further down a glued word is left to the other rules.
    first = "Sáng ngày 5/6, Hội Phụ nữ xã tổ chức tọa đàm về phòng chống bạo lực gia đình với 60 hội viên tham dự."
    glued = ("Hội nghị tổng kết công tác phụ nữ năm 2023 của xãTrong năm qua, các chi hội đã tổ chức nhiều hoạt "
             "động ý nghĩa.")
    assert split_headline_lead([first, glued]) == [first, glued]


def test_a_bullet_before_the_headline_is_not_its_first_word(articles13: dict[str, tuple[dict, str]]) -> None:
    front, _ = articles13["gach_dau_dong"]
    assert front["title"] == "Ra quân làm sạch kênh mương mùa khô năm 2023"
    assert str(front["date"]) == "2023-02-04"


def test_a_today_header_with_an_english_weekday_is_neither_title_nor_date(
        articles13: dict[str, tuple[dict, str]]) -> None:
    front, body = articles13["thu_tieng_anh"]
    assert front["title"] == "Thông báo lịch tiếp công dân định kỳ của Chủ tịch UBND huyện Đông Giang năm 2023"
    assert not no_headline_note(front)
    assert str(front["date"]) == "2023-04-26"  # 'Ngày đăng', not the header's day
    assert "Friday" not in body and "Xem với cỡ chữ" not in body and "Lượt xem" not in body
    assert body.lstrip().startswith("Chủ tịch UBND huyện Đông Giang thông báo")


def test_a_hotline_bar_a_headline_printed_three_times_and_a_comment_boxs_labels(
        articles13: dict[str, tuple[dict, str]]) -> None:
    front, body = articles13["duong_day_nong"]
    # The headline stands three times together (breadcrumb, title, heading): kept once, as the headline.
    assert front["title"] == "Phường 7 bầu trưởng khu phố cho nhiệm kỳ mới 2024 – 2026"
    assert not no_headline_note(front)
    assert str(front["date"]) == "2024-01-14"  # the lead's day, with a note: not the 2015 rules'
    assert any("14/01/2024" in note for note in front["review"])
    for label in ("Đường dây nóng", "38 123 456", "Viết bình luận mới", "Trở về trang trước", "Liên kết website",
                  "nhiệm kỳ mới 2024 – 2026"):
        assert label not in body
    assert body.rstrip().endswith("từ 78% trở lên.")


def test_a_slogan_printed_three_times_across_the_page_still_goes_every_time() -> None:
    from tintuc.importer.clean import clean

    slogan = "Vì nhân dân phục vụ, vì sức khỏe cộng đồng"
    story = ["Trang chủ", slogan, "Tiêm vắc xin sởi cho trẻ dưới 5 tuổi",
             *[f"Đoạn {n} của bài viết kể lại buổi tiêm chủng tại trạm y tế xã với nhiều chi tiết." for n in range(12)],
             slogan, "Liên hệ", slogan]
    assert slogan not in clean("\n".join(story)).lines
