"""Dates in raw news: the publication stamp near the headline, and dates the story itself mentions.

The dates a line or a paragraph holds are found by date_patterns.py; here they are read as a stamp, or chosen
among as the day a story reports."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..importer.clean import fold_aligned
from ..importer.date_patterns import US_CLOCK, FoundDate, dates_in, is_real_date

if TYPE_CHECKING:
    from ..importer.notes import Notes

# All patterns run on folded lower-case text ('ngày 31 tháng 7' -> 'ngay 31 thang 7').
_TIME = re.compile(r"(?<![\d/.])(\d{1,2})\s*[:h]\s*(\d{2})(?::\d{2})?(?![\d/])")
_STAMP_WORDS = re.compile(r"ngay dang|dang ngay|ngay cap nhat|cap nhat|ngay xuat ban|xuat ban|thoi gian|"
                          r"dang luc|dang|ngay|luc|posted on|posted|published|updated|\bdate\b|\b(?:sa|ch)\b|"
                          r"thu (?:hai|ba|tu|nam|sau|bay|[2-7])\b|\bt[2-7]\b|\bcn\b|chu nhat|\b[ap]m\b|"
                          r"gmt ?\+ ?7|utc ?\+ ?7|\.0\b|[\d.,]+ (?:luot xem|luot doc|tra loi|binh luan)\b")
# A CMS 'posted by' opening: 'quantri gửi vào T3, 2018-01-09 14:22', 'admin posted on …'.
_POSTED_BY = re.compile(r"^\s*[\w.@-]{1,30} (?:gui vao|gui luc|dang vao|dang luc|posted on|posted)\b")
# A date in brackets with a two-digit year opening the lead: '(16/09/09) Theo Bộ Y tế …'.
_BRACKETED = re.compile(r"^\((\d{1,2})/(\d{1,2})/(\d{2}|(?:19|20)\d\d)\)")
# An agency's dateline before the lead: 'Tuyên Quang (TTXVN 17/2/2024) Sáng …', '(VNA 3/5/2021) …': the place
# (up to four capitalised words), the agency's code and the day it filed the story; '(BVX-29/12/2017) Sáng nay'.
_DATELINE = re.compile(r"^(?:[^\W\d_][^\W\d_]*(?: [^\W\d_][^\W\d_]*){0,3} )?\(([^\W\d_]{2,8})(?:,? |\s?[-–]\s?)"
                       r"(\d{1,2})/(\d{1,2})/"
                       r"((?:19|20)\d\d)\)")
# A document's number right before a date ('Hướng dẫn số 32-HD/HNDT ngày 10/5/2022'): the date is the
# document's, not the day the story reports.
# The code may be printed with spaces around its dash ('số 136/HD –TANDTC ngày 30/3/2017').
_DOCUMENT_NUMBER = re.compile(r"\bso\s*:?\s+\d+[\w/.-]*(?:\s?[-–]\s?[\w/.-]+)?\s*,?\s*(?:ngay\s*)?$")
# The end of a period ('từ ngày 17 đến 26-1-2011', 'từ 7 đến 9/10/2025'): when a programme ran, not the day
# the story reports.
_SPAN_END = re.compile(r"\btu (?:ngay )?(\d{1,2})(?:(?:[/.-]| thang )(\d{1,2}))?\b[^.;\d]{0,12}"
                       r"\bden (?:het )?(?:ngay )?$")
SHORT_SPAN_DAYS = 3  # 'trong 3 ngày từ 17 đến 19/3/2021': the story reports its first day
# A year the text states on its own or in a date: 'Tết Bính Ngọ 2026', 'năm Mậu Tuất 2018', '10-2-2026'.
_YEAR = re.compile(r"(?<![\d/.,-])((?:19|20)\d\d)(?![\d/.,]*\d)")
# A school year ('năm học 2009 - 2010'): its autumn months fall in the first year, the rest in the second.
_SCHOOL_YEAR = re.compile(r"nam hoc ((?:19|20)\d\d) ?[-–/] ?((?:19|20)\d\d)")
_MIDNIGHT = re.compile(r"(?<!\d)00:00:00(?!\d)")
_PM = re.compile(r"\b(?:pm|ch)\b")  # 'CH' (chiều): a Vietnamese-locale clock's PM ('20/07/2012 3:16:17 CH')
# Words looking back before a date in the lead ('Cách đây 70 năm, ngày 27/2/1955'): the story's history, not the
# day it reports.
_LOOKING_BACK = re.compile(r"\b(?:cach day (?:hon |gan )?\d+ nam|nam xua|truoc do \d+ nam)"
                           r"[^.;]{0,40}$")
HISTORY_YEARS = 15  # a lead's date this many years before another year it states is history ('(1930 – 2023)')
_WEEKDAY = re.compile(r"^(?:thu (?:hai|ba|tu|nam|sau|bay|[2-7])|chu nhat|cn|t[2-7]"  # 'Thứ bảy, …' folded
                      r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")  # a template's English
HEADER_MONTH_GAP_DAYS = 14  # a year-less day in the lead from an earlier month, this long before the header
TODAY_HEADER_GAP_DAYS = 60  # a time-less weekday stamp this far from the lead's date is the site's 'today' header
_LEFTOVER = re.compile(r"[a-z0-9]")
_LEFTOVER_WORD = re.compile(r"[^\W_]+")
_WORDS_BEFORE = re.compile(r"(?:\b(?:sang|trua|chieu|toi|dem|hom nay|hom qua)\s+)?(?:\bngay\s+)?$")

# A document's grounds opening the lead ('Thực hiện Công văn số … về …;', 'Căn cứ …;'): a date in brackets before
# the semicolon is the day of what the document is about, not the day the story reports.
_GROUNDS = ("thuc hien ", "can cu ")
# A date alone on its line with spaces around a separator ('27 - 02-2016'); inside a sentence '10 - 12/2016' is a
# span of months, so only a whole line is read this way.
_SPACED_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)\s*$")
# A weekday (and 'ngày') glued to a signature before the date: 'Vũ Em-Chủ nhật, ngày 11/12/2022 12:45'.
_WEEKDAY_TAIL = re.compile(r"\s*[-–,|]?\s*(?:thu (?:hai|ba|tu|nam|sau|bay|[2-7])|chu nhat)\s*,?\s*(?:ngay\s*)?$")
# What may stand between a signature and its date: ' - ', a comma, a time first ('Vũ Công 11:04, 10/01/2024').
_BEFORE_DATE = re.compile(r"[\s,|–-]*(?:\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?)?[\s,|–-]*$")


_AUTHOR_SEPARATOR = re.compile(r"\s+[-–]\s+")


def _name_before(line: str, end: int) -> tuple[str, int] | None:
    """(signature, where it ends) in front of the stamp: two to five words, all upper case or all capitalised,
    then perhaps ' - ' and a time ('Bùi Ánh - 14:20 28/09/2023', 'Vũ Công 11:04, 10/01/2024')."""
    end = _BEFORE_DATE.search(line, 0, end).start()  # type: ignore[union-attr]  # always matches
    if weekday := _WEEKDAY_TAIL.search(fold_aligned(line[:end])):
        end = weekday.start()
    authors = [part.split() for part in _AUTHOR_SEPARATOR.split(line[:end].strip())]  # 'VĂN HÀO - TRẦN HỮU'
    words = [word for part in authors for word in part]
    if not 2 <= len(words) <= 5 * len(authors) or len(authors) > 3 or not all(w.isalpha() for w in words):
        return None
    if not _LEFTOVER.search(_STAMP_WORDS.sub(" ", fold_aligned(line[:end]))):
        return None  # 'Chủ Nhật 13/06/2021': a weekday, not a name
    if any(len(part) < 2 for part in authors) and len(authors) > 1:
        return None  # two authors are two full names
    if all(w.isupper() for w in words) or all(w[0].isupper() and w[1:].islower() for w in words):
        return " - ".join(" ".join(part) for part in authors), end
    return None


def _section_before_weekday(line: str, folded: str, start: int) -> int:
    """Where the weekday starts after a section's name ('Sức khỏe Thứ Tư 01/10/2025, 16:49'): one to three
    words, the first capitalised, no digit, then the weekday right before the date; 0 when the line has none."""
    if "thu " not in folded[:start] and "chu nhat" not in folded[:start]:
        return 0
    end = _BEFORE_DATE.search(folded, 0, start).start()  # type: ignore[union-attr]  # always matches
    weekday = _WEEKDAY_TAIL.search(folded, 0, end)
    if not weekday or not line[weekday.start():].lstrip(" -–,|")[:1].isupper():  # 'Thứ Tư', not '… thứ 5'
        return 0
    words = line[:weekday.start()].split()
    if not 1 <= len(words) <= 3 or not words[0][:1].isupper() or not all(word.isalpha() for word in words):
        return 0
    return weekday.start()


def find_stamp(line: str, label_words: int = 0) -> FoundDate | None:
    """The publication stamp if the line is nothing else: '2020-03-31 16:58:00.0', 'Ngày đăng 01/08/2021 | 15:44'.

    Also 'Thứ 7, 03/08/2013 | 16:06:36', '13/06/2021 18:21 PM - 0 Trả lời', 'quantri gửi vào T3, 2018-01-09 14:22'
    and a signature before the date ('THÙY DƯƠNG 13/08/2013 03:08 GMT+7', kept in `by`). `label_words` allows
    that many other words, for the line right under a headline ('Audio thời sự 23-03-2023').
    """
    if len(line) > 100 or ("19" not in line and "20" not in line):  # a stamp's year: 19xx or 20xx (see dates_in)
        return None
    written = line.strip()
    if _SPACED_DATE.match(line):  # '27 - 02-2016' alone on its line: a stamp typed with spaces
        line = _SPACED_DATE.sub(r"\1-\2-\3", line)
    folded = fold_aligned(line)
    dates = [d for d in dates_in(folded) if d[2].year is not None]
    if len(dates) != 1:
        return None
    start, end, found = dates[0]
    signed = _name_before(line, start)
    if signed and folded[signed[1]:start].lstrip().startswith(",") and folded.startswith("ngay", start):
        signed = None  # 'Bắc Hà, ngày 29 tháng 6 năm 2012': a document's place and date, not a signed stamp
    by = signed[0] if signed else None
    cut = signed[1] if signed else _section_before_weekday(line, folded, start)
    rest = (" " * cut + folded[cut:start] if cut else folded[:start]) + " " + folded[end:]
    rest = _POSTED_BY.sub(" ", rest)
    hour, minute = found.hour, found.minute
    if hour is None and (t := _TIME.search(rest)):
        hour, minute = int(t[1]), int(t[2])
        rest = rest[: t.start()] + " " + rest[t.end():]
    leftover = _STAMP_WORDS.sub(" ", rest)
    if len(_LEFTOVER_WORD.findall(leftover)) > label_words or (not label_words and _LEFTOVER.search(leftover)):
        return None
    if hour is not None and _PM.search(rest) and hour < 12:
        hour += 12
    if hour is not None and not (hour < 24 and (minute or 0) < 60) or _MIDNIGHT.search(folded):
        hour = minute = None  # '00:00:00': a CMS that stores days only prints midnight, not a time
    return FoundDate(found.day, found.month, found.year, hour, minute, written, True, by)


def month_first(stamp: FoundDate, text: str) -> FoundDate:
    """The stamp read month-first when it is an AM/PM clock whose day-first reading comes before the latest day
    the story reports and whose month-first reading does not ('8/5/2015 7:50:17 AM' on a review of the period
    '… đến 31/5/2015': published on 5 August, not 8 May). A story is published after what it reports."""
    us = US_CLOCK.search(fold_aligned(stamp.written))
    if us is None or stamp.year is None or stamp.day > 12 or stamp.day == stamp.month:
        return stamp
    if not is_real_date(stamp.month, stamp.day, stamp.year) or int(us[4]) > 12:
        return stamp
    folded = fold_aligned(text)
    every = dates_in(folded)
    history = _history(folded, every)
    told = [date(found.year or stamp.year, found.month, found.day) for start, _, found in every
            if start not in history and not (found.year is None and found.month == 2 and found.day == 29)]
    latest = max(told, default=None)
    day_first, us_first = date(stamp.year, stamp.month, stamp.day), date(stamp.year, stamp.day, stamp.month)
    if latest is None or not day_first < latest <= us_first:
        return stamp
    return FoundDate(stamp.month, stamp.day, stamp.year, stamp.hour, stamp.minute, stamp.written, True, stamp.by)


def bracketed_stamp(line: str) -> FoundDate | None:
    """'(16/09/09) Theo …': the date an old page prints in brackets before its lead, year in two digits; or an
    agency's dateline, 'Tuyên Quang (TTXVN 17/2/2024) Sáng …'."""
    match = _BRACKETED.match(line)
    if match is None:
        dateline = _DATELINE.match(line)
        if dateline is None or not dateline[1].isupper() or not line[:1].isupper() and line[:1] != "(":
            return None
        day, month, year = int(dateline[2]), int(dateline[3]), int(dateline[4])
        return (FoundDate(day, month, year, None, None, dateline.group(), True) if is_real_date(day, month, year)
                else None)
    day, month, year = int(match[1]), int(match[2]), int(match[3])
    if year < 100:
        year += 2000 if year < 70 else 1900
    if not is_real_date(day, month, year):
        return None
    return FoundDate(day, month, year, None, None, match.group(), True)


