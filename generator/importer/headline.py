"""The headline among a page's first lines: which line it is, where its stamp is, what stands between it and
the lead (a section label, a signature, an outlet's name, a document's heading).

Split from extract.py, which reads the rest of the story around what this finds."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..importer.byline import is_name, read_signature, word_count
from ..importer.captions import (
    AGENCY_CODE,
    CAPTION_PREFIX,
    TRAILING_CREDIT,
    has_inner_sentence,
    is_caption,
    starts_with_time,
)
from ..importer.date_patterns import FoundDate
from ..importer.furniture import fold_aligned, is_anniversary_banner, is_slogan, is_title_bar
from ..importer.published import find_stamp

STAMP_WINDOW = 8  # a publication stamp stands among the first lines, next to the headline
HEADLINE_MAX_WORDS = 30
LONG_HEADLINE_MAX_WORDS = 60  # a headline this long counts only right before a stamp or a dated lead
LEAD_MIN_WORDS = 25  # a line this long is story text, never a headline
LATE_STAMP_WINDOW = 20  # further down, only a labelled stamp ('Ngày cập nhật …') under a headline counts
# Labels that say the date on their line is the story's publication ('Ngày cập nhật 23/10/2010').
_STAMP_LABEL_STARTS = ("ngay dang", "ngay cap nhat", "cap nhat", "dang luc", "dang ngay", "ngay xuat ban",
                       "thoi gian dang", "ngay dua tin")
LABEL_WORDS = 4  # words besides the date a stamp right under the headline may carry ('Audio thời sự 23-03-2023')
PORTLET_MAX_WORDS = 4  # a box's label under the site's date; the story's headline before the lead is longer
_BULLETS = ("* ", "- ", "+ ", "• ", "– ")  # an item of a list (or a starred caption): never the headline
# An outlet's label right under the headline on aggregator pages: 'Báo Hà Nội Mới'.
_OUTLET_LABEL = re.compile(r"^(?:bao|bao dien tu|tap chi|dai|truyen hinh)\s")

# A numbered section of a report ('1. TÌNH HÌNH THIÊN TAI', '2. Tin bão …', 'II. Kết quả'): a part of the
# document under the page's headline, never the headline itself.
_NUMBERED_SECTION = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})[.)]\s+\S")
_DOCUMENT_KINDS = frozenset({"quyet dinh", "thong bao", "ke hoach", "chi thi", "nghi quyet", "huong dan",
                             "cong van", "quy dinh", "to trinh", "bao cao", "giay moi", "thong tu", "nghi dinh"})
# A sentence's time opening with its comma ('Thời gian qua, …', 'Những năm gần đây, …'): a sapo printed without
# its full stop reads as a short headline, but a headline does not open like a sentence of the story.
_SAPO_OPENING = re.compile(r"^(?:(?:trong )?(?:thoi gian|nhung nam|nhung thang|nam|thang|tuan) (?:qua|gan day|vua qua)"
                           r"|vua qua|gan day|hien nay|nhung thang dau nam|tu dau nam(?: den nay)?)\s*,")


# A tense marker ('đã', 'sẽ', 'đang'): a sentence telling what happened ('Năm học mới đã bắt đầu.'), not a headline.
_TENSE = re.compile(r"\s(?:đã|sẽ|đang)\s")
# An agency's code alone on its line ('(BTNO) -'): the opening of a lead printed apart from it, never a headline.
_BARE_CODE = re.compile(r"^\([\w.]{2,20}\)\s*[-–:]?$")
# The number line of an official document ('Số: 198 /BC-UBND', 'Số 12/QĐ-UBND'), printed above its place and date.
_DOCUMENT_NO = re.compile(r"^so\s*:?\s*\d+\s*/\s*[\w.-]+$")
# A site's clock: a weekday, then only digits and separators ('Thứ bảy, 21-9-24 16:30:19'), whatever its date
# reads as; the words of a headline are never all numbers.
_CLOCK_LINE = re.compile(r"^(?:thu (?:hai|ba|tu|nam|sau|bay|[2-7])|chu nhat|cn|t[2-7]|monday|tuesday|wednesday"
                         r"|thursday|friday|saturday|sunday)\s*,?[\d\s/:.,|-]+$")


# A station's code in capitals before its headline ('(TTV) ', '(QTV) '): a code, then a space and the headline.
_CHANNEL_CODE = re.compile(r"^\([A-ZĐ]{2,6}\) +")
CHANNEL_MIN_WORDS = 5
# An agency's code without brackets opening a sentence ('VH- Đây là …', 'TTXVN - Sáng …'): a lead's dateline.
_CODE_DASH = re.compile(r"^[A-ZĐ]{2,6}\s?[-–]\s+\S")


def channel_headline(line: str) -> int:
    """Where the headline starts after a station's code ('(TTV) Người dân … lần thứ XXII'): a code in brackets,
    then no dash, a capital and a headline's length with no end punctuation; 0 when the line is not one (a lead
    opening with an agency's code is a sentence: '(BDO) Sáng 5/3, … .')."""
    code = _CHANNEL_CODE.match(line)
    if code is None or line.endswith((".", "!", "?", "…", ";", ",", ":", "”", '"')):
        return 0
    rest = line[code.end():]
    words = word_count(rest, HEADLINE_MAX_WORDS)
    return code.end() if rest[:1].isupper() and CHANNEL_MIN_WORDS <= words < LEAD_MIN_WORDS \
        and not starts_with_time(rest) else 0


