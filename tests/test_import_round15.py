"""`tintuc import` on the page shapes of the seventeenth set of real pages (issue 16), in own-words fixtures.

Each tests/fixtures/import/mau17_*.txt reproduces a shape: a navigation label and the site's 'today' header over a
headline that opens with the day it announces, its stamp carrying the font-size buttons; an anniversary banner over
a headline in capitals; a 'follow us on Google News' prompt under the headline; headlines closed by a full stop
(long over a stamp with counters, in capitals, short over a long lead); a regional subheading under the headline;
signatures before trailing furniture ('Đang được quan tâm', 'Các bài mới', 'Ý kiến ()') and above a lead opening
with the paper's code; a directive's grounds with an event's day in brackets; a caption after its photo's file
name, a caption printed twice under the stamp, and a caption closed by a bar under the headline.
"""

from __future__ import annotations

import pytest
from conftest import body_paragraphs as _paragraphs
from conftest import caption_lines as _captions
from conftest import imported_patterns, no_headline_note
from conftest import review_text as _notes
from tintuc.importer.clean import clean, trim_counter
from tintuc.importer.extract import extract
from tintuc.importer.furniture import is_anniversary_banner
from tintuc.importer.published import first_story_date

LEAD = ("Sáng 12/5, Ủy ban nhân dân huyện tổ chức hội nghị tổng kết công tác phòng chống thiên tai năm 2023 và triển "
        "khai nhiệm vụ năm 2024 với sự tham dự của đại diện các xã, thị trấn trong huyện.")


@pytest.fixture(scope="module")
def articles17(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, str]]:
    return imported_patterns(tmp_path_factory.mktemp("round15"), "mau17_")


# -- A. headlines

def test_a_navigation_label_and_the_sites_today_header_are_not_the_headline(
        articles17: dict[str, tuple[dict, str]]) -> None:
    front, body = articles17["chuyen_muc_tren_ngay_hom_nay"]
    # the headline opens with the day it announces, right over its own stamp
    assert front["title"] == "Tối 20/9, khai mạc Hội diễn nghệ thuật quần chúng các câu lạc bộ dân ca trong tỉnh"
    assert not no_headline_note(front)
    for furniture in ("Tất cả chuyên mục", "06:12", "GMT", "A A", "Tối 20/9, khai mạc"):
        assert furniture not in body


def test_a_headline_opening_with_a_day_between_the_sites_header_and_its_stamp() -> None:
    page = ("Thứ Sáu, 01/03/2024 07:30 (GMT +7)\nSáng 2/3, ra quân trồng cây đầu xuân tại các xã vùng cao\n"
            f"Thứ 5, 29/02/2024 | 15:10:05 [GMT +7] A A\n{LEAD}")
    story = extract(clean(page).lines)
    assert story.title == "Sáng 2/3, ra quân trồng cây đầu xuân tại các xã vùng cao"
    assert story.stamp is not None and (story.stamp.day, story.stamp.hour) == (29, 15)


def test_a_line_opening_with_a_day_is_a_headline_only_without_a_sentences_end() -> None:
    story = extract(clean(f"Sáng 5/3, UBND huyện tổ chức hội nghị.\nThứ 2, 18/09/2023 | 16:05\n{LEAD}").lines)
    assert story.title_proposed  # a sentence of the story over the stamp: the page prints no headline


def test_an_anniversary_banner_over_a_headline_in_capitals_goes(articles17: dict[str, tuple[dict, str]]) -> None:
    front, body = articles17["bang_ron_ky_niem"]
    assert front["title"].startswith("ĐOÀN THANH NIÊN XÃ THANH SƠN RA QUÂN")
    assert not no_headline_note(front)
    assert "Chào mừng" not in body and "Ba Chẽ" not in front["summary"]
    # the story names no place; the banner names the site's district, and the note says where it came from
    assert front["provinces"] == ["Quảng Ninh"]
    assert "province Quảng Ninh from Ba Chẽ in the page's banner above the headline" in _notes(front)


def test_an_anniversary_headline_alone_stays_the_headline() -> None:
    title = "Chào mừng kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 - 3/2/2020)"
    assert is_anniversary_banner(title)
    story = extract(clean(f"{title}\n{LEAD}").lines)
    assert story.title == title and not story.title_proposed


def test_a_follow_us_on_google_news_prompt_is_not_the_headline(articles17: dict[str, tuple[dict, str]]) -> None:
    front, body = articles17["theo_doi_google_news"]
    assert front["title"] == "Giữ vững đà tăng trưởng, tạo nền tảng cho giai đoạn mới"
    assert "Google News" not in body and "Google News" not in front["title"]


def test_a_long_headline_closed_by_a_full_stop_over_a_stamp_with_counters(
        articles17: dict[str, tuple[dict, str]]) -> None:
    front, body = articles17["tieu_de_cham_truoc_ngay"]
    assert front["title"].startswith("Công an phường Ninh Hiệp đẩy mạnh tuyên truyền")
    assert front["title"].endswith("cuối năm 2025.")
    assert str(front["date"]) == "2025-12-11 09:47"  # the stamp to the minute, not a day the story reports
    assert "86 0" not in body and "Thứ năm" not in body
    assert not no_headline_note(front) and "not the publication day" not in _notes(front)