def first_story_date(text: str) -> FoundDate | None:
    """The first date a paragraph mentions ('sáng ngày 16/04/2020', 'Chiều ngày 25/3', 'ngày 31 tháng 7 năm 2021'),
    leaving out a document's date ('Quyết định số 12/QĐ-UBND ngày 3/4/2020') and the end of a period ('từ ngày
    17 đến 26-1-2011')."""
    folded = fold_aligned(text)
    dates = []
    every = dates_in(folded)
    history = _history(folded, every)
    grounds = folded.find(";") if folded.startswith(_GROUNDS) else -1
    for start, end, found in every:
        if _DOCUMENT_NUMBER.search(folded, max(0, start - 40), start) or start in history:
            continue
        if start < grounds and folded.rfind("(", 0, start) > folded.rfind(")", 0, start):
            continue  # 'Thực hiện Công văn … về Giờ Trái đất (từ 20h30 … ngày 28/3/2020);': the document's subject
        span = _SPAN_END.search(folded, max(0, start - 40), start)
        if span is None:
            dates.append((start, end, found))
        elif (first := _span_start(span, found)) is not None:  # a short event: its first day
            dates.append((span.start(), end, first))
    if not dates:
        return None
    start, end, found = dates[0]
    if found.year is None and len(dates) > 1 and (paired := _paired_day(folded, dates[0], dates[1])) is not None:
        found = paired  # 'ngày 19/9 và 20/9/2020': the first of two days named one by one takes the year
    start = _WORDS_BEFORE.search(folded[:start]).start()  # type: ignore[union-attr]  # always matches
    return FoundDate(found.day, found.month, found.year, None, None, text[start:end].strip(), False)