def is_lead(line: str) -> bool:
    """A line of story text: long (unless a headline's length without end punctuation), or opening with a
    time phrase ('Sáng ngày 19/5, …') or an agency code (not a station's code before its headline)."""
    words = word_count(line, HEADLINE_MAX_WORDS)
    if LEAD_MIN_WORDS <= words <= HEADLINE_MAX_WORDS and not line.endswith((".", "!", "?", "…", ";", ",", ":")):
        words = 0  # 25-30 words and no end punctuation: a long headline ('Hội X: Các chi hội … 2023 – 2028')
    return (words >= LEAD_MIN_WORDS or starts_with_time(line)
            or (bool(AGENCY_CODE.match(line)) and not channel_headline(line))
            or (bool(_CODE_DASH.match(line)) and line.endswith((".", "!", "?"))))


def is_headline(line: str) -> bool:
    """A short line that does not read like a sentence of the story."""
    if len(line) > 200:
        return False
    words = word_count(line, HEADLINE_MAX_WORDS)
    return (2 <= words <= HEADLINE_MAX_WORDS and not line.endswith((".", ";", ",", ":"))
            and not starts_with_time(line) and find_stamp(line) is None and not CAPTION_PREFIX.match(line)
            and not is_stamp_label(line) and not is_title_bar(line) and not is_slogan(line)
            and not TRAILING_CREDIT.search(line)  # '… năm 2023”. Ảnh: VGP' is a photo's caption
            and not line.endswith(" |")  # '<caption> |': an image's caption closed by its credit bar
            and not line.startswith(_BULLETS)  # '* <caption>', '- <name> – <office>': a list's item
            and not _BARE_CODE.match(line) and not _CLOCK_LINE.match(fold_aligned(line))
            and not _DOCUMENT_NO.match(fold_aligned(line)))  # 'Số: 198 /BC-UBND': a document's number line


# A document's grounds ('Căn cứ Quy định số 45-QĐ/TW, …', 'Thực hiện Hướng dẫn số 01-HD/TW, …'), closed as a sentence:
# the first lines of a report, over its dated lead, never its headline.
_GROUNDS = re.compile(r"^(?:can cu|thuc hien) [^,;]{0,60}\bso\b")


def is_grounds(line: str) -> bool:
    """'Căn cứ Quy định số …', 'Thực hiện Hướng dẫn số …': a document's grounds (see _GROUNDS)."""
    return line[:1] in "CcTt" and bool(_GROUNDS.match(fold_aligned(line)))


