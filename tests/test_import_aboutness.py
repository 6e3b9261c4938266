"""The headline is about what the story says (issue 16, generator/importer/aboutness.py).

Unit tests of the scorer (syllables folded for case and tone-mark placement, syllable pairs, rarity within the
page) and of the arbiter between headline candidates, then own-words fixtures (tests/fixtures/import/mau12_*.txt)
through the importer: a site's 'today' header, a print-version label, a hotline bar, a welcome banner and a menu
section over a real headline closed by a full stop; a long headline with a full stop; a page with no headline
under a menu line; another story's headline, sharing some words with the body, over the real one.
"""

from __future__ import annotations

import importlib

import pytest
from conftest import imported_patterns, no_headline_note

aboutness = importlib.import_module("tintuc.importer.aboutness")

STORY = [
    "Phiên bản dành cho máy in",
    "Người dân xã An Phú góp ngày công làm đường bê tông nông thôn.",
    "Trong năm nay, người dân xã An Phú đã góp hơn một nghìn ngày công để làm mới mười cây số đường bê tông "
    "nông thôn, nối các thôn với trung tâm xã.",
    "Chủ tịch xã cho biết các tuyến đường bê tông nông thôn được làm xong sớm nhờ người dân đồng thuận góp "
    "ngày công và hiến đất.",
]


def test_syllables_fold_case_and_tone_placement_but_keep_the_tone() -> None:
    assert aboutness.fold_syllable("Hoà") == aboutness.fold_syllable("hòa")  # old and new tone placement
    assert aboutness.fold_syllable("HÒA") == aboutness.fold_syllable("hoà")
    assert aboutness.fold_syllable("ba") != aboutness.fold_syllable("bà")  # the tone stays part of the word
    assert aboutness.fold_syllable("\u00d0à") == aboutness.fold_syllable("đà")  # the look-alike Ð of old text


def test_pairs_do_not_cross_punctuation_or_numbers() -> None:
    found = aboutness.pairs("Hội thi, năm 2026 phụ nữ")
    assert ("hôi5", "thi") in found
    assert ("thi", "năm") not in found  # a comma between them
    assert ("năm", "phu5") not in found and ("phu5", "nư4") in found  # a number between them


def test_a_headline_shares_pairs_with_the_story_and_furniture_does_not() -> None:
    story = aboutness.story_text(STORY, 2)
    headline, label = story.score(STORY[1]), story.score(STORY[0])
    assert headline.pairs_shared >= aboutness.STRONG_PAIRS and headline.pair_share >= aboutness.STRONG_SHARE
    assert label.nothing and not headline.nothing


def test_a_pair_the_page_furniture_also_prints_weighs_less() -> None:
    lines = ["Xã An Phú", "Xã An Phú trồng cây", *STORY[2:]]
    plain = aboutness.story_text(lines, 2, skip=[0, 1]).score("Xã An Phú trồng cây")
    discounted = aboutness.story_text(lines, 2, skip=[1]).score("Xã An Phú trồng cây")
    assert discounted.pairs_shared < plain.pairs_shared  # 'xã an', 'an phú' are also on the menu line


def test_the_arbiter_rescues_a_headline_closed_by_a_full_stop() -> None:
    decision = aboutness.arbitrate(STORY, None, None)
    assert decision == aboutness.Decision(1, "rescued")


def test_the_arbiter_keeps_a_headline_that_is_about_the_story() -> None:
    assert aboutness.arbitrate(STORY, 1, None) == aboutness.Decision(1, "kept")


def test_the_arbiter_switches_from_a_line_about_nothing() -> None:
    assert aboutness.arbitrate(STORY, 0, None) == aboutness.Decision(1, "switched")


def test_no_candidate_shapes_dates_clocks_or_list_items() -> None:
    for line in ("Thứ 5, 07/12/2026, 08:15[GMT+7]", "* Người dân góp ngày công làm đường", "Cập nhật:",
                 "Hội nghị bàn về việc làm đường, trong đó:"):
        assert not aboutness.could_be_headline(line), line
    assert aboutness.could_be_headline("Người dân xã An Phú góp ngày công làm đường bê tông nông thôn.")


@pytest.fixture(scope="module")
def articles12(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, str]]:
    return imported_patterns(tmp_path_factory.mktemp("aboutness"), "mau12_")


@pytest.mark.parametrize(("name", "title", "furniture"), [
    ("hom_nay", "Hội thi tìm hiểu kiến thức về phòng chống bạo lực gia đình của phụ nữ xã Tân Hòa",
     "Cổng thông tin điện tử"),
    ("nut_in", "Người dân xã Phước Lộc góp hơn 3.000 ngày công làm đường bê tông nông thôn",
     "Phiên bản dành cho máy in"),
    ("duong_day_nong", "Bệnh viện đa khoa huyện Sơn Hà khai trương khoa hồi sức tích cực mới",
     "Đường dây nóng"),
    ("chao_mung", "Phường Đông Xuyên ra mắt mô hình tuyến phố văn minh, không rác thải nhựa", "Chào mừng"),
    ("muc_menu", "Huyện Đắk Mai tổ chức lễ ra quân trồng một triệu cây xanh năm 2026", "Tin hoạt động"),
    ("tieu_de_dai_cham", "Trường Tiểu học Hòa Phú tổ chức ngày hội đọc sách cho học sinh toàn trường nhân dịp "
                         "kỷ niệm ngày Nhà giáo Việt Nam 20 tháng 11 năm nay", "Chuyên mục"),
])
def test_furniture_over_a_headline_is_not_the_title(articles12: dict[str, tuple[dict, str]], name: str,
                                                     title: str, furniture: str) -> None:
    front, body = articles12[name]
    assert front["title"].rstrip(".") == title
    assert not no_headline_note(front)
    assert furniture not in front["title"]


def test_a_page_without_a_headline_gets_the_note_and_a_title_from_its_lead(
        articles12: dict[str, tuple[dict, str]]) -> None:
    front, body = articles12["khong_tieu_de"]
    assert no_headline_note(front)
    assert "Xem tin theo chuyên mục" not in front["title"] and "Xem tin theo chuyên mục" not in body
    assert "Hải Ninh" in front["title"]


def test_a_related_story_sharing_fewer_words_is_not_taken(articles12: dict[str, tuple[dict, str]]) -> None:
    front, body = articles12["tin_lien_quan"]
    assert front["title"].rstrip(".") == ("Phú Lâm: Nông dân thu hoạch lúa hè thu, năng suất bình quân đạt 6,5 tấn "
                                          "mỗi héc ta")
    assert not no_headline_note(front)
