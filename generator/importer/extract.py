"""The parts of a story in cleaned lines: headline, publication date, byline, issuing unit, captions, body."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..importer.clean import fold_aligned
from ..importer.published import FoundDate, bracketed_stamp, find_stamp, first_story_date
from ..text import plain_text_summary

STAMP_WINDOW = 8  # a publication stamp stands among the first lines, next to the headline
HEADLINE_MAX_WORDS, CAPTION_MAX_WORDS, CREDIT_MAX_WORDS = 30, 32, 14
LONG_HEADLINE_MAX_WORDS = 60  # a headline this long counts only right before a stamp or a dated lead
LEAD_MIN_WORDS = 25  # a line this long is story text, never a headline
LABEL_WORDS = 4  # words besides the date a stamp right under the headline may carry ('Audio thời sự 23-03-2023')
PROPOSED_TITLE_LIMIT = 100

# Folded starts of story-opening time phrases: such a line is a lead, never a headline or caption.
_TIME_LEAD = re.compile(r"^(?:sang|trua|chieu|toi|dem|ngay|hom nay|hom qua|vao|tu ngay)\b\s*(?:nay\s*)?(?:ngay\s*)?\d")
_CREDIT = re.compile(r"^(tin\s*[,&/-]?\s*(?:va\s*)?anh|bai\s*[,&/-]?\s*(?:va\s*)?anh|tin\s*[,&/-]?\s*(?:va\s*)?bai"
                     r"|thuc hien|tac gia|nguoi viet|phong vien|nhom pv|pv|ctv|tin|bai|anh|nguon|theo)"
                     r"\s*:\s*(\S.{0,80})$")
_UNIT_START = re.compile(r"^(trung tam|so |phong |benh vien|ubnd|uy ban|ban |chi cuc|cuc |van phong|truong |"
                         r"khoa |tram y te|cdc\b|ttyt|ttksbt|bao |dai phat thanh|cong thong tin|hoi |"
                         r"huyen uy|tinh uy|thanh uy|dang uy|cong an|bo chi huy)")
# Initials before a name: 'T.HÀ', 'N.Dung', 'P.GIANG' (the letters are checked with str.isupper, not [A-Z]).
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+")
# What may follow a signature on its line: '– Phường 12' (the writer's unit), 'Từ nld.com.vn |' (a source site).
_SITE_TAIL = re.compile(r"\s+từ\s+\S+\.(?:vn|com|net|org)\b.*$", re.IGNORECASE)
_UNIT_TAIL = re.compile(r"\s+[–-]\s+\S.{0,40}$")
# Degrees and titles in front of a name: 'BSCKII Hoàng Thị …', 'ThS. BS …', 'PGS.TS …'.
_DEGREE = re.compile(r"^(?:(?:(?:bs|ds)\.?\s?(?:ck\s?i{1,2}|cki{1,2})?|ths|ts|pgs|gs|cn|đd|ktv|ks|ls)\.?\s*)+\s",
                     re.IGNORECASE)
# A line giving where the story was taken from: 'Nguồn Báo X: http://…', 'Theo X: http://…'.
_SOURCE_LINE = re.compile(r"^(?:nguon|theo)\b.{0,60}?:?\s*<?(?:https?://|www\.)\S+$")
# A short desk credit without a colon: 'Theo TTXVN', 'Theo Báo Nhân Dân'.
_THEO = re.compile(r"^theo\s+(\S.{0,40})$")
# An agency code opening a lead or sapo: '(CLO) …', '(QNO) - …', '(Baohatinh.vn) - …'.
_AGENCY_CODE = re.compile(r"^\([\w.]{2,20}\)")
# An outlet's label right under the headline on aggregator pages: 'Báo Hà Nội Mới'.
_OUTLET_LABEL = re.compile(r"^(?:bao|bao dien tu|tap chi|dai|truyen hinh)\s")
_BULLET = ("-", "–", "•", "+", "*", '"', "“", "'")  # list items and quoted speech
_VOWEL = re.compile(r"[aeiouy]")
_SITE_SIGNATURE = re.compile(r"^[a-z][a-z0-9]{2,15}(?:\.(?:vn|com|net))?$")  # 'vnews', 'baobinhduong.vn'

_INNER_SENTENCE = re.compile(r"[.!?] +([^\W\d_])")  # a sentence end, then a letter: upper case if a new sentence
_ADDRESS_LINE = re.compile(r"^<?https?://\S+$", re.IGNORECASE)  # a link the story gives, never a photo's caption
_CAPTION_PREFIX = re.compile(r"^\(?ảnh\s*(?:minh họa|minh hoạ)?\s*[:：-]\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # 'paragraph' or 'caption'
    text: str


@dataclass(frozen=True, slots=True)
class Byline:
    author: str | None
    author_sure: bool  # a labelled credit ('Tin, ảnh: …'), not a bare name
    source_unit: str | None
    lines: tuple[str, ...]
    # Where the author was read, for the report: 'credit' (a labelled credit line), 'signature' (a bare
    # name at the end), 'stamp' (a name printed on the stamp line), '' (no author).
    author_from: str = ""


@dataclass(frozen=True, slots=True)
class Story:
    title: str
    title_proposed: bool  # no headline in the text: made from the lead sentence
    stamp: FoundDate | None
    story_date: FoundDate | None  # first date in the lead paragraph
    byline: Byline
    blocks: tuple[Block, ...]
    menu: tuple[str, ...]  # unrelated lines above the headline, dropped

    @property
    def lead(self) -> str:
        return next((b.text for b in self.blocks if b.kind == "paragraph"), "")

    @property
    def captions(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "caption")


def word_count(line: str) -> int:
    return len(line.split())


def has_inner_sentence(line: str) -> bool:
    """'… hội nghị. Tham dự …': two sentences. str.isupper, because [A-ZÀ-Ỹ] also spans lower-case 'ở', 'à'."""
    return any(match.group(1).isupper() for match in _INNER_SENTENCE.finditer(line))


def starts_with_time(line: str) -> bool:
    return bool(_TIME_LEAD.match(fold_aligned(line)))


def is_lead(line: str) -> bool:
    """A line of story text: long, or opening with a time phrase ('Sáng ngày 19/5, …')."""
    return word_count(line) >= LEAD_MIN_WORDS or starts_with_time(line) or bool(_AGENCY_CODE.match(line))


def is_headline(line: str) -> bool:
    """A short line that does not read like a sentence of the story."""
    words = word_count(line)
    return (2 <= words <= HEADLINE_MAX_WORDS and len(line) <= 200 and not line.endswith((".", ";", ",", ":"))
            and not starts_with_time(line) and find_stamp(line) is None and not _CAPTION_PREFIX.match(line)
            and not is_stamp_label(line))


def is_long_headline(line: str, following: str | None) -> bool:
    """A headline of up to 60 words, even ending with a full stop, when a stamp or a dated lead follows it."""
    if following is None or not (find_stamp(following) is not None or starts_with_time(following)
                                 or bool(_AGENCY_CODE.match(following))):
        return False
    return (2 <= word_count(line) <= LONG_HEADLINE_MAX_WORDS and not line.endswith((";", ",", ":"))
            and not has_inner_sentence(line.rstrip(".")) and not starts_with_time(line)
            and find_stamp(line) is None and not _CAPTION_PREFIX.match(line))


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
    return found


def _headline_before_lead(lines: Sequence[str], end: int) -> int | None:
    """The headline that stands alone right before the first line of story text (or the first line).

    An outlet label between them ('Báo X') is skipped; a long headline is one only before a dated lead.
    """
    for index, line in enumerate(lines[:end]):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if is_lead(line) and not is_long_headline(line, following):
            before = index - 1
            while before > 0 and _outlet_label(lines[before]):
                before -= 1
            return before if _headline_at(lines, before) and not _outlet_label(lines[before]) else None
        if is_long_headline(line, following) and not is_headline(line):
            return index
    return 0 if _headline_at(lines, 0) else None


def find_headline(lines: Sequence[str]) -> tuple[int | None, int | None, FoundDate | None]:
    """(headline index, stamp index, stamp) among the non-blank lines.

    A headline followed by its stamp wins over a stamp followed by a headline (a site's 'today' header above
    the headline is a stamp too); a stamp with no headline next to it keeps the headline before the lead.
    """
    stamps = _stamps(lines)
    for index, stamp in stamps:
        if _headline_at(lines, index - 1) and not is_lead(lines[index - 1]):
            return index - 1, index, stamp
    for index, stamp in stamps:
        if _headline_at(lines, index + 1):
            return index + 1, index, stamp
    if stamps:
        index, stamp = stamps[0]
        return _headline_before_lead(lines, index), index, stamp
    return _headline_before_lead(lines, STAMP_WINDOW), None, None


def propose_title(lead: str) -> str:
    """A title from the lead's first clause, for an editor to confirm."""
    clause = re.split(r"[;:]| [–-] |\. ", lead, maxsplit=1)[0].strip(" .,")
    return plain_text_summary(clause, PROPOSED_TITLE_LIMIT).rstrip("…").rstrip(" ,;–-")


