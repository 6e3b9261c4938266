"""Lines of a raw page, without the web page around the story: navigation, counters, related links."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from ..text import fold_diacritics

# Whole lines that are navigation or login links (compared folded, lower case, without ':' at the end).
NAVIGATION = frozenset({
    "truy cap noi dung luon", "dang nhap", "dang ky", "dang xuat", "trang chu", "quay lai", "in bai viet",
    "in trang", "gui email", "chia se", "chia se bai viet", "ban in", "skip to content", "skip to main content",
    "login", "home", "print", "share", "tim kiem", "so do trang", "facebook", "twitter", "zalo",
    "xem co chu", "goc", "no data", "loading", "loading...", "quay len tren", "len dau trang", "len top",
    "ve dau trang",
    "leftcenterrightdel", "google news", "chia se facebook", "tai ung dung", "doc bao in",
    "binh luan", "gui binh luan", "gui y kien", "y kien ban doc", "ban doc phan hoi", "banner", "quang cao",
    "print friendly", "print friendly, pdf & email", "tra loi", "huy tra loi", "tags", "tag",
    "xuat ban thong tin", "chi tiet bai viet", "new page 1", "noi bat", "tin moi nhat",
    "dang nhan xet", "viet binh luan", "y kien cua ban", "aa",  # comment boxes, a font button
    "noi dung bai viet", "xem binh luan", "an binh luan", "xem tat ca binh luan",
    "xem tin theo ngay", "en", "english", "tieng anh",  # a date picker's label, a masthead's language link
    "a a", "a a a", "a- a a+", "a+ a a-", "a- a+", "a+ a-", "chu thich anh",  # font-size buttons, a photo label
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
    "doc them", "cung chuyen muc", "dung bo lo", "video dang xem nhieu", "tin xem nhieu",
    "tin noi bat", "tin moi", "cac album da dang", "cac tin bai khac", "bai viet khac", "tin bai khac",
    "tin lien quan khac", "co the ban quan tam", "ban co the quan tam", "xem nhieu nhat", "doc nhieu",
    "nhung tin cu hon", "nhung tin moi hon", "nhung tin khac", "nhung bai viet khac", "nhung tin da dua",
})
# Share and comment furniture that ends a story when it stands in the story's second half (at the top it is
# a toolbar, dropped like navigation): everything after it is comment forms and page footer.
END_MARKERS = frozenset({"chia se bai viet", "chia se", "binh luan", "gui binh luan", "y kien ban doc",
                         "ban doc phan hoi", "quay len tren"})
# Whole lines of page furniture, compared folded: counters ('1.228 lượt xem', '0 Trả lời', 'Bình luận (0)'),
# reposts ('1 đăng lại'), image file names (or a caption glued to one: 'Người dân dọn vệ sinh..jpg'),
# %placeholders% and {placeholders}, a site name with its slogan ('site.vn - …'), contact lines, lines of
# punctuation only and 'Theo dõi … trên' follow buttons.
_FURNITURE = re.compile(
    r"^(?:[-–•|]\s*)?(?:[\d.,]+\s*(?:luot xem|luot doc|tra loi|binh luan|dang lai(?:goc)?|views?|comments?)"
    r"|(?:binh luan|luot xem|tra loi|da xem)\s*[(:]?\s*[\d.,]+\)?"
    r"|.{0,200}\.(?:jpe?g|png|gif|webp|bmp)|%[a-z_]+%|\{\{?\s*[a-z_.]+\s*\}?\}"
    r"|(?:hotline|email|e-mail|fax|dien thoai(?: [\w ]{0,20})?|dt|tel|thoi gian lam viec)\s*:.*"
    r"|[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org)\s*[-–|:].{0,80}"
    r"|[^\w]+|theo doi .{1,40} tren"
    r"|(?:img|dsc|dscn|dscf|dji|pxl)[_ -]?\d{3,}(?:[_-]\d+)*"  # a camera's file name, no extension ('IMG 4824')
    r"|toi thieu \d+ (?:chu|ky tu).*|vui long nhap .{0,60}|khong chua lien ket"  # a comment form's hints
    r"|email cua ban se khong duoc (?:hien thi|cong bo).*|(?:de lai|gui) (?:mot )?(?:binh luan|phan hoi|y kien)"
    r"|chi tiet bai viet(?: [\w ]{1,30})?"  # a CMS portlet's label above the story ('Chi tiết bài viết Tin tức')
    r"|[a-z0-9]+(?:_[a-z0-9]+)+\s*=?.{0,40}"  # a template's variable left in the page ('news_is_not_ads=')
    r"|[\w.]+(?: [\w.]+){0,2}\s*[-–]"  # a source label left without its headline ('BizLIVE -')
    r"|\d{1,3}"  # a lone small number: a counter or a page number without its label
    r"|\(\d+\) (?:binh luan|nhan xet|y kien)|khong co (?:binh luan|nhan xet|y kien) nao.*"  # comment counts
    r"|powered by .{2,60}"  # the CMS maker's footer
    r"|[a-z0-9_-]*logo[a-z0-9_-]*"  # a logo's alt text ('sotretlogo', 'logo-ubnd')
    r"|(?:>>|»).{0,160}[^.!?…]"  # a related story's link ('>> Huế : Ngập lụt …'); a '>>' sentence is news
    r"|\d+ (?:giay|phut|gio|ngay|tuan|thang|nam)(?: \d+ (?:giay|phut|gio|ngay|tuan|thang|nam))* truoc"  # age
    r"|(?:rss|in|email|gui cho ban be|goi cho ban be|gui bai|chia se|luu)"  # a toolbar: 'RSS In Gởi cho bạn bè'
    r"(?: (?:rss|in|email|gui cho ban be|goi cho ban be|gui bai|chia se|luu))+)$")
# The site's invitation to follow it, a full sentence but never the story's: 'Mời bạn đọc theo dõi … trên Zalo'.
# A comment box's prompt, printed as a sentence: 'Vui lòng nhập nội dung bình luận.', 'Bạn cần đăng nhập để …'.
# A portal's welcome banner, a sentence or two: 'Chào mừng bạn đến với website … Chúc bạn một ngày vui vẻ!'.
_WELCOME = re.compile(r"^chao mung (?:ban|quy vi|quy khach|cac ban|ban doc)(?: da)? (?:den|ghe tham|truy cap)"
                      r"(?: voi)? (?:website|trang|cong thong tin|www\.).{0,200}$")
_COMMENT_PROMPT = re.compile(r"^(?:vui long (?:nhap|dien|chon|dang nhap)|ban (?:can|phai) dang nhap|hay dang nhap)"
                            r".{0,60}$")
_FOLLOW = re.compile(r"^moi (?:cac )?ban (?:doc )?(?:dong hanh|theo doi) .{0,120}(?:mang xa hoi|facebook|zalo|youtube"
                     r"|tiktok|fanpage|google news)")
# A topic row under the story: 'Chủ đề Phòng chống thiên tai' (a capital after 'Chủ đề', no full stop).
_TOPIC_ROW = re.compile(r"^Chủ đề\s+(\w)")
_CONTACT = re.compile(r"^(?:hotline|email|e-mail|fax|dien thoai|dt|tel)\b.{0,30}:")
_BREADCRUMB = re.compile(r"\s>\s.*\s>\s")
# A date glued to the words before or after it ('Cà Mau15/09/2025', '10/08/2017Thông thường …'), at the end
# with its time, after a word or a closing bracket ('… (20/01 - 19/02/2017)01/03/2017 15:02:43').
_GLUED_START = re.compile(r"\d{1,2}/\d{1,2}/(?:19|20)\d\d(?=[^\W\d_])")
_GLUED_END = re.compile(r"(?<=[^\W\d_]|\))\d{1,2}/\d{1,2}/(?:19|20)\d\d(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
# A stamp glued to the end of a paragraph, time first: '… cả nước. 04:30 GMT+7, Thứ Ba, 27/9/2022'.
_GLUED_STAMP = re.compile(r"(?<=[.!?…”\"]) (\d{1,2}:\d{2}(?: ?GMT ?\+ ?7)?,? (?:(?:Thứ [\wÀ-ỹ]+|Chủ nhật|Chủ Nhật),? )?"
                          r"\d{1,2}/\d{1,2}/(?:19|20)\d\d)$")
# A counter glued to the end of a content line: 'Ngày đăng 01/08/2021 | 15:44  | View count: 11848'.
_TRAILING_COUNTER = re.compile(r"\s*[|·•-]?\s*(view count|luot xem|so luot xem|luot doc)\s*:?\s*[\d.,]+\s*$")
# A template's empty value printed before a line ('null Hội Nông dân …'): never part of the text.
_NULL_PREFIX = re.compile(r"^(?:null|undefined)\s+(?=\w)")
# Photo alt text: the headline again with the photo's number ('<headline> - 1', '<headline> - Ảnh 1').
_NUMBERED_COPY = re.compile(r"^(.{12,}?)\s+[-–]\s+(?:(?:ảnh|hình|photo)\s+)?\d{1,2}\.?$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2}")  # letters: what a cut line's full copy has after the cut ('- 1' has none)
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b\ufeff]+")

# A link to an earlier or later part of a series ('Bài 1: …', 'Kỳ 2 - …') under a part's headline.
_SERIES_PART = re.compile(r"^(?:bai|ky|phan) (\d{1,2})\s*[:.–-]\s*\S")


@dataclass(frozen=True, slots=True)
class CleanText:
    lines: tuple[str, ...]  # stripped; '' marks a blank line
    removed: tuple[str, ...]  # boilerplate lines dropped, for the report


def _fold_table() -> dict[int, str]:
    """Each Latin letter with marks -> its bare lower-case letter ('Ể' -> 'e', 'Đ' -> 'd'), as one character."""
    table: dict[int, str] = {}
    for code in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        folded = fold_diacritics(chr(code)).lower()
        if len(folded) == 1 and folded != chr(code):
            table[code] = folded
    return table


_FOLD = _fold_table()


def folded_key(line: str) -> str:
    """A line as boilerplate rules compare it: no diacritics, lower case, no trailing ':' or spaces."""
    return " ".join(fold_aligned(line).split()).rstrip(" :.")


@functools.lru_cache(maxsize=4096)
def fold_aligned(text: str) -> str:
    """Folded lower-case text with the same length as `text`, so match offsets point into both.

    A character table, not NFD and back: every stage folds every line, and this is the import's inner loop.
    A mark the text carries on its own (not composed with its letter) stays, so offsets still line up.
    """
    if len(text) > 400 and "\n" in text:  # a whole story: its lines were folded (and cached) line by line
        return "\n".join(map(fold_aligned, text.split("\n")))
    folded = text.translate(_FOLD)
    if not folded.isascii():
        folded = folded.lower()
        if len(folded) != len(text):
            return "".join(f if len(f := ch.lower()) == 1 else ch for ch in folded)
    return folded


_BANNER_GAP = re.compile(r"(?<=\S)[ \t\u00a0]{10,}(?=\S)")  # a marquee's slogans, side by side on one line


def normalise_lines(text: str) -> list[str]:
    """Split into lines with inner runs of spaces collapsed and outer ones removed; a run of ten spaces or more
    inside a line parts a marquee's banners, which are lines of their own."""
    if "          " in text:
        text = _BANNER_GAP.sub("\n", text)
    if "\u200b" in text or "\ufeff" in text:  # zero-width spaces, which str.split does not see
        return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return [" ".join(line.split()) for line in text.split("\n")]


