"""Passes over a page's first lines before its headline is looked for (headline.py): an ALL-CAPS headline
wrapped over two or three lines joined again, a sapo printed above the headline as well as in the body dropped,
and a writer's name printed between the headline and its stamp taken out.

Split from headline.py, which finds the headline in the lines these return."""

from __future__ import annotations

import re

from ..importer.byline import read_signature, word_count
from ..importer.furniture import fold_aligned
from ..importer.headline import LONG_HEADLINE_MAX_WORDS, MASTHEADS, STAMP_WINDOW, is_headline, is_lead, is_long_headline
from ..importer.published import find_stamp


def join_wrapped_headline(lines: list[str]) -> list[str]:
    """An ALL-CAPS headline wrapped over two or three lines ('TRƯỜNG X LONG TRỌNG TỔ CHỨC' / 'LỄ KHAI GIẢNG …')
    joined again: at the top (or under the stamp), capitals with no end punctuation, the first of six words or
    more and not a masthead, the lead right under them. One line of it alone is half a headline."""
    if not lines or not (lines[0].isupper() or (len(lines) > 1 and lines[1].isupper())):
        return lines  # most pages: no capitals at the top
    stamped = find_stamp(lines[0]) is not None
    if not (stamped or lines[0].isupper()):
        return lines
    start = 1 if stamped else 0
    for count in (3, 2):
        run = lines[start:start + count]
        if (len(run) == count and start + count < len(lines) and is_lead(lines[start + count])
                and all(line.isupper() and not line.endswith((".", ",", ";", ":", "!", "?"))
                        and find_stamp(line) is None for line in run)
                and word_count(run[0]) >= 6 and not fold_aligned(run[0]).startswith(MASTHEADS)
                and word_count(" ".join(run)) <= LONG_HEADLINE_MAX_WORDS):
            return [*lines[:start], " ".join(run), *lines[start + count:]]
    return lines


def drop_repeated_sapo(lines: list[str]) -> list[str]:
    """Without a sapo printed above the headline and again in the body (a later line opens with its first ten
    words and holds four in five of its words): the copy above would read as the lead and push the headline
    into the body."""
    for index, line in enumerate(lines[:2]):
        if not (is_lead(line) and word_count(line, 12) >= 12 and index + 1 < len(lines)
                and is_headline(lines[index + 1])):
            continue
        start, words = " ".join(line.split()[:10]), set(line.split())
        folded_words = set(fold_aligned(line).split())
        for other in lines[index + 2:]:
            if other.startswith(start) and len(words & set(other.split())) * 5 >= len(words) * 4:
                return lines[:index] + lines[index + 1:]
            if len(other) < len(line) and _restates(other, folded_words):  # the sapo said again, shorter, in the body
                return [*lines[:index], lines[index + 1], line, *lines[index + 2:]]
    return lines


def _restates(other: str, sapo_words: set[str]) -> bool:
    """A body line of ten words or more whose words (folded) are nine in ten the sapo's: it restates the sapo."""
    if word_count(other, 10) < 10:
        return False
    words = fold_aligned(other).split()
    return sum(word in sapo_words for word in words) * 10 >= len(words) * 9


_UNIT_BRACKET = re.compile(r"\s*\([^()]{2,60}\)\s*$")


def signature_over_stamp(lines: list[str]) -> tuple[list[str], str | None]:
    """(lines, writer) without a writer's name printed between the headline and its stamp ('Lê Thu' between
    a headline and '16:40 23/08/2025'): it would read as a short headline."""
    for index in range(1, min(len(lines) - 1, STAMP_WINDOW)):
        line = lines[index]  # 'Lan Anh (Đài X)': the writer and, in brackets, the unit
        if line.rstrip().endswith(")"):  # (the search tries every position of a line: most are story text)
            line = _UNIT_BRACKET.sub("", line)
        if (word_count(line, 4) <= 4 and (name := read_signature(line)) and find_stamp(lines[index + 1]) is not None
                and (is_headline(lines[index - 1]) or is_long_headline(lines[index - 1], lines[index + 1]))
                and word_count(lines[index - 1]) >= word_count(line) + 3):  # a long headline: as if over its stamp
            return lines[:index] + lines[index + 1:], name
        if (index >= 2 and _paired_names(line) and find_stamp(lines[index + 1]) is not None
                and is_lead(lines[index - 1]) and is_headline(lines[index - 2])):
            return lines[:index] + lines[index + 1:], read_signature(line)  # headline, sapo, 'A - B', stamp
    return lines, None


def _paired_names(line: str) -> bool:
    """'Cẩm Tú - Văn Lộc': two writers' names, each of two or three words, parted by a spaced dash."""
    parts = re.split(r" [-–] ", line)
    return (len(parts) == 2 and all(2 <= word_count(part, 3) <= 3 for part in parts)
            and read_signature(line) is not None)
