"""Dates as the text writes them: FoundDate, the patterns of a day and a month (numbers, ISO, words, a
template's English, a US clock's month first) and every date a paragraph holds (`dates_in`).

Split from published.py, which reads a publication stamp and chooses the day a story reports among these."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

# All patterns run on folded lower-case text ('ngày 31 tháng 7' -> 'ngay 31 thang 7').
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)(?![\d/.-]*\d)")
_ISO = re.compile(r"(?<![\d-])((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?:[ t](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?")
# 'ngày 28 và 29 tháng 10 năm 2013', 'ngày 5, 6 tháng 3': an event over days named one by one; its first day.
_WORDS = re.compile(r"ngay (\d{1,2})(?:(?:,| va) \d{1,2})* thang (\d{1,2})(?:,? nam ((?:19|20)\d\d))?")
# A half-translated template's date: 'Thứ sáu, Day 29 Month 08 Year 2025'.
_TEMPLATE_WORDS = re.compile(r"\bday (\d{1,2}) month (\d{1,2}) year ((?:19|20)\d\d)\b")
# Without 'ngày' only with its year ('Thứ Bảy, 28 tháng 1, 2012'): '5 tháng' alone is five months.
_WORDS_YEAR = re.compile(r"(?<![\d/.])(\d{1,2}) thang (\d{1,2}),? (?:nam )?((?:19|20)\d\d)\b")
# The month first, as a word, in English order: a blog template's 'Tháng mười 8, 2024' ('October 8, 2024').
_MONTH_FIRST_WORDS = re.compile(r"\bthang (mot|gieng|hai|ba|tu|bon|nam|sau|bay|tam|chin|muoi(?: mot| hai)?|chap|"
                                r"\d{1,2}) (\d{1,2}),? ((?:19|20)\d\d)\b")
_MONTH_NUMBERS = {"mot": 1, "gieng": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
                  "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12, "chap": 12}
# A year-less day/month counts only after a time-of-day word or 'ngày': '1.5' alone is a number.
_NO_YEAR = re.compile(r"(?:\b(?:sang|trua|chieu|toi|dem|ngay|hom nay|hom qua)\s*(?:ngay\s*)?)"
                      r"(\d{1,2})[/.-](\d{1,2})(?![/.-]?\d)")
# The clock of a .NET or SharePoint site: 12-hour time with seconds and AM/PM ('8/5/2015 7:50:17 AM'). Its
# date is month-first under an en-US setting and day-first under a Vietnamese one ('10/08/2023 05:03:54 PM'):
# which one, only the story's own dates tell (published.month_first).
US_CLOCK = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d) (\d{1,2}):\d{2}:\d{2} ?[ap]m\b")


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date as found in the text; `year` is None when the text left it out."""

    day: int
    month: int
    year: int | None
    hour: int | None
    minute: int | None
    written: str  # the words as they stand in the text
    is_stamp: bool  # a publication stamp line, not a date inside the story
    by: str | None = None  # a byline printed on the stamp line ('THÙY DƯƠNG 13/08/2013 03:08')

    def value(self, year: int | None = None) -> str | None:
        """'2021-08-01 15:44', '2020-04-16', or None when the year is unknown."""
        full_year = self.year or year
        if full_year is None:
            return None
        text = f"{full_year:04d}-{self.month:02d}-{self.day:02d}"
        if self.hour is not None and self.minute is not None:
            text += f" {self.hour:02d}:{self.minute:02d}"
        return text


# The patterns of a date with its day and month, each with the words one of which every match holds, and how far
# before such a word a match starts ('16/04/2020': 5 characters before '/2020'): tried there, not everywhere.
_DATE_PATTERNS = ((_NUMERIC, ("/19", "/20", ".19", ".20", "-19", "-20"), (3, 4, 5)), (_WORDS, ("ngay ",), (0,)),
                  (_WORDS_YEAR, (" thang ",), (1, 2)),
                  (_NO_YEAR, ("sang", "trua", "chieu", "toi", "dem", "ngay", "hom"), (0,)),
                  (_TEMPLATE_WORDS, ("day ",), (0,)))
_ISO_ANCHORS = (("19", "20"), (0,))


def _matches(pattern: re.Pattern[str], folded: str, anchors: tuple[str, ...], before: tuple[int, ...]
             ) -> Iterator[re.Match[str]]:
    """pattern.finditer(folded), for a pattern whose every match starts `before` characters before one of the
    `anchors` (words every match holds): tried at those places only. A search tries the pattern at every
    character of the text, a few microseconds a paragraph for each pattern."""
    starts: set[int] = set()
    for anchor in anchors:
        at = folded.find(anchor)
        while at >= 0:
            starts.update(at - back for back in before if at >= back)
            at = folded.find(anchor, at + 1)
    end = 0
    for start in sorted(starts):  # leftmost first, none overlapping the last: as finditer goes
        if start >= end and (match := pattern.match(folded, start)):
            yield match
            end = match.end()


def is_real_date(day: int, month: int, year: int | None) -> bool:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 29/2 without a year is allowed
    except ValueError:
        return False
    return True


def dates_in(folded: str) -> list[tuple[int, int, FoundDate]]:
    """(start, end, date) of every date in folded text, in text order."""
    found: list[tuple[int, int, FoundDate]] = []
    for m in _matches(_ISO, folded, *_ISO_ANCHORS) if "-" in folded else ():
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        hour, minute = (int(m[4]), int(m[5])) if m[4] else (None, None)
        found.append((m.start(), m.end(), FoundDate(day, month, year, hour, minute, "", False)))
    for m in _matches(_MONTH_FIRST_WORDS, folded, ("thang ",), (0,)) if "thang " in folded else ():
        month = int(m[1]) if m[1].isdigit() else _MONTH_NUMBERS[m[1]]
        found.append((m.start(), m.end(), FoundDate(int(m[2]), month, int(m[3]), None, None, "", False)))
    for pattern, anchors, before in _DATE_PATTERNS:
        for m in _matches(pattern, folded, anchors, before):
            year = int(m[3]) if m.lastindex and m.lastindex >= 3 and m[3] else None
            day, month = int(m[1]), int(m[2])
            if pattern is _NUMERIC and month > 12 >= day and US_CLOCK.match(folded, m.start()):
                day, month = month, day  # '8/16/2021 1:54:45 PM': an en-US clock, read month-first
            found.append((m.start(), m.end(), FoundDate(day, month, year, None, None, "", False)))
    found = [f for f in found if is_real_date(f[2].day, f[2].month, f[2].year)
             and (f[2].hour is None or (f[2].hour < 24 and (f[2].minute or 0) < 60))]
    # Where patterns overlap ('ngày 16/04/2020' is also year-less '16/04'), keep the longer match.
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, FoundDate]] = []
    for item in found:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept
