"""The parts of a story in cleaned lines: headline, publication date, byline, issuing unit, captions, body."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..importer.aboutness import arbitrate
from ..importer.byline import Byline, is_unit, read_signature, split_byline, word_count
from ..importer.caption_lines import is_caption_length
from ..importer.captions import (
    AGENCY_CODE,
    CAPTION_MAX_WORDS,
    CREDITED_MAX_WORDS,
    SOURCE_LINE,
    Block,
    classify,
    is_caption,
    starts_with_time,
)
from ..importer.clean import drop_series_links
from ..importer.date_patterns import FoundDate
from ..importer.furniture import fold_aligned
from ..importer.headline import (
    LEAD_MIN_WORDS,
    channel_headline,
    echoed_headline,
    find_headline,
    is_category_label,
    is_grounds,
    is_lead,
    is_long_headline,
    is_section_label,
    is_stamp_label,
    outlet_label,
    photo_story_headline,
    top_byline,
)
from ..importer.headline import is_headline as is_headline  # tests and callers read it from here
from ..importer.published import (
    bracketed_stamp,
    find_stamp,
    first_story_date,
    is_today_header,
    month_first,
)
from ..importer.repeated import Repeated
from ..importer.top_lines import drop_repeated_sapo, join_wrapped_headline, signature_over_stamp
from ..importer.widgets import placed_links_before_lead, teasers_after_lead
from ..text import plain_text_summary

OPENING_DATE_CHARS = 12  # a second paragraph's date this near its start is when the story happened
PROPOSED_TITLE_LIMIT = 100
_BULLET = re.compile(r"^[•·●▪■◦►▸]\s*(?=\w)")
# A site's name before the lead ('Laocaitv.vn - Về với …'): not the first words of a title made from the lead.
_SITE_PREFIX = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org)\s*[-–:]\s*", re.IGNORECASE)
# An agency code before the lead ('(BDO) ', '(QNO) - '): not the first words of a title made from the lead.
_AGENCY_PREFIX = re.compile(r"^\([\w.]{2,20}\)\s*[-–:]?\s*")
# A desk's code in capitals before the lead ('CTTĐT - ', 'ĐNO - '): not the first words of a title from the lead.
_DESK_PREFIX = re.compile(r"^(\w{2,8}) [-–] ")
# A document's own heading taken as a paragraph ('QUYẾT ĐỊNH:', 'CHỈ THỊ:'): what follows is the text to sum up.
HEADING_MAX_WORDS = 4
HEADER_MAX_WORDS = 12  # a document's issuer or title line in capitals: not the lead to sum the story up with
_DOCUMENT_NUMBER = re.compile(r"^so\s*:?\s*\d+\s*/\s*[\w.-]+$")  # 'Số: 45 /BC-UBND', a document's number line
_PLACE_DATE = re.compile(r"^[a-z][a-z .-]{1,30}, ngay \d{1,2} thang \d{1,2} nam (?:19|20)\d\d\.?$")
# The story's date printed at the end of its headline line ('… phòng chống sốt xuất huyết 15/07/2016'): a listing's
# stamp, not the headline's words. Not after a word that makes the date part of the title ('… ngày 15/07/2016').
_TITLE_STAMP = re.compile(r"(?<=[^\W\d_]) +(\d{1,2}/\d{1,2}/(?:19|20)\d\d(?: +\d{1,2}:\d{2}(?::\d{2})?)?)$")
_DATE_IN_TITLE_WORDS = frozenset({"ngay", "den", "tu", "nam", "luc", "hom", "va", "toi", "truoc", "sau", "so"})
TITLE_STAMP_MIN_WORDS = 6  # the headline left without the date
TOP_CAPTION_MIN_WORDS = 6  # a photo's caption right under the stamp, over the lead
TOP_CAPTION_MAX_WORDS = 20


@dataclass(frozen=True, slots=True)
class Story:
    title: str
    title_proposed: bool  # no headline in the text: made from the lead sentence
    stamp: FoundDate | None
    story_date: FoundDate | None  # first date in the lead paragraph
    byline: Byline
    blocks: tuple[Block, ...]
    menu: tuple[str, ...]  # unrelated lines above the headline (and a related story's tile at the end), dropped
    repeated: tuple[str, ...] = ()  # lines of the batch's site furniture (repeated.py), dropped from the body
    above: tuple[str, ...] = ()  # the dropped lines above the headline (a banner, a menu): the site's own place

    @property
    def lead(self) -> str:
        return first_paragraph(self.blocks)

    @property
    def captions(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "caption")


def is_document_heading(text: str) -> bool:
    """'QUYẾT ĐỊNH:', 'CHỈ THỊ:': a document's heading in capitals, closed by a colon, up to four words."""
    return text.endswith(":") and text.isupper() and word_count(text, HEADING_MAX_WORDS + 1) <= HEADING_MAX_WORDS