def _is_name_word(word: str) -> bool:
    """'Trang', 'KHÁNH', 'DT', 'T.HÀ', 'N.Dung': Vietnamese letters checked with str methods, not [A-Z]."""
    word = _INITIALS.sub("", word) if _INITIALS.match(word) and word[0].isupper() else word
    if not word:
        return True  # initials only: 'N.'
    if not word.isalpha() or not word[0].isupper():
        return False
    return word.isupper() or word[1:].islower()


def is_name(line: str) -> bool:
    """'Nguyễn Linh Trang', 'Trung Anh', 'DT', 'KHÁNH CHI', 'Q.NHƯ': every word capitalised, no more than five."""
    words = line.split()
    return 1 <= len(words) <= 5 and all(_is_name_word(w) for w in words)


def read_signature(line: str) -> str | None:
    """The writer's name(s) from a signature line: 'P.GIANG - K.LY', 'Tuệ Huân – Phường 12', 'BSCKII Lê Na'."""
    text = _SITE_TAIL.sub("", _DEGREE.sub("", line.strip(" .|"))).strip(" .|")
    for candidate in (text, _UNIT_TAIL.sub("", text)):
        parts = [part.strip() for part in re.split(r"\s+[-–]\s+|,\s+", candidate)]
        if parts and all(is_name(part) for part in parts):
            return " - ".join(parts)
    return None


