"""`tintuc import` on the page shapes of the fifteenth set of real pages (issue 16), in own-words fixtures.

Each tests/fixtures/import/mau14_*.txt reproduces a shape: a section's name before a weekday stamp and a
'NAMES // DESK' byline under the headline; a date printed at the end of the headline under a site's 'today'
header; a breadcrumb between the headline and its copy; furniture inside and after the story (a CMS block's
label, an SMS ad by a photo, alt text typed without marks, a back link, a rating prompt, widget headings); a
labelled credit followed by a caption; a sapo printed above the headline and other stories' teasers after the
signature; a national roundup naming many provinces; a commune named like a former district.
"""

from __future__ import annotations

import pytest
from conftest import imported_patterns, no_headline_note
from conftest import review_text as _notes
from tintuc.importer.extract import _title_stamp, propose_title
from tintuc.importer.furniture import is_navigation
from tintuc.importer.headline import top_byline
from tintuc.importer.published import find_stamp
from tintuc.importer.tagging import guess_province


@pytest.fixture(scope="module")
def articles14(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, str]]:
    return imported_patterns(tmp_path_factory.mktemp("round13"), "mau14_")


def test_a_section_name_before_the_weekday_stamp_and_a_desk_after_the_byline(
        articles14: dict[str, tuple[dict, str]]) -> None:
    front, body = articles14["muc_truoc_ngay"]
    assert front["title"] == ("Quận Gò Vấp: Hơn 600 học sinh được khám mắt và tặng kính miễn phí trong tuần lễ học "
                              "đường")
    assert str(front["date"]) == "2025-03-14 09:05"
    assert front["author"] == "THANH TÚ - HOÀNG LAN"
    assert "//" not in body and "Giáo dục" not in body
    assert body.lstrip().startswith("(ĐPT) – Trong tuần lễ học đường")
    assert "no byline" not in _notes(front) and "no date" not in _notes(front)


def test_the_stamp_reader_takes_a_section_name_only_before_a_capitalised_weekday() -> None:
    stamp = find_stamp("Sức khỏe Thứ Tư 01/10/2025, 16:49")
    assert stamp is not None and (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute) == (2025, 10, 1, 16, 49)
    assert find_stamp("Họp dân ngày thứ 5 12/3/2023") is None  # words of a sentence, not a section's name
    assert find_stamp("Hội nghị tổng kết năm học Thứ Tư 01/10/2025") is None  # four words: not a section label


def test_a_byline_with_its_desk_after_two_slashes() -> None:
    assert top_byline("NGỌC AN - MINH HÀ // TRUNG TÂM TIN TỨC") == "NGỌC AN - MINH HÀ"
    assert top_byline("Xem thêm // các tin khác") is None  # the desk is in capitals, or it is no byline


def test_a_date_at_the_end_of_the_headline_is_the_stamp_not_the_today_header(
        articles14: dict[str, tuple[dict, str]]) -> None:
    front, body = articles14["ngay_cuoi_tieu_de"]
    assert front["title"] == "Hướng dẫn của Sở Y tế về phòng chống bệnh tay chân miệng trong trường mầm non"
    assert str(front["date"]) == "2021-09-03"
    assert "2024" not in body and "RSS" not in body


def test_a_date_that_belongs_to_the_headline_stays_in_it() -> None:
    assert _title_stamp("Kế hoạch tiêm chủng mở rộng cho trẻ em trong tỉnh đến ngày 15/07/2016") is None
    assert _title_stamp("Thông báo số 12 15/07/2016") is None  # too short without the date to be a headline
    taken = _title_stamp("Công văn của Sở Y tế về phòng chống sốt xuất huyết 15/07/2016")
    assert taken is not None and taken[0] == "Công văn của Sở Y tế về phòng chống sốt xuất huyết"
    assert (taken[1].year, taken[1].month, taken[1].day) == (2016, 7, 15)


def test_a_breadcrumb_between_the_headline_and_its_copy(articles14: dict[str, tuple[dict, str]]) -> None:
    front, body = articles14["dong_giua_hai_tieu_de"]
    assert front["title"] == "Tăng cường kiểm tra an toàn thực phẩm dịp Tết Trung thu trên địa bàn thành phố Tam Kỳ"
    assert "Văn bản chỉ đạo" not in body and "Văn bản chỉ đạo" not in front["summary"]
    assert front["summary"].startswith("Nhằm bảo đảm an toàn thực phẩm")
    assert str(front["date"]) == "2022-09-02"  # read from the lead once the breadcrumb is gone


