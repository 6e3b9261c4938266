"""Is this line page furniture? Navigation, counters, banners, mottos, related links, the site's contact
and title bars: the web page around the story, recognised one line (or one box) at a time; clean.py runs
the cleaning pass that uses these."""

from __future__ import annotations

import functools
import re
from collections import Counter

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
    "xuat ban thong tin", "chi tiet bai viet", "chi tiet tin", "chi tiet tin tuc", "new page 1", "noi bat",
    "tin moi nhat",
    "dang nhan xet", "viet binh luan", "y kien cua ban", "aa",  # comment boxes, a font button
    "noi dung bai viet", "xem binh luan", "an binh luan", "xem tat ca binh luan",
    "xem tin theo ngay", "en", "english", "tieng anh",  # a date picker's label, a masthead's language link
    "a a", "a a a", "a- a a+", "a+ a a-", "a- a+", "a+ a-", "chu thich anh",  # font-size buttons, a photo label
    "no title", "no title...", "untitled", "co chu", "che do ban dem", "che do ban dem on", "che do ban dem off",
    "doc bai viet", "nghe bai viet", "nghe doc bai viet",  # a template's empty title, reading-mode and audio buttons
    "skip ribbon commands", "thoi tiet", "ty gia", "ty gia ngoai te", "gia vang",  # SharePoint, side widgets
    "y kien tham do", "tham do y kien", "truy cap", "thong ke truy cap",  # a poll's and a visit counter's box labels
    "more", "read more", "see more", "xem tiep", "doc tiep",  # a teaser's button
    # A media box's tab or a spotlight widget's heading under the story: never a byline nor a paragraph.
    "video", "videos", "clip", "podcast", "infographic", "infographics", "multimedia", "emagazine", "e-magazine",
    "thu vien anh", "thu vien video", "tam diem", "tieu diem",
    "top",  # a comment widget's 'back to top' link
    "tac gia",  # the CMS's author row left empty ('Tác giả:'); a filled one is a credit (byline.py)
})
# Line starts of visit counters and page furniture.
COUNTER_PREFIXES = ("dang truy cap", "tong truy cap", "thong ke truy cap", "luot truy cap", "view count",
                    "luot xem", "so luot xem", "hom nay:", "hom qua:", "trong tuan:", "dang online",
                    "da xem:", "tong so luot", "ban quyen", "copyright", "©",
                    "co chu:", "tong so truy cap", "tong luot truy cap", "so luong truy cap", "tong so trong ")