def is_document_header(text: str) -> bool:
    """A document's header lines printed as paragraphs: its issuer or title in capitals ('HỘI CỰU CHIẾN BINH
    TỈNH', 'ĐỀ CƯƠNG TUYÊN TRUYỀN'), a rule of underscores, its number ('Số: 45 /BC-UBND'), or its place and date
    ('Tuy Hòa, ngày 10 tháng 3 năm 2022')."""
    if text.isupper() or not any(char.isalpha() for char in text):  # a rule under the header: '_________'
        return word_count(text, HEADER_MAX_WORDS) <= HEADER_MAX_WORDS
    folded = fold_aligned(text)
    return bool(_DOCUMENT_NUMBER.match(folded)) or (", ng" in text and bool(_PLACE_DATE.match(folded)))


def first_paragraph(blocks: Sequence[Block]) -> str:
    """The lead: the first paragraph that is not a document's heading or header (see is_document_heading),
    or the first paragraph when all are."""
    paragraphs = [b.text for b in blocks if b.kind == "paragraph" and not is_document_heading(b.text)]
    return next((text for text in paragraphs if not is_document_header(text)), paragraphs[0] if paragraphs else "")


def _top_signature(body: Sequence[str]) -> tuple[str, int] | None:
    """(writer, lines it takes) for a signature above the lead: 'Trần Văn A,' then 'Ban Tuyên giáo Tỉnh ủy',
    or a name alone, each followed by the lead."""
    if (len(body) < 2 or word_count(body[0], 5) > 5 or outlet_label(body[0])
            or not (name := read_signature(body[0].rstrip(" ,")))):
        return None
    if is_lead(body[1]) or (body[0].endswith(",") and word_count(body[1], LEAD_MIN_WORDS) >= LEAD_MIN_WORDS):
        return name, 1
    if (len(body) > 2 and is_unit(body[1])
            and (is_lead(body[2]) or word_count(body[2], LEAD_MIN_WORDS) >= LEAD_MIN_WORDS)):
        return name, 2
    return None


def _signed_over_code(line: str, body: Sequence[str]) -> str | None:
    """'Hoàng Nam' alone between the headline and a lead opening with the paper's code ('TPO - Chiều 12/1, …',
    '(GLO) - …'): the writer's name, every word capitalised, not a section's name ('Sức khỏe')."""
    coded = (_DESK_PREFIX.match(body[0]) and body[0][:2].isupper()) or AGENCY_CODE.match(body[0]) if body else None
    if not coded or " " not in line:
        return None
    return read_signature(line) if all(word[:1].isupper() for word in line.split()) else None


def _first_clause(lead: str) -> str:
    """The lead up to its first ';', ':' or sentence end; a colon after a place or a label of up to four
    capitalised words ('Hà Tĩnh: Hơn 200 hộ …') opens what happened there, so the clause goes on past it."""
    for stop in re.finditer(r"[;:]|\. ", lead):
        before = lead[: stop.start()].split()
        if stop.group() == ":" and 1 <= len(before) <= 4 and all(word[:1].isupper() for word in before):
            continue
        return lead[: stop.start()]
    return lead


def propose_title(lead: str) -> str:
    """A title from the lead's first clause, for an editor to confirm."""
    dateline = bracketed_stamp(lead)  # 'Tuyên Quang (TTXVN 17/2/2024) Sáng …': not the title's words
    lead = lead[len(dateline.written):].strip() if dateline else lead
    lead = _AGENCY_PREFIX.sub("", _SITE_PREFIX.sub("", lead))
    if (desk := _DESK_PREFIX.match(lead)) and desk.group(1).isupper():
        lead = lead[desk.end():]
    clause = _first_clause(lead)
    for dash in re.finditer(r" [–-] ", clause):  # a dash after a name joins it to its office: 'Ông X – Phó …'
        before = clause[: dash.start()]
        if before.count("(") > before.count(")") or (before[-1:].isdigit() and clause[dash.end():][:1].isdigit()):
            continue  # a dash inside brackets ('(27/2/1955 - 27/2/2020)') or between years ('2021 - 2022'): one span
        if word_count(before) >= 6:
            clause = clause[: dash.start()]
            break
    clause = clause.strip(" .,")
    return plain_text_summary(clause, PROPOSED_TITLE_LIMIT).rstrip("…").rstrip(" ,;–-")