def is_long_headline(line: str, following: str | None) -> bool:
    """A headline of up to 60 words, even ending with a full stop, when a stamp or a dated lead follows it."""
    if following is None or not (find_stamp(following) is not None or starts_with_time(following)
                                 or bool(AGENCY_CODE.match(following))):
        return False
    if line.endswith(".") and is_grounds(line):
        return False
    return (2 <= word_count(line, LONG_HEADLINE_MAX_WORDS) <= LONG_HEADLINE_MAX_WORDS
            and not line.endswith((";", ",", ":"))
            and not has_inner_sentence(line.rstrip(".")) and not starts_with_time(line) and not is_slogan(line)
            and not is_title_bar(line) and not line.endswith(" |") and not _BARE_CODE.match(line)
            and find_stamp(line) is None and not CAPTION_PREFIX.match(line))


def is_stamp_label(line: str) -> bool:
    """'Ngày đăng', 'Cập nhật:': the label of a stamp printed on the next line."""
    return fold_aligned(line).strip(" :") in ("ngay dang", "cap nhat", "ngay cap nhat", "dang luc", "dang ngay",
                                              "thoi gian", "ngay xuat ban", "posted on", "published")


def _headline_at(lines: Sequence[str], index: int) -> bool:
    if not 0 <= index < len(lines):
        return False
    following = lines[index + 1] if index + 1 < len(lines) else None
    return is_headline(lines[index]) or is_long_headline(lines[index], following)


def _stamps(lines: Sequence[str]) -> list[tuple[int, FoundDate]]:
    """Stamp lines among the first lines; one right under a headline may carry a short label."""
    found = []
    for index, line in enumerate(lines[:STAMP_WINDOW]):
        stamp = find_stamp(line)
        if stamp is None and index > 0 and is_headline(lines[index - 1]):
            stamp = find_stamp(line, LABEL_WORDS)
        if stamp is not None:
            found.append((index, stamp))
    if not found:  # a side column saved above the story pushes it down; a labelled stamp still marks it
        for index in range(STAMP_WINDOW, min(len(lines), LATE_STAMP_WINDOW)):
            labelled = fold_aligned(lines[index]).startswith(_STAMP_LABEL_STARTS)
            if labelled and is_headline(lines[index - 1]) and (stamp := find_stamp(lines[index], LABEL_WORDS)):
                found.append((index, stamp))
                break
    # Two stamps one above the other: the first, without a time, is the site's 'today' header ('Thứ tư, ngày 1
    # tháng 5 năm 2024' over the story's 'Thứ hai, ngày 26 tháng 6 năm 2023 | 13:58').
    return [(index, stamp) for position, (index, stamp) in enumerate(found)
            if not (stamp.hour is None and position + 1 < len(found) and found[position + 1][0] == index + 1)]


def _headline_before_lead(lines: Sequence[str], end: int) -> int | None:
    """The headline that stands alone right before the first line of story text (or the first line).

    An outlet label between them ('Báo X') is skipped; a long headline is one only before a dated lead.
    """
    for index, line in enumerate(lines[:end]):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if index == 0 and (_top_headline(line, following) or _stopped_headline(line, following)):
            return 0
        if index == 0 and is_anniversary_banner(line) and _headline_at(lines, 1):
            continue  # the portal's banner over the headline: not the story's text
        if is_lead(line) and not is_long_headline(line, following):
            before = index - 1
            while before > 0 and (outlet_label(lines[before]) or _under_headline(lines, before)
                                  or _document_heading(lines[before]) or _preamble(lines[before])):
                before -= 1
            if 0 < before <= 3 and _captions_under(lines, before):
                return 0  # the headline, then photo captions printed without their photos
            if before > 0 and _NUMBERED_SECTION.match(lines[before]):  # '2. Tin bão …' under a report's heading
                return 0 if _headline_at(lines, 0) and not _NUMBERED_SECTION.match(lines[0]) else None
            if _headline_at(lines, before) and not outlet_label(lines[before]):
                if before > 0 and _SAPO_OPENING.match(fold_aligned(lines[before])) and _headline_at(lines, before - 1):
                    return before - 1  # 'Thời gian qua, …' without its full stop: the sapo under the headline
                if before > 0 and echoed_headline(lines[before - 1], lines[before]):
                    return before - 1  # the headline, then its photo's caption in the headline's own words
                return before
            # A photo's caption between the headline and the lead ('Lãnh đạo huyện tham quan triển lãm.').
            if 0 < before <= 2 and _headline_at(lines, 0) and all(is_caption(c) for c in lines[1:before + 1]):
                return 0
            return None
        if is_long_headline(line, following) and not is_headline(line):
            if index > 0 and word_count(lines[index - 1]) >= 5 and is_headline(lines[index - 1]):
                return 0 if index == 2 and _subheading_under(lines) else index - 1  # the long line is its sapo
            return index
    # No lead among the first lines: the first line is the headline if a sentence of a story or a credited photo
    # caption follows it. A page of short lines without either (three bare captions) has no headline to find.
    told = len(lines) == 1 or any(line.endswith((".", "!", "?", "…", ":")) or is_lead(line)
               or TRAILING_CREDIT.search(line) or CAPTION_PREFIX.match(line) for line in lines[1:])
    return 0 if _headline_at(lines, 0) and told else None


