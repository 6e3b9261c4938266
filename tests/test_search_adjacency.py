"""Issue 17: Vietnamese words are syllables written apart, so an article where the query's syllables stand
side by side, in order, outranks one where they are scattered: for accented, unaccented, mixed and NFD
queries, with exact accents still first. The articles are written for these tests."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from tintuc.build import Builder
from tintuc.search import query
from tintuc.search.searcher import search

from tests.conftest import REPO, Project, article

# The target says "bệnh án điện tử" once. The others have each syllable more often, never side by side
# in that order: without adjacency they outrank it (checked below), since each syllable alone is common.
TARGET = "2023/05/benh-an-dien-tu/"
ARTICLES = {
    "benh-an.md": article(
        "Bệnh viện tỉnh dùng bệnh án điện tử", "2023-05-02 08:00",
        "Từ tháng Năm, các khoa của bệnh viện ghi hồ sơ người bệnh trên máy thay cho giấy.", slug="benh-an-dien-tu"),
    "an-toan.md": article(
        "Bệnh nhân ăn uống an toàn trong mùa nóng", "2023-05-03 08:00",
        "Bệnh nhân và người nhà được dặn ăn chín, uống sôi, giữ an toàn khi dùng điện. Người bệnh cao tuổi "
        "cần tư vấn từ bác sĩ; bệnh viện tu sửa đường điện, nhờ thợ điện kiểm tra từng phòng bệnh. "
        "An toàn điện, an toàn thực phẩm: ai cũng tự giữ.", slug="an-toan"),
    "du-an.md": article(
        "Dự án điện mặt trời và bệnh nghề nghiệp", "2023-05-04 08:00",
        "Dự án điện gió, dự án điện mặt trời: công nhân được khám bệnh nghề nghiệp, tư vấn phòng tử vong do "
        "điện giật, tự học an toàn điện.", slug="du-an-dien"),
    "tu-dien.md": article(
        "Ra mắt từ điển thuật ngữ y học", "2023-05-05 08:00",
        "Cuốn từ điển giải nghĩa thuật ngữ y học cho cán bộ trạm y tế xã.", slug="tu-dien-y-hoc"),
    "dai-bieu.md": article(
        "Đại biểu thăm trạm y tế", "2023-05-06 08:00", "Đoàn đại biểu hội đồng nhân dân thăm trạm y tế xã.",
        slug="dai-bieu"),
    "dai-bieu-ngu.md": article(
        "Treo dải biểu ngữ mừng xuân", "2023-05-07 08:00",
        "Xã treo dải biểu ngữ trên đường; dải biểu ngữ thứ hai treo trước trạm y tế. Đại hội sắp họp, "
        "biểu quyết sau.", slug="dai-bieu-ngu"),
}


@pytest.fixture(scope="module")
def words(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = Project(tmp_path_factory.mktemp("adjacent") / "site")
    for name, text in ARTICLES.items():
        project.add(f"2023/{name}", text)
    Builder(project.config()).build()
    return project.root / ".tintuc-cache" / "search" / "whoosh"


def urls(folder: Path, text: str) -> list[str]:
    return [hit.url for hit in search(folder, text, limit=None).hits]


NFD = unicodedata.normalize("NFD", "bệnh án điện tử")


@pytest.mark.parametrize("text", ["benh an dien tu", "bệnh án điện tử", "bệnh an điện tu", "BENH AN DIEN TU", NFD,
                                  "benh an dien tu "], ids=["unaccented", "accented", "mixed", "upper", "nfd",
                                                            "whole-words"])
def test_the_syllables_side_by_side_rank_first(words: Path, text: str) -> None:
    found = urls(words, text)
    assert found[0] == TARGET, found
    # Adjacency only scores: every article with all the syllables is still found.
    assert set(found) == {TARGET, "2023/05/an-toan/", "2023/05/du-an-dien/"}, found


def test_without_adjacency_the_scattered_syllables_would_win(words: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture is a real test of adjacency: Whoosh's BM25F alone ranks the target below."""
    monkeypatch.setattr("tintuc.search.searcher.adjacent_pairs", lambda text: ())
    assert urls(words, "benh an dien tu")[0] != TARGET


def test_order_matters_tu_dien_is_not_dien_tu(words: Path) -> None:
    assert urls(words, "tu dien")[0] == "2023/05/tu-dien-y-hoc/"
    assert urls(words, "dien tu")[0] == TARGET


def test_exact_accents_still_rank_first(words: Path) -> None:
    # Both articles have the syllables side by side; the one with the accents typed wins, although the
    # other has them twice.
    assert urls(words, "đại biểu")[0] == "2023/05/dai-bieu/"
    assert urls(words, "dải biểu")[0] == "2023/05/dai-bieu-ngu/"


def test_adjacent_pairs_of_the_query() -> None:
    w = query.Word
    pairs = query.adjacent_pairs("benh an dien tu")
    assert [tuple(x.folded for x in p.words) for p in pairs] == [("benh", "an"), ("an", "dien"), ("dien", "tu")]
    # A quoted phrase is one unit: no pair reaches into it.
    assert query.adjacent_pairs('"bệnh án" điện tử') == (query.Phrase((w("điện", "dien"), w("tử", "tu"))),)
    # The prefix still being typed ends a pair (looked up as a prefix of pairs); a repeated word has none.
    assert query.adjacent_pairs("benh an dien") == (query.Phrase((w("benh", "benh"), w("an", "an"))),
                                                    query.Phrase((w("an", "an"), w("dien", "dien", prefix=True))))
    assert query.pair_word(query.adjacent_pairs("benh an dien")[1]) == w("_an_dien", "_an_dien", prefix=True)
    assert query.adjacent_pairs("an an ") == ()
    # Each pair once.
    assert len(query.adjacent_pairs("y te va y te ")) == 3


def test_the_sample_archive_ranks_benh_an_dien_tu_first(tmp_path: Path) -> None:
    """The issue's own case: on the bundled sample, the one article saying "bệnh án điện tử"."""
    import shutil

    root = tmp_path / "sample"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "static", root / "static")
    shutil.copy(REPO / "config.yaml", root / "config.yaml")
    project = Project(root, keep_config=True)
    Builder(project.config()).build()
    found = urls(root / ".tintuc-cache" / "search" / "whoosh", "benh an dien tu")
    assert found[0].startswith("2020/04/hoi-nghi-truc-tuyen-giao-ban"), found