_PHOTO_FILE = re.compile(r"^.{0,200}\.(?:jpe?g|png|gif|webp|bmp)$|^(?:img|dsc|dscn|dscf|dji|pxl)[_ -]?\d{3,}")


def _is_caption_length(line: str) -> bool:
    """One short sentence: the length of a photo's caption, not of a paragraph."""
    return len(line.split()) <= 32 and re.search(r"[.!?] +[A-ZĐ]", line) is None and not line.startswith("Ảnh")


def is_navigation(line: str) -> bool:
    key = folded_key(line)
    if not key or key in NAVIGATION or key.lstrip("•·*-–| ").startswith(COUNTER_PREFIXES):
        return True  # '• Lượt xem: 5547 lượt xem': a counter in a bulleted info row
    if ((key.startswith("chao mung") and _WELCOME.match(key)) or ("," in line and is_motto(line))
            or (line.isupper() and is_section_heading(line))):
        return True
    if line.endswith("."):  # a sentence, even one that starts like furniture
        return bool(_FOLLOW.match(key) or _COMMENT_PROMPT.match(key))
    topic = _TOPIC_ROW.match(line)
    return bool(_FURNITURE.match(key)) or (topic is not None and topic.group(1).isupper() and len(line.split()) <= 10)


# A portal's section heading in capitals, printed over its stories ('HOẠT ĐỘNG CỦA HĐND CÁC CẤP', 'TIN TỨC - SỰ
# KIỆN'): what kind of news, never one story's headline.
_SECTION_HEADING = re.compile(r"^(?:tin tuc(?: [-–] su kien)?|tin hoat dong|su kien|chuyen muc|hoat dong cua .{2,30}"
                              r"|hoat dong .{0,30}(?:cac cap|cac nganh|dia phuong|co so|doan the|chuyen mon))$")