# A line equal to one of these ends the story: everything after it is a list of other stories.
RELATED_MARKERS = frozenset({
    "bai viet lien quan", "tin lien quan", "tin khac", "cac tin khac", "tin cung chuyen muc",
    "cac tin cung chuyen muc", "tin da dua", "cac tin da dua", "cac bai viet khac", "xem them", "tin moi hon",
    "tin cu hon", "cac tin moi hon", "cac tin cu hon", "related posts", "related articles",
    "doc them", "cung chuyen muc", "dung bo lo", "video dang xem nhieu", "tin xem nhieu",
    "tin noi bat", "tin moi", "cac album da dang", "cac tin bai khac", "bai viet khac", "tin bai khac",
    "tin lien quan khac", "co the ban quan tam", "ban co the quan tam", "xem nhieu nhat", "doc nhieu",
    "nhung tin cu hon", "nhung tin moi hon", "nhung tin khac", "nhung bai viet khac", "nhung tin da dua",
    "cac bai moi dang", "cac bai da dang", "cac tin moi dang", "cac tin da dang", "bai moi dang", "bai da dang",
    # A blog's comment form and side widgets (Blogger, WordPress): 'Đăng nhận xét', popular and featured posts.
    "dang nhan xet", "bai viet pho bien", "bai viet noi bat", "bai viet noi bat trong thang", "bai dang pho bien",
    # A box of new or popular stories under the signature: 'Các bài mới', 'Đang được quan tâm'.
    "cac bai moi", "cac tin moi", "dang duoc quan tam", "duoc quan tam nhieu", "tin duoc quan tam",
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
    r"|(?:binh luan|luot xem|tra loi|da xem|phan hoi|y kien)\s*(?:[(:]?\s*[\d.,]+\)?|\(\s*\))"  # 'Ý kiến ()'
    r"|.{0,200}\.(?:jpe?g|png|gif|webp|bmp)(?:\?[^\s)]*)?\)?|%[a-z_]+%|\{\{?\s*[a-z_.]+\s*\}?\}"
    r"|(?:hotline|duong day nong|email|e-mail|fax|dien thoai(?: [\w ]{0,20})?|dt|tel|thoi gian lam viec)\s*:.*"
    r"|[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org)\s*[-–|:].{0,80}"
    r"|[^\w]+|theo doi .{1,40} tren(?: google news| zalo| facebook| youtube| tiktok)?"
    r"|(?:img|dsc|dscn|dscf|dji|pxl)[_ -]?\d{3,}(?:[_-]\d+)*"  # a camera's file name, no extension ('IMG 4824')
    r"|toi thieu \d+ (?:chu|ky tu).*|vui long nhap .{0,60}|khong chua lien ket"  # a comment form's hints
    r"|email cua ban se khong duoc (?:hien thi|cong bo).*|(?:de lai|gui) (?:mot )?(?:binh luan|phan hoi|y kien)"
    r"|ban khong the (?:gui )?binh luan .{0,60}"  # a comment box's wait: 'Bạn không thể gửi bình luận liên tục …'
    r"|chi tiet bai viet(?: [\w ]{1,30})?"  # a CMS portlet's label above the story ('Chi tiết bài viết Tin tức')
    r"|(?:[a-z0-9.]+ [-–] )?[a-z0-9]+(?:_[a-z0-9]+)+\s*=?.{0,40}"  # a template's variable ('news_is_not_ads='),
    # a CMS block's label ('Portal - Block_News_View')
    r"|\[(?:tro ve|quay lai|quay ve|ve dau trang|len dau trang|dong lai|dong|in bai|in)\]"  # a back link: '[Trở về]'
    # A rating prompt: 'Bài viết hay? Hãy đánh giá bài viết', 'Đánh giá bài viết này'.
    r"|(?:.{0,30}[?!.] )?(?:hay |vui long |moi ban )?(?:danh gia|cham diem|binh chon cho) (?:bai viet|tin bai|bai nay)"
    r"(?: nay)?[ .!:]*"
    # An SMS service's ad by a photo: 'Soạn: AB 123456 gửi đến 996 để nhận ảnh này' (a code, a short number).
    r"|soan(?: tin)?\s*:?\s*[a-z]{1,8}\s+\w{0,10}\d.{0,40}\bgui (?:den |toi )?\d{3,5}\b.{0,40}"
    r"|[\w.]+(?: [\w.]+){0,2}\s*[-–]|\([\w.]{2,20}\)\s*[-–:]?"  # a source label or agency code alone ('BizLIVE -')
    r"|[^\w\[]{0,3}\[[^\]]{2,30}\]\s*[-–:]?\s*\S.{0,160}[^.!?…]"  # a teaser's link: '[Video] …', '[Chùm ảnh] …'
    r"|\d{1,3}"  # a lone small number: a counter or a page number without its label
    r"|\(\d+\) (?:binh luan|nhan xet|y kien)|khong co (?:binh luan|nhan xet|y kien) nao.*"  # comment counts
    r"|powered by .{2,60}"  # the CMS maker's footer
    r"|ipv6 ready.{0,60}|.{0,30}chung nhan tin nhiem mang.{0,30}"  # a portal's badges in the footer
    r"|(?:tu khoa|the loai|tags?)\s*:.{0,200}"  # the CMS's keyword and category rows under the story
    r"|0?0:00(?: / \d{1,2}:\d\d(?::\d\d)?)?"  # an audio player's counter, at rest: '0:00 / 0:00', '0:00'
    r"|\d(?:[.,]\d)?/(?:5|10) ?[-–]? ?\(\d+ (?:danh gia|binh chon|luot danh gia|votes?)\)"  # a star rating
    r"|[\w ]{2,20}:?\s*\(\*\)"  # a form's required field: 'Họ tên:(*)', 'Nội dung:(*)'
    r"|[a-z]+(?:[-_][a-z0-9]+)*[-_][a-z]+\d{1,3}"  # an image's slug for alt text ('mua-bao7'): words glued by dashes
    r"|[a-z0-9_-]*logo[a-z0-9_-]*"  # a logo's alt text ('sotretlogo', 'logo-ubnd')
    r"|(?:>>|»).{0,160}[^.!?…]"  # a related story's link ('>> Huế : Ngập lụt …'); a '>>' sentence is news
    r"|\d+ (?:giay|phut|gio|ngay|tuan|thang|nam)(?: \d+ (?:giay|phut|gio|ngay|tuan|thang|nam))* truoc"  # age
    r"|(?:[a-z]{0,4}\d{6,}[_-][0-9a-f]{8,}(?:[_-]\w+)*\s*)+"  # a phone's or camera's file names ('z4735…_b3ab…')
    r"|(?:19|20)\d\d-\d\d-\d\dt\d\d:\d\d(?::\d\d)?(?:[+-](?!07:?00)\d\d:?\d\d|z)"  # a machine time, foreign zone
    # A reading tool's or a comment box's label alone on its line: 'In', 'Gửi email', 'Xem cỡ chữ', 'Viết bình luận
    # mới', '< Trở về trang trước', a link box's 'Liên kết website', an attachment list's 'Đính kèm'.
    r"|in|gui email|doc bai viet|xem (?:voi )?co chu|(?:viet|gui) binh luan(?: moi| cua ban)?"
    r"|(?:<\s*)?(?:tro ve|quay lai|quay ve) trang truoc|lien ket website|dinh kem\s*:?"
    r"|(?:rss|in|email|gui cho ban be|goi cho ban be|gui bai|chia se|luu)"  # a toolbar: 'RSS In Gởi cho bạn bè'
    r"(?: (?:rss|in|email|gui cho ban be|goi cho ban be|gui bai|chia se|luu))+)$")
# The site's invitation to follow it, a full sentence but never the story's: 'Mời bạn đọc theo dõi … trên Zalo'.
# A comment box's prompt, printed as a sentence: 'Vui lòng nhập nội dung bình luận.', 'Bạn cần đăng nhập để …'.
# A portal's welcome banner, a sentence or two: 'Chào mừng bạn đến với website … Chúc bạn một ngày vui vẻ!'.
_WELCOME = re.compile(r"^chao mung (?:ban|quy vi|quy khach|cac ban|ban doc)(?: da)? (?:den|ghe tham|truy cap)"
                      r"(?: voi)? (?:website|trang|cong thong tin|www\.).{0,200}$")
_COMMENT_PROMPT = re.compile(r"^(?:(?:vui long (?:nhap|dien|chon|dang nhap)|ban (?:can|phai) dang nhap|hay dang nhap"
                            r"|ban khong the (?:gui )?binh luan)"
                            r".{0,60}|\d{1,3} giay nua\.?)$")  # and its countdown on the next line: '60 giây nữa.'
_FOLLOW = re.compile(r"^(?:\* )?moi (?:cac )?(?:ban|quy) (?:doc |doc gia |khan gia )?(?:dong hanh|theo doi) .{0,120}"
                     r"(?:mang xa hoi|facebook|zalo|youtube|tiktok|fanpage|google news|truyen hinh|online)")
# A topic row under the story: 'Chủ đề Phòng chống thiên tai' (a capital after 'Chủ đề', no full stop).
# An outlet's copyright notice under the story, a sentence: '(*) Không được sao chép … khi chưa có sự đồng ý …'
# (the permission or the source it asks for: a story's sentence about copying asks for neither).
_COPYRIGHT = re.compile(r"^(?:\(\*\)\s*)?(?:nghiem |vui long )?(?:khong (?:duoc )?|cam )(?:sao chep|tai ban|dang lai)"
                        r"\b.{0,120}\b(?:dong y|cho phep|ghi ro nguon|neu ro nguon)")
# The shape of one Vietnamese syllable, folded: onset, one to three vowels, coda. A lower-case word with a
# Vietnamese mark alone on a line that has no such shape ('ácdscv') is a template's test string, never a word of
# the story; an ASCII one may be a desk's mark ('vnews').
SYLLABLE_SHAPE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}"
                             r"(?:ng|nh|ch|[cmnpt])?")