def _paired_day(folded: str, first: tuple[int, int, FoundDate], second: tuple[int, int, FoundDate]
                ) -> FoundDate | None:
    """The first of two dates joined by 'và', a comma or a dash, the second with its year ('ngày 19/9 và
    20/9/2020'), when the two are at most three days apart: that first day, in the second's year."""
    told, other = first[2], second[2]
    if other.year is None or not re.fullmatch(r"\s*(?:va|,|-|–)\s*(?:ngay\s+)?", folded[first[1]:second[0]]):
        return None
    try:
        gap = (date(other.year, other.month, other.day) - date(other.year, told.month, told.day)).days
    except ValueError:
        return None
    return replace(told, year=other.year) if 0 <= gap <= SHORT_SPAN_DAYS else None


def _history(folded: str, dates: list[tuple[int, int, FoundDate]]) -> set[int]:
    """Where the dates of the story's history start: an anniversary's pair ('(18/11/1930 – 18/11/2023)'), a date
    after words looking back ('cách đây 70 năm, ngày 27/2/1955'), a date decades before another date the
    paragraph states. None of them is the day the story reports, and a page is never published on them."""
    latest = max((told.year or 0 for _, _, told in dates), default=0)  # not 'đến năm 2030': a plan's target
    found = set()
    for index, (start, end, told) in enumerate(dates):
        if told.year is None:
            continue
        if index + 1 < len(dates) and (later := dates[index + 1][2]).year and later.year - told.year >= HISTORY_YEARS \
                and re.fullmatch(r"\s*[-–—]\s*", folded[end:dates[index + 1][0]]):
            found.update((start, dates[index + 1][0]))
        if latest - told.year >= HISTORY_YEARS or _LOOKING_BACK.search(folded, max(0, start - 60), start):
            found.add(start)
    return found