def is_section_heading(line: str) -> bool:
    """A section heading in capitals (see _SECTION_HEADING): up to seven words, no digit, no punctuation."""
    return (line.isupper() and len(line.split()) <= 7 and not any(ch.isdigit() for ch in line)
            and bool(_SECTION_HEADING.match(folded_key(line))))


_MOTTO_ITEM = re.compile(r"\s*(?:,|\s[-–]\s)\s*")


def is_motto(line: str) -> bool:
    """'Công minh, chính trực, khách quan, thận trọng, khiêm tốn': a portal's motto banner, four or more short
    values between commas or dashes in lower case and no full stop; a story's enumeration is a sentence."""
    if len(line) > 140 or line.endswith((".", "!", "?", ":", ";", "…")) or line.count(",") + line.count(" - ") < 3:
        return False
    items = _MOTTO_ITEM.split(line)
    rest = items[1:]
    return (len(items) >= 4 and all(1 <= len(item.split()) <= 3 and item[:1].islower() for item in rest)
            and len(items[0].split()) <= 8)


def drop_numbered_series(lines: list[str], removed: list[str]) -> list[str]:
    """Without a gallery's image titles: two or more lines that differ only in a trailing photo number, written
    without marks ('Thanh pho phien hop 1', '… 2': a file's title) or ending with 'ảnh'/'hình' ('<headline> ảnh
    1'). A caption or a paragraph is not numbered so."""
    numbered = [match for line in lines if line[-1:].isdigit() and (match := _SERIES_NUMBER.match(line))]
    if len(numbered) < 2:
        return lines
    prefixes = Counter(match[1] for match in numbered if _series_title(match[1]))
    series = {prefix for prefix, count in prefixes.items() if count >= 2}
    if not series:
        return lines
    kept = []
    for line in lines:
        if line[-1:].isdigit() and (match := _SERIES_NUMBER.match(line)) and match[1] in series:
            removed.append(line)
        else:
            kept.append(line)
    return kept