_ANNIVERSARY = re.compile(r"\bchao mung\b.{0,200}\((?:\d{1,2}/\d{1,2}/)?(?:19|20)\d\d\s*[-–]\s*(?:\d{1,2}/\d{1,2}/)?"
                          r"(?:19|20)\d\d\)$")
_TOPIC_ROW = re.compile(r"^Chủ đề\s+(\w)")
_CONTACT = re.compile(r"^(?:hotline|duong day nong|email|e-mail|fax|dien thoai|dt|tel)\b.{0,30}:")
_BREADCRUMB = re.compile(r"\s>\s.*\s>\s")

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
    return " ".join(fold_aligned(line).split()).rstrip(" :.>»›")  # 'Xem thêm >>': the label without its arrows


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


def is_navigation(line: str, key: str | None = None) -> bool:
    """Navigation, a counter, a banner or other furniture on one line; `key`: folded_key(line), when known."""
    key = folded_key(line) if key is None else key
    if not key or key in NAVIGATION or key.lstrip("•·*-–| ").startswith(COUNTER_PREFIXES):
        return True  # '• Lượt xem: 5547 lượt xem': a counter in a bulleted info row
    if ((key.startswith("chao mung") and _WELCOME.match(key)) or ("," in line and is_motto(line))
            or (line.isupper() and is_section_heading(line))):
        return True
    if (line.islower() and line.isalpha() and not line.isascii() and 4 <= len(line) <= 12
            and not SYLLABLE_SHAPE.fullmatch(key)):
        return True  # one lower-case non-word with a Vietnamese mark ('ácdscv'): typing left in a template
    if _FOLLOW.match(key):  # the site's invitation to follow it, whatever ends it
        return True
    if line.endswith("."):  # a sentence, even one that starts like furniture
        return bool(_COMMENT_PROMPT.match(key) or _COPYRIGHT.match(key))
    topic = _TOPIC_ROW.match(line)
    return bool(_FURNITURE.match(key)) or (topic is not None and topic.group(1).isupper() and len(line.split()) <= 10)


