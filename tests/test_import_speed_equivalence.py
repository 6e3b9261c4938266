"""Import speed (issue 16): each shortcut taken for speed gives what the longer way gave.

The arbiter's cheap first test against its full weighing, the syllable reader against the two regular expressions
it replaces, the place-name lookup that skips names opening in lower case, the date patterns tried only where their
words stand, the control-character check, the batch reader against reading each file alone, the file-name search
that resumes where it stopped, the capped word count, the C YAML loader on the shipped data, and a batch imported
over two processes (written as the conversions come back) against the same batch in one.
"""

from __future__ import annotations

import codecs
import importlib
import random
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES
from tintuc.importer import import_paths
from tintuc.importer.address import take_source_lines
from tintuc.importer.byline import word_count
from tintuc.importer.clean import clean
from tintuc.importer.date_patterns import _DATE_PATTERNS, _ISO, _ISO_ANCHORS, _matches
from tintuc.importer.decode import _CONTROLS, _LINE_BREAKS, decode_bytes, guessing_needed, strip_controls
from tintuc.importer.furniture import fold_aligned
from tintuc.importer.gazetteer import default_gazetteer, name_spans
from tintuc.importer.headline import find_headline
from tintuc.importer.inputs import read_all, read_file
from tintuc.importer.writer import free_name

aboutness = importlib.import_module("tintuc.importer.aboutness")

PATTERNS = sorted((FIXTURES / "import").rglob("*.txt"))
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
AWKWARD = ["Hội thi, năm 2026 phụ nữ", "tp_hcm x_y", "Ⅻ giờ ² lần", "a\u0301 b", "HÀ NỘI–HẢI PHÒNG", "😀 Đà Nẵng 😀",
           "", "   ", "chữ\u200bdính", "O'Neil đến", "x" * 3 + " 12ab34 cd"]


def page_lines(path: Path) -> list[str]:
    text, _ = take_source_lines(decode_bytes(path.read_bytes()).text)
    return [line for line in clean(text).lines if line]


def test_the_cheap_test_never_decides_otherwise_than_the_full_weighing(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = []
    for path in [*PATTERNS, *SEEDS]:
        lines = page_lines(path)
        title_at, stamp_at, _ = find_headline(lines)
        cases += [(lines, title, stamp_at) for title in {title_at, None, *range(min(8, len(lines)))}]
    quick = [aboutness.arbitrate(*case) for case in cases]
    monkeypatch.setattr(aboutness, "_settled", lambda *args: False)  # every page weighed in full
    full = [aboutness.arbitrate(*case) for case in cases]
    assert quick == full
    assert {decision.action for decision in full} >= {"kept", "switched", "rescued", "dropped"}  # all paths seen


def regex_syllables(text: str) -> list[list[str]]:
    """The definition the syllable reader keeps: split at _BREAK, _SYLLABLE's words of each part."""
    runs = []
    for chunk in aboutness._BREAK.split(unicodedata.normalize("NFC", text)):
        run = [aboutness.fold_syllable(word) for word in aboutness._SYLLABLE.findall(chunk)]
        if run:
            runs.append(run)
    return runs


def test_syllables_read_word_by_word_are_the_regular_expressions_runs() -> None:
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in [*PATTERNS, *SEEDS]] + AWKWARD
    for text in texts:
        assert aboutness.syllables(text) == regex_syllables(text)
        for line in text.split("\n"):
            assert aboutness.syllables(line) == regex_syllables(line)


def test_names_opening_in_lower_case_are_skipped_as_accept_would_skip_them() -> None:
    gazetteer = default_gazetteer()
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in [*PATTERNS, *SEEDS]]
    texts.append("tỉnh Gia Lai, TP.HCM và tp. hcm; Hà-Nội, 'Hà Nội', Bà Rịa – Vũng Tàu, hòa bình ở Hòa Bình")
    for text in texts:
        folded = fold_aligned(text)

        def capitalised(start: int, end: int, key: str, text: str = text) -> bool:
            return not text[start].islower() and key != "ha nam"  # any test that refuses lower-case openings

        assert list(name_spans(folded, gazetteer, capitalised, text)) == list(name_spans(folded, gazetteer,
                                                                                         capitalised))