_SERIES_NUMBER = re.compile(r"^(\S.*\S)\s+\d{1,2}$")


def _series_title(prefix: str) -> bool:
    if len(prefix.split()) < 3:
        return False
    return (prefix.isascii() and prefix.replace(" ", "").isalnum()) or fold_aligned(prefix).endswith(
        (" anh", " hinh", " photo", " image"))


def drop_donation_box(lines: list[str], removed: list[str]) -> list[str]:
    """Without an appeal box printed under the story: from its heading ('Báo X kêu gọi sự giúp đỡ …') to its bank
    account line ('Số tài khoản: 1020…'); the appeal is the outlet's, not the story's. A story that is itself an
    appeal opens with it (its headline), so the heading must come after a paragraph of story text."""
    for index, line in enumerate(lines):
        if not (line.startswith(("S", "s", "T", "t")) and _ACCOUNT.match(fold_aligned(line))):
            continue
        for start in range(index - 1, max(-1, index - 10), -1):
            folded = fold_aligned(lines[start])
            if (_APPEAL.search(folded) and not lines[start].endswith((".", "!", "?"))
                    and any(len(above.split()) >= 25 for above in lines[:start])):
                removed.extend(part for part in lines[start:index + 1] if part)
                return lines[:start] + lines[index + 1:]
        return lines
    return lines


_ACCOUNT = re.compile(r"^(?:so tai khoan|stk|tai khoan)\s*(?:so\s*)?:?\s*\d{6,}")
_APPEAL = re.compile(r"\bkeu goi\b.{0,40}\b(?:giup do|ung ho|chung tay|quyen gop)")


def is_contact(line: str) -> bool:
    """'Hotline: …', 'Email: …', 'Điện thoại CSKH: …': the site's header or footer."""
    return bool(_CONTACT.match(folded_key(line)))