def test_furniture_inside_the_story_goes_and_the_captions_stay(articles14: dict[str, tuple[dict, str]]) -> None:
    front, body = articles14["rac_giua_bai"]
    for label in ("Block_TinBai", "Soạn:", "gửi đến 997", "Trang trai gia dinh", "[Trở về]"):
        assert label not in body
    assert "Trang trại gia đình ở xã Lương Điền" in body  # the caption under the alt text stays
    assert "*Cán bộ thú y phun thuốc khử trùng tại một trang trại*" in body  # the caption under the SMS ad
    assert body.rstrip().endswith("chủ động ngăn dịch lây lan.")


def test_a_rating_prompt_and_widget_headings_after_the_story_are_no_byline(
        articles14: dict[str, tuple[dict, str]]) -> None:
    front, body = articles14["o_cuoi_trang"]
    assert "author" not in front  # 'Video' is a media tab, not a writer
    for label in ("Bài viết hay", "TÂM ĐIỂM", "CÁC DỰ ÁN", "Video"):
        assert label not in body
    assert body.rstrip().endswith("cho công an phường.")


def test_sentences_that_mention_rating_or_a_list_are_kept() -> None:
    assert not is_navigation("Hội đồng đánh giá bài viết dự thi của 30 tác giả trong tỉnh")
    assert not is_navigation("Các đề án được duyệt")  # not in capitals: not a widget's heading
    assert not is_navigation("Soạn thảo văn bản gửi đến các xã trước ngày 15")


def test_a_caption_after_a_labelled_credit(articles14: dict[str, tuple[dict, str]]) -> None:
    front, body = articles14["tac_gia_roi_chu_thich"]
    assert front["author"] == "Minh Khoa"
    assert "no byline" not in _notes(front)
    assert "Tác giả" not in body
    assert body.rstrip().endswith("Quang cảnh hội nghị sơ kết Hội Nông dân xã")  # the caption stays in the story


def test_a_sapo_above_the_headline_and_teasers_after_the_signature(articles14: dict[str, tuple[dict, str]]) -> None:
    front, body = articles14["sapo_tren_tieu_de"]
    assert front["title"] == "Tay chân miệng gia tăng ở trẻ nhỏ"
    assert not no_headline_note(front)
    assert front["author"] == "Thu Trang"
    assert body.lstrip().startswith("Theo thống kê của Trung tâm Y tế huyện Kiến Xương")
    for teaser in ("khai mạc kỳ họp", "giải ngân vốn", "đại hội chi bộ", "phòng chống lụt bão"):
        assert teaser not in body


def test_a_national_roundup_naming_many_provinces_gets_none(articles14: dict[str, tuple[dict, str]]) -> None:
    front, _ = articles14["tong_hop_toan_quoc"]
    assert front["provinces"] == []
    assert "national roundup" in _notes(front)


def test_a_commune_named_like_a_former_district_is_said_not_tagged(articles14: dict[str, tuple[dict, str]]) -> None:
    front, _ = articles14["xa_trung_ten_huyen"]
    assert front["provinces"] == []  # a commune of that name may be in any province
    assert "xã Nhơn Trạch (Đồng Nai)" in _notes(front)
    assert "no province or district found" not in _notes(front)


def test_a_documents_heading_is_not_the_summary_and_a_box_label_glued_to_the_source_goes(
        articles14: dict[str, tuple[dict, str]]) -> None:
    front, body = articles14["tieu_de_van_ban"]
    assert front["summary"].startswith("Điều 1: Công bố hết dịch sởi")  # not 'QUYẾT ĐỊNH:'
    assert "Ý kiến bạn đọc" not in body and "vnÝ" not in body and "vnÝ" not in str(front.get("source_unit"))


def test_a_desks_code_in_capitals_is_not_the_first_words_of_a_proposed_title() -> None:
    lead = "CTTĐT - Với sự vào cuộc của các ngành, mạng lưới y tế cơ sở của tỉnh ngày càng được củng cố."
    assert propose_title(lead).startswith("Với sự vào cuộc của các ngành")
    assert propose_title("Hà Nội - Sáng nay, thành phố tổ chức lễ mít tinh.").startswith("Hà Nội")  # not capitals


def test_a_provinces_own_story_that_lists_the_country_keeps_its_province() -> None:
    text = ("Tại Lạng Sơn, dịch lở mồm long móng đã xuất hiện ở 11 xã. Tỉnh Lạng Sơn lập chốt kiểm dịch ở Cao Lộc "
            "và Văn Lãng; Lạng Sơn đề nghị hỗ trợ vắc xin. Lạng Sơn cũng tiêm phòng cho trâu bò ở các xã giáp ranh. "
            "Toàn quốc có 9 tỉnh có dịch là Lạng Sơn, Bắc Kạn, Cao Bằng, Hà Giang, Tuyên Quang, Thái Nguyên, Lào Cai, "
            "Yên Bái và Sơn La.")
    guess = guess_province(text)
    assert guess is not None and guess.province == "Lạng Sơn"  # most mentions are its own: not a roundup
