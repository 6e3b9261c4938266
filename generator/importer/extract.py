"""The parts of a story in cleaned lines: headline, publication date, byline, issuing unit, captions, body."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..importer.clean import fold_aligned
from ..importer.published import FoundDate, find_stamp, first_story_date
from ..text import plain_text_summary

STAMP_WINDOW = 8  # a publication stamp stands among the first lines, next to the headline
HEADLINE_MAX_WORDS, CAPTION_MAX_WORDS, CREDIT_MAX_WORDS = 30, 32, 14
PROPOSED_TITLE_LIMIT = 100

# Folded starts of story-opening time phrases: such a line is a lead, never a headline or caption.
_TIME_LEAD = re.compile(r"^(?:sang|trua|chieu|toi|dem|ngay|hom nay|hom qua|vao|tu ngay)\b\s*(?:ngay\s*)?\d")
_CREDIT = re.compile(r"^(tin\s*[,&/-]?\s*(?:va\s*)?anh|bai\s*[,&/-]?\s*(?:va\s*)?anh|tin\s*[,&/-]?\s*(?:va\s*)?bai"
                     r"|thuc hien|tac gia|nguoi viet|phong vien|nhom pv|pv|ctv|tin|bai|anh|nguon|theo)"
                     r"\s*:\s*(\S.{0,80})$")
_UNIT_START = re.compile(r"^(trung tam|so |phong |benh vien|ubnd|uy ban|ban |chi cuc|cuc |van phong|truong |"
                         r"khoa |tram y te|cdc\b|ttyt|ttksbt|bao |dai phat thanh|cong thong tin|hoi |"
                         r"huyen uy|tinh uy|thanh uy|dang uy|cong an|bo chi huy)")
_NAME_WORD = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+|[A-ZĐ]{1,4}|[A-ZĐ]\.(?:[A-ZĐ]\.?)*)$")
_INNER_SENTENCE = re.compile(r"[.!?] +[A-ZĐÀ-Ỹ]")
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


def starts_with_time(line: str) -> bool:
    return bool(_TIME_LEAD.match(fold_aligned(line)))


def is_headline(line: str) -> bool:
    """A short line that does not read like a sentence of the story."""
    words = word_count(line)
    return (2 <= words <= HEADLINE_MAX_WORDS and len(line) <= 200 and not line.endswith((".", ";", ",", ":"))
            and not starts_with_time(line) and find_stamp(line) is None and not _CAPTION_PREFIX.match(line))


def find_headline(lines: Sequence[str]) -> tuple[int | None, int | None, FoundDate | None]:
    """(headline index, stamp index, stamp) among the non-blank lines."""
    for index, line in enumerate(lines[:STAMP_WINDOW]):
        stamp = find_stamp(line)
        if stamp is None:
            continue
        if index > 0 and is_headline(lines[index - 1]):
            return index - 1, index, stamp
        if index + 1 < len(lines) and is_headline(lines[index + 1]):
            return index + 1, index, stamp
        return None, index, stamp
    return (0 if lines and is_headline(lines[0]) else None), None, None


def propose_title(lead: str) -> str:
    """A title from the lead's first clause, for an editor to confirm."""
    clause = re.split(r"[;:]| [–-] |\. ", lead, maxsplit=1)[0].strip(" .,")
    return plain_text_summary(clause, PROPOSED_TITLE_LIMIT).rstrip("…").rstrip(" ,;–-")


def is_name(line: str) -> bool:
    """'Nguyễn Linh Trang', 'Trung Anh', 'DT': every word capitalised, no more than five."""
    words = line.split()
    return 1 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words)


def read_credit(line: str) -> tuple[str, str] | None:
    """('author' or 'source_unit', value) for a credit line such as 'Tin,ảnh: Bạch Vân'."""
    folded = fold_aligned(line)
    match = _CREDIT.match(folded)
    if match is None:
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
        elif is_unit(line) and unit is None:
            unit = line.strip(" .")
        elif is_name(line) and author is None:
            author = line.strip()
        else:
            break
        taken.insert(0, lines.pop())
    return lines, Byline(author, sure, unit, tuple(taken))


def is_caption(line: str) -> bool:
    """A short descriptive line between paragraphs: what a photo above or below it shows."""
    if _CAPTION_PREFIX.match(line):
        return True
    if _ADDRESS_LINE.match(line):
        return False
    return (word_count(line) <= CAPTION_MAX_WORDS and len(line) <= 250 and ";" not in line
            and not line.endswith(("./.", ":", "…", "...")) and not _INNER_SENTENCE.search(line)
            and not starts_with_time(line))


def classify(lines: Sequence[str]) -> tuple[Block, ...]:
    """Paragraphs and captions; a caption line that goes on in lower case on the next line is joined."""
    blocks: list[Block] = []
    for line in lines:
        previous = blocks[-1] if blocks else None
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


def extract(lines: Sequence[str]) -> Story:
    """Read a story from its cleaned lines (blank lines allowed)."""
    content = [line for line in lines if line]
    title_at, stamp_at, stamp = find_headline(content)
    if title_at is None:
        first_body = menu_end = 0
    else:
        first_body = max(title_at, -1 if stamp_at is None else stamp_at) + 1
        menu_end = title_at if stamp_at is None else min(title_at, stamp_at)
    body = [line for i, line in enumerate(content[first_body:], start=first_body) if i != stamp_at]
    body, byline = split_byline(body)
    blocks = classify(body)
    lead = next((b.text for b in blocks if b.kind == "paragraph"), "")
    title = content[title_at] if title_at is not None else propose_title(lead)
    return Story(
        title=title, title_proposed=title_at is None, stamp=stamp,
        story_date=first_story_date(lead) if lead else None, byline=byline, blocks=blocks,
        menu=tuple(content[:menu_end]),
    )