def _top_headline(line: str, following: str | None) -> bool:
    """The page's first line is its headline when a lead of sentences follows it and the line is a headline too
    long for the usual rule: 25 to 60 words with no end punctuation at all, no sentence inside, not a caption. A
    page without a headline opens with its lead or a caption, which end with a full stop or are short. (A short
    line closed by a full stop is not taken: on real pages it is as often the story's first sentence.)"""
    if following is None or not (is_lead(following) and (following.endswith((".", "!", "?", "…", "”", '"'))
                                                          or word_count(following) >= 2 * LEAD_MIN_WORDS)):
        return False
    words = word_count(line)
    if (line[:1].islower() or has_inner_sentence(line.rstrip(".")) or starts_with_time(line) or is_caption(line)
            or AGENCY_CODE.match(line) or _CODE_DASH.match(line)  # '(Site.vn) - Nhân dịp …': a lead's opening
            or find_stamp(line) is not None or CAPTION_PREFIX.match(line) or line.startswith(_BULLETS)):
        return False
    return LEAD_MIN_WORDS <= words <= LONG_HEADLINE_MAX_WORDS and line[-1:].isalnum()


def _stopped_headline(line: str, following: str | None) -> bool:
    """The page's first line is its headline even closed by a full stop when it stands apart from the story's
    sentences: in capitals ('HÌNH ẢNH NGÀY HỘI ĐỌC SÁCH.') over a sentence not in capitals, or of three to eight
    words without a comma ('Tưng bừng ngày tựu trường.') over a long lead. A story's first sentence says who did
    what, when: longer, with a comma, a time or a tense ('đã'); a photo's caption reads as one (is_caption)."""
    if (following is None or not line.endswith(".") or line.endswith("..") or line[:1].islower()
            or not following.endswith((".", "!", "?", "…", "”", '"')) or starts_with_time(line)
            or has_inner_sentence(line[:-1]) or line.startswith(_BULLETS) or CAPTION_PREFIX.match(line)):
        return False
    words = word_count(line, HEADLINE_MAX_WORDS + 1)
    if line.isupper():
        return (2 <= words <= HEADLINE_MAX_WORDS and not following.isupper() and not _issuer(line)
                and not _document_heading(line) and find_stamp(line) is None)
    return (3 <= words <= 8 and "," not in line and word_count(following, LEAD_MIN_WORDS) >= LEAD_MIN_WORDS
            and not _TENSE.search(line) and not is_caption(line) and find_stamp(line) is None
            and not AGENCY_CODE.match(line))


def _subheading_under(lines: Sequence[str]) -> bool:
    """A headline of six words or more (not a site's name), then a line shaped like a photo's caption over a
    long line and a dated lead: the second line is the first section's subheading, the long line its photo's
    caption, not a headline and its sapo ('Ngày hội … ở các địa phương', then 'Người dân thành phố phấn khởi …')."""
    return (word_count(lines[0], 6) >= 6 and is_headline(lines[0]) and not lines[0].isupper()
            and not outlet_label(lines[0]) and not fold_aligned(lines[0]).startswith(MASTHEADS)
            and is_caption(lines[1]) and is_headline(lines[1]))


