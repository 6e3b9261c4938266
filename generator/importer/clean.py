"""Lines of a raw page, without the web page around the story: navigation, counters, related links."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice

from ..importer.caption_lines import is_caption_length, lift_inner_captions, mark_doubled_caption
from ..importer.furniture import (
    END_MARKERS,
    RELATED_MARKERS,
    drop_donation_box,
    drop_numbered_series,
    drop_stat_block,
    fold_aligned,
    folded_key,
    is_breadcrumb,
    is_contact,
    is_doubled,
    is_navigation,
)
from ..importer.glued import split_headline_lead, split_template_glue, strip_html_tags
from ..importer.widgets import drop_trending, is_unmarked_alt, is_widget_line

# A date glued to the words before or after it ('Cà Mau15/09/2025', '10/08/2017Thông thường …'), at the end
# with its time, after a word or a closing bracket ('… (20/01 - 19/02/2017)01/03/2017 15:02:43').
_GLUED_START = re.compile(r"\d{1,2}/\d{1,2}/(?:19|20)\d\d(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?)?(?=[^\W\d_])")
_GLUED_END = re.compile(r"(?<=[^\W\d_]|\))\d{1,2}/\d{1,2}/(?:19|20)\d\d(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
# A stamp glued to the end of a paragraph, time first: '… cả nước. 04:30 GMT+7, Thứ Ba, 27/9/2022'.
_GLUED_STAMP = re.compile(r"(?<=[.!?…”\"]) (\d{1,2}:\d{2}(?: ?GMT ?\+ ?7)?,? (?:(?:Thứ [\wÀ-ỹ]+|Chủ nhật|Chủ Nhật),? )?"
                          r"\d{1,2}/\d{1,2}/(?:19|20)\d\d)$")
# A stamp with its label glued to the end of the headline ('<headline> Ngày cập nhật 29/11/2022'): a line of its own.
_GLUED_LABELLED = re.compile(r"(?<=\S) ((?:Ngày cập nhật|Cập nhật ngày|Ngày đăng|Đăng ngày|Ngày xuất bản)\s*:?\s*"
                             r"\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d(?:,? \d{1,2}:\d{2}(?::\d{2})?)?)$")
# A stamp in brackets, with its time, glued to the end of the headline ('<headline> (09:42 17/03/2020)'): a line of
# its own. A bracket of dates without a time ('(19/5/1890 - 19/5/2024)') is the headline's own words.
_GLUED_BRACKET = re.compile(r"(?<=\S) (\((?:\d{1,2}:\d{2}(?::\d{2})?,? \d{1,2}/\d{1,2}/(?:19|20)\d\d"
                            r"|\d{1,2}/\d{1,2}/(?:19|20)\d\d,? \d{1,2}:\d{2}(?::\d{2})?)\))$")
# A counter glued to the end of a content line: 'Ngày đăng 01/08/2021 | 15:44  | View count: 11848'.
# A print button after it goes too: '18:46 - Thứ Năm, 27/04/2023 Lượt xem: 4346 In bài viết'.
_TRAILING_COUNTER = re.compile(r"\s*[|·•-]?\s*(view count|luot xem|so luot xem|luot doc)\s*:?\s*[\d.,]+"
                               r"(?:\s*[|·•-]?\s*(?:in bai viet|ban in|in|chia se|gui email))*\s*$")
# What a stamp's line may carry after its time ('… 09:15:40 [GMT +7] A A', '… 15:05 87 0'): the font-size buttons
# or bare counters (views, comments); the line without them must read as a stamp.
_STAMP_TAIL = re.compile(r"(?:(?<=\d:\d\d)|(?<=[\])]))\s+"
                         r"(?:(?:A[+-]?\s?){2,3}|\d{1,7}(?:\s+\d{1,7}){0,2})$")
_TAIL_ENDS = frozenset("A+-0123456789")
# A camera's file name glued to a sentence's end ('… học sinh.DSC04417'): the photo's alt text, not a word.
_GLUED_CAMERA_FILE = re.compile(r"[.!?…”](?:IMG|DSC|DSCN|DSCF|DJI|PXL)[_-]?\d{3,}(?:[_-]\d+)*$", re.IGNORECASE)
# A template's empty value printed before a line ('null Hội Nông dân …'): never part of the text.
_NULL_PREFIX = re.compile(r"^(?:null|undefined)\s+(?=\w)")
# Photo alt text: the headline again with the photo's number ('<headline> - 1', '<headline> - Ảnh 1', or with
# the dash glued to the headline's last word: '<headline>- Ảnh 1.').
_NUMBERED_COPY = re.compile(r"^(.{12,}?)\s*[-–]\s*(?:(?:ảnh|hình|photo)\s+)?\d{1,2}\.?$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2}")  # letters: what a cut line's full copy has after the cut ('- 1' has none)
_GLUED_SITE = re.compile(r"(?<=[a-z0-9])\.(?:vn|com|net|org)(?=[^\W\d_])")  # a site's name, a word glued after it
BREADCRUMB_TOP = 12  # kept lines above a headline's first copy, at most, for a breadcrumb under it to go
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b\ufeff]+")

# A link to an earlier or later part of a series ('Bài 1: …', 'Kỳ 2 - …') under a part's headline.
_SERIES_PART = re.compile(r"^(?:bai|ky|phan) (\d{1,2})\s*[:.–-]\s*\S")


@dataclass(frozen=True, slots=True)
class CleanText:
    lines: tuple[str, ...]  # stripped; '' marks a blank line
    removed: tuple[str, ...]  # boilerplate lines dropped, for the report



_BANNER_GAP = re.compile(r"(?<=\S)[ \t\u00a0]{10,}(?=\S)")  # a marquee's slogans, side by side on one line


def normalise_lines(text: str) -> list[str]:
    """Split into lines with inner runs of spaces collapsed and outer ones removed; a run of ten spaces or more
    inside a line parts a marquee's banners, which are lines of their own."""
    if "          " in text:
        text = _BANNER_GAP.sub("\n", text)
    if "\u200b" in text or "\ufeff" in text:  # zero-width spaces, which str.split does not see
        return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return [" ".join(line.split()) for line in text.split("\n")]