def read_credit(line: str) -> tuple[str, str] | None:
    """('author' or 'source_unit', value) for a credit line such as 'Tin,ảnh: Bạch Vân'."""
    folded = fold_aligned(line)
    match = _CREDIT.match(folded)
    if match is None:
        theo = _THEO.match(folded)
        if theo and word_count(line) <= 5 and line[theo.start(1)].isupper():
            return "source_unit", line[theo.start(1):].strip(" .")
        return None
    value = line[match.start(2):].strip(" .")
    label = match.group(1)
    if label in ("nguon", "theo"):
        return "source_unit", value
    if label == "anh" and not is_name(value):
        return None  # 'Ảnh: Điểm cầu huyện Định Hóa' is a caption
    return "author", value


def is_unit(line: str) -> bool:
    return (word_count(line) <= CREDIT_MAX_WORDS and not line.endswith((".", ";", ":"))
            and bool(_UNIT_START.match(fold_aligned(line))))


def split_byline(lines: list[str]) -> tuple[list[str], Byline]:
    """Take credit, issuing-unit and bare-name lines off the end of the story."""
    author: str | None = None
    sure = False
    unit: str | None = None
    taken: list[str] = []
    while lines and len(taken) < 3:
        line = lines[-1]
        if word_count(line) > CREDIT_MAX_WORDS:
            break
        credit = read_credit(line)
        if credit and credit[0] == "author" and author is None:
            author, sure = credit[1], True
        elif credit and credit[0] == "source_unit" and unit is None:
            unit = credit[1]
        elif (is_unit(line) or _SITE_SIGNATURE.match(line)) and unit is None:
            unit = line.strip(" .")
        elif author is None and (name := read_signature(line)):
            author = name
        else:
            break
        taken.insert(0, lines.pop())
    origin = "" if author is None else "credit" if sure else "signature"
    return lines, Byline(author, sure, unit, tuple(taken), origin)


