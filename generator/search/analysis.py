"""Vietnamese text analysis for search, mirrored exactly by themes/default/static/js/analysis.js.

    text -> NFC -> lower case -> tokens (runs of letters and digits) -> one tone placement
         -> (exact form, folded form)

- Tone placement: the same syllable arrives as `hoà` or `hòa`, `thuỷ` or `thủy`, and with misplaced
  marks (`Đaị`); the mark is taken off and put back by one rule (the "old style" most of the press
  uses): on the vowel with a modifier (â ă ê ô ơ ư; in ươ on ơ); else, with a final consonant, on
  the last vowel; else on the first of two vowels and the middle of three. `qu` and `gi` before
  another vowel are consonants (`quý`, `giả`).
- Folding: diacritics removed, and `đ` -> `d`, which Unicode decomposition does not do.
- Tokens: maximal runs of letters or digits; everything else separates. `COVID-19` -> `covid`,
  `19`; `24/24` -> `24`, `24`; `H5N1` -> `h5n1`. Queries go through the same function, so `covid 19`,
  `Covid-19` and `COVID – 19` all find the same articles.

Changing any rule changes the index: bump ANALYZER_VERSION (the index is rebuilt when it changes).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..text import fold_diacritics as fold  # 'đại biểu' -> 'dai bieu', đ -> d

ANALYZER_VERSION = "1"
PAIR_MARK = "_"  # never inside a token: a pair term '_bệnh_án' sorts apart from every word

TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_MODIFIED = set("âăêôơư")
_VOWELS = set("aăâeêioôơuưy")
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Token:
    exact: str  # lower case, canonical tone placement, with diacritics
    folded: str  # the same without diacritics, đ -> d
    position: int  # index of the token in the text


def normalize_syllable(word: str) -> str:
    """Put the tone mark of one lower-case syllable where the canonical rule says."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in TONES]
    if len(tones) != 1:
        return unicodedata.normalize("NFC", word)  # no tone, or not a Vietnamese syllable
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    at = _tone_position(bare)
    if at is None:
        return unicodedata.normalize("NFC", word)
    return unicodedata.normalize("NFC", bare[:at + 1] + tones[0] + bare[at + 1:])


def _tone_position(bare: str) -> int | None:
    start = 0
    while start < len(bare) and bare[start] not in _VOWELS:
        start += 1
    end = start
    while end < len(bare) and bare[end] in _VOWELS:
        end += 1
    if start == len(bare) or any(c in _VOWELS for c in bare[end:]):
        return None  # no vowel, or vowels after a consonant: not one syllable
    # 'qu' and 'gi' followed by another vowel: the u / i belongs to the consonant.
    if end - start > 1 and ((bare[start] == "u" and start > 0 and bare[start - 1] == "q")
                            or (bare[start] == "i" and start > 0 and bare[start - 1] == "g")):
        start += 1
    cluster = bare[start:end]
    if "ơ" in cluster:
        return start + cluster.index("ơ")
    for index, char in enumerate(cluster):
        if char in _MODIFIED:
            return start + index
    if end < len(bare):  # a final consonant
        return end - 1
    if len(cluster) == 3:
        return start + 1
    return start


@lru_cache(maxsize=1 << 17)
def forms(word: str) -> tuple[str, str]:
    """(exact, folded) of one lower-case NFC word; a language has few enough words to remember them all."""
    exact = normalize_syllable(word)
    return exact, fold(exact)


def analyze(text: str) -> list[Token]:
    """The tokens of a text, for indexing and for queries alike."""
    lowered = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).lower())
    return [Token(*forms(word), position) for position, word in enumerate(_TOKEN.findall(lowered))]


def pairs(terms: list[str]) -> list[str]:
    """Each term with the next one, as one term of the pair fields: ['bệnh', 'án'] -> ['_bệnh_án'].

    The leading mark keeps them apart from words in every sorted list (the compiled shards, a prefix's
    expansion), and query.py looks a pair up by the same form ('_benh_an' folded).
    """
    return [f"{PAIR_MARK}{a}{PAIR_MARK}{b}" for a, b in zip(terms, terms[1:], strict=False)]


def exact_terms(text: str) -> list[str]:
    """The exact forms of analyze(text), in order: the indexing fast path (no Token objects)."""
    lowered = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).lower())
    return [forms(word)[0] for word in _TOKEN.findall(lowered)]