# A portal's section heading in capitals, printed over its stories ('HOẠT ĐỘNG CỦA HĐND CÁC CẤP', 'TIN TỨC - SỰ
# KIỆN'): what kind of news, never one story's headline.
_SECTION_HEADING = re.compile(r"^(?:tin tuc(?: [-–] su kien)?|tin hoat dong|su kien|chuyen muc|hoat dong cua .{2,30}"
                              r"|hoat dong .{0,30}(?:cac cap|cac nganh|dia phuong|co so|doan the|chuyen mon)"
                              r"|cac [\w]+(?: [\w]+)?)$")  # a list's heading: 'CÁC ĐỀ ÁN', 'CÁC CHUYÊN MỤC'


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


_DOCUMENT_PARTS = frozenset({"chuong", "dieu", "phan", "muc", "ky", "bai", "khoan", "so"})
_SERIES_NUMBER = re.compile(r"^(\S.*\S)\s+\d{1,2}$")


def _series_title(prefix: str) -> bool:
    if prefix.isupper() and len(prefix.split()) <= 3:  # 'LỄ 4', 'LỄ 6': a photo's file name in capitals
        return fold_aligned(prefix).split()[0] not in _DOCUMENT_PARTS
    if len(prefix.split()) < 3:
        return False
    return (prefix.isascii() and prefix.replace(" ", "").isalnum()) or fold_aligned(prefix).endswith(
        (" anh", " hinh", " photo", " image"))


_STAT_LINE = re.compile(r"^[^\W\d_][^\d:]{1,40}:\s*[\d.,]+$")  # 'Hôm nay: 331', 'Tổng số trong tuần: 43,580'
_STAT_LABEL = re.compile(r"^[^\W\d_][^\d:]{1,40}:$")  # a counter's label whose number is on the next line
_STAT_NUMBER = re.compile(r"^[\d.,]+$")
STAT_BLOCK_MIN_LINES = 3
STORY_LINE_WORDS = 25  # a line this long is a paragraph of the story


