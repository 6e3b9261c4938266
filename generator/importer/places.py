"""Where a place name in a story is not the story's place: an outlet or a partner named after it, a person's
home, an office's address, a street or a commune of that name, a story for the whole country.

Split from tagging.py, which weighs the names gazetteer.py finds; these are the contexts that turn a name down, and
the two readings of a story's opening that tagging.py asks for: a dateline typed without its space, and the place a
visiting body went to (its own city named in its name does not count against it)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..importer.furniture import fold_aligned

if TYPE_CHECKING:
    from ..importer.gazetteer import Place

# An outlet or source named after a place ('Báo Hà Nội Mới', 'Nguồn Hà Nội Mới: …'): not where the story is.
OUTLET_BEFORE = re.compile(r"(?:\bbao|\bbao dien tu|\bnguon|\bdai phat thanh(?: va)?(?: truyen hinh)?|\bptth)\s*$")
# A story for the whole country: a province it names once is one place among many, not the story's place.
# ('715 điểm cầu tại 63 tỉnh'; a rank such as 'thứ 5/63 tỉnh' is a provincial story's).
NATIONAL = re.compile(r"(?<![/\d])63 tinh\b")
# A ministry's, the government's or an international meeting ('Bộ Y tế chủ trì …', '… cúm tại Việt Nam', 'các nước
# ASEAN'): a province named once in it is where the meeting was held, not whose story it is.
NATIONAL_ACTOR = re.compile(r"\b(?:tai viet nam|(?:thu truong|bo truong) bo \w+|asean|who|unicef|"
                             r"to chuc y te the gioi|cac nuoc)\b")
# Words one of which every match of NATIONAL_ACTOR holds: a substring test, much cheaper than its search over a story.
NATIONAL_ACTOR_WORDS = ("tai viet nam", "truong bo ", "asean", "who", "unicef", "to chuc y te the gioi", "cac nuoc")
# A national roundup ('toàn quốc có 17 tỉnh có dịch: A, B, C …'): it says the country and names many provinces,
# and the first-ranked one holds a small share of all the mentions. Words tested as substrings first.
ROUNDUP_WORDS = ("toan quoc", "ca nuoc")
# Four provinces are enough ('… sớm hơn ngày bầu cử của toàn quốc': polling places in four provinces, a paragraph
# each), when none holds more than a third of the mentions (was eight and a quarter before round 14).
ROUNDUP_MIN_PROVINCES = 4  # distinct provinces named
ROUNDUP_MAX_SHARE = 1 / 3  # the first-ranked province's share of every place mention, at most
NATIONAL_MAX_MENTIONS = 3  # named more often than this, the province is the story's even in a national frame
# An institution named just before a place in brackets ('Bệnh viện Chợ Rẫy (TP.Hồ Chí Minh)'): the bracket says
# where that partner is, not where the story happens.
INSTITUTION_BEFORE = re.compile(r"\b(?:benh vien|trung tam|truong|vien|cong ty|dai hoc|hoc vien|ngan hang|tap doan)"
                                 r"\b[^,.;:()]{0,50}\(\s*(?:tp\.?|thanh pho|tinh)?\s*$")
# A person's home in brackets ('anh Phương Văn T. (42 tuổi, ở huyện X, tỉnh Y)', '(trú tại …)', '(quê …)'):
# where the patient or the accused lives, not where the story happens.
PERSON_BRACKET = re.compile(r"\(\s*[^()]{0,40}?(?:\b\d{1,3}\s*tuoi\b|\btru\s*(?:tai|o)\b|\bque\b|\bngu\b|\bsn\s*\d{4})"
                             r"[^()]*$")
# An office's postal address in brackets ('(Cục X, số 8 phố Y, phường Z, Hà Nội)'): where to send a report, not
# where the story happens.
ADDRESS_BRACKET = re.compile(r"\([^()]{0,80}\bso \d+\w*(?:/\d+)?,? (?:pho|duong|ngo|ngach|hem)\b[^()]{0,120}$")
# The commonest surnames, as written: a place name right after one is a person's or a street's name ('hẻm 12
# Nguyễn Thái Bình'), not the place.
SURNAMES_WRITTEN = frozenset("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Ngô Dương Lý Trịnh".split())
# A person's home outside brackets, on the lower-cased text with its marks ('… trú tại xã A, huyện B', 'quê ở
# tỉnh C'; 'quế' is cinnamon): where a suspect or a patient lives, not where the story happens.
PERSON_HOME = re.compile(r"(?:\b(?:trú|ngụ|cư trú|thường trú|tạm trú)\s+(?:tại|ở)\b[^.;()]{0,80}"
                          r"|\bquê(?:\s+(?:ở|quán|tại))?\s[^.;()]{0,60})$")
# A group's city in brackets ('nhóm H.A.T (TP.Hồ Chí Minh)', 'Hội … (TP.HCM)'): where that partner is from.
GROUP_BEFORE = re.compile(r"\b(?:nhom|hoi|doan|clb|cau lac bo|quy|to chuc|doanh nghiep)\b"
                           r"(?:(?!\b(?:xa|phuong|huyen|quan|thi xa|thi tran|tinh)\b)(?:[^,.;:()]|\.(?! ))){0,50}"
                           r"\(\s*(?:(?:tp|thanh pho)\.?\s*)?$")
# A partner named after 'phối hợp với' ('… phối hợp với Đoàn thầy thuốc - Hội CTĐ TP. Hồ Chí Minh tổ chức'):
# the organisation that came from that province or city, not where the story happens.
PARTNER_BEFORE = re.compile(r"\bphoi hop (?:voi|cung)\s+(?:cac\s+)?(?:doan|hoi|benh vien|trung tam|truong|cong ty|"
                             r"nhom|clb|cau lac bo|quy|to chuc|vien|dai hoc|hoc vien)\b"
                             r"(?:[^,.;:()]|(?<=\btp)\.){0,70}$")
# What stands between a place and the bracket that says where it is: 'Phú Lộc (Thạnh Trị', 'X (huyện Y'.
BRACKET_OF = re.compile(r"\s*\(\s*(?:(?:huyen|tinh|quan|thi xa|thanh pho|tp)\.?\s*)?")
# A smaller unit named like a district ('xã Phú Lộc', 'tổ dân phố 1 Tây Sơn', 'đường Tây Sơn', 'Trường Tiểu học
# Phú Lộc 2'): a commune, a street or a school of that name, which may be anywhere.
SMALLER_BEFORE = re.compile(r"(?:(?<!thi )\bxa|\bphuong|\bthon|\bap|\bbuon|\bto dan pho(?: so)?(?: \d+)?"
                             r"|\bkhu pho(?: so)?(?: \d+)?|\bto(?: so)? \d+|\bkhoi(?: so)? \d+|\bduong|(?<!thanh )\bpho"
                             r"|\btruong(?: tieu hoc| thcs| thpt| mam non| mau giao| trung hoc(?: co so| pho thong)?)?"
                             r"|\bhem|\bngo)\s*$")
# The same words with their marks, on the lower-cased text: folded, 'dưỡng' (nursing) would be 'đường' (street).
SMALLER_MARKED = re.compile(r"(?:(?<!thị )\bxã|\bphường|\bthôn|\bấp|\bbuôn|\btổ dân phố(?: số)?(?: \d+)?"
                            r"|\bkhu phố(?: số)?(?: \d+)?|\btổ(?: số)? \d+|\bkhối(?: số)? \d+|\bđường|(?<!thành )\bphố"
                            r"|\btrường(?: tiểu học| thcs| thpt| mầm non| mẫu giáo| trung học(?: cơ sở| phổ thông)?)?"
                            r"|\bhẻm|\bngõ)\s*$")
# A dateline after a place at a line's start: a wire's ('Hà Nội (TTXVN) - …', 'Huế (VNA) …') or a document's
# ('Hà Nội, ngày 5 tháng 3 năm 2024'). Where the story was filed or signed, not a place the story is about.
WIRE_DATELINE = re.compile(r"\s*(?:\(\s*(?:ttxvn|vna|ttx|tta|ttxva)\b[^()]{0,20}\)|,\s*ngay\s+\d)")
# A body's or an institution's name that ends in its home city ('Hội Bác sĩ tình nguyện tại Hà Nội', 'Bệnh viện Đại
# học Y dược TP.Hồ Chí Minh'), on folded text before a province's name: who came, not where the story happens. A
# meeting, a fair or a contest ('hội nghị', 'hội chợ', 'hội thi') held in a city is where it happens: not one. The
# words between are the body's name: no verb or preposition that would make the place what the body goes to ('Hội
# … làm việc với huyện X').
AFFILIATION_BEFORE = re.compile(r"\b(?:benh vien|hoi(?! (?:nghi|thao|thi|cho|dien|trai|bao|xuan|khoe)\b)|doan|"
                                r"dai hoc|hoc vien|truong|vien|trung tam|cong ty|clb|cau lac bo|quy|to chuc)\b"
                                r"(?:(?!\b(?:voi|cho|va|den|ve|lam viec|to chuc|phoi hop|tham|khao sat|kham)\b)"
                                r"(?:[^,.;:()]|(?<=\btp)\.)){0,45}$")
AFFILIATION_REACH = 80  # characters before the name that AFFILIATION_BEFORE is tried on
# A dateline whose place name is typed without its space ('YênBái - YBĐT - …', 'ĐắkLắk (TTXVN) …') at a line's start.
GLUED_DATELINE = re.compile(r"(?m)^([A-ZĐÂĂÊÔƠƯ][^\W\d_A-ZĐ]+)([A-ZĐÂĂÊÔƠƯ][^\W\d_A-ZĐ]+)(?= *[-–(])")


def unglue_datelines(text: str) -> str:
    """The text with the lead's dateline's glued place name spaced ('YênBái - YBĐT -' → 'Yên Bái - YBĐT -'): a
    dateline opens the lead, the line after the headline; only those two lines are looked at."""
    end = _lead_end(text)
    return GLUED_DATELINE.sub(r"\1 \2", text[:end]) + text[end:]


def _lead_end(text: str) -> int:
    """Where the headline and the lead (the first line of text after it) end."""
    at = text.find("\n")
    while 0 <= at < len(text) - 1 and text[at + 1] == "\n":
        at += 1
    end = text.find("\n", at + 1) if at >= 0 else -1
    return len(text) if end < 0 else end


def visited(text: str, hits: Sequence[tuple[Place, str, bool]], starts: Sequence[int], best: str) -> str | None:
    """The province a visiting body came to, when the headline and lead name the first-ranked province only as
    that body's home ('Hội Bác sĩ tình nguyện tại Hà Nội làm việc với huyện Định Hóa', 'đoàn bác sĩ Bệnh viện …
    TP.Hồ Chí Minh khám bệnh cho người dân xã Phổ Châu (TX.Đức Phổ)') and name places of one other province:
    the visitors' city, named again in their story, does not beat the place they went to."""
    end = _lead_end(text)
    lead = [(hit[0], start) for hit, start in zip(hits, starts, strict=True) if start < end]
    if not any(place.province == best for place, _ in lead):
        return None
    folded = fold_aligned(text[:end])
    affiliated = [bool(AFFILIATION_BEFORE.search(folded, max(0, start - AFFILIATION_REACH), start))
                  for _, start in lead]
    if any(place.province == best and (place.level != "province" or not body)
           for (place, _), body in zip(lead, affiliated, strict=True)):
        return None  # the province is named in the lead as a place of its own
    # the other province named as a place, not as another body's home ('Bệnh viện tỉnh X' is a partner too)
    others = {place.province for (place, _), body in zip(lead, affiliated, strict=True)
              if place.province != best and not body}
    return others.pop() if len(others) == 1 else None