def _preamble(line: str) -> bool:
    """'Thực hiện kế hoạch … của Phòng GD&ĐT;': a clause closed by a semicolon, the first of a document's grounds
    that run on into the lead. It belongs to the story's text; the headline stands above it."""
    return line.endswith(";") and word_count(line) >= 6 and not line.isupper()


def _captions_under(lines: Sequence[str], last: int) -> bool:
    """A long headline (twelve words or more) at the top, then up to three photo captions printed without their
    photos before the lead: headline-shaped lines, one of them a caption by its shape ('Đ/c X – Chủ tịch … dự
    …'). The last caption is not the headline because it stands before the lead; the headline opens the page."""
    between = lines[1:last + 1]
    return (word_count(lines[0]) >= 12 and _headline_at(lines, 0) and any(is_caption(line) for line in between)
            and all(is_headline(line) for line in between))


MASTHEADS = ("cong thong tin", "trang thong tin", "bao ", "website", "uy ban nhan dan", "ubnd", "so ", "dang bo",
              "dai phat thanh", "trung tam", "hoi dong nhan dan", "hdnd", "huyen uy", "tinh uy", "thanh uy",
              "vien kiem sat", "toa an", "benh vien", "cong hoa xa hoi", "dang cong san")


def _issuer(line: str) -> bool:
    """'UỶ BAN NHÂN DÂN': the issuing body that opens a reprinted document, in capitals and short (a headline in
    capitals says what happened, so it is longer): under the stamp it is the document, not the headline."""
    return line.isupper() and word_count(line) <= 5 and fold_aligned(line).startswith(MASTHEADS)


def _document_heading(line: str) -> bool:
    """'QUYẾT ĐỊNH:', 'THÔNG BÁO': the heading of the document a page reprints, between its title and its first
    article; the title above it is the headline."""
    return line.isupper() and fold_aligned(line).strip(" :.") in _DOCUMENT_KINDS


def is_category_label(line: str) -> bool:
    """'Sức khỏe', 'Thời sự': a section name of one or two words, printed under or over the headline."""
    words = line.split(None, 2)  # all of them when there are two or fewer
    return 1 <= len(words) <= 2 and all(w.isalpha() for w in words) and words[0][0].isupper()


def top_byline(line: str) -> str | None:
    """'HOÀI THẢO |': a writer's name under the headline, closed by a separator the page prints after it; or
    'NGỌC AN - MINH HÀ // TRUNG TÂM TIN TỨC': the writers, '//', then their desk in capitals."""
    if " // " in line and len(line) <= 120:
        names, desk = line.split(" // ", 1)
        return read_signature(names.strip()) if desk.isupper() and "//" not in desk else None
    if not line.endswith(("|", "/")):
        return None
    return read_signature(line.rstrip(" |/"))


def _under_headline(lines: Sequence[str], index: int) -> bool:
    """A section label or a signature between the headline and the lead: neither is the headline."""
    section = is_section_label(lines[index]) and index + 1 < len(lines) and is_lead(lines[index + 1])
    if not (is_category_label(lines[index]) or top_byline(lines[index]) or section):
        return False
    above = lines[index - 1]
    return word_count(above) > 2 and _headline_at(lines, index - 1)


