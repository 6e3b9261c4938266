"""Lines of a raw page, without the web page around the story: navigation, counters, related links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import fold_diacritics

# Whole lines that are navigation or login links (compared folded, lower case, without ':' at the end).
NAVIGATION = frozenset({
    "truy cap noi dung luon", "dang nhap", "dang ky", "dang xuat", "trang chu", "quay lai", "in bai viet",
    "in trang", "gui email", "chia se", "chia se bai viet", "ban in", "skip to content", "skip to main content",
    "login", "home", "print", "share", "tim kiem", "so do trang", "facebook", "twitter", "zalo",
})
# Line starts of visit counters and page furniture.
COUNTER_PREFIXES = ("dang truy cap", "tong truy cap", "thong ke truy cap", "luot truy cap", "view count",
                    "luot xem", "so luot xem", "hom nay:", "hom qua:", "trong tuan:", "dang online",
                    "da xem:", "tong so luot", "ban quyen", "copyright", "©")
# A line equal to one of these ends the story: everything after it is a list of other stories.
RELATED_MARKERS = frozenset({
    "bai viet lien quan", "tin lien quan", "tin khac", "cac tin khac", "tin cung chuyen muc",
    "cac tin cung chuyen muc", "tin da dua", "cac tin da dua", "cac bai viet khac", "xem them", "tin moi hon",
    "tin cu hon", "cac tin moi hon", "cac tin cu hon", "related posts", "related articles",
})
# A counter glued to the end of a content line: 'Ngày đăng 01/08/2021 | 15:44  | View count: 11848'.
_TRAILING_COUNTER = re.compile(r"\s*[|·•-]?\s*(view count|luot xem|so luot xem|luot doc)\s*:?\s*[\d.,]+\s*$")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b\ufeff]+")


@dataclass(frozen=True, slots=True)
class CleanText:
    lines: tuple[str, ...]  # stripped; '' marks a blank line
    removed: tuple[str, ...]  # boilerplate lines dropped, for the report


def folded_key(line: str) -> str:
    """A line as boilerplate rules compare it: no diacritics, lower case, no trailing ':' or spaces."""
    return " ".join(fold_diacritics(line).lower().split()).rstrip(" :.")


def fold_aligned(text: str) -> str:
    """Folded lower-case text with the same length as `text`, so match offsets point into both."""
    folded = fold_diacritics(text).lower()
    if len(folded) == len(text):
        return folded
    return "".join(f if len(f := fold_diacritics(ch).lower()) == 1 else ch for ch in text)


def normalise_lines(text: str) -> list[str]:
    """Split into lines with inner runs of spaces collapsed and outer ones removed."""
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


def is_navigation(line: str) -> bool:
    key = folded_key(line)
    return key in NAVIGATION or key.startswith(COUNTER_PREFIXES)


def is_related_marker(line: str) -> bool:
    return folded_key(line) in RELATED_MARKERS


def trim_counter(line: str) -> str:
    """Remove a visit counter glued to the end of a line."""
    match = _TRAILING_COUNTER.search(fold_aligned(line))
    return line[: match.start()].rstrip(" |") if match else line


def clean(text: str) -> CleanText:
    """Drop navigation, counters and everything from a 'Tin liên quan' heading on."""
    kept: list[str] = []
    removed: list[str] = []
    lines = normalise_lines(text)
    for index, line in enumerate(lines):
        if not line:
            kept.append("")
            continue
        if is_related_marker(line):
            removed.extend(rest for rest in lines[index:] if rest)
            break
        if is_navigation(line):
            removed.append(line)
            continue
        trimmed = trim_counter(line)
        if trimmed != line:
            removed.append(line[len(trimmed):].strip(" |"))
        if trimmed:
            kept.append(trimmed)
    while kept and not kept[-1]:
        kept.pop()
    while kept and not kept[0]:
        kept.pop(0)
    return CleanText(tuple(kept), tuple(removed))
