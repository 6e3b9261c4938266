"""Page furniture learned from the import batch (issue 16): a line on many pages of one site's batch is the site's.

The pages under fixtures/import/lo_mot_trang_web/ are written for these tests: six pages of an invented
district portal sharing a menu, a counter with different numbers, a widget label, a slogan, a footer
address and a 'Tin khác' block listing other pages' headlines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from tintuc.importer import import_paths
from tintuc.importer.repeated import Repeated, line_key

BATCH = FIXTURES / "import" / "lo_mot_trang_web"
FURNITURE = ("Số lượt đọc bài", "Lịch làm việc của lãnh đạo huyện", "Đồng Khê chung sức xây dựng quê hương giàu đẹp",
             "Trụ sở: số 15 đường Hồng Lĩnh", "Trang chủ | Giới thiệu", "CỔNG THÔNG TIN ĐIỆN TỬ")
CAPTIONS = {"trang_1.txt": "Đoàn viên xã Khê Thượng trộn bê tông bên tuyến đường mới",
            "trang_3.txt": "Kỹ sư nông nghiệp hướng dẫn hội viên cắt tỉa cành cam",
            "trang_5.txt": "Lãnh đạo huyện tặng giấy khen cho các tập thể có thành tích"}


def pages() -> list[Path]:
    return sorted(BATCH.glob("*.txt"))


def imported(files: list[Path], out: Path) -> dict[str, str]:
    report = import_paths(files, out, language="en")
    assert [f.status for f in report.files] == ["written"] * len(files)
    return {f.source.name: f.output.read_text(encoding="utf-8") for f in report.files if f.output is not None}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return imported(pages(), tmp_path_factory.mktemp("lo") / "out")


def test_repeated_lines_are_gone_from_every_article(batch: dict[str, str]) -> None:
    assert len(batch) == 6
    for name, text in batch.items():
        for line in FURNITURE:
            assert line not in text, (name, line)


def test_the_stories_own_text_captions_and_bylines_stay(batch: dict[str, str]) -> None:
    for path in pages():
        text = batch[path.name]
        raw = path.read_text(encoding="utf-8")
        title = raw.split("\n")[3]
        assert f'title: "{title}"' in text
        assert "date: 2024-" in text
        story = [line for line in raw.split("\n") if line.endswith(".") and len(line.split()) >= 8]
        assert story and all(line in text for line in story), path.name
    for name, caption in CAPTIONS.items():
        assert f"*{caption}*{{: .caption}}" in batch[name]
    # the byline above the furniture is read once the furniture is gone
    assert 'author: "Thu Hằng"' in batch["trang_2.txt"]


def test_a_page_imported_alone_keeps_todays_output(tmp_path: Path, batch: dict[str, str]) -> None:
    page = pages()[1]
    (alone,) = imported([page], tmp_path / "alone").values()
    assert "Số lượt đọc bài: 3877" in alone and "Lịch làm việc của lãnh đạo huyện" in alone
    assert alone != batch[page.name]


def test_a_batch_of_four_changes_nothing(tmp_path: Path) -> None:
    four = pages()[:4]
    together = imported(four, tmp_path / "four")
    for page in four:
        (alone,) = imported([page], tmp_path / page.stem).values()
        assert together[page.name] == alone


def test_counting_is_per_file_with_numbers_folded() -> None:
    assert line_key("Lượt  xem: 5547") == line_key("LƯỢT XEM: 12") == "lượt xem: 0"
    counter = "Lượt xem: 1\nLượt xem: 2\nLượt xem: 3\n"  # three times in one file counts once
    texts = [counter, "Tin một.\nLượt xem: 9", "Tin hai.", "Tin ba.", "Tin bốn."]
    assert Repeated.from_texts(texts).keys == frozenset()
    texts = [f"Bài {word}.\nLượt xem: {n}" for n, word in enumerate(["một", "hai", "ba", "bốn", "năm"])]
    learned = Repeated.from_texts(texts)
    assert learned.files == 5 and line_key("Lượt xem: 7") in learned.keys
    assert learned.is_repeated("Lượt xem: 31") and learned.is_repeated("Ảnh: Lượt xem: 4")
    assert not learned.is_repeated("Bài sáu.")


def test_thirty_percent_of_a_large_batch() -> None:
    def texts(marked: int) -> list[str]:  # 20 files, `marked` of them with the widget's label
        return [f"Tin của thôn {letter}.\nChuyên trang nông thôn mới" if n < marked else f"Tin của thôn {letter}."
                for n, letter in enumerate("ABCDEGHIKLMNOPQRSTUV")]

    assert Repeated.from_texts(texts(5)).keys == frozenset()  # 5 of 20 files: below 30 %
    assert Repeated.from_texts(texts(6)).keys == {line_key("Chuyên trang nông thôn mới")}


def test_fragments_and_long_lines_are_never_furniture() -> None:
    long_line = " ".join(["Người dân trong xã tích cực tham gia"] * 4) + "."  # 32 words, on every page
    texts = [f"Sáng nay, đoàn thứ {word} về thăm xã.\n{long_line}" for word in ["nhất", "hai", "ba", "tư", "năm"]]
    learned = Repeated.from_texts(texts)
    assert learned.keys == frozenset()  # 'Sáng nay,' opens every line but no whole line repeats
    assert not learned.is_repeated(long_line)


def test_a_writers_name_and_the_featured_storys_teaser_stay() -> None:
    teaser = "Xã Khê Hạ vừa khánh thành cây cầu mới bắc qua suối Nậm Lương."
    texts = [f"Bài {n}.\nCầu mới ở Khê Hạ\n{teaser}\nThu Hằng\nBản quyền thuộc huyện" for n in range(6)]
    learned = Repeated.from_texts(texts)
    kept, dropped = learned.split([teaser, "Thu Hằng", "Bản quyền thuộc huyện"], "Cầu mới ở Khê Hạ")
    assert kept == [teaser, "Thu Hằng"] and dropped == ["Bản quyền thuộc huyện"]
    kept, dropped = learned.split([teaser, "Thu Hằng", "Bản quyền thuộc huyện"], "Một bài khác hẳn")
    assert kept == ["Thu Hằng"] and dropped == [teaser, "Bản quyền thuộc huyện"]