def _span_start(span: re.Match[str], last: FoundDate) -> FoundDate | None:
    """The first day of a period that ends on `last`, when the period is short ('từ 17 tháng 3 đến ngày 19 tháng
    3 năm 2021'); None for a longer one ('từ ngày 17 đến 26-1-2011': a programme's weeks, not the story's day)."""
    month = int(span[2]) if span[2] else last.month
    year = last.year or 2000
    try:
        first, final = date(year, month, int(span[1])), date(year, last.month, last.day)
    except ValueError:
        return None
    if not 0 <= (final - first).days <= SHORT_SPAN_DAYS:
        return None
    return FoundDate(first.day, first.month, last.year, None, None, "", False)


def proposed_year(text: str, month: int) -> tuple[int, str] | None:
    """(year, where it is said) when the text states exactly one year, for a day-month printed without one.

    'Tết Bính Ngọ 2026 … đến ngày 10-2-2026' gives 2026; a school year 'năm học 2009 - 2010' gives 2009 for
    September to December, 2010 otherwise; two different years (a term 'nhiệm kỳ 2023 – 2028') give none.
    """
    folded = fold_aligned(text)
    years: dict[int, str] = {}
    for match in _SCHOOL_YEAR.finditer(folded):
        first, second = int(match[1]), int(match[2])
        if second == first + 1:
            years.setdefault(first if month >= 9 else second, text[match.start():match.end()])
            folded = folded[: match.start()] + " " * (match.end() - match.start()) + folded[match.end():]
    for match in _YEAR.finditer(folded):
        before = text[max(0, match.start() - 40):match.start()]
        words = before.split("\n")[-1].split()[1 if match.start() > 40 and "\n" not in before else 0:][-3:]
        years.setdefault(int(match[1]), " ".join([*words, match[1]]))
    if len(years) != 1:
        return None
    return next(iter(years.items()))