def is_breadcrumb(line: str) -> bool:
    """'Trang chủ > Tin tức > Tin y tế > …': a site's trail to the page, never story text; saved without its
    separators it still opens with the home link ('Trang chủ Biển đảo Nhịp sống biển đảo')."""
    if line.endswith((".", "!", "?", ":")):
        return False
    return bool(_BREADCRUMB.search(line)) or (folded_key(line).startswith("trang chu ") and len(line.split()) <= 12)


def is_doubled(line: str) -> bool:
    """A label printed twice with no space between ('Sở Y tế tỉnh XSở Y tế tỉnh X'), or a related link's headline
    printed twice with a space ('Tàu cá về bến Tàu cá về bến'): page furniture."""
    half = len(line) // 2
    if len(line) % 2 == 1:  # a related story's tile: its headline, then the same words as the link's title
        return len(line) >= 25 and line[half] == " " and line[:half] == line[half + 1:]
    return len(line) >= 8 and line[:half] == line[half:]


def split_glued(line: str) -> list[str]:
    """A date glued to a word becomes a line of its own: the stamp, and the text around it."""
    if line[:1].isdigit() and (match := _GLUED_START.match(line)):
        return [match.group(), line[match.end():].strip()]
    if line[-2:].isdigit() and (match := _GLUED_END.search(line, max(0, len(line) - 21))):
        return [line[: match.start()].strip(), match.group()]
    if line[-2:].isdigit() and (match := _GLUED_STAMP.search(line, max(0, len(line) - 45))):
        return [line[: match.start()].strip(), match.group(1)]
    return [line]


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


def is_related_marker(line: str) -> bool:
    return folded_key(line) in RELATED_MARKERS


def trim_counter(line: str) -> str:
    """Remove a visit counter glued to the end of a line."""
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
             for line in normalise_lines(text) for part in split_glued(line)]
    lines = drop_cut_copies(drop_site_header(lines, removed), removed)
    lines = drop_numbered_series(lines, removed)
    if "TK" in text or "kho" in text.lower():  # 'Số tài khoản', 'STK': an account number may be printed
        lines = drop_donation_box(lines, removed)
    counts = Counter(lines)
    photo_above = False  # an image's file name was the last line: the next short line is its caption
    for index, line in enumerate(lines):
        if not line:
            kept.append("")
            continue
        after_photo, photo_above = photo_above, bool(_PHOTO_FILE.match(folded_key(line)))
        key = folded_key(line)
        if is_related_marker(line) or (key in END_MARKERS and index > len(lines) // 2):
            removed.extend(rest for rest in lines[index:] if rest)
            break
        if is_navigation(line) or is_breadcrumb(line) or is_doubled(line) or is_numbered_copy(line, seen):
            removed.append(line)
            continue
        if len(line.split()) >= 2 and (line in seen or counts[line] > 2):  # a slogan or headline printed again
            removed.append(line)
            continue
        seen.add(line)
        trimmed = trim_counter(line)
        if trimmed != line:
            removed.append(line[len(trimmed):].strip(" |"))
        trimmed, keywords = strip_keyword_tail(trimmed)
        if keywords:
            removed.append(keywords)
        if trimmed and after_photo and any(kept) and _is_caption_length(trimmed):
            trimmed = f"Ảnh: {trimmed}"  # the photo's file name is dropped; its label says what the line is
        if trimmed:
            kept.append(trimmed)
    kept = join_wrapped(kept)
    while kept and not kept[-1]:
        kept.pop()
    while kept and not kept[0]:
        kept.pop(0)
    return CleanText(tuple(kept), tuple(removed))


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
    return first.isalpha() and first.islower() and " " in line


def is_title_bar(line: str) -> bool:
    """'Net Zero | VietNam Media', 'Tin tức | Sở Y tế': a section and a site's name, the page's title bar; a
    headline's parts are longer."""
    parts = line.split(" | ")
    return len(parts) >= 2 and all(1 <= len(part.split()) <= 4 for part in parts)


def is_slogan(line: str) -> bool:
    """'… DÂN GIÀU, NƯỚC MẠNH, DÂN CHỦ, CÔNG BẰNG, VĂN MINH!': a portal's banner slogan, capitals, clauses
    between commas, an exclamation mark; a story's headline does not shout."""
    return line.endswith("!") and line.isupper() and line.count(",") >= 2


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