def test_a_headline_in_capitals_closed_by_a_full_stop(articles17: dict[str, tuple[dict, str]]) -> None:
    front, body = articles17["tieu_de_in_hoa_cham"]
    assert front["title"] == "HÌNH ẢNH TUẦN LỄ HỌC TẬP."
    assert not no_headline_note(front)
    assert _paragraphs(body)[0].startswith("nhà trường tổ chức")  # the sapo, printed in lower case, stays the lead
    assert "IMG_20191004" not in body and body.rstrip().endswith("các khối lớp.")  # the camera's file name goes


def test_a_short_headline_closed_by_a_full_stop_over_a_long_lead(articles17: dict[str, tuple[dict, str]]) -> None:
    front, body = articles17["tieu_de_ngan_cham"]
    assert front["title"] == "Rộn ràng mùa lúa mới."
    assert not no_headline_note(front)
    assert "Rộn ràng" not in body


def test_a_page_opening_with_a_short_sentence_still_has_no_headline() -> None:
    lead = ("Năm học này toàn huyện có 42 trường mầm non, tiểu học và trung học cơ sở với hơn 18 nghìn học sinh, tỷ lệ "
            "huy động trẻ đến trường ở các cấp học đều đạt và vượt kế hoạch đề ra từ đầu năm.")
    more = ("Các trường đã chuẩn bị chu đáo cơ sở vật chất, sách giáo khoa và đồ dùng dạy học cho năm học mới, nhiều "
            "phòng học được sửa chữa, nâng cấp trong dịp hè vừa qua.")
    for first in ("Hội nghị đã diễn ra thành công, tốt đẹp.", "Sáng nay, trời mưa to.", "Năm học mới đã bắt đầu.",
                  "Toàn cảnh hội nghị.", "Đoàn công tác chụp ảnh lưu niệm."):
        story = extract(clean(f"{first}\n{lead}\n{more}").lines)
        assert story.title_proposed, first  # a sentence (a comma, a time, a tense) or a caption: no headline


def test_a_regional_subheading_does_not_replace_the_headline(articles17: dict[str, tuple[dict, str]]) -> None:
    front, body = articles17["tieu_de_phu_vung"]
    assert front["title"] == "Sắc xuân rộn ràng trên các vùng quê"
    assert _paragraphs(body)[0] == "Người dân miền biển háo hức đón Tết cổ truyền"  # a subheading, not a caption
    (caption,) = _captions(body)  # the long sentence under it is its photo's caption, over the dated lead
    assert caption.startswith("Bà con ngư dân xã Hải Hòa treo cờ")
    assert front["summary"].startswith("Sáng 28 tháng Chạp")


def test_a_sites_name_over_a_caption_shaped_headline_is_still_not_the_headline() -> None:
    caption = ("Bà con ngư dân xã Hải Hòa treo cờ, kết hoa trên các tàu cá neo đậu tại cảng cá trước khi ra khơi "
               "chuyến biển đầu năm, chuẩn bị cho những ngày đầu xuân đầy hứa hẹn.")
    lead = ("Sáng 28 tháng Chạp, tại cảng cá xã Hải Hòa, hàng trăm tàu thuyền đã về neo đậu an toàn, ngư dân tất "
            "bật sơn sửa tàu, treo cờ Tổ quốc và chuẩn bị mâm cỗ cúng tất niên trên tàu.")
    page = f"Cổng thông tin điện tử huyện Hải Hậu tỉnh Nam Định\nNgười dân miền biển háo hức đón Tết\n{caption}\n{lead}"
    assert extract(clean(page).lines).title == "Người dân miền biển háo hức đón Tết"


# -- B. bylines

def test_a_signature_before_comment_furniture(articles17: dict[str, tuple[dict, str]]) -> None:
    front, body = articles17["chuyen_muc_tren_ngay_hom_nay"]
    assert front["author"] == "Lương Minh Hải"
    assert "Liên kết website" not in body and "Ý kiến" not in body and "Lương Minh Hải" not in body
    assert "no byline" not in _notes(front)


def test_a_signature_in_capitals_before_a_popular_stories_box(articles17: dict[str, tuple[dict, str]]) -> None:
    front, body = articles17["ten_in_hoa_roi_quan_tam"]
    assert front["author"] == "MINH ĐỨC"
    assert "Đang được quan tâm" not in body and "bình luận" not in body


def test_initials_without_dots_before_a_new_stories_box(articles17: dict[str, tuple[dict, str]]) -> None:
    front, body = articles17["ten_tat_roi_bai_moi"]
    assert front["author"] == "TL"
    assert "Các bài mới" not in body and "Các bài đã đăng" not in body


