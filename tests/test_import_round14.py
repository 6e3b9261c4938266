"""`tintuc import` on the page shapes of the sixteenth set of real pages (issue 16), in own-words fixtures.

Each tests/fixtures/import/mau15_*.txt reproduces a shape: a visiting body's home city (an association 'tại Hà Nội',
a hospital named after its city) against the district it visits; a national roundup naming four provinces; a city
named only in brackets after hospitals; a dateline typed without its space ('TháiBình - TBO -'); a comment widget
after the signature; other stories' headlines right after the lead; alt text without marks above a document's
header; a month written as a word in English order and an alt line repeating the headline with '- Ảnh 1.'; a
'Tin mới' label between the headline and its stamp; a station's code before the headline; a signature with a
middle syllable in lower case; captions printed twice, with a long credit, or inside a wrapped sentence; and
ordinary sentences about gifts received, which are no captions.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import caption_lines as _captions
from conftest import imported_patterns, no_headline_note
from conftest import review_text as _notes
from tintuc.importer import import_paths
from tintuc.importer.captions import is_caption
from tintuc.importer.clean import clean
from tintuc.importer.headline import channel_headline
from tintuc.importer.published import find_stamp
from tintuc.importer.tagging import guess_province, unglue_datelines, why_no_province
from tintuc.importer.widgets import is_unmarked_alt, teasers_after_lead

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def articles15(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, str]]:
    return imported_patterns(tmp_path_factory.mktemp("round14"), "mau15_")


# -- provinces

def test_a_visiting_associations_home_city_does_not_beat_the_district_it_visits(
        articles15: dict[str, tuple[dict, str]]) -> None:
    front, _ = articles15["doan_khach_tham_huyen"]
    assert front["provinces"] == ["Thái Nguyên"]  # huyện Võ Nhai, not the club's 'tại Hà Nội'
    assert "province Thái Nguyên inferred from Võ Nhai; the text does not name it: check" in _notes(front)


def test_a_hospital_named_after_its_city_does_not_beat_the_commune_it_visits(
        articles15: dict[str, tuple[dict, str]]) -> None:
    front, _ = articles15["benh_vien_mang_ten_thanh_pho"]
    assert front["provinces"] == ["Quảng Ngãi"]


def test_the_visitors_rule_needs_the_home_city_named_only_as_the_visitors() -> None:
    own = ("Hà Nội tổ chức khám bệnh miễn phí\nSáng 5/3, thành phố Hà Nội tổ chức khám bệnh cho người dân huyện Võ "
           "Nhai.\nHà Nội đã nhiều lần tổ chức các đợt khám như vậy ở Hà Nội và các tỉnh.")
    guess = guess_province(own)
    assert guess is not None and guess.province == "Hà Nội"  # the city is named as a place of its own in the lead
    meeting = ("Hội nghị tổng kết tại Hà Nội\nSáng 5/3, Hội nghị tổng kết công tác y tế tại Hà Nội có đại biểu huyện "
               "Võ Nhai.\nHội nghị diễn ra ở Hà Nội trong hai ngày, tại Hà Nội.")
    guess = guess_province(meeting)
    assert guess is not None and guess.province == "Hà Nội"  # a meeting held in a city: not a visitor's home
    partners = ("Hợp tác đào tạo bác sĩ\nSáng 5/3, Trường Đại học Y Hà Nội ký kết hợp tác với Bệnh viện đa khoa tỉnh "
                "Bắc Ninh.\nTheo thỏa thuận, trường cử giảng viên từ Hà Nội; Hà Nội cũng nhận bác sĩ về thực tập.")
    guess = guess_province(partners)
    assert guess is not None and guess.province == "Hà Nội"  # the other province is a partner's home too
    short = ("Khám bệnh cho người dân vùng cao\nSáng 5/3, Câu lạc bộ Thầy thuốc tại Hà Nội làm việc với huyện Võ "
             "Nhai.\nCâu lạc bộ gồm bác sĩ các bệnh viện tại Hà Nội, đã khám ở Hà Giang, Sóc Sơn (Hà Nội).")
    guess = guess_province(short)
    assert guess is not None and guess.province == "Thái Nguyên"  # 'làm việc với huyện …': where it went


def test_a_national_roundup_naming_four_provinces_gets_none(articles15: dict[str, tuple[dict, str]]) -> None:
    front, _ = articles15["bau_cu_bon_tinh"]
    assert front["provinces"] == []
    assert "national roundup" in _notes(front)


def test_a_city_named_only_after_hospitals_is_said_not_tagged(articles15: dict[str, tuple[dict, str]]) -> None:
    front, _ = articles15["chi_co_benh_vien_trong_ngoac"]
    assert front["provinces"] == []
    assert "institutions' cities in brackets" in _notes(front) and "TP.HCM (Hồ Chí Minh)" in _notes(front)
    assert "no province or district found" not in _notes(front)  # the page does name a place


def test_a_dateline_typed_without_its_space_names_the_province(articles15: dict[str, tuple[dict, str]]) -> None:
    front, _ = articles15["dong_ngay_dinh_ten"]
    assert front["provinces"] == ["Thái Bình"]
    assert "does not name it" not in _notes(front)
    assert unglue_datelines("Tiêu đề\nYênBái - YBĐT - Ở thị xã") == "Tiêu đề\nYên Bái - YBĐT - Ở thị xã"
    assert unglue_datelines("Ông McDonald nói") == "Ông McDonald nói"  # not at a line's start before a dash


# -- furniture

def test_a_comment_widget_after_the_signature_goes_and_the_signature_is_read(
        articles15: dict[str, tuple[dict, str]]) -> None:
    front, body = articles15["o_binh_luan_cuoi_bai"]
    assert front["author"] == "Văn Long"
    for label in ("Top", "bình luận liên tục", "giây nữa"):
        assert label not in body
    assert body.rstrip().endswith("mỗi dịp đầu xuân.")


def test_other_stories_headlines_right_after_the_lead_go(articles15: dict[str, tuple[dict, str]]) -> None:
    front, body = articles15["tin_khac_sau_sapo"]
    for teaser in ("Quỹ Vì người nghèo", "Đông Hòa (Phú Yên)", "phường Hưng Lợi"):
        assert teaser not in body
    assert front["provinces"] == ["Bà Rịa - Vũng Tàu"]  # the teasers' places are gone with them
    assert "Mỗi ngôi nhà rộng hơn 50m2" in body and front["author"] == "HỒNG NHUNG"


def test_a_run_of_captions_or_of_list_items_after_the_lead_is_no_teaser_box() -> None:
    lead = "Sáng 5/3, huyện tổ chức lễ ra quân làm sạch môi trường."
    rest = "Buổi lễ kết thúc vào giữa trưa, các xã tiếp tục ra quân vào sáng chủ nhật hằng tuần đến hết năm."
    teasers = [lead, "Tỉnh Nam Định tổng kết công tác vận động năm 2024", "Đông Hòa (Phú Yên): Khánh thành cầu dân "
               "sinh", "Ra mắt mô hình khu dân cư tự quản ở phường Hưng Lợi", rest]
    assert teasers_after_lead(teasers) == 3
    assert teasers_after_lead(teasers[:3] + teasers[4:]) == 0  # two lines: a subheading and a caption, perhaps
    captions = [lead, "Đại biểu tham quan gian hàng sản phẩm", "Các em học sinh biểu diễn văn nghệ chào mừng",
                "Lãnh đạo huyện trao quà cho học sinh nghèo", rest]
    assert teasers_after_lead(captions) == 0
    items = [lead, "Thời gian từ 7 giờ 30 đến 11 giờ sáng thứ Bảy", "Địa điểm tại sân vận động trung tâm huyện",
             "Thành phần gồm đoàn viên thanh niên các xã", rest]
    assert teasers_after_lead(items) == 0  # a list's items give times and counts
    alike = [lead, "Tổ chức thu gom rác thải ở các tuyến đường chính", "Tổ chức phát quang bụi rậm quanh khu dân cư",
             "Tổ chức phun thuốc diệt muỗi ở các thôn", rest]
    assert teasers_after_lead(alike) == 0  # items opening alike: the story's own list


def test_alt_text_without_marks_goes_and_a_documents_header_is_no_summary(
        articles15: dict[str, tuple[dict, str]]) -> None:
    front, body = articles15["logo_khong_dau"]
    assert "LOGO" not in body
    assert front["summary"].startswith("Để chuẩn bị tốt cho hội nghị")  # not 'HỘI CỰU CHIẾN BINH TỈNH'
    assert is_unmarked_alt("Cu tri bo phieu", "Cử tri xã A bỏ phiếu")
    assert not is_unmarked_alt("Kim Dung", "Đoạn văn có dấu.")  # a name: every word capitalised
    assert not is_unmarked_alt("Run for the children", "Giải chạy vì trẻ em")  # English: 'for' is no syllable
    assert not is_unmarked_alt("cu tri bo phieu", "cu tri xa A")  # a page typed without marks keeps its lines


def test_a_documents_number_line_is_no_summary(tmp_path: Path) -> None:
    fixture = ROOT / "tests" / "fixtures" / "import" / "mau10_gio_chieu.txt"
    front, _ = _read(import_paths([fixture], tmp_path / "out", language="en").files[0].output)
    assert front["summary"].startswith("Quý I năm 2019")  # not 'UỶ BAN NHÂN DÂN' nor 'Số: 45 /BC-UBND'


def test_a_month_word_stamp_and_an_alt_line_repeating_the_headline(articles15: dict[str, tuple[dict, str]]) -> None:
    front, body = articles15["thang_chu_va_anh_lap"]
    assert front["title"] == "Thiếu giáo viên, ngành giáo dục Đồng Tháp tuyển thêm gần 800 người"
    assert str(front["date"]) == "2023-04-15"
    assert "Ảnh 1" not in body and not no_headline_note(front)


def test_the_month_as_a_word_in_english_order() -> None:
    stamp = find_stamp("Tháng mười hai 3, 2021")
    assert stamp is not None and (stamp.year, stamp.month, stamp.day) == (2021, 12, 3)
    stamp = find_stamp("Tháng 10 8, 2024")
    assert stamp is not None and (stamp.month, stamp.day) == (10, 8)
    assert find_stamp("Tháng mười năm 2024") is None  # no day: not a stamp


def test_a_latest_news_label_under_the_headline_keeps_the_story(articles15: dict[str, tuple[dict, str]]) -> None:
    front, body = articles15["nhan_tin_moi"]
    assert str(front["date"]) == "2013-10-15 20:45"
    assert front["author"] == "H.Nam"
    assert "Tin mới" not in body and body.lstrip().startswith("Sau hai ngày làm việc")


def test_an_article_left_without_text_gets_a_note(tmp_path: Path) -> None:
    raw = tmp_path / "trong.txt"
    raw.write_text("Thông báo lịch tiếp công dân của lãnh đạo huyện tháng Năm\n\nTin liên quan\n\n"
                   "Lịch tiếp công dân tháng Tư của lãnh đạo huyện\n", encoding="utf-8")
    report = import_paths([raw], tmp_path / "out", language="en")
    assert any("no paragraph of text" in note for note in report.files[0].review)


def test_a_stations_code_before_the_headline(articles15: dict[str, tuple[dict, str]]) -> None:
    front, body = articles15["ma_kenh_truoc_tieu_de"]
    assert front["title"] == "Người dân Chợ Mới chờ đón Đại hội Đảng bộ huyện lần thứ XX"
    assert not no_headline_note(front)
    assert "(BTV)" not in body and front["summary"].startswith("Sáng mai (15/7)")
    assert channel_headline("(BDO) Sáng 5/3, tỉnh tổ chức hội nghị tổng kết công tác năm.") == 0  # a lead
    assert channel_headline("(QNO) - Người dân huyện X đón Tết trong niềm vui") == 0  # a dash: a lead's code


# -- bylines

def test_a_signature_with_a_middle_syllable_in_lower_case(articles15: dict[str, tuple[dict, str]]) -> None:
    front, body = articles15["ten_dem_chu_thuong"]
    assert front["author"] == "Đỗ văn Thành"
    assert "no byline" not in _notes(front) and "Đỗ văn Thành" not in body


def test_a_last_line_of_lower_case_words_is_no_signature(tmp_path: Path) -> None:
    raw = tmp_path / "ket.txt"
    raw.write_text("Huyện tổ chức ngày hội văn hóa các dân tộc\n\nSáng 5/3, huyện tổ chức ngày hội văn hóa các dân "
                   "tộc với sự tham gia của hơn 500 người dân trong huyện.\n\nHà Nội mới\n", encoding="utf-8")
    front, _ = _read(import_paths([raw], tmp_path / "out", language="en").files[0].output)
    assert "author" not in front  # 'Hà Nội mới' ends in lower case: no name


def _read(path: Path | None) -> tuple[dict, str]:
    import yaml

    assert path is not None
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


# -- captions

def test_captions_printed_twice_or_with_a_long_credit(articles15: dict[str, tuple[dict, str]]) -> None:
    _, body = articles15["chu_thich_in_hai_lan"]
    captions = _captions(body)
    assert "Bà con xếp hàng chờ đến lượt khám bệnh." in captions
    assert any(caption.endswith("Ảnh: Hoàng Minh/TTXVN") for caption in captions)
    assert len(captions) == 2  # the sentence about gifts received stays a paragraph
    assert "Hơn 300 người dân đến khám bệnh ngoài việc được cấp thuốc miễn phí còn được tặng quà." in body


def test_a_gift_received_is_told_by_the_story_a_gift_given_is_shown() -> None:
    assert not is_caption("Dịp này, hai gia đình còn nhận được quà và tiền mặt do các nhà hảo tâm trao tặng.")
    assert not is_caption("Hơn 300 người dân còn được tặng quà.")
    assert is_caption("Lãnh đạo huyện trao quà cho học sinh nghèo.")
    assert is_caption("Các em học sinh được tặng quà")  # no full stop: a caption may say it so


def test_a_caption_inside_a_wrapped_sentence_is_taken_out_of_it(articles15: dict[str, tuple[dict, str]]) -> None:
    _, body = articles15["chu_thich_giua_cau"]
    assert "tổ chức triển khai thực hiện tốt các nhiệm vụ trọng tâm" in body  # the sentence joined up again
    assert _captions(body) == ["TS. Phạm Văn Hòa - Giám đốc Sở GD&ĐT"]
    assert "GD&ĐT hiện tốt" not in body


def test_a_short_line_between_the_stamp_and_a_long_lead_is_the_top_photos_caption(
        articles15: dict[str, tuple[dict, str]]) -> None:
    front, body = articles15["chu_thich_duoi_ngay"]
    assert _captions(body) == ["Buổi ra quân diệt lăng quăng tổ chức vào sáng thứ bảy 10/7/2021"]
    assert front["summary"].startswith("Nhằm chủ động phòng, chống dịch sốt xuất huyết")
    assert str(front["date"]) == "2021-07-12"


def test_a_handover_to_a_named_household_is_a_caption(articles15: dict[str, tuple[dict, str]]) -> None:
    _, body = articles15["ten_dem_chu_thuong"]
    assert _captions(body) == ["Bàn giao nhà đại đoàn kết cho bà Lê Thị Mận"]


def test_a_line_printed_twice_at_the_top_is_no_caption() -> None:
    text = ("Huyện ra quân làm sạch môi trường\n\nHuyện ra quân làm sạch môi trường\n\nSáng 5/3, huyện tổ chức lễ "
            "ra quân làm sạch môi trường ở tất cả các xã, thị trấn với hơn 2.000 người tham gia.\n")
    assert not any(line.startswith("Ảnh:") for line in clean(text).lines)


# -- the scorer's reading of notes

def _scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("import_accuracy", ROOT / "benchmarks" / "import_accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_accuracy"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_the_scorer_counts_a_true_not_tagged_note_true() -> None:
    scorer = _scorer()
    truth = {"title": "T", "title_ok": [], "date": None, "date_source": None, "date_ok": [], "byline": None,
             "byline_ok": [], "province": "Gia Lai", "province_ok": [], "boilerplate": [], "captions": [],
             "not_captions": []}
    notes = ("Chưa gắn tỉnh nào: bài chỉ nêu xã, phường trùng tên một huyện cũ, có thể ở tỉnh khác: xã Tây Sơn "
             "(Bình Định); thêm tỉnh vào 'provinces:' nếu đây là tin địa phương.",)
    got = scorer.Imported("T", None, None, (), "", notes, "", ())
    score = scorer.score("x.txt", truth, got)
    assert score.notes_checked == 1 and score.false_notes == []
    national = ("no province tagged: a national roundup that names many provinces, none of them more than in "
                "passing; add one to 'provinces:' if the story is local",)
    score = scorer.score("x.txt", truth, scorer.Imported("T", None, None, (), "", national, "", ()))
    assert score.false_notes == list(national)  # a local story called national: false
    missing = ("Không tìm thấy tỉnh, huyện nào trong bài: thêm tỉnh vào 'provinces:'.",)
    score = scorer.score("x.txt", truth, scorer.Imported("T", None, None, (), "", missing, "", ()))
    assert score.false_notes == list(missing)


def test_why_no_province_names_the_bracketed_city() -> None:
    note = why_no_province("Bệnh viện Nhi Đồng và Bệnh viện Đại học Y khoa (TP.HCM) vừa ghép gan thành công.")
    assert note is not None and "TP.HCM (Hồ Chí Minh)" in note
