"""Bytes → NFC text: UTF-8 (BOM or not), UTF-16 (BOM), Windows-1258, and the legacy TCVN3 and VNI encodings.

Legacy 8-bit files carry no label, so each candidate decoding is scored by how many of its accented
words are possible Vietnamese syllables; the best one wins, and text no decoding makes sense of is
refused with a message naming the encodings tried.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, replace

from ..text import nfc

TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"

# TCVN3 (ABC, .VnTime fonts): one byte per lower-case letter with its marks; capitals with tones live
# in a separate font (.VnTimeH) that reuses these bytes, so they decode as lower case.
TCVN3 = dict(zip(
    bytes(range(0xA1, 0xAF)) + bytes([0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6])
    + bytes(range(0xC7, 0xCD)) + bytes([0xCE, 0xCF, 0xD0, 0xD1]) + bytes(range(0xD2, 0xD9))
    + bytes([0xDC, 0xDD, 0xDE, 0xDF]) + bytes(range(0xE1, 0xF0)) + bytes(range(0xF1, 0xFF)),
    "ĂÂÊÔƠƯĐăâêôơưđ" "àảãáạằẳẵắặ" "ầẩẫấậ" "èẻẽ" "éẹ" "ềểễếệìỉ" "ĩíịò" "ỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
    strict=True))
_TCVN3_TABLE = {byte: ord(char) for byte, char in TCVN3.items()}  # latin-1 code point = byte

# VNI-Windows: a base letter followed by a mark byte, read through cp1252.
_VNI_MARKS = {
    "â": CIRCUMFLEX, "ê": BREVE,
    "á": CIRCUMFLEX + "\u0301", "à": CIRCUMFLEX + "\u0300", "å": CIRCUMFLEX + "\u0309",
    "ã": CIRCUMFLEX + "\u0303", "ä": CIRCUMFLEX + "\u0323",
    "é": BREVE + "\u0301", "è": BREVE + "\u0300", "ú": BREVE + "\u0309", "ü": BREVE + "\u0303",
    "ë": BREVE + "\u0323",
    "ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
}
_VNI_MARKS.update({k.upper(): v for k, v in list(_VNI_MARKS.items())})
_VNI_BASES = {"ô": "ơ", "ö": "ư", "Ô": "Ơ", "Ö": "Ư"}
_VNI_SINGLE = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "æ": "ỉ", "Æ": "Ỉ",
               "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ"}
_VNI_LETTER = re.compile("([aeiouyAEIOUYôöÔÖ])([" + "".join(_VNI_MARKS) + "])|([" + "".join(_VNI_SINGLE) + "])")

_VOWELS = "aăâeêioôơuưy"
_SYLLABLE = re.compile(rf"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[{_VOWELS}]{{1,3}}"
                       r"(ng|nh|ch|[cmnpt])?$")
_WORD = re.compile(r"[^\W\d_]+")
_PUNCTUATION = set("–—‘’“”…•·°«»€²³½ ")


class UndecodableError(ValueError):
    """The bytes are in no encoding the importer knows."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str  # NFC, '\n' line ends
    encoding: str  # 'utf-8', 'utf-8-sig', 'utf-16', 'cp1258', 'tcvn3', 'vni'
    sure: bool  # False when the encoding was guessed from byte patterns
    controls_removed: int = 0  # invisible control characters taken out (see strip_controls)


# Characters no article should hold: C0 controls but tab and newline, DEL, C1 controls, and the
# Unicode noncharacters. XML cannot carry most of them (the Atom feeds fail on a NUL), no reader
# sees them, and they arrive from copy-pasted web pages and old word processors. Vertical tab, form
# feed and NEL (U+0085) separate lines or pages, so they become line breaks instead.
_LINE_BREAKS = re.compile("[\x0b\x0c\x85]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef"
                       + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
                       + "]")