def _captions_before_lead(body: Sequence[str], under_stamp: bool = False) -> int:
    """How many caption lines (one or two, short) stand between the headline and a lead line right after them.

    Short: a story's own first sentence, when it is short, is a sapo; a photo's caption is shorter still. Right
    under the stamp, one short line without a sentence's end over a long lead is the top photo's caption, whatever
    it says ('Buổi ra quân diễn ra sáng chủ nhật 28/6/2020'): a sapo is a sentence, a subtitle stands above the
    stamp."""
    for count in (1, 2):
        if (len(body) > count and is_lead(body[count]) and not is_lead(body[0])
                and all(is_caption(line) and word_count(line) <= 15 for line in body[:count])):
            return count
    if (len(body) > 1 and body[0].endswith(" |") and word_count(body[0]) <= CREDITED_MAX_WORDS
            and is_lead(body[1])):
        return 1  # '<caption> |': the photo's caption closed by its credit bar, right under the headline
    return int(under_stamp and len(body) > 1 and _photo_line(body[0])
               and word_count(body[1], LEAD_MIN_WORDS) >= LEAD_MIN_WORDS and body[1].endswith((".", "…", "”")))


def _caption_under_subheading(body: Sequence[str]) -> bool:
    """A section's subheading right under the headline at the top of a page without a stamp (a short line shaped
    like a caption), then one long sentence, then a lead opening with the day: the long sentence is the section's
    photo caption ('Đồng chí X đến bỏ phiếu tại …'), not a sapo, and the subheading stays a paragraph."""
    return (len(body) > 2 and is_caption(body[0]) and is_headline(body[0]) and starts_with_time(body[2])
            and is_long_headline(body[1], body[2]) and body[1].endswith(".") and not starts_with_time(body[1]))


def _photo_line(line: str) -> bool:
    """A caption's shape without its words: six to twenty words, a capital first, no sentence's end, not in
    capitals, not a name, a label or a date."""
    return (TOP_CAPTION_MIN_WORDS <= word_count(line, TOP_CAPTION_MAX_WORDS) <= TOP_CAPTION_MAX_WORDS
            and line[:1].isupper() and not line.isupper()
            and not line.endswith((".", "!", "?", "…", ":", ";", ",", "”", '"', ")", "|"))
            and not is_lead(line) and find_stamp(line) is None and not outlet_label(line) and not top_byline(line))


def _barred_caption(body: Sequence[str]) -> int:
    """1 when a page without a headline opens with a photo's caption closed by a bar ('<caption> |'), then the
    lead: the bar is the photo's credit row, so the line is the caption, not the lead to make a title of. A
    caption marked with a star ('* Ông X chủ trì hội nghị') is one too."""
    return int(len(body) > 1 and (body[0].endswith(" |") or body[0].startswith("* "))
               and word_count(body[0]) <= CAPTION_MAX_WORDS
               and not is_lead(body[0]))


def _trailing_sources(lines: list[str]) -> list[str]:
    """Take 'Nguồn X: http://…' lines off the end, so the signature above them can be read."""
    taken: list[str] = []
    while lines and SOURCE_LINE.match(fold_aligned(lines[-1])):
        taken.insert(0, lines.pop())
    return taken


def _opening_date(blocks: Sequence[Block]) -> FoundDate | None:
    """The date the second paragraph opens with (or a sentence of it opens with, year and all), when the lead
    (a sapo) has none: a sapo states what the story is about, the next paragraph when it happened ('Sáng
    28/1/2026, tại …'). A date inside a sentence of that paragraph is background, not the story's day."""
    paragraphs = [block.text for block in blocks if block.kind == "paragraph"][1:2]
    told = first_story_date(paragraphs[0]) if paragraphs else None
    at = paragraphs[0].find(told.written) if told is not None else -1
    if told is None or not (0 <= at <= OPENING_DATE_CHARS or (
            at > 0 and told.year is not None and paragraphs[0][:at].rstrip().endswith(".")
            and told.written[:1].isupper())):
        return None  # nor further in, unless it opens a sentence: '… kiểu mẫu. Ngày 30/6/2018, đoàn xã …'
    return told


