"""Photo captions among a story's lines: which short lines describe a photo, and which are story text.

A saved page's text keeps a photo's caption as a line of its own between paragraphs; nothing marks it but
its shape: short, one sentence, no time phrase, not a list item, a link, a source line, a connective
sentence ('Đồng thời, …'), reported speech or a notice's closing formula. `classify` sorts a story's
lines into paragraphs and captions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..importer.byline import is_name, word_count
from ..importer.clean import fold_aligned

CAPTION_MAX_WORDS = 32
CREDITED_MAX_WORDS = 40  # a caption closed by its photo's credit ('… Ảnh: Đoàn Dương/TTXVN') may be this long

# Folded starts of story-opening time phrases: such a line is a lead, never a headline or caption.
_TIME_LEAD = re.compile(r"^(?:sang|trua|chieu|toi|dem|ngay|hom nay|hom qua|vao|tu ngay)\b\s*(?:nay\s*)?(?:ngay\s*)?\d")
# A line giving where the story was taken from: 'Nguồn Báo X: http://…', 'Theo X: http://…'.
SOURCE_LINE = re.compile(r"^(?:nguon|theo)\b.{0,60}?:?\s*<?(?:https?://|www\.)\S+$")
# Words that tie a sentence to the one before it: a line opening with one is a paragraph, never a caption,
# which stands alone under its photo ('Đồng thời, …', 'Ngoài ra, …', 'Đây là …', 'Từ năm 2003, …'); so does a
# sentence about an act in the abstract ('Việc sử dụng … giúp …'): a photo shows people and things.
_CONNECTIVE = re.compile(r"^(?:dong thoi|ngoai ra|ben canh do|tuy nhien|do do|vi vay|vi the|theo do|truoc do|"
                         r"sau do|cu the|nhu vay|qua do|duoc biet|day la|do la|dieu nay|mat khac|hon nua|"
                         r"trong khi do|tu nam \d{4}|tinh den|tinh tu|ket qua(?=,)|viec|dac biet|nhat la|tuy vay|"
                         r"mac du|du vay|thoi nhung|nho do|nho vay|boi vay|chinh vi|nhin chung|noi chung|"
                         r"cuoi cung|(?:buoi )?(?:sang|trua|chieu|toi) cung ngay|cung ngay|cung thoi gian"
                         r"|thong qua(?=[^,.]{1,80},))\b")  # 'Thông qua đại hội, …': what came of it
# What a sentence says of its subject, not what a photo shows: 'Những suất quà là nguồn động viên …',
# 'Hội thi là dịp để …'; and a share of a whole ('100% các trạm y tế …'): a statistic, not a photo's subject.
_STATEMENT = re.compile(r"\bla (?:mot )?(?:dip|nguon|hoat dong|trong nhung|dieu|co hoi|minh chung|niem|buoc)\b"
                        r"|\d ?% (?:cac|so|tong)\b")
# A notice's closing formula: '… thông báo để Nhân dân biết.', '… thông báo cho các tổ chức, cá nhân được biết.'
_NOTICE_FORMULA = re.compile(r"\bthong bao (?:de|cho) .{0,60}\bbiet\b")
# Who attended, the way a paragraph says it: 'Đến dự buổi lễ có ông …', 'Dự và chỉ đạo Đại hội có …'.
_ATTENDANCE = re.compile(r"^(?:den |tham )?du\b.{0,60}?\b(?:con )?co\b")
# A street address in the line ('tại số 27 đường …'): a notice's text, not what a photo shows.
_STREET_ADDRESS = re.compile(r"\bso \d+[a-z]?(?:/\d+)? (?:duong|pho|ngo|hem|kiet)\b")
# An adverbial opening with its comma ('Tại buổi lễ, …', 'Trong năm 2023, …'): on a page's last line, cut
# off before its full stop, the start of a paragraph.
_CLAUSE_OPENING = re.compile(r"^(?:tai|trong|sau|qua|voi|theo|nhan|tu|den)\b[^,]{2,40},\s")
# A photo credit at the end of a caption line: '… cho các hộ dân. Ảnh: CTV', '… Ảnh: Hoàng Lâm/TTXVN'.
TRAILING_CREDIT = re.compile(r"[.\s]+\(?ảnh\s*:\s*[^\W\d_][\w. /]{0,30}\)?(?:\s*\|)?$", re.IGNORECASE)
# An agency code opening a lead or sapo: '(CLO) …', '(QNO) - …', '(Baohatinh.vn) - …'.
AGENCY_CODE = re.compile(r"^\([\w.]{2,20}\)")
# Reported speech ('… bà X cho biết: …', '… phòng Y cho biết các trường …'): a paragraph's text, never what a
# photo shows.
_SPEECH = re.compile(r"\b(?:(?:noi|chia se|bay to)\s*:|(?:cho biet|cho rang|khang dinh|nhan manh)\b)")
_BULLET = ("-", "–", "•", "+", "*", '"', "“", "'")  # list items and quoted speech
_VOWEL = re.compile(r"[aeiouy]")
_INNER_SENTENCE = re.compile(r"[.!?] +([^\W\d_])")  # a sentence end, then a letter: upper case if a new sentence
_ADDRESS_LINE = re.compile(r"^<?https?://\S+$", re.IGNORECASE)  # a link the story gives, never a photo's caption
# What a photo's caption says: someone does something visible ('… phát biểu tại …', '… trao quà …', '… kiểm tra
# …') or a view of the scene ('Quang cảnh …'). A line that ends with its full stop is a sentence of the story
# unless it says so: a caption rarely ends with one (it does when a credit follows: '…. Ảnh: CTV').
_CAPTION_SUBJECT = re.compile(
    r"^(?:dong chi|d/c|ong|ba|bac si|bs|ts|ths|pgs|gs|nha si|y si|dieu duong|thanh nien|doan vien|"
    r"hoc sinh|sinh vien|nguoi dan|ba con|nong dan|cong nhan|chien si|can bo|lanh dao|dai dien|dai bieu|"
    r"cac (?:dai bieu|dong chi|can bo|em|hoc sinh|y bac si|doi|doan vien|thanh vien|co|chau))\b")  # who is shown
_CAPTION_SHAPE = re.compile(
    r"^(?:quang canh|toan canh)\b|\b(?:phat bieu|chu tri|tham quan|kiem tra|tham hoi|chup anh|cat bang|bam nut|"
    r"tiep nhan|khao sat|chuc mung|thao luan|du va chi dao|du (?:hoi nghi|le|buoi|dai hoi)|tai diem cau|"
    r"xem (?:anh|trien lam|tu lieu|san pham|mo hinh|xet))\b")  # what they do
# The same for verbs whose folded form is ambiguous ('tặng' gives, 'tăng' rises; 'thăm' visits, 'tham' takes
# part): matched with their tone marks, on the lower-cased line.
_CAPTION_VERB = re.compile(r"\b(?:tặng|trao(?! đổi)|thăm|nhận (?:quà|hoa|bằng|giấy|cờ|thưởng|học bổng))\b")
# A handover to a named household, without a full stop ('Bàn giao nhà đại đoàn kết cho ông Trần Văn A'): the
# photo of the keys handed over; a sentence saying so ends with its full stop.
_HANDOVER = re.compile(r"\bban giao\b.{0,60}\bcho (?:ong|ba|gia dinh|ho|cac ho)\b")
# A gift said as received, in a sentence closed by its full stop ('… còn được tặng quà.', '… các em nhận được sách
# vở do nhà trường và phụ huynh trao tặng.'): what people got, told by the story, not someone giving it in a
# photo. On the lower-cased line, before the verb: 'được' right before it, or 'do' (by) earlier in its sentence.
_GIFT_RECEIVED = re.compile(r"(?:\bđược\s+|\bdo\b[^.;]*)$")
GIFT_GIVER_REACH = 60  # characters before the verb where 'do' is looked for
# A credit in brackets at the end ('… trước ngày 21/6 (ảnh TL).'): the line is a photo's caption.
_BRACKET_CREDIT = re.compile(r"\((?:ảnh|nguồn ảnh|ảnh minh họa|ảnh minh hoạ)\b[^()]{0,30}\)\.?$", re.IGNORECASE)
# An office's title standing alone, or a signature's authority line ('TM. UBND TỈNH', 'KT. CHỦ TỊCH', 'Phó Chủ
# tịch'): the end of a notice or decision, never what a photo shows.
_OFFICE_ONLY = re.compile(r"^(?:(?:tm|kt|tl|tuq)\.?\s.{0,60}|(?:pho )?(?:chu tich|giam doc|truong ban|truong phong|"
                          r"bi thu|chanh van phong|thu truong|bo truong))$")
CAPTION_PREFIX = re.compile(r"^\(?ảnh\s*(?:minh họa|minh hoạ)?\s*[:：-]\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # 'paragraph' or 'caption'
    text: str


def has_inner_sentence(line: str) -> bool:
    """'… hội nghị. Tham dự …': two sentences. str.isupper, because [A-ZÀ-Ỹ] also spans lower-case 'ở', 'à'."""
    return any(match.group(1).isupper() for match in _INNER_SENTENCE.finditer(line))


def has_caption_shape(line: str) -> bool:
    """Positive evidence that a line describes a photo: someone doing something visible ('… phát biểu tại …',
    '… trao quà …'), or, in a line without a full stop, who or what the photo shows ('Bác sĩ … tư vấn …',
    'Toàn cảnh …'). 'Người dân góp ngày công …' with its full stop is a sentence of the story."""
    folded = fold_aligned(line)
    if _CAPTION_SHAPE.search(folded):
        return True
    lowered = line.lower()
    if any(not (line.endswith(".") and _GIFT_RECEIVED.search(lowered, max(0, verb.start() - GIFT_GIVER_REACH),
                                                             verb.start()))
           for verb in _CAPTION_VERB.finditer(lowered)):
        return True
    return not line.endswith(".") and bool(_CAPTION_SUBJECT.match(folded) or _HANDOVER.search(folded))


def is_upper_line(line: str) -> bool:
    """'MỘT SỐ HÌNH ẢNH TRONG BUỔI LỄ': three letters or more, all upper case (str.isupper counts Vietnamese)."""
    letters = 0
    for char in line:  # a line of story text is told by its first lower-case letter
        if char.isalpha():
            if not char.isupper():
                return False
            letters += 1
    return letters >= 3


def starts_with_time(line: str) -> bool:
    return bool(_TIME_LEAD.match(fold_aligned(line)))


def is_caption(line: str, shared_opening: bool = False) -> bool:
    """A short descriptive line between paragraphs: what a photo above or below it shows.

    Precision first: in plain text no photo is left to look at, and a short line between paragraphs is as
    often a crosshead or a related headline as a caption. So a line is a caption only with positive evidence:
    an 'Ảnh:' label or credit, a caption's shape (`has_caption_shape`), or an opening it shares with another
    caption-like line of the page (`shared_opening`: 'Lễ khai giảng tại trường A', 'Lễ khai giảng tại trường
    B'). A missed caption stays a paragraph, which reads well; a false one breaks the story."""
    if CAPTION_PREFIX.match(line):
        return True
    if len(line) > 300 or line.count(" ") > CAPTION_MAX_WORDS + 8:  # too long, even with a credit at its end
        return False
    if _ADDRESS_LINE.match(line) or SOURCE_LINE.match(fold_aligned(line)) or line.startswith(_BULLET):
        return False  # a link, a source line or a list item is text, never a photo's caption
    if AGENCY_CODE.match(line) or line[:1].islower():
        return False  # a line opening in lower case goes on from the paragraph above ('và trao 10 giải …')
    folded = fold_aligned(line)
    if line.endswith(".") and (_CONNECTIVE.match(folded) or _NOTICE_FORMULA.search(folded)
                               or _STATEMENT.search(folded)):
        return False  # a sentence tied to the one before it, a statement, or a notice's closing formula
    if _SPEECH.search(folded):
        return False  # '… bà X cho biết: …' quotes someone: a paragraph
    if _STREET_ADDRESS.search(folded) or _ATTENDANCE.match(folded):
        return False
    if _OFFICE_ONLY.match(folded) or is_upper_line(line):
        return False  # a signature's title, or an ALL-CAPS crosshead ('MỘT SỐ HÌNH ẢNH …'): never a caption
    credited = TRAILING_CREDIT.search(line) is not None or _BRACKET_CREDIT.search(line) is not None
    line = TRAILING_CREDIT.sub("", line)  # '… cho các hộ dân. Ảnh: CTV': the caption, then its credit
    if not credited and not shared_opening and not has_caption_shape(line):
        return False  # no sign of a photo: a paragraph of the story or a crosshead
    longest = CREDITED_MAX_WORDS if credited else CAPTION_MAX_WORDS  # a credit vouches for a longer caption
    return (word_count(line, longest) <= longest and len(line) <= 250 and ";" not in line
            and not line.endswith(("./.", ":", "…", "...")) and not has_inner_sentence(line)
            and not starts_with_time(line))


def is_cut(line: str) -> bool:
    """A paragraph cut short where a saved page ends: after a comma, inside a word ('… khắc ph'), or a line of
    ten words or more that stops on a lower-case word without its full stop (a caption that long is rare at
    a page's very end; a paragraph cut by the save is not)."""
    last = (line.rsplit(None, 1) or [""])[-1]
    if line.endswith(",") or (last.isalpha() and last.islower() and not _VOWEL.search(fold_aligned(last))):
        return True
    return word_count(line, 10) >= 10 and last.isalpha() and last.islower()


def _cut_clause(line: str) -> bool:
    """'Tại buổi lễ, lãnh đạo tỉnh đã biểu dương': a paragraph's opening, cut before its end by the save."""
    return not line.endswith((".", "!", "?", "…", ")")) and bool(_CLAUSE_OPENING.match(fold_aligned(line)))


def caption_text(line: str) -> str:
    """The caption without its 'Ảnh:' label, unless the label and a name are all there is ('Ảnh: Đỗ Cho' is
    the photo's credit: the name alone would read as a caption of a portrait)."""
    line = line.rstrip(" |").removeprefix("* ")  # a table cell's bar after it ('… hiện trường. |'); a star before
    text = CAPTION_PREFIX.sub("", line).strip()
    return line if text != line and is_name(text.strip(" .")) else text


def opening(line: str) -> str:
    """A line's first three words, folded: what captions of a series of photos share."""
    return " ".join(fold_aligned(line).split(None, 3)[:3])


def shared_openings(lines: Sequence[str]) -> frozenset[str]:
    """Openings that two or more caption-like lines share: the page's own wording of its captions."""
    counts = Counter(opening(line) for line in lines if 2 < line.count(" ") < CAPTION_MAX_WORDS and len(line) <= 250)
    return frozenset(key for key, count in counts.items()
                     if count >= 2 and sum(opening(line) == key and is_caption(line, True) for line in lines) >= 2)


COPIED_WORDS = 8  # a caption drawn from a paragraph repeats this many of its first words


def _longer_copy(line: str, lines: Sequence[str]) -> bool:
    """Is `line` the paragraph a shorter line's caption was drawn from ('X đã cấp 80.000 viên … trong đợt 2' over
    'X đã cấp 80.000 viên … cho các địa phương, với …')? Captions of a series share their first words and differ
    after them; a caption and its paragraph share a whole clause. The shorter one is the caption."""
    words = line.split()[:COPIED_WORDS]
    return len(words) == COPIED_WORDS and any(
        other is not line and len(other) < len(line) and other.split()[:COPIED_WORDS] == words for other in lines)


def classify(lines: Sequence[str], leading_captions: int = 0) -> tuple[Block, ...]:
    """Paragraphs and captions; a caption line that goes on in lower case on the next line is joined.

    The first `leading_captions` lines are captions of a photo between the headline and the lead."""
    blocks: list[Block] = [Block("caption", caption_text(line)) for line in lines[:leading_captions]]
    lines = lines[leading_captions:]
    shared = shared_openings(lines)
    listing = False  # under a paragraph that introduces a list ('… được thực hiện:'): its items, not captions
    for index, line in enumerate(lines):
        previous = blocks[-1] if blocks else None
        listing = (listing or _introduces_list(previous)) and not CAPTION_PREFIX.match(line) and (
            word_count(line, CAPTION_MAX_WORDS + 1) <= CAPTION_MAX_WORDS)
        if listing and not TRAILING_CREDIT.search(line):
            blocks.append(Block("paragraph", line))
            continue
        if index == len(lines) - 1 and (is_cut(line) or _cut_clause(line)):  # cut mid-paragraph
            blocks.append(Block("paragraph", line))
            continue
        if (previous and previous.kind == "caption" and line[:1].islower()
                and word_count(previous.text) + word_count(line) <= CAPTION_MAX_WORDS):
            blocks[-1] = Block("caption", f"{previous.text} {line}")
        elif previous and previous.kind == "caption" and line[:1].islower() and not CAPTION_PREFIX.match(line):
            blocks[-1] = Block("paragraph", previous.text)  # too long together for a caption: a paragraph going on
            blocks.append(Block("paragraph", line))
        elif blocks and is_caption(line, opening(line) in shared and not _longer_copy(line, lines)):
            blocks.append(Block("caption", caption_text(line)))  # the lead is a paragraph even when it is short
        elif not blocks and CAPTION_PREFIX.match(line):
            blocks.append(Block("caption", CAPTION_PREFIX.sub("", line).strip()))
        else:
            blocks.append(Block("paragraph", line))
    return tuple(blocks)


_PHOTO_WORDS = re.compile(r"\b(?:hinh )?anh\b")  # 'Một số hình ảnh …:': photos follow, with their captions


def _introduces_list(block: Block | None) -> bool:
    """A paragraph closed by a colon, not announcing photos: the lines under it are the list it introduces."""
    return (block is not None and block.kind == "paragraph" and block.text.endswith(":")
            and not _PHOTO_WORDS.search(fold_aligned(block.text[-80:])))
