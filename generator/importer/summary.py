"""The paragraph an imported story's summary is made of: its first paragraph of prose.

A news list shows the summary under the headline, so it should say what happened. The first paragraph of the text
is often something else: a notice's legal bases ('Căn cứ Luật …;', 'Thực hiện Công văn số … về việc …'), a sapo's
bullets ('* …'), a list's label ('Dự buổi làm việc có:') with its items and their tail ('Cùng các đồng chí …'), a
list of names, a photo's caption closed by its credit ('… Ảnh: MINH KHÔI'), or a short line without a sentence's end
(a label, a date, a subtitle). These are passed over for the first paragraph that tells the story. A legal basis
that goes on to say what happens ('Thực hiện Kế hoạch số …, sáng 5/3, UBND xã tổ chức …') is that paragraph.

When no paragraph is prose (a notice that is all bases and items, a page of captions), the story's first paragraph
(extract.first_paragraph, as before) stands in, without its list marker: a reader is better served by the first
basis than by nothing, and a bullet never opens a summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..importer.byline import is_name, word_count
from ..importer.captions import CREDITED_MAX_WORDS, TRAILING_CREDIT, Block, starts_with_time
from ..importer.clean import fold_aligned
from ..importer.extract import first_paragraph, is_document_header, is_document_heading
from ..importer.headline import LEAD_MIN_WORDS

# A list item's marker: a bullet ('* ', '- ', '+ ', '• ', or glued to a word: '-Một', not '-5 độ'), or a number,
# letter or Roman numeral with its stop and a space ('1. ', '2) ', 'a) ', 'II. ').
_MARKER = re.compile(r"^(?:[*+•·●▪■◦►▸➢➤✓–—-](?:\s+(?=\S)|(?=[^\W\d_]))"
                     r"|(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[IVX]{1,4})[.)]\s+)")
# A legal basis opening a notice: 'Căn cứ …', 'Thực hiện Kế hoạch …', 'Theo Công văn số …', 'Trên cơ sở …', 'Xét
# đề nghị …' (folded). 'Theo kế hoạch, …' (according to the plan) tells the story: no document's number follows.
_BASIS = re.compile(r"^(?:can cu|thuc hien|trien khai thuc hien|tren co so|xet de nghi|"
                    r"theo (?:ke hoach|cong van|quyet dinh|chi thi|nghi quyet|huong dan|cong dien|thong bao) so)\b")
# How a basis goes on after a comma or semicolon: another document ('Căn cứ Luật A, Nghị định B'), another basis
# ('…; căn cứ …'), its number, date, issuer or subject ('…, ngày 12/9/2024 của UBND huyện', '… về việc …'), or the
# second word of a pair ('phòng, chống dịch'). Any other part says what happens ('…, UBND tỉnh chỉ đạo như sau:',
# '…, sáng ngày 14/1, …', '…, người dân xã nay có thể …'): then the paragraph is the story's lead.
_GOES_ON = re.compile(r"^(?:luat|nghi dinh|nghi quyet|quyet dinh|cong van|cong dien|ke hoach|thong tu|chi thi|"
                      r"huong dan|thong bao|quy che|quy dinh|dieu le|chuong trinh|van ban|can cu|thuc hien|cua|ve|"
                      r"va|chong|giai doan|nhiem ky)\b|^(?:so|ngay|thang|nam) \d")
# Who attended, said as a list's label ('Dự buổi làm việc có:', 'Tham dự hội nghị có các đồng chí:').
_ATTENDANCE = re.compile(r"^(?:den |tham |cung )?du\b.{0,60}\bco\b")
_TAIL = re.compile(r"^cung\s")  # 'Cùng các đồng chí trưởng, phó các khoa …': the attendance list goes on
_HONORIFIC = re.compile(r"^(?:ong|ba|anh|chi|dong chi|d/c)\s+")
_END = (".", "!", "?", "…", "”", '"', "»", ";", ":")  # ':' after a label's length: 'X thông báo … như sau:'
LABEL_MAX_WORDS = 6  # 'Cụ thể:', 'Thành phần gồm:': a label for what follows; a sentence ending ':' says more
SHORT_WORDS = 12  # a paragraph shorter than this over a story's prose is a caption or a subtitle
UNENDED_WORDS = LEAD_MIN_WORDS  # a line without a sentence's end, shorter: a label, subtitle or caption
OPENING_CHARS = 40  # how much of a paragraph its opening words are read from
CREDIT_CHARS = 60  # a photo's credit closing a caption ('. Ảnh: Hoàng Lâm/TTXVN') is in its last characters
NAMES_MAX_WORDS = 40  # a list of names longer than this is a paragraph about them
LONE_ITEM_WORDS = 25  # a numbered paragraph this long with no other item near it (a digest cut after its first)


def list_marker(text: str) -> int:
    """How many characters of `text` are a list item's marker ('* ', '- ', '1. ', 'a) '); 0 for none."""
    match = _MARKER.match(text)
    return match.end() if match else 0


