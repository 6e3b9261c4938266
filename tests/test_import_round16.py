"""`tintuc import` on the page shapes of the eighteenth set of real pages (issue 16), in own-words fixtures.

Each tests/fixtures/import/mau18_*.txt reproduces a shape: links to other stories (a dash and another place under
the stamp, long headlines between the lead and a caption, lines opening with the page's own address slug); the
CMS's keyword, category and empty author rows; a portal's footer badges glued together; an audio player's counters;
HTML tags left in the text; signatures with two names between the sapo and the stamp, in brackets, in capitals that
fold like 'Báo', with a given name typed in lower case; a short headline said again only in a subheading; a
headline in lower case over its photo's caption in its own words; a photo story's headline labelled 'Ảnh:'; a page
opening with a document's grounds and no headline; a list after a colon; a closing sentence after captions placed
by their photos' file names; a plan's number and date before the day of the event.
"""

from __future__ import annotations

import pytest
from conftest import body_paragraphs as _paragraphs
from conftest import caption_lines as _captions
from conftest import imported_patterns, no_headline_note
from conftest import review_text as _notes
from tintuc.importer.byline import is_unit, split_byline
from tintuc.importer.clean import clean
from tintuc.importer.extract import extract
from tintuc.importer.glued import strip_html_tags
from tintuc.importer.published import first_story_date

LEAD = ("Sáng 12/5, Ủy ban nhân dân huyện tổ chức hội nghị tổng kết công tác phòng chống thiên tai năm 2023 và triển "
        "khai nhiệm vụ năm 2024 với sự tham dự của đại diện các xã, thị trấn trong huyện.")
LAST = "Hội nghị đã thống nhất các giải pháp trọng tâm cho mùa mưa bão năm nay."


@pytest.fixture(scope="module")
def articles18(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, str]]:
    return imported_patterns(tmp_path_factory.mktemp("round16"), "mau18_")


# -- 1. furniture