def is_caption(line: str) -> bool:
    """A short descriptive line between paragraphs: what a photo above or below it shows."""
    if _CAPTION_PREFIX.match(line):
        return True
    if _ADDRESS_LINE.match(line) or _SOURCE_LINE.match(fold_aligned(line)) or line.startswith(_BULLET):
        return False  # a link, a source line or a list item is text, never a photo's caption
    if _AGENCY_CODE.match(line):
        return False
    return (word_count(line) <= CAPTION_MAX_WORDS and len(line) <= 250 and ";" not in line
            and not line.endswith(("./.", ":", "…", "...")) and not has_inner_sentence(line)
            and not starts_with_time(line))


def is_cut(line: str) -> bool:
    """A paragraph cut short where a saved page ends: after a comma, or inside a word ('… khắc ph')."""
    last = line.split()[-1] if line.split() else ""
    return line.endswith(",") or (last.isalpha() and last.islower() and not _VOWEL.search(fold_aligned(last)))


def classify(lines: Sequence[str]) -> tuple[Block, ...]:
    """Paragraphs and captions; a caption line that goes on in lower case on the next line is joined."""
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        previous = blocks[-1] if blocks else None
        if index == len(lines) - 1 and is_cut(line):  # the page's text was cut mid-paragraph
            blocks.append(Block("paragraph", line))
            continue
        if (previous and previous.kind == "caption" and line[:1].islower()
                and word_count(previous.text) + word_count(line) <= CAPTION_MAX_WORDS):
            blocks[-1] = Block("caption", f"{previous.text} {line}")
        elif blocks and is_caption(line):  # the lead is a paragraph even when it is short
            blocks.append(Block("caption", _CAPTION_PREFIX.sub("", line).strip()))
        elif not blocks and _CAPTION_PREFIX.match(line):
            blocks.append(Block("caption", _CAPTION_PREFIX.sub("", line).strip()))
        else:
            blocks.append(Block("paragraph", line))
    return tuple(blocks)


def _trailing_sources(lines: list[str]) -> list[str]:
    """Take 'Nguồn X: http://…' lines off the end, so the signature above them can be read."""
    taken: list[str] = []
    while lines and _SOURCE_LINE.match(fold_aligned(lines[-1])):
        taken.insert(0, lines.pop())
    return taken


def _outlet_label(line: str) -> bool:
    """'Báo Hà Nội Mới' alone under the headline: the outlet an aggregator copied from, not story text."""
    return (word_count(line) <= 6 and not line.endswith((".", ":", ";", ","))
            and bool(_OUTLET_LABEL.match(fold_aligned(line))) and all(w[:1].isupper() for w in line.split()))


def extract(lines: Sequence[str]) -> Story:
    """Read a story from its cleaned lines (blank lines allowed)."""
    content = [line for line in lines if line]
    content = [line for i, line in enumerate(content)  # 'Ngày đăng' above its stamp line
               if not (is_stamp_label(line) and i + 1 < len(content) and find_stamp(content[i + 1]))]
    title_at, stamp_at, stamp = find_headline(content)
    if title_at is None:
        first_body = 0 if stamp_at is None else stamp_at + 1 if stamp_at < 2 else 0
        menu_end = first_body if stamp_at is not None and stamp_at < 2 else 0
    elif stamp_at is None or abs(stamp_at - title_at) != 1:  # a stamp further down is taken out on its own
        first_body, menu_end = title_at + 1, title_at
    else:
        first_body, menu_end = max(title_at, stamp_at) + 1, min(title_at, stamp_at)
    title = content[title_at] if title_at is not None else None
    body = [line for i, line in enumerate(content[first_body:], start=first_body)
            if i != stamp_at and line != title]
    label = body.pop(0) if body and _outlet_label(body[0]) else None
    if stamp is None and body and (bracketed := bracketed_stamp(body[0])):
        stamp = bracketed
    sources = _trailing_sources(body)
    body, byline = split_byline(body)
    if label and byline.source_unit is None:
        byline = Byline(byline.author, byline.author_sure, label, byline.lines, byline.author_from)
    if stamp is not None and stamp.by and byline.author is None:
        byline = Byline(stamp.by, False, byline.source_unit, byline.lines, "stamp")
    blocks = classify(body + sources)
    lead = next((b.text for b in blocks if b.kind == "paragraph"), "")
    return Story(
        title=title if title is not None else propose_title(lead), title_proposed=title_at is None, stamp=stamp,
        story_date=first_story_date(lead) if lead else None, byline=byline, blocks=blocks,
        menu=tuple(content[:menu_end]),
    )