def is_basis(text: str) -> bool:
    """A legal basis and nothing more: 'Căn cứ Luật … ngày 25/11/2013;', 'Thực hiện Công văn số 450/UBND-YT … về
    việc … trên địa bàn.' A basis followed by what happens ('…, UBND xã thông báo …') is the story's lead."""
    if not _BASIS.match(fold_aligned(text[:OPENING_CHARS])):
        return False
    if text.endswith(";"):
        return True  # one of a list of bases
    return all(_GOES_ON.match(fold_aligned(part)) for part in re.split(r"[,;]\s+", text)[1:])


def _basis_sentence(text: str) -> int:
    """Where the story starts after a first sentence that is a basis alone ('Căn cứ kế hoạch số 12/KH-HND … của
    Hội Nông dân huyện. Ngày 9 và 10 …'): the next sentence's first character, or 0."""
    for stop in re.finditer(r"[.;] +(?=[^\W\d_])", text):
        if text[stop.end()].isupper():
            return stop.end() if is_basis(text[: stop.start() + 1]) else 0
    return 0


def _names(text: str) -> bool:
    """'Nguyễn Văn An, Trần Thị Bình, ông Lê Cường': a list of names, not a sentence."""
    if word_count(text, NAMES_MAX_WORDS) > NAMES_MAX_WORDS:
        return False
    parts = [_HONORIFIC.sub("", part) if _HONORIFIC.match(fold_aligned(part)) else part
             for part in re.split(r"\s*[,;]\s*|\s+(?:và|[-–])\s+", text.rstrip(" ."))]
    return len(parts) >= 2 and all(is_name(part) for part in parts)


def _is_label(text: str) -> bool:
    """'Dự buổi làm việc có:', 'Cụ thể:': a label for the list under it."""
    return text.endswith(":") and (word_count(text, LABEL_MAX_WORDS) <= LABEL_MAX_WORDS
                                   or bool(_ATTENDANCE.match(fold_aligned(text[:OPENING_CHARS * 2]))))


def _is_prose(text: str) -> bool:
    """A paragraph that reads as the story's text: a sentence of some length (or a long line a page printed
    without its full stop, or one opening with a time: 'Sáng 5/3, …'), not a credited caption nor a list of
    names."""
    words = word_count(text, UNENDED_WORDS)
    if words <= CREDITED_MAX_WORDS and TRAILING_CREDIT.search(text[-CREDIT_CHARS:]):
        return False  # '… trình diễn tiết mục múa sạp. Ảnh: MINH KHÔI': a photo's caption
    if not text.endswith(_END) and words < UNENDED_WORDS and not starts_with_time(text):
        return False  # a label, a date, a subtitle, a caption
    return words >= SHORT_WORDS and not _names(text)


def _prose(paragraphs: Sequence[str]) -> str | None:
    """The first paragraph of prose, with any basis sentence or lone item's marker before it taken off."""
    in_list = False  # under a list's label: its items and their tail ('Cùng các đồng chí …') are the list
    for index, text in enumerate(paragraphs):
        if is_document_heading(text) or is_document_header(text):
            continue  # 'QUYẾT ĐỊNH:', 'UỶ BAN NHÂN DÂN', 'Số: 45 /BC-UBND'
        if _is_label(text):
            in_list = True
            continue
        if marker := list_marker(text):
            near = paragraphs[max(0, index - 1): index + 2]
            lone = sum(list_marker(other) > 0 for other in near) == 1
            if lone and not in_list and word_count(text, LONE_ITEM_WORDS) >= LONE_ITEM_WORDS:
                return text[marker:]  # '1. <a long paragraph>': a digest's first story, cut after it
            continue
        if in_list and _TAIL.match(fold_aligned(text[:OPENING_CHARS])):
            continue
        in_list = False
        if is_basis(text):
            continue
        text = text[_basis_sentence(text):]
        if _is_prose(text):
            return text
    return None


def summary_lead(blocks: Sequence[Block]) -> str:
    """The text a story's summary is cut from: its first paragraph of prose (see the module's docstring)."""
    found = _prose([block.text for block in blocks if block.kind == "paragraph"])
    if found is not None:
        return found
    lead = first_paragraph(blocks)
    return lead[list_marker(lead):]