def test_dates_are_found_where_their_anchor_words_stand_as_anywhere() -> None:
    rng = random.Random(16)
    pieces = ["ngay ", "ngay", "sang ", "chieu ", "toi ", "dem ", "hom nay ", "hom qua ", " thang ", "thang ", "nam ",
              "day ", "month ", "year ", "1", "2", "9", "0", "12", "31", "19", "20", "2019", "2020", "/", ".", "-", " ",
              ",", "va ", ":", "am", "٣"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(4000)]
    texts += [fold_aligned(line) for path in [*PATTERNS, *SEEDS] for line in path.read_text(encoding="utf-8",
                                                                                           errors="replace").split("\n")]
    for pattern, anchors, before in [(_ISO, *_ISO_ANCHORS), *_DATE_PATTERNS]:
        for text in texts:
            assert [m.span() for m in _matches(pattern, text, anchors, before)] == [
                m.span() for m in pattern.finditer(text)], (pattern.pattern, text)


def test_control_characters_are_found_by_the_quick_check_too() -> None:
    def full(text: str) -> tuple[str, int]:
        if not _LINE_BREAKS.search(text) and not _CONTROLS.search(text):
            return text, 0
        text, breaks = _LINE_BREAKS.subn("\n", text)
        text, removed = _CONTROLS.subn("", text)
        return text, breaks + removed

    points = [*range(0x00, 0x200), *range(0xFDC0, 0x10000), *range(0x1FFF0, 0x20000), 0x10FFFE, 0x10FFFF, 0x1F600]
    for point in points:
        text = f"Sở Y tế{chr(point)} tỉnh"
        assert strip_controls(text) == full(text), hex(point)


def test_the_batch_reader_reads_as_each_file_alone(tmp_path: Path) -> None:
    story = SEEDS[0].read_text(encoding="utf-8")
    files = {
        "utf8.txt": story.encode(), "bom.txt": codecs.BOM_UTF8 + story.encode(), "utf16.txt": story.encode("utf-16"),
        "cp1258.txt": unicodedata.normalize("NFD", story).encode("cp1258", errors="replace"),
        "nul.txt": b"\x00\x01abc\xff", "empty.txt": b"", "latin.txt": bytes(range(0x80, 0x100)) * 4,
    }
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    inputs = sorted(tmp_path.iterdir())
    assert read_all(inputs, jobs=2, progress=False) == [read_file(path) for path in inputs]  # some decoded slowly
    quick = [path for path in inputs if path.name in ("utf8.txt", "bom.txt", "utf16.txt", "empty.txt", "gone.txt")]
    assert read_all(quick, jobs=2, progress=False) == [read_file(path) for path in quick]  # all read here
    assert [guessing_needed(files[name]) for name in ("utf8.txt", "bom.txt", "utf16.txt", "cp1258.txt")] == [
        False, False, False, True]


def test_the_name_search_resumes_where_it_stopped() -> None:
    rng = random.Random(16)
    plain: set[str] = set()
    resumed: set[str] = set()
    tried: dict[str, int] = {}
    for _ in range(400):
        base = rng.choice(["hoi-nghi", "tin-tuc", "bai-viet"])
        expected, found = free_name(base, plain), free_name(base, resumed, tried)
        assert found == expected
        if rng.random() < 0.8:  # the others are duplicates: named, never taken
            plain.add(expected)
            resumed.add(found)


def test_a_capped_word_count_compares_like_the_full_one() -> None:
    for line in ["", "một", " hai  từ ", "a b c d e", " ".join(["từ"] * 40)]:
        for limit in (0, 1, 4, 12, 30):
            capped = word_count(line, limit)
            assert capped == min(word_count(line), limit + 1)
            assert (capped <= limit) == (word_count(line) <= limit)


def test_the_shipped_data_loads_alike_with_the_c_loader() -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for name in ("gazetteer.yaml", "topics.yaml"):
        text = (Path(__file__).resolve().parent.parent / "generator" / "data" / name).read_text(encoding="utf-8")
        assert yaml.load(text, Loader=loader) == yaml.safe_load(text)


def test_a_batch_over_two_processes_is_the_batch_in_one(tmp_path: Path) -> None:
    """Over 200 files, so that the conversions go to forked workers and come back while earlier ones are written."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in [*SEEDS, *PATTERNS]]
    for number in range(230):
        text = texts[number % len(texts)]
        first = next((line for line in text.split("\n") if line.strip()), "")
        (inbox / f"tin_{number:03d}.txt").write_text(re.sub(re.escape(first), f"Số {number}: {first.strip()}", text,
                                                           count=1), encoding="utf-8")
    one = import_paths([inbox], tmp_path / "one", jobs=1, language="en")
    two = import_paths([inbox], tmp_path / "two", jobs=2, language="en")
    assert [(f.source, f.output.name if f.output else None, f.status, f.found, f.review, f.error) for f in one.files] \
        == [(f.source, f.output.name if f.output else None, f.status, f.found, f.review, f.error) for f in two.files]
    assert {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()} == \
        {p.name: p.read_bytes() for p in (tmp_path / "two").iterdir()}
