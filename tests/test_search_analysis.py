"""The search analyzer: Vietnamese rules, properties, and Python/JavaScript agreement."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tintuc.search.analysis import analyze, fold

JS = Path(__file__).resolve().parent.parent / "themes" / "default" / "static" / "js" / "analysis.js"


def exact(text: str) -> list[str]:
    return [t.exact for t in analyze(text)]


def folded(text: str) -> list[str]:
    return [t.folded for t in analyze(text)]


@pytest.mark.parametrize(("one", "other"), [
    ("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Đaị biểu", "Đại biểu"), ("HỘI NGHỊ", "hội nghị"),
    ("Thuỵ", "Thụy"), ("hoá chất", "hóa chất"),
])
def test_spellings_of_one_word_give_one_token(one: str, other: str) -> None:
    assert exact(one) == exact(other)
    assert exact(unicodedata.normalize("NFD", one)) == exact(other)


@pytest.mark.parametrize(("word", "expected"), [
    ("quý", "quý"), ("giả", "giả"), ("gì", "gì"), ("giữ", "giữ"), ("quốc", "quốc"), ("người", "người"),
    ("thuở", "thuở"), ("ngoài", "ngoài"), ("xoáy", "xoáy"), ("hoàn", "hoàn"), ("huỳnh", "huỳnh"),
    ("nghiêng", "nghiêng"), ("khuya", "khuya"),
])
def test_tone_placement_rule(word: str, expected: str) -> None:
    assert exact(word) == [expected]


def test_folding_includes_d_bar_and_tokens_split_codes() -> None:
    assert folded("Đắk Nông đại biểu") == ["dak", "nong", "dai", "bieu"]
    assert fold("Đ") == "D"
    assert exact("COVID-19") == exact("covid 19") == exact("Covid – 19") == ["covid", "19"]
    assert exact("24/24") == ["24", "24"]
    assert exact("H5N1, F0") == ["h5n1", "f0"]
    assert [t.position for t in analyze("Sở Y tế, tỉnh")] == [0, 1, 2, 3]


VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + "bcdghklmnpqrstvx0123456789 -/.,;:!?()'\"–\n\t" + TONE_MARKS
texts = st.text(alphabet=ALPHABET, max_size=60)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_analysis_is_idempotent(text: str) -> None:
    once = " ".join(exact(text))
    assert exact(once) == exact(text)
    assert folded(" ".join(folded(text))) == folded(text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_nfc_and_nfd_give_the_same_tokens(text: str) -> None:
    assert analyze(unicodedata.normalize("NFC", text)) == analyze(unicodedata.normalize("NFD", text))


@pytest.mark.skipif(shutil.which("node") is None and not os.environ.get("CI"),
                    reason="needs node to run the JavaScript analyzer")
@settings(max_examples=40, deadline=None)
@given(st.lists(texts, min_size=20, max_size=20))
def test_python_and_javascript_give_identical_tokens(batch: list[str]) -> None:
    script = (f"import {{ analyze }} from {json.dumps(JS.as_uri())};\n"
              "let data = ''; process.stdin.on('data', (c) => data += c);\n"
              "process.stdin.on('end', () => { const texts = JSON.parse(data);\n"
              "  process.stdout.write(JSON.stringify(texts.map((t) => analyze(t)))); });\n")
    done = subprocess.run(["node", "--input-type=module", "-e", script], input=json.dumps(batch),
                          capture_output=True, text=True, check=True, timeout=60)
    from_js = json.loads(done.stdout)
    from_python = [[{"exact": t.exact, "folded": t.folded, "position": t.position} for t in analyze(text)]
                   for text in batch]
    assert from_js == from_python