def find_headline(lines: Sequence[str]) -> tuple[int | None, int | None, FoundDate | None]:
    """(headline index, stamp index, stamp) among the non-blank lines.

    A headline followed by its stamp wins over a stamp followed by a headline (a site's 'today' header above
    the headline is a stamp too); a stamp with no headline next to it keeps the headline before the lead.
    """
    stamps = _stamps(lines)
    for index, stamp in stamps:
        if index >= 2 and outlet_label(lines[index - 1]) and photo_story_headline(lines[index - 2]):
            return index - 2, index, stamp  # 'Ảnh: <headline>', the outlet's name, the stamp: a photo story
        if (index >= 2 and is_section_label(lines[index - 1]) and word_count(lines[index - 2]) >= 8
                and is_headline(lines[index - 2])):
            return index - 2, index, stamp  # headline, a section label ('Xa lộ thông tin'), stamp
        if (((_headline_at(lines, index - 1) and not is_lead(lines[index - 1]))
             or (index > 0 and _timed_headline(lines[index - 1]))) and not _label_over(lines, index)):
            return index - 1, index, stamp
    for index, stamp in stamps:
        if _headline_at(lines, index + 1) and not _issuer(lines[index + 1]):
            if word_count(lines[index + 1]) <= PORTLET_MAX_WORDS and stamp.hour is None:
                later = _headline_before_lead(lines, STAMP_WINDOW)  # 'Thông tin cần biết' under the site's date
                if later is not None and later > index + 1 and word_count(lines[later]) >= 8:
                    return later, index, stamp
            return index + 1, index, stamp
    if stamps:
        index, stamp = stamps[0]
        return _headline_before_lead(lines, index), index, stamp
    return _headline_before_lead(lines, STAMP_WINDOW), None, None


_WORD_CHARS = re.compile(r"[^\w\s]")
ECHO_MIN_WORDS = 6
ECHO_SHARE = 0.8


def echoed_headline(line: str, below: str) -> bool:
    """A headline (six words or more, even typed in lower case: 'xã A tổ chức Giải …') over a shorter line whose
    words, folded, are four in five its own ('Giải … xã A năm 2023'): the photo's caption that retells it, not a
    second headline."""
    if not (is_headline(line) and word_count(line, ECHO_MIN_WORDS) >= ECHO_MIN_WORDS and len(below) < len(line)):
        return False
    own = set(_WORD_CHARS.sub(" ", fold_aligned(line)).split())
    words = _WORD_CHARS.sub(" ", fold_aligned(below)).split()
    return len(words) >= 4 and sum(word in own for word in words) >= ECHO_SHARE * len(words)


def photo_story_headline(line: str) -> str | None:
    """'Ảnh: Người dân … hưởng ứng chiến dịch …': a photo story's headline, labelled as a photo, over the outlet's
    name and the stamp; the headline without its label, or None."""
    label = CAPTION_PREFIX.match(line) if line[:1] in "Ảả(" else None
    rest = line[label.end():] if label else ""
    return rest if label and word_count(rest, 6) >= 6 and is_headline(rest) and rest[:1].isupper() else None


def _label_over(lines: Sequence[str], index: int) -> bool:
    """A section label of up to four words above the stamp at `index`, the headline under it: 'Kinh tế nông
    thôn', then the stamp, then a headline of eight words or more."""
    label, below = lines[index - 1], lines[index + 1] if index + 1 < len(lines) else ""
    if word_count(label) > 4 or word_count(below) < 8:
        return False
    return (is_headline(below) and not is_lead(below)) or (
        _timed_headline(below) and index + 2 < len(lines) and find_stamp(lines[index + 2]) is not None)


def _timed_headline(line: str) -> bool:
    """'Tối 11/11, khai mạc Liên hoan …' right over its stamp: a headline may open with the day of what it
    announces. Not a sentence (no end punctuation), shorter than a lead, no stamp of its own."""
    return (starts_with_time(line) and 5 <= word_count(line, LEAD_MIN_WORDS) < LEAD_MIN_WORDS
            and not line.endswith((".", "!", "?", "…", ";", ",", ":")) and find_stamp(line) is None)


def is_section_label(line: str) -> bool:
    """'Hoạt động Đoàn', 'Kinh tế nông thôn': a section name of up to four words (no name, no punctuation)."""
    words = line.split(None, 4)  # all of them when there are four or fewer
    return (1 <= len(words) <= 4 and all(w.isalpha() for w in words) and words[0][0].isupper()
            and not is_name(line))


def outlet_label(line: str) -> bool:
    """'Báo Hà Nội Mới' alone under the headline: the outlet an aggregator copied from, not story text."""
    return (word_count(line, 6) <= 6 and not line.endswith((".", ":", ";", ","))
            and bool(_OUTLET_LABEL.match(fold_aligned(line))) and all(w[:1].isupper() for w in line.split()))