def _grounds_date(blocks: Sequence[Block]) -> FoundDate | None:
    """The first date of the paragraphs that follow a lead closed by a semicolon ('Thực hiện kế hoạch …;' then
    'Thực hiện …, hôm nay ngày 07 tháng 4 năm 2022, trường …'): a document's grounds run on to the sentence that
    says what happened and when, so they are one lead."""
    paragraphs = [block.text for block in blocks if block.kind == "paragraph"][:4]
    for index, text in enumerate(paragraphs[:-1]):
        if not (text.endswith(";") or (index and is_grounds(text))):  # 'Căn cứ …;' then 'Thực hiện … số …'
            return None
        if (found := first_story_date(paragraphs[index + 1])) is not None:
            return found
    return None


def _early_date(blocks: Sequence[Block]) -> FoundDate | None:
    """The first date of the first three paragraphs, wherever it stands: when the lead is a photo's caption
    printed as a line of text, the day the story reports is in the next paragraph ('…, ngày 14/2, bệnh viện …'),
    and a weekday header months away from it is still the site's 'today' header."""
    paragraphs = [block.text for block in blocks if block.kind == "paragraph"][:3]
    return next((found for text in paragraphs if (found := first_story_date(text)) is not None), None)


def _title_stamp(title: str) -> tuple[str, FoundDate] | None:
    """(the headline without it, the stamp) for a date printed at the end of the headline line."""
    if not title[-1:].isdigit() or not (glued := _TITLE_STAMP.search(title)):
        return None
    words = title[: glued.start()].split()
    if len(words) < TITLE_STAMP_MIN_WORDS or fold_aligned(words[-1]).lower() in _DATE_IN_TITLE_WORDS:
        return None
    found = find_stamp(glued.group(1))
    return (title[: glued.start()], found) if found is not None else None


_NOT_SLUG = re.compile(r"[^a-z0-9 ]")
SLUG_MIN_WORDS = 4


def _drop_slug_lines(body: list[str], title: str | None) -> tuple[list[str], tuple[str, ...]]:
    """(body, dropped) without the lines that open with the page's own address slug, the headline folded to plain
    words ('huyen thuong tin hon 3000 …'): alone, a photo's alt text (the next line, when short, is its caption);
    with a headline after it, a link to another story."""
    slug = " ".join(_NOT_SLUG.sub("", fold_aligned(title)).split()) if title else ""
    if slug.count(" ") < SLUG_MIN_WORDS - 1 or not any(line.startswith(slug) for line in body):
        return body, ()
    kept: list[str] = []
    dropped: list[str] = []
    alt = False
    for line in body:
        if line.startswith(slug):
            dropped.append(line)
            alt = line == slug
            continue
        kept.append(f"Ảnh: {line}" if alt and is_caption_length(line) and not line.startswith("Ảnh") else line)
        alt = False
    return kept, tuple(dropped)