def no_year_note(told: FoundDate, text: str, notes: Notes) -> str:
    """The review note for a day-month without a year: proposing the year the text states, when it states one."""
    month, day = f"{told.month:02d}", f"{told.day:02d}"
    proposal = proposed_year(text, told.month)
    if proposal is None:
        return notes.say("no_year", written=told.written, month=month, day=day)
    year, where = proposal
    return notes.say("no_year_proposed", written=told.written, year=year, where=where, month=month, day=day)


def is_today_header(stamp: FoundDate, told: FoundDate | None) -> bool:
    """A weekday date without a time, months away from the day the lead reports ('Thứ bảy, ngày 27 tháng 02
    năm 2021' over a lead opening 'Ngày 14/10, …'): the site's 'today' header, saved with the page, not the
    story's stamp. A story is published within days of what it reports."""
    if stamp.hour is not None or told is None or stamp.year is None or not _WEEKDAY.match(fold_aligned(stamp.written)):
        return False
    try:
        published = date(stamp.year, stamp.month, stamp.day)
        event = date(told.year or stamp.year, told.month, told.day)
        if told.year is None and event > published:  # 'ngày 14/10' told in February: last October
            event = date(stamp.year - 1, told.month, told.day)
    except ValueError:  # 29 February in a year without it
        return False
    if told.year is None and told.month != stamp.month and published - event > timedelta(days=HEADER_MONTH_GAP_DAYS):
        return True  # 'Thứ bảy, 04 Tháng 05 Năm 2024' over 'Sáng 7/4, …': the header's month, not the story's
    return abs((published - event).days) > TODAY_HEADER_GAP_DAYS