def test_links_to_stories_from_other_places_under_the_stamp_go(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["lien_quan_tinh"]
    assert "Sơn La" not in body and "Cao Bằng" not in body
    assert front["provinces"] == ["Trà Vinh"]
    assert _paragraphs(body)[0].startswith("Để thu hút hội viên trẻ")
    assert str(front["date"]) == "2024-03-05"


def test_a_list_item_under_the_lead_is_no_link() -> None:
    page = (f"Hội nghị tổng kết công tác phòng chống thiên tai\n{LEAD}\n- Thời gian: cả ngày 12/5 tại hội trường "
            f"huyện\n{LAST}")
    story = extract(clean(page).lines)
    assert any(block.text.startswith("- Thời gian") for block in story.blocks)


def test_long_headlines_of_other_stories_between_the_lead_and_a_caption_go(
        articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["tin_khac_sau_sapo"]
    for teaser in ("Ủy ban MTTQ tỉnh Bình Định", "Hướng tới Đại hội", "Thành phố Hải Phòng"):
        assert teaser not in body, teaser
    assert front["provinces"] == ["Đồng Tháp"] and front["author"] == "Ngọc Hân"
    assert _captions(body) == ["Chủ tịch Ủy ban MTTQ huyện Tháp Mười Lê Hoàng Nam trao chìa khóa nhà mới cho vợ chồng "
                               "ông Lộc."]


def test_lines_opening_with_the_pages_own_slug_go(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["duong_dan_lien_quan"]
    assert "huyen tan lac" not in body
    assert "bóng chuyền hơi" not in body and "đọc sách" not in body  # the linked headlines after the slug
    assert front["provinces"] == ["Hòa Bình"]
    assert body.rstrip().endswith("của đồng bào Mường, Dao, Thái.")


def test_the_slug_alone_over_a_short_line_marks_it_a_caption() -> None:
    title = "Huyện Tân Lạc: Hơn 2.000 người dự lễ hội văn hóa các dân tộc lần thứ V"
    slug = "huyen tan lac hon 2000 nguoi du le hoi van hoa cac dan toc lan thu v"
    story = extract(clean(f"{title}\n{LEAD}\n{slug}\nCác đội văn nghệ diễu hành tại lễ khai mạc.\n{LAST}").lines)
    assert story.captions == ("Các đội văn nghệ diễu hành tại lễ khai mạc.",)
    assert slug not in [block.text for block in story.blocks]


def test_keyword_category_and_empty_author_rows_go(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["nhan_cuoi_trang"]
    for furniture in ("Từ khóa", "Thể loại", "Tác giả"):
        assert furniture not in body, furniture
    assert front["source_unit"] == "Đài Phát thanh tỉnh"
    assert body.rstrip().endswith("trong những ngày diễn ra liên hoan.")


def test_a_footer_of_badges_glued_together_goes(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["tieu_de_chu_thuong_chan_trang"]
    for furniture in ("ipv6", "Tin Nhiem Mang", "truy cập", "Lượt xem", "Đăng nhập"):
        assert furniture not in body and furniture not in front["title"], furniture


def test_an_audio_players_counters_go(articles18: dict[str, tuple[dict, str]]) -> None:
    _, body = articles18["tieu_de_ngan_dem_am_thanh"]
    assert "0:00" not in body


def test_html_tags_left_in_the_text_go_and_the_lead_is_not_doubled(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["the_html_trong_bai"]
    assert "<" not in body and "&lt;" not in body and "font" not in body
    assert front["summary"].startswith("Sáng 4-2, tại đồi thông xã Cam Thành")
    assert body.count("Sáng 4-2, tại đồi thông") == 1
    assert str(front["date"]) == "2014-02-05 14:10"


def test_strip_html_tags_breaks_the_line_at_a_blocks_tag_only() -> None:
    assert strip_html_tags('Mục  <div align="x"><font size="2">Câu một.</font></div>') == "Mục\nCâu một."
    assert strip_html_tags("Điểm thi < 5 và > 3 là đạt") == "Điểm thi < 5 và > 3 là đạt"  # no tag: unchanged


# -- 2. bylines

def test_two_names_between_the_sapo_and_the_stamp_sign_the_story(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["hai_ten_tren_ngay"]
    assert front["author"] == "Thanh Bình - Quốc Huy"
    assert "Thanh Bình" not in body
    assert front["title"] == 'Hội diễn "Sắc màu vùng cao" năm 2026'
    assert str(front["date"]) == "2026-03-12 08:45"
    assert "no author" not in _notes(front)


def test_a_name_in_brackets_on_the_last_line_signs_the_story(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["ten_trong_ngoac"]
    assert front["author"] == "Thu Trang" and "(Thu Trang)" not in body


def test_a_name_in_capitals_folding_like_a_paper_is_the_writer(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["ten_hoa_bao"]
    assert front["author"] == "BẢO TRÂM" and "source_unit" not in front
    assert is_unit("Báo Bình Dương") and not is_unit("BẢO NGỌC") and not is_unit("Bảo Ngọc")


def test_a_given_name_typed_in_lower_case_signs_the_story(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["tieu_de_chu_thuong_chan_trang"]
    assert front["author"] == "Thu hằng" and "Thu hằng" not in body


def test_closing_words_and_captions_of_two_words_are_no_signature() -> None:
    for last in ("Trân trọng", "Toàn cảnh", "Xin cảm ơn", "(TTXVN)", "(Ảnh minh họa)", "(Hà Nội mới)"):
        _, byline = split_byline([LAST, last])
        assert byline.author is None, last


# -- 3. headlines

def test_a_short_headline_said_again_in_a_subheading_stays(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["tieu_de_ngan_dem_am_thanh"]
    assert front["title"] == "Miền duyên hải bình yên"
    assert not no_headline_note(front)
    assert _captions(body) == ["Cán bộ đồn biên phòng kiểm tra giấy tờ tàu cá trước khi xuất bến."]


def test_a_headline_in_lower_case_over_its_photos_caption(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["tieu_de_chu_thuong_chan_trang"]
    assert front["title"] == "xã Nam Cường tổ chức Hội thi văn nghệ quần chúng mừng Đảng, mừng Xuân năm Ất Tỵ 2025"
    assert _captions(body) == ["Hội thi văn nghệ quần chúng Mừng Đảng, Mừng xuân xã Nam Cường năm 2025"]
    assert front["provinces"] == ["Bắc Kạn"]


def test_a_second_headline_in_other_words_is_not_a_caption() -> None:
    page = f"Huyện tổng kết công tác phòng chống thiên tai năm 2023\nNhiều giải pháp ứng phó mùa mưa bão mới\n{LEAD}"
    story = extract(clean(page).lines)
    assert not story.captions and story.blocks[0].text == "Nhiều giải pháp ứng phó mùa mưa bão mới"


def test_a_photo_storys_headline_over_the_outlets_name(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["phong_su_anh"]
    assert front["title"] == ("Người cao tuổi Đà Nẵng được khám sức khỏe miễn phí trong Tháng hành động vì người "
                              "cao tuổi")
    assert str(front["date"]) == "2021-10-09 07:40" and front["provinces"] == ["Đà Nẵng"]
    assert "Tạp Chí" not in body and "banner" not in _notes(front)


def test_a_page_opening_with_a_documents_grounds_has_no_headline(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["can_cu_khong_tieu_de"]
    assert no_headline_note(front)
    paragraphs = _paragraphs(body)
    assert paragraphs[0].startswith("Căn cứ Quy định số 24-QĐ/TW") and paragraphs[1].startswith("Thực hiện Hướng dẫn")
    assert str(front["date"]) == "2022-05-11"  # the day of the meeting, after the grounds
    assert front["summary"].startswith("Ngày 11/5/2022, Ban Tổ chức Huyện ủy")
    assert front["author"] == "Đỗ Minh Tâm"


# -- 4. captions

def test_a_list_after_a_colon_is_not_captions(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["danh_sach_sau_hai_cham"]
    assert _captions(body) == []
    assert "caption" not in _notes(front)


def test_photos_announced_by_a_colon_keep_their_captions() -> None:
    page = (f"Hội nghị tổng kết công tác phòng chống thiên tai\n{LEAD}\nMột số hình ảnh tại hội nghị:\n"
            "Đồng chí Chủ tịch UBND huyện phát biểu tại hội nghị\nCác đại biểu thảo luận tại hội nghị\n"
            f"{LAST}")
    story = extract(clean(page).lines)
    assert len(story.captions) == 2


def test_a_closing_sentence_after_the_last_photo_is_a_paragraph(articles18: dict[str, tuple[dict, str]]) -> None:
    _, body = articles18["ket_sau_chu_thich"]
    assert _captions(body) == ["Các đoàn diễu hành qua lễ đài của Hội thao nông dân",
                               "Lãnh đạo huyện trao cờ lưu niệm cho các đoàn", "Tiết mục múa nón của chi hội phụ nữ"]
    assert any(line.startswith("Thông qua hội thao,") for line in _paragraphs(body))


# -- 5. dates

def test_a_plans_number_and_date_are_not_the_event_day(articles18: dict[str, tuple[dict, str]]) -> None:
    front, _ = articles18["ke_hoach_so_hai_cham"]
    assert str(front["date"]) == "2021-04-09"
    assert "2021-03-22" not in _notes(front)
    found = first_story_date("Thực hiện Công văn số: 12/UBND ngày 02/01/2020 của huyện, ngày 08/01/2020, xã tổ chức")
    assert found is not None and (found.day, found.month) == (8, 1)


def test_captions_closed_by_a_photo_credit_and_a_bar(articles18: dict[str, tuple[dict, str]]) -> None:
    front, body = articles18["chu_thich_tin_anh_gach"]
    assert [caption.removesuffix(" Ảnh: H.N") for caption in _captions(body)] == [
        "Tiểu phẩm “Ngọn lửa bên hiên nhà” của đội thi huyện Đồng Xuân đoạt giải phần thi sân khấu hóa.",
        "Đội thi thị xã Sông Cầu giành giải nhì."]
    assert " |" not in body
    assert front["summary"].startswith("Hội thi tuyên truyền viên phòng cháy, chữa cháy giỏi năm 2025")