def needs_normalising(text: str) -> bool:
    """Whether normalise_lines does more than collapse the spaces of each line between breaks (a marquee's wide
    gap, zero-width spaces): False means its lines are `" ".join(line.split())` of each."""
    return "          " in text or "\u200b" in text or "\ufeff" in text


_PHOTO_FILE = re.compile(r"^.{0,200}\.(?:jpe?g|png|gif|webp|bmp)$|^(?:img|dsc|dscn|dscf|dji|pxl)[_ -]?\d{3,}")


# A short line with a dated time on it ('Thứ hai - 06/10/2025 19:51'): a stamp, whatever stands above it.
_STAMP_LIKE = re.compile(r"^(?:\S+\s+){0,4}\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def _masthead_name(line: str, kept: list[str]) -> bool:
    """A name of up to six words that a headline kept above opens with ('Trường Mầm non X' under its logo, the
    headline 'Trường Mầm non X tổ chức …'): the site's or unit's name, not a caption or a line of the story."""
    return (len(line.split()) <= 6 and not line.endswith((".", ":", ";", ","))
            and any(above.startswith(line + " ") for above in kept[:10]))


_CLUSTER_LINES = 10  # copies of a line within this many lines of each other stand together


def _clustered(lines: list[str], line: str) -> bool:
    """Whether every copy of `line` stands within _CLUSTER_LINES lines of the first (a headline printed as the
    breadcrumb's last item, the page's title and the heading), not spread over the page as a slogan is."""
    at = [i for i, other in enumerate(lines) if other == line]
    return at[-1] - at[0] <= _CLUSTER_LINES


def split_glued(line: str) -> list[str]:
    """A date glued to a word becomes a line of its own: the stamp, and the text around it."""
    if line[:1].isdigit() and (match := _GLUED_START.match(line)):
        return [match.group(), line[match.end():].strip()]  # '13/05/2019 21:00Đi ăn …' too: a clock, then the headline
    if line[-2:].isdigit() and (match := _GLUED_END.search(line, max(0, len(line) - 21))):
        return [line[: match.start()].strip(), match.group()]
    if line[-2:].isdigit() and (match := _GLUED_STAMP.search(line, max(0, len(line) - 45))):
        return [line[: match.start()].strip(), match.group(1)]
    if (line[-2:].isdigit() and (match := _GLUED_LABELLED.search(line, max(0, len(line) - 45)))
            and len(line[: match.start()].split()) >= 6 and line[match.start() - 1].isalnum()):
        return [line[: match.start()].strip(), match.group(1)]
    if (line.endswith(")") and (match := _GLUED_BRACKET.search(line, max(0, len(line) - 30)))
            and len(line[: match.start()].split()) >= 6):
        return [line[: match.start()].strip(), match.group(1)]
    if (".vn" in line or ".com" in line or ".net" in line or ".org" in line) and (
            match := _GLUED_SITE.search(line)) and line[match.end()].isupper():
        return [line[: match.end()], line[match.end():]]  # 'Nguồn: Baohatinh.vnÝ kiến bạn đọc': a box's label after
    return split_template_glue(line)


def strip_keyword_tail(line: str) -> tuple[str, str]:
    """(line, tail): a lower-case run after the last full stop whose words mostly repeat the line is the
    page's keyword list, glued on by the CMS; a real next sentence starts with a capital letter."""
    stop = max(line.rfind(". "), line.rfind("! "), line.rfind("? "))
    if stop < 0:
        return line, ""
    tail = line[stop + 2:].strip()
    if not (6 <= len(tail) <= 150) or not tail[0].islower() or not tail[0].isalpha():
        return line, ""
    words = fold_aligned(tail).split()
    before = set(fold_aligned(line[: stop + 1]).replace(",", " ").replace(".", " ").split())
    if len(words) < 3 or sum(word.strip(",.") in before for word in words) * 2 < len(words):
        return line, ""
    return line[: stop + 1], tail


def is_numbered_copy(line: str, seen: set[str]) -> bool:
    """'<headline> - 1': an image's alt text, the headline with a photo number, printed where the photo was."""
    if not line.rstrip(".")[-1:].isdigit():
        return False
    match = _NUMBERED_COPY.match(line)
    return match is not None and match.group(1) in seen


def drop_cut_copies(lines: list[str], removed: list[str]) -> list[str]:
    """Without a line that is the cut-off start of a later line: a teaser of the headline or of the sapo
    ('null Hội Nông dân huyện X: Các Chi hội … nhiệm kỳ 2023 –' above the full headline); nor a later cut-off
    copy of an earlier line (the sapo again under the signature, as a share box's text)."""
    by_start: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if len(line) >= 40 and line.count(" ") >= 7:  # eight words or more
            by_start.setdefault(line[:40], []).append(index)
    cut: set[int] = set()
    for indexes in by_start.values():
        for position, index in enumerate(indexes[:-1]):
            start = lines[index].rstrip(" –-.…")
            if any(lines[later].startswith(start) and _WORD.search(lines[later], len(start))
                   and not _NUMBERED_COPY.match(lines[later]) for later in indexes[position + 1:]):
                cut.add(index)
            else:  # the same line again is left to the repeated-line rule, which counts the copies
                cut.update(later for later in indexes[position + 1:]
                           if lines[later] != lines[index] and lines[index].startswith(lines[later])
                           and not lines[later].endswith((".", "!", "?", "…")))  # a whole sentence is no cut
    if not cut:
        return lines
    removed.extend(lines[index] for index in sorted(cut))
    return [line for index, line in enumerate(lines) if index not in cut]



def trim_counter(line: str) -> str:
    """Remove a visit counter glued to the end of a line, the font-size buttons or bare counters after a stamp's
    time ('Thứ 4, 03/06/2022 | 09:15:40 [GMT +7] A A', 'Thứ ba - 17/08/2025 15:05 87 0') and a camera's file
    name glued to the last sentence ('… học sinh.DSC04417')."""
    if line[-1:].isdigit() and (glued := _GLUED_CAMERA_FILE.search(line)):
        return line[: glued.start() + 1]
    if len(line) < 100 and ":" in line and line[-1:] in _TAIL_ENDS and (tail := _STAMP_TAIL.search(line)):
        from ..importer.published import find_stamp  # published folds with this module: imported when needed

        head = line[: tail.start()]
        if find_stamp(head) is not None and find_stamp(line) is None:
            return head
    folded = fold_aligned(line)
    if "count" not in folded and "luot" not in folded:  # the search is slow on long lines; most have neither
        return line
    match = _TRAILING_COUNTER.search(folded)
    return line[: match.start()].rstrip(" |") if match else line


def drop_site_header(lines: list[str], removed: list[str]) -> list[str]:
    """Without the site's 'today' date above its contact lines ('Thứ năm 29/01/2026 21:38', then 'Hotline: …').

    That date is when the page was saved, not when the story was published, and would read as its stamp.
    """
    from ..importer.published import find_stamp  # published folds with this module: imported when needed

    content = [i for i, line in enumerate(lines) if line][:6]
    for position, index in enumerate(content[:-1]):
        if find_stamp(lines[index]) is not None and is_contact(lines[content[position + 1]]):
            removed.append(lines[index])
            return lines[:index] + lines[index + 1:]
    return lines


def clean(text: str) -> CleanText:
    """Drop navigation, counters, furniture, repeated lines and everything from a 'Tin liên quan' heading on."""
    kept: list[str] = []
    removed: list[str] = []
    seen: set[str] = set()
    lines = [_NULL_PREFIX.sub("", part) if part.startswith(("null ", "undefined ")) else part
             for line in normalise_lines(strip_html_tags(text)) for part in split_glued(line)]
    lines = drop_cut_copies(drop_site_header(split_headline_lead(lines), removed), removed)
    lines = drop_trending(drop_stat_block(drop_numbered_series(lines, removed), removed), removed)
    if "TK" in text or "kho" in text.lower():  # 'Số tài khoản', 'STK': an account number may be printed
        lines = drop_donation_box(lines, removed)
    counts = Counter(lines)
    photo_above = False  # an image's file name was the last line: the next short line is its caption
    photo_key = ""  # that file name, folded: a photo is often named after its caption
    for index, line in enumerate(lines):
        if not line:
            kept.append("")
            continue
        key = folded_key(line)
        after_photo, photo_above = photo_above, bool(_PHOTO_FILE.match(key))
        named_photo, photo_key = photo_key, key if photo_above else ""
        related = key in RELATED_MARKERS and not _label_under_headline(lines, index, kept)
        if (related and any(above.endswith((".", "!", "?", "…")) or above.count(" ") >= 11 for above in kept)) or (
                key in END_MARKERS and index > len(lines) // 2):
            removed.extend(rest for rest in lines[index:] if rest)
            break
        if key in RELATED_MARKERS:  # above the story ('TIN NỔI BẬT' over the headline, 'Tin mới' over its stamp):
            removed.append(line)    # a section's label
            continue
        if (is_navigation(line, key) or is_breadcrumb(line, key) or is_doubled(line) or is_numbered_copy(line, seen)
                or is_widget_line(line) or (line.isascii() and (_alt_text(line, lines, index) or is_unmarked_alt(
                    line, next((other for other in lines[index + 1:index + 3] if other), ""))))):
            removed.append(line)
            continue
        # A line printed again: a slogan (every copy goes when there are three or more) or a headline (the first
        # copy stays when the copies stand together: a breadcrumb, the page's title and its heading).
        if len(line.split(None, 1)) >= 2 and (line in seen or (counts[line] > 2 and not _clustered(lines, line))):
            removed.append(line)
            _drop_between_copies(kept, line, removed)
            mark_doubled_caption(kept, line)
            continue
        seen.add(line)
        trimmed = trim_counter(line)
        if trimmed != line:
            removed.append(line[len(trimmed):].strip(" |"))
        trimmed, keywords = strip_keyword_tail(trimmed)
        if keywords:
            removed.append(keywords)
        if trimmed and after_photo and any(kept) and (is_caption_length(trimmed)
                                                      or _named_after(named_photo, trimmed)):
            if _masthead_name(trimmed, kept):
                removed.append(trimmed)  # the site's name under its logo's file name: the headline opens with it
                continue
            if not _STAMP_LIKE.search(trimmed):  # the stamp under a photo is not the photo's caption
                trimmed = f"Ảnh: {trimmed}"  # the photo's file name is dropped; its label says what the line is
        if trimmed:
            kept.append(trimmed)
    kept = join_wrapped(kept)
    while kept and not kept[-1]:
        kept.pop()
    while kept and not kept[0]:
        kept.pop(0)
    return CleanText(tuple(kept), tuple(removed))


def _named_after(photo: str, line: str) -> bool:
    """The photo's file name is this line's opening ('<caption>.jpg' over '<caption>. (Ảnh: …)'): the line is its
    caption, however long."""
    stem = photo.rsplit(".", 1)[0].strip()
    return len(stem) >= 20 and folded_key(line).startswith(stem)


def _label_under_headline(lines: list[str], index: int, kept: list[str]) -> bool:
    """A related list's heading ('Tin mới') right under the headline, the stamp under it: the site's label of
    the story, not the end of it (everything after it is the story, not other stories)."""
    from ..importer.published import find_stamp  # published folds with this module: imported when needed

    if sum(1 for above in kept if above) != 1:
        return False
    following = next((other for other in lines[index + 1:] if other), None)
    return following is not None and find_stamp(following) is not None


def _alt_text(line: str, lines: list[str], index: int) -> bool:
    """An image's alt text typed without marks above its caption ('Cu tri bo phieu', then 'Cử tri xã A bỏ phiếu
    …'): two to eight plain words, not all capitals, and the next line has marks and opens with the same two
    words once folded."""
    words = line.split()
    if not 2 <= len(words) <= 8 or line.isupper() or not all(word.isalpha() for word in words):
        return False
    after = next((other for other in lines[index + 1:index + 3] if other), "")
    return not after.isascii() and fold_aligned(after).startswith(" ".join(words[:2]).lower() + " ")


def _drop_between_copies(kept: list[str], line: str, removed: list[str]) -> None:
    """A short line printed between a line and its copy ('<headline>', 'Tin tức Chỉ đạo điều hành', '<headline>')
    is a breadcrumb of section names, not the story's text: it goes too."""
    filled = list(islice((index for index in range(len(kept) - 1, -1, -1) if kept[index]), 2))
    if len(filled) < 2 or filled[1] > BREADCRUMB_TOP or kept[filled[1]] != line:
        return  # only near the top of the page, where the headline is printed
    between = kept[filled[0]]
    if (not between.endswith((".", "!", "?", ":", ";", "…")) and len(between.split()) < 25
            and not any(char.isdigit() for char in between)):  # a stamp between the copies stays
        removed.append(kept.pop(filled[0]))


def join_wrapped(lines: list[str]) -> list[str]:
    """Lines of a hard-wrapped paragraph joined again: a line that stops without a full stop and a next line
    that goes on in lower case ('… đã đồng loạt tổ chức “Lễ' / 'khai giảng năm học mới”.') are one sentence.
    Vietnamese sentences, headlines, captions and bylines start with a capital, so a lower-case start is
    the rest of the line above, never a line of its own; a CMS's posted-by stamp under the headline, which
    opens with a user name, stays a line. A sentence's first word left alone ('Tại' / 'hội nghị …', 'Ngày' /
    '01/3/2021, …') goes on the next line too. On a page wrapped at a fixed width (three lower-case
    continuations or more from lines of one length), a line that long goes on even when the next starts with a capital
    ('… tiêu chuẩn của đại biểu' / 'HĐND theo quy định …')."""
    from ..importer.published import find_stamp  # published folds with this module: imported when needed

    lines = lift_inner_captions(lines)
    goes = [False, *(_goes_on(above, line) for above, line in zip(lines, lines[1:], strict=False))]
    widths = [len(lines[index - 1]) for index, on in enumerate(goes) if on and " " in lines[index - 1]]
    middle = sorted(widths)[len(widths) // 2] if widths else 0
    fixed = sum(abs(w - middle) <= 0.15 * middle for w in widths) >= 3  # three continued lines of one width
    width = middle if fixed else 0
    joined: list[str] = []
    for index, line in enumerate(lines):
        raw_above = lines[index - 1] if index else ""
        wrapped = width and (0.85 * width <= len(raw_above) <= 1.15 * width and len(joined) > 1
                             and line[:1].isalnum() and not raw_above.endswith(_SENTENCE_ENDS))
        if joined and joined[-1] and (goes[index] or wrapped) and find_stamp(line) is None:
            joined[-1] = f"{joined[-1]} {line}"  # 'bientap gửi vào T5, 2019-10-17 09:05': a CMS stamp line stays
        else:
            joined.append(line)
    return joined


_SENTENCE_ENDS = (".", "!", "?", ":", "…", "”", '"', ")")
_OPENING_WORDS = frozenset({"ngay", "sang", "chieu", "toi", "trua", "dem", "thang", "nam", "tu", "den", "vao"})


def _goes_on(above: str, line: str) -> bool:
    """Does `line` continue `above` (see join_wrapped)?"""
    if not above or not line or above.endswith(_SENTENCE_ENDS):
        return False
    first = line.split(" ", 1)[0]
    if " " not in above:  # a sentence's first word alone: 'Tại' / 'hội nghị …', 'Ngày' / '01/3/2021, …'
        return (above.isalpha() and above[:1].isupper() and not above.isupper() and " " in line
                and ((first.isalpha() and first.islower())
                     or (first[:1].isdigit() and fold_aligned(above) in _OPENING_WORDS)))
    if _DATED_BRACKET.match(line):  # '… Mặt trận Tổ quốc' / '(18/11/1930-18/11/2015), ngày …': a bracket in the
        return True                 # sentence; a dateline '(16/09/09) Theo …' or a code '(BDO) …' opens a lead
    return first.isalpha() and first.islower() and " " in line


_DATED_BRACKET = re.compile(r"^\(\d[^()]{0,40}\),\s")

def drop_series_links(body: list[str], title: str | None) -> tuple[list[str], list[str]]:
    """(body, dropped) without links to a series' other parts ('Bài 1: …' under the headline of 'Bài 3: …')."""
    part = re.search(r"\b(?:Bài|Kỳ|Phần) (\d{1,2})\s*[:.–-]", title or "")
    if part is None:
        return body, []
    kept, dropped = [], []
    for line in body:
        match = _SERIES_PART.match(fold_aligned(line))
        if match and match[1] != part[1] and len(line.split()) <= 16 and not line.endswith((".", "!", "?")):
            dropped.append(line)
        else:
            kept.append(line)
    return kept, dropped