def test_a_name_between_the_headline_and_a_lead_opening_with_the_papers_code(
        articles17: dict[str, tuple[dict, str]]) -> None:
    front, body = articles17["ten_tren_ma_bao"]
    assert front["author"] == "Thu Trang"
    assert _paragraphs(body)[0].startswith("NTO - Sáng 9/12")
    lead = ("(QNO) - Sáng 9/12, Đoàn Thanh niên tỉnh trao tặng 300 áo ấm, 200 chăn và nhiều đồ dùng học tập cho học "
            "sinh các điểm trường vùng cao.")
    story = extract(clean(f"Áo ấm cho học sinh vùng cao\nLê Minh Châu\n{lead}").lines)
    assert story.byline.author == "Lê Minh Châu"  # the code in brackets opens the lead as well


def test_a_section_name_over_a_coded_lead_is_no_signature() -> None:
    lead = ("TTXVN - Sáng 5/3, Bộ Y tế tổ chức hội nghị trực tuyến với các tỉnh, thành phố về công tác phòng chống "
            "dịch bệnh mùa đông xuân năm 2024.")
    for label in ("Thời sự", "Xã hội"):
        story = extract(clean(f"Hội nghị phòng chống dịch bệnh mùa đông xuân\n{label}\n{lead}").lines)
        assert story.byline.author is None, label


# -- C. furniture

def test_furniture_glued_to_a_stamp_or_a_sentence_is_trimmed() -> None:
    assert trim_counter("Thứ 4, 03/06/2022 | 09:15:40 [GMT +7] A A") == "Thứ 4, 03/06/2022 | 09:15:40 [GMT +7]"
    assert trim_counter("Thứ ba - 17/08/2025 15:05 87 0") == "Thứ ba - 17/08/2025 15:05"
    assert trim_counter("03/06/2022 09:15 A- A A+") == trim_counter("03/06/2022 09:15 A+ A-") == "03/06/2022 09:15"
    assert trim_counter("… cho các em học sinh.DSC04417") == "… cho các em học sinh."
    assert trim_counter("… cho các em học sinh.img_2041") == "… cho các em học sinh."
    for sentence in ("Ngày 12/3/2020 lúc 10:30 có 200 người", "Gọi 10:30 số 113", "Đường dây nóng 1900 1234"):
        assert trim_counter(sentence) == sentence  # a sentence's numbers are not a stamp's counters


# -- D. dates

def test_the_articles_own_stamp_beats_the_sites_today_header(articles17: dict[str, tuple[dict, str]]) -> None:
    front, _ = articles17["chuyen_muc_tren_ngay_hom_nay"]
    assert str(front["date"]) == "2023-09-18 16:05"
    assert "not the publication day" not in _notes(front)


def test_no_date_from_an_events_day_in_brackets_in_a_directives_grounds(
        articles17: dict[str, tuple[dict, str]]) -> None:
    front, _ = articles17["can_cu_ngay_trong_ngoac"]
    assert str(front["date"]) == "unknown"
    told = first_story_date("Thực hiện Kế hoạch số 12/KH-UBND về Ngày Sách (ngày 21/4/2022); sáng ngày 20/4/2022, "
                            "trường tổ chức ngày hội đọc sách.")
    assert told is not None and (told.day, told.month) == (20, 4)  # the story's own day after the grounds
    told = first_story_date("Sáng nay (ngày 21/4/2022), trường tổ chức ngày hội đọc sách.")
    assert told is not None and told.day == 21  # a bracket outside a document's grounds still dates the story


# -- E. captions

def test_a_caption_after_its_photos_file_name_is_a_caption(articles17: dict[str, tuple[dict, str]]) -> None:
    _, body = articles17["chu_thich_sau_ten_anh"]
    (caption,) = _captions(body)
    assert caption.startswith("Đồng chí Lê Văn Tâm - Giám đốc Sở Y tế trao Bằng khen")
    assert ".jpg" not in body


def test_a_caption_printed_twice_under_the_stamp(articles17: dict[str, tuple[dict, str]]) -> None:
    front, body = articles17["chu_thich_in_hai_lan_duoi_ngay"]
    assert _captions(body) == ["Bí thư Đảng ủy xã Tân Lập dự Lễ khai giảng năm học mới và tặng quà cho học sinh "
                               "nghèo vượt khó."]
    assert front["summary"].startswith("Tháng chín về")  # the summary is the story's lead, not the caption


def test_a_caption_closed_by_a_bar_under_the_headline(articles17: dict[str, tuple[dict, str]]) -> None:
    front, body = articles17["chu_thich_gach_duoi_tieu_de"]
    (caption,) = _captions(body)
    assert caption.startswith("Tòa án nhân dân huyện Đại Từ mở phiên tòa") and "|" not in caption
    assert front["summary"].startswith("Thời gian qua")


# -- F. notes

def test_every_fixture_of_the_round_says_what_it_printed(articles17: dict[str, tuple[dict, str]]) -> None:
    for name, (front, _) in articles17.items():
        assert not no_headline_note(front), name  # every fixture prints its headline
        if front.get("author"):
            assert "no byline" not in _notes(front), name