def drop_stat_block(lines: list[str], removed: list[str]) -> list[str]:
    """Without a visitor-counter box: three or more lines in a row, each a short label and a number ('Đang truy
    cập: 12', 'Trong tuần: 1,204', …), whatever the labels say, above the story's first paragraph or below its
    last; a list of figures between paragraphs ('Số hộ nghèo: 120' …) is the story's."""
    flags = [bool(line) and line[-1:].isdigit() and bool(_STAT_LINE.match(line)) for line in lines]
    for index in range(len(lines) - 1):  # a label and its number on two lines ('Hôm nay:' then '1'): one stat
        if _STAT_LABEL.match(lines[index]) and _STAT_NUMBER.match(lines[index + 1]):
            flags[index] = flags[index + 1] = True
    if sum(flags) < STAT_BLOCK_MIN_LINES:
        return lines
    long_lines = [index for index, line in enumerate(lines) if line.count(" ") >= STORY_LINE_WORDS - 1]
    first, last = (long_lines[0], long_lines[-1]) if long_lines else (len(lines), -1)
    flags = [flag and not first < index < last for index, flag in enumerate(flags)]
    drop: set[int] = set()
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and flags[end]:
            end += 1
        if end - start >= STAT_BLOCK_MIN_LINES:
            drop.update(range(start, end))
        start = end + 1
    if not drop:
        return lines
    removed.extend(lines[index] for index in sorted(drop))
    return [line for index, line in enumerate(lines) if index not in drop]


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


def is_breadcrumb(line: str, key: str | None = None) -> bool:
    """'Trang chủ > Tin tức > Tin y tế > …': a site's trail to the page, never story text; saved without its
    separators it still opens with the home link ('Trang chủ Biển đảo Nhịp sống biển đảo'). `key`: folded_key(line),
    when known."""
    if line.endswith((".", "!", "?", ":")):
        return False
    if ">" in line and _BREADCRUMB.search(line):  # (the search tries every position of the line)
        return True
    key = folded_key(line) if key is None else key
    return key.startswith("trang chu ") and len(line.split(None, 12)) <= 12


def is_doubled(line: str) -> bool:
    """A label printed twice with no space between ('Sở Y tế tỉnh XSở Y tế tỉnh X'), or a related link's headline
    printed twice with a space ('Tàu cá về bến Tàu cá về bến'): page furniture."""
    half = len(line) // 2
    if len(line) % 2 == 1:  # a related story's tile: its headline, then the same words as the link's title
        return len(line) >= 7 and line[half] == " " and line[:half] == line[half + 1:]  # 'Chuyên mục Chuyên mục'
    return len(line) >= 8 and line[:half] == line[half:]


def is_related_marker(line: str) -> bool:
    return folded_key(line) in RELATED_MARKERS


def is_title_bar(line: str) -> bool:
    """'Net Zero | VietNam Media', 'Tin tức | Sở Y tế': a section and a site's name, the page's title bar; a
    headline's parts are longer."""
    parts = line.split(" | ")
    return len(parts) >= 2 and all(1 <= len(part.split()) <= 4 for part in parts)


def is_anniversary_banner(line: str) -> bool:
    """'Chủ đề năm 2020: "…" - Chào mừng kỷ niệm 90 năm Ngày thành lập … (03/02/1930 - 03/02/2020)': a portal's
    banner for a year's theme, closed by the anniversary's span in brackets. (Over a headline only: a story about
    the anniversary may be headlined so.)"""
    return line.endswith(")") and bool(_ANNIVERSARY.search(fold_aligned(line)))


def is_slogan(line: str) -> bool:
    """'… DÂN GIÀU, NƯỚC MẠNH, DÂN CHỦ, CÔNG BẰNG, VĂN MINH!': a portal's banner slogan, capitals, clauses
    between commas, an exclamation mark; a story's headline does not shout."""
    return line.endswith("!") and line.isupper() and line.count(",") >= 2
