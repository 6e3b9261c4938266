"""Vietnamese-aware text helpers shared by every stage: normalisation, folding, slugs."""

from __future__ import annotations

import functools
import re
import unicodedata

from slugify import slugify as _slugify

_MARKS = re.compile(r"[\u0300-\u036f]")
# Invisible characters no article means to contain, which XML (the feeds) cannot carry or HTML
# parsers flag: C0 controls but tab and newline, DEL, C1 controls (Windows-1252 text decoded as
# Latin-1 leaves these), and the noncharacters U+FFFE/U+FFFF.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
# Names Windows cannot give a file or folder, whatever the extension: a page folder named 'con'
# breaks every checkout or unzip of the site there.
WINDOWS_RESERVED = frozenset(["con", "prn", "aux", "nul"] + [f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)])


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics: 'Đắk Nông' -> 'Dak Nong'.

    NFD decomposition strips the tone and vowel marks but leaves đ/Đ alone (it is a letter of its
    own in Unicode), so it is mapped explicitly.
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = _MARKS.sub("", decomposed).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", stripped)


def slugify(text: str, max_length: int = 80) -> str:
    """An ASCII URL slug: 'Hội nghị trực tuyến' -> 'hoi-nghi-truc-tuyen'; 'Con' -> 'con-1'."""
    # python-slugify transliterates with unidecode, which also folds đ -> d; folding first keeps the
    # result independent of the transliteration table for Vietnamese letters.
    slug = _slugify(fold_diacritics(nfc(text)), max_length=max_length, word_boundary=True)
    # 'Con' (child) is an ordinary Vietnamese title or tag: a suffix keeps it publishable everywhere
    # rather than failing the build over a name the editor never chose.
    return f"{slug}-1" if slug in WINDOWS_RESERVED else slug


def is_windows_reserved(slug: str) -> bool:
    return slug.lower() in WINDOWS_RESERVED


def control_chars(text: str) -> list[tuple[int, str]]:
    """(index, character) of each invisible control character in the text."""
    if CONTROL_CHARS.search(text) is None:  # the usual case, without building match objects
        return []
    return [(m.start(), m.group()) for m in CONTROL_CHARS.finditer(text)]


def remove_control_chars(text: str) -> str:
    return CONTROL_CHARS.sub("", text)


@functools.lru_cache(maxsize=4096)  # archives repeat the same few hundred tag names
def tag_key(name: str) -> str:
    """The identity of a tag: spellings differing only in case, diacritics or spacing are one tag."""
    return slugify(name, max_length=0)


def plain_text_summary(text: str, limit: int = 200) -> str:
    """Cut text cleanly: at a sentence end within the limit if there is one, else at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    window = text[: limit + 1]
    sentence_end = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
    if sentence_end >= limit // 2:
        return window[: sentence_end + 1]
    cut = window.rfind(" ")
    if cut <= 0:
        cut = limit
    return window[:cut].rstrip(" ,;:–-") + "…"