# The same characters for a first look: _CONTROLS lists the noncharacters of the other planes one by one, which
# makes a search of it check every character against them (most of a clean file's cost); these two classes are
# plain ranges. A text with no character of the first and none beyond U+FFFF has nothing _CONTROLS or
# _LINE_BREAKS would take; one with an emoji is searched in full.
_BMP_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def strip_controls(text: str) -> tuple[str, int]:
    """The text without control characters (see _CONTROLS), and how many were removed or replaced."""
    if not _BMP_CONTROLS.search(text) and not _ASTRAL.search(text):
        return text, 0  # the usual case: a search costs a fraction of a substitution's copy
    if not _LINE_BREAKS.search(text) and not _CONTROLS.search(text):
        return text, 0
    text, breaks = _LINE_BREAKS.subn("\n", text)
    text, removed = _CONTROLS.subn("", text)
    return text, breaks + removed


def decode_bytes(raw: bytes) -> Decoded:
    """Decode a raw news file, without control characters; raises UndecodableError with a readable reason."""
    decoded = _decode_text(raw)
    text, count = strip_controls(decoded.text)
    return replace(decoded, text=text, controls_removed=count) if count else decoded


def guessing_needed(raw: bytes) -> bool:
    """Whether decode_bytes may take long on these bytes: False for a UTF-16 byte-order mark or UTF-8 (after an
    optional UTF-8 one); the others have their encoding guessed by scoring three legacy decodings of the whole
    text, a thousand times the cost."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    try:
        (raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw).decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _decode_text(raw: bytes) -> Decoded:
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(_finish(raw[3:].decode("utf-8", errors="strict")), "utf-8-sig", True)
        except UnicodeDecodeError as exc:  # damaged, or another encoding behind a stray mark: never guessed at
            raise UndecodableError(f"UTF-8 byte-order mark, but byte {exc.start + 3} is not UTF-8; "
                                   "open the file in an editor and save it again as UTF-8") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(_finish(raw.decode("utf-16")), "utf-16", True)
        except UnicodeDecodeError as exc:
            raise UndecodableError(f"UTF-16 byte-order mark, but byte {exc.start} is not UTF-16") from None
    try:
        return Decoded(_finish(raw.decode("utf-8")), "utf-8", True)
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        raise UndecodableError("binary data (NUL bytes) and no UTF-16 byte-order mark; "
                               "save the file as UTF-8 or 'Unicode text'")
    candidates = [(name, _finish(decode(raw))) for name, decode in LEGACY]
    scored = sorted(((invalid_ratio(text), order, name, text)
                     for order, (name, text) in enumerate(candidates)))
    ratio, _, name, text = scored[0]
    if ratio > 0.25:
        raise UndecodableError("not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI text "
                               f"(best guess {name}: {ratio:.0%} of accented words are not Vietnamese)")
    return Decoded(text, name, False)


def decode_cp1258(raw: bytes) -> str:
    return raw.decode("cp1258", errors="replace")


def decode_tcvn3(raw: bytes) -> str:
    return raw.decode("latin-1").translate(_TCVN3_TABLE)


def decode_vni(raw: bytes) -> str:
    text = raw.decode("cp1252", errors="replace")

    def letter(match: re.Match[str]) -> str:
        base, mark, single = match.groups()
        if single:
            return _VNI_SINGLE[single]
        return unicodedata.normalize("NFC", _VNI_BASES.get(base, base) + _VNI_MARKS[mark])

    return _VNI_LETTER.sub(letter, text)


LEGACY = (("cp1258", decode_cp1258), ("tcvn3", decode_tcvn3), ("vni", decode_vni))


# Old converters wrote the Icelandic eth (Ð U+00D0, ð U+00F0) for Vietnamese Đ/đ (U+0110, U+0111): they look
# alike, but search, folding and the gazetteer see another letter. Vietnamese has no eth, so it is always Đ/đ.
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def _finish(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return nfc(text.translate(_ETH) if "\u00d0" in text or "\u00f0" in text else text)


def is_vietnamese_syllable(word: str) -> bool:
    """Could this (accented) word be one Vietnamese syllable? Used to rank candidate decodings."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(t) for t in TONES) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    return bool(_SYLLABLE.match(bare))


def invalid_ratio(text: str) -> float:
    """Share of non-ASCII words (and stray non-ASCII symbols) that cannot be Vietnamese."""
    total = bad = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        total += 1
        bad += not is_vietnamese_syllable(word)
    for char in text:
        if not char.isascii() and not char.isalpha() and char not in _PUNCTUATION:
            total += 1
            bad += 1
    return bad / total if total else 0.0