def extract(lines: Sequence[str], repeated: Repeated | None = None) -> Story:
    """Read a story from its cleaned lines (blank lines allowed). `repeated`: the lines a batch import found on
    many of its pages; those left in the body after the headline, stamp and sources are read are dropped."""
    content = [line for line in lines if line]
    content = [line for i, line in enumerate(content)  # 'Ngày đăng' above its stamp line
               if not (is_stamp_label(line) and i + 1 < len(content) and find_stamp(content[i + 1]))]
    content, signed = signature_over_stamp(drop_repeated_sapo(join_wrapped_headline(content)))
    title_at, stamp_at, stamp = find_headline(content)
    judged = arbitrate(content, title_at, stamp_at)  # which candidate is about what the story says
    dropped: tuple[str, ...] = ()
    if judged.action == "dropped" and title_at is not None:  # furniture taken for the headline: off the page
        dropped = (content.pop(title_at),)
        stamp_at = stamp_at - 1 if stamp_at is not None and stamp_at > title_at else stamp_at
    title_at = judged.title_at
    if title_at is None:  # a lead above the stamp (a listing's teaser, its stamp under it) is the story's text
        above = stamp_at is not None and any(is_lead(line) and line.endswith(".") and not line.isupper()
                                             for line in content[:stamp_at])  # not a slogan banner in capitals
        first_body = 0 if stamp_at is None or above else stamp_at + 1 if stamp_at < 2 else 0
        menu_end = first_body if stamp_at is not None and stamp_at < 2 else 0
    elif stamp_at is None or abs(stamp_at - title_at) != 1:  # a stamp further down is taken out on its own
        first_body, menu_end = title_at + 1, title_at
    else:
        first_body, menu_end = max(title_at, stamp_at) + 1, min(title_at, stamp_at)
    if title_at is not None:  # a bullet the template put before the headline ('• Chủ động …') is not its first word
        content[title_at] = _BULLET.sub("", content[title_at])  # nor is a station's code ('(TTV) Người dân …')
        content[title_at] = content[title_at][channel_headline(content[title_at]):]
        content[title_at] = photo_story_headline(content[title_at]) or content[title_at]  # without 'Ảnh: '
    title = content[title_at] if title_at is not None else None
    if title_at is not None and title is not None and (glued := _title_stamp(title)) is not None:
        content[title_at] = title = glued[0]
        if stamp is None or (stamp_at is not None and stamp_at < title_at):
            stamp, stamp_at = glued[1], None  # a stamp above the headline is then the site's 'today' header
    bare_title = fold_aligned(title) if title is not None else None  # the headline without its accents (a slug)
    body = [line for i, line in enumerate(content[first_body:], start=first_body)
            if i != stamp_at and line != title and (bare_title is None or fold_aligned(line) != bare_title)]
    body, slugged = _drop_slug_lines(body, title)
    while title_at is not None and body and (is_category_label(body[0]) or top_byline(body[0])
                                             or (is_section_label(body[0]) and len(body) > 1 and is_lead(body[1]))):
        label = body.pop(0)  # 'Sức khỏe', 'HOÀI THẢO |', 'Hoạt động Đoàn' under the headline
        signed = top_byline(label) or _signed_over_code(label, body) or signed
    if title_at is not None and (top := _top_signature(body)):
        signed, body = top[0], body[top[1]:]  # 'Trần Văn A,' 'Ban Tuyên giáo Tỉnh ủy' above the lead
    body, _ = drop_series_links(body, title)
    label = body.pop(0) if body and outlet_label(body[0]) else None
    if stamp is None and body and (bracketed := bracketed_stamp(body[0])):
        stamp = bracketed
    sources = _trailing_sources(body)
    body, furniture = repeated.split(body, title) if repeated else (body, [])
    body, byline = split_byline(body)
    teasers = tuple(body[1:1 + teasers_after_lead(body)])  # other stories' headlines right after the lead
    body = [body[0], *body[1 + len(teasers):]] if teasers else body
    if title_at is not None and (placed := placed_links_before_lead(body)):
        teasers, body = (*teasers, *body[:placed]), body[placed:]  # '- Sơn La: …' links over the lead
    if label and byline.source_unit is None:
        byline = replace(byline, source_unit=label)
    if stamp is not None and stamp.by and byline.author is None:
        byline = replace(byline, author=stamp.by, author_sure=False, author_from="stamp")
    if signed and byline.author is None:
        byline = replace(byline, author=signed, author_sure=False, author_from="signature")
    under_stamp = (stamp_at is not None and title_at is not None and stamp_at == title_at + 1
                   and first_body == stamp_at + 1)
    if title_at == 0 and stamp_at is None and _caption_under_subheading(body):
        leading, body[1] = 0, f"Ảnh: {body[1]}"  # labelled as the cleaning pass labels a caption it places
    else:
        leading = _captions_before_lead(body, under_stamp) if title_at is not None else _barred_caption(body)
        if (not leading and title is not None and len(body) > 1 and is_lead(body[1])
                and echoed_headline(title, body[0])):
            leading = 1  # the photo's caption under the headline, in the headline's own words
    blocks = classify(body + sources, leading)
    lead = first_paragraph(blocks)
    told = (first_story_date(lead) if lead else None) or _grounds_date(blocks) or _opening_date(blocks)
    if stamp is not None and is_today_header(stamp, told or _early_date(blocks)):
        stamp = None
    if stamp is not None and stamp.hour is not None:
        stamp = month_first(stamp, "\n".join(block.text for block in blocks))
    return Story(
        title=title if title is not None else propose_title(lead), title_proposed=title_at is None, stamp=stamp,
        story_date=told, byline=byline, blocks=blocks,
        menu=(*dropped, *content[:menu_end], *byline.related, *teasers, *slugged), repeated=tuple(furniture),
        above=tuple(content[:menu_end]),
    )
