"""Who wrote the story and who issued it: the credit, signature and issuing-unit lines at its end.

Vietnamese agency pages sign a story in many ways: a labelled credit ('Tin, ảnh: Bạch Vân', 'Tác giả bài
viết : …', 'BT: …'), a bare name ('Trung Anh', 'KHÁNH CHI', initials 'T.HÀ - N.LINH'), a unit ('Trung tâm
Kiểm soát bệnh tật'), a desk ('Theo TTXVN'). Names are recognised with str methods (upper-case Vietnamese
letters are not [A-Z]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..importer.clean import fold_aligned
from ..importer.furniture import SYLLABLE_SHAPE
from ..importer.gazetteer import default_gazetteer, name_key

CREDIT_MAX_WORDS = 14  # a credit or signature line is short

_CREDIT = re.compile(r"^(tin\s*[,&/-]?\s*(?:va\s*)?anh|bai\s*[,&/-]?\s*(?:va\s*)?anh|tin\s*[,&/-]?\s*(?:va\s*)?bai"
                     r"|thuc hien|t/h|tong hop|tac gia(?: bai viet)?|nguoi viet(?: bai)?|phong vien|nhom pv|pv|ctv"
                     r"|bt|bien tap|tin|bai|anh|nguon tin|nguon|theo)"
                     r"\s*:\s*(\S.{0,80})$")
_UNIT_START = re.compile(r"^(trung tam|so |phong |benh vien|ubnd|uy ban|ban |chi cuc|cuc |van phong|truong |"
                         r"khoa |tram y te|cdc\b|ttyt|ttksbt|bao |dai phat thanh|cong thong tin|hoi |"
                         r"huyen uy|tinh uy|thanh uy|dang uy|cong an|bo chi huy)")
# Initials before a name: 'T.HÀ', 'N.Dung', 'P.GIANG' (the letters are checked with str.isupper, not [A-Z]).
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+")
# What may follow a signature on its line: '– Phường 12' (the writer's unit), 'Từ nld.com.vn |' (a source site).
_SITE_TAIL = re.compile(r"\s+từ\s+\S+\.(?:vn|com|net|org)\b.*$", re.IGNORECASE)
_UNIT_TAIL = re.compile(r"\s+[–-]\s+\S.{0,40}$")
# A writer's unit after the name ('Thanh Hương – Đoàn Khối', 'Lê Na – Khoa Dược'): a unit, not a second writer.
_UNIT_PART = re.compile(r"(?:doan (?:khoi|thanh nien|xa|phuong|truong|co so)|hoi |khoa |phong |ban |trung tam|so |"
                        r"benh vien|ubnd|bao |dai |cong an|tram )")
# Degrees and titles in front of a name: 'BSCKII Hoàng Thị …', 'ThS. BS …', 'PGS.TS …'.
_DEGREE = re.compile(r"^(?:(?:(?:bs|ds)\.?\s?(?:ck\s?i{1,2}|cki{1,2})?|ths|ts|pgs|gs|cn|đd|ktv|ks|ls)\.?\s*)+\s",
                     re.IGNORECASE)
# A short desk credit without a colon: 'Theo TTXVN', 'Theo Báo Nhân Dân'.
_THEO = re.compile(r"^theo\s+(\S.{0,40})$")
# A source credit in brackets under the signature: '(theo nguồn tin từ Đài X)', '(Nguồn: Sở Y tế)'.
_BRACKET_SOURCE = re.compile(r"^\((?:theo|nguon)\b[\s:]*(?:nguon\s+)?(?:tin\s+)?(?:tu\s+)?(\S.{0,60})\)$")
# An editor's or desk's code in brackets after the writer's name: 'Tin và ảnh: DIỆU THÙY (HĐ)'.
_DESK_CODE = re.compile(r"\s*\((?:[^\W\d_]|\.){1,6}\)\s*$")
_SITE_NAME = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org)$")  # 'Theo baobinhdinh.com.vn'
# An aggregator's credit: 'Theo <writer> (<outlet>)'; the writer is a person when the first word is a surname
# ('Theo Đào Minh Trung (…)'), an outlet otherwise ('Theo Tuổi Trẻ (TTO)').
_THEO_WRITER = re.compile(r"^theo\s+(\S+(?:\s+\S+){1,4})\s*\([^()]{2,40}\)$")
_SURNAMES = frozenset("nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dao dinh truong luong "
                      "mai trinh lam to ha cao ta doan chau kieu thai luu tang quach trieu tu chu dam lai phung than "
                      "vuong khong kim ton giang lu hua mac nong au hau diep thach tieu".split())
# A signature glued to the end of the last paragraph: '… có sai phạm lớn. Nguyễn Chung'.
_GLUED_SIGNATURE = re.compile(r"^(.{60,}[.!?…”\"])\s+(\S+(?:\s\S+){1,3})$")
_NOT_SIGNATURE = ("ảnh", "nguồn", "theo", "tin", "bài")  # '… Ảnh Minh Họa' is a photo label, not a name
TEASER_RUN = 3  # other stories' teasers cut with '...' after a signature: a list of them, not the story
TEASER_MAX_LINES = 12
RELATED_MAX_LINES = 3  # a related story's tile after the signature: its headline and a line of its sapo
_DESKS = frozenset({"bbt", "ban bien tap", "ban bt"})  # the editorial board, signing for the whole site
# Last lines that look like a short name but end a text or are a site's label (folded): 'Hết' (the end), 'Tin tức'.
_NOT_NAMES = frozenset({"het", "ket thuc", "tin tuc", "tin khac", "xem them", "chia se", "binh luan", "lien he",
                        "trang chu", "quay lai", "tro ve", "ve dau trang", "in bai", "tiep theo", "tran trong",
                        "xin cam on", "chan thanh cam on", "toan canh", "quang canh"})
_HONORIFICS = ("Ông ", "Bà ", "Đồng chí ", "Đ/c ", "Thầy ", "Cô ", "Chị ", "Anh hùng ")
# A writer's unit in brackets after the name: '(MTTQ huyện)', '(CDC)': capitalised, up to four words.
_UNIT_BRACKET = re.compile(r"\s*\((?=[A-ZĐ])[^()]{2,30}\)$")
# A person introduced by name and office ('Thầy Lê Văn A, giáo viên …'): how a teaser of a profile opens.
_PERSON_INTRO = re.compile(r"^\S+(?: \S+)?(?: [^\W\d_]+){1,4}, [^\W\d_]")
_SITE_SIGNATURE = re.compile(r"^[a-z][a-z0-9]{2,15}(?:\.(?:vn|com|net))?$")  # 'vnews', 'baobinhduong.vn'
# Words that carry a clause, never a unit's or an outlet's name: tense and aspect ('đã', 'sẽ'), 'mỗi' (each), a
# copula, and the verbs a closing sentence opens with ('kêu gọi', 'đề nghị', 'cho biết'); matched with their tone
# marks on the lower-cased line ('mỗi' each, not 'mới' new). Not 'các' (all): 'Liên hiệp các hội khoa học tỉnh'.
_CLAUSE_WORD = re.compile(r"(?<!\w)(?:đã|sẽ|đang|vừa|mỗi|là|được|bị|thì|nên|để|vì|đều|cũng|vẫn|hãy|"
                          r"kêu gọi|đề nghị|yêu cầu|cho biết|tiếp tục|mong muốn)(?!\w)")
RUN_ON_WORDS = 4  # lower-case words after the last capitalised one: a name's description is shorter
# 'Theo Sở Y tế, trong …': a comma, then the clause in lower case; a desk credit names its source and stops.
_CLAUSE_COMMA = re.compile(r",\s+([^\W\d_])")


@dataclass(frozen=True, slots=True)
class Byline:
    author: str | None
    author_sure: bool  # a labelled credit ('Tin, ảnh: …'), not a bare name
    source_unit: str | None
    lines: tuple[str, ...]
    # Where the author was read, for the report: 'credit' (a labelled credit line), 'signature' (a bare
    # name at the end), 'stamp' (a name printed on the stamp line), '' (no author).
    author_from: str = ""
    related: tuple[str, ...] = ()  # a related story's tile after the signature, dropped (page furniture)


def word_count(line: str, limit: int = -1) -> int:
    """How many words the line has. With a `limit`, at most limit + 1: a caller comparing the count with the limit
    needs no more, and a paragraph's words past it are not split off."""
    return len(line.split(None, limit))


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
    """The writer's name(s) from a signature line: 'P.GIANG - K.LY', 'Tuệ Huân – Phường 12', 'BSCKII Lê Na',
    'Mai Lan (TTYT huyện)' (the unit in brackets). A line opening with an honorific ('Ông X – Phó …') names a
    person the story quotes or shows: a writer signs with the name alone."""
    folded = fold_aligned(line).strip(" .|").lower()
    if line.startswith(_HONORIFICS) or folded in _DESKS or folded in _NOT_NAMES:
        return None  # 'BBT': the editorial board signs for the site; it names no writer
    text = _SITE_TAIL.sub("", _DEGREE.sub("", line.strip(" .|"))).strip(" .|")
    if text.endswith(")") and (unit := _UNIT_BRACKET.search(text)) and unit.start() > 0:
        text = text[: unit.start()]  # 'Mai Lan (TTYT huyện)': the writer, then the unit
    for candidate in (text, _UNIT_TAIL.sub("", text)):
        parts = [part.strip() for part in re.split(r"\s*[-–]\s+|\s+[-–]\s*|,\s+", candidate)]
        if parts and all(is_name(part) for part in parts):
            # 'A - B', 'A, B' read 'A - B'; 'A – B' (en dashes only) and a dash glued to a name ('Lưu Phan-
            # Đình Thông') as printed
            if re.search(r"\S[-–]\s|\s[-–]\S", candidate) is not None:
                return candidate
            writers = not any(_UNIT_PART.match(fold_aligned(part)) for part in parts)  # 'A – Đoàn Khối': a unit
            en_dashes = len(parts) > 1 and re.sub(r"\s*–\s*", "", candidate) == "".join(parts)
            dash = " – " if en_dashes and writers else " - "
            return dash.join(parts)
    return None


def read_credit(line: str) -> tuple[str, str] | None:
    """('author' or 'source_unit', value) for a credit line such as 'Tin,ảnh: Bạch Vân'."""
    folded = fold_aligned(line)
    bracketed = _BRACKET_SOURCE.match(folded)
    if bracketed is not None:
        return "source_unit", line[bracketed.start(1):-1].strip(" .")
    match = _CREDIT.match(folded)
    writer = _THEO_WRITER.match(folded) if match is None else None
    if writer and writer[1].split()[0] in _SURNAMES and is_name(name := line[writer.start(1):writer.end(1)]):
        return "author", name  # 'Theo Đào Minh Trung (Đào Minh Trung)'
    if match is None:
        theo = _THEO.match(folded)
        if (theo and word_count(line) <= 5 and (line[theo.start(1)].isupper() or _SITE_NAME.match(theo[1]))
                and not runs_on(line) and not any(after[1].islower() for after in _CLAUSE_COMMA.finditer(line))):
            return "source_unit", line[theo.start(1):].strip(" .")
        return None
    value = _DESK_CODE.sub("", line[match.start(2):]).strip(" .")
    label = match.group(1)
    if label in ("nguon", "nguon tin", "theo"):  # 'Nguồn tin: Báo X': where it was copied from
        return "source_unit", value
    if label == "anh" and not is_name(value):
        return None  # 'Ảnh: Điểm cầu huyện Định Hóa' is a caption
    return "author", read_signature(value) or value  # 'Tác giả bài viết : Nguyễn Hòa - Khoa X' -> the name


def runs_on(line: str) -> bool:
    """A sentence, cut off where the saved page ends, that opens like a credit or a unit ('UBND xã đề nghị các hộ
    dân sẽ tiếp tục giữ', 'Theo Ban tổ chức cho biết'): a run of lower-case words after the last capitalised one
    that holds a clause's word. A unit's or outlet's name is capitalised words with a few lower-case ones ('Trung
    tâm Y tế huyện', 'Phòng giáo dục và đào tạo', 'Ban Chỉ đạo phòng, chống dịch')."""
    words = line.split()
    last = max((at for at, word in enumerate(words) if word[:1].isupper()), default=-1)
    tail = words[last + 1:]
    return len(tail) >= RUN_ON_WORDS and bool(_CLAUSE_WORD.search(" ".join(tail).lower()))


def is_unit(line: str) -> bool:
    """'Trung tâm Y tế huyện X', 'Trường THCS Y': an issuing unit. 'Trương Thị Mỹ Hạnh' folds like 'Trường …' but
    is a person (the surname Trương), so a school is read from its accents. A sentence opening with a unit's name
    (`runs_on`) is none."""
    match = _UNIT_START.match(fold_aligned(line))
    if (match is None or word_count(line) > CREDIT_MAX_WORDS or line.endswith((".", ";", ":"))
            or runs_on(line)):
        return False
    if match.group(1) == "bao ":  # 'BẢO ANH' folds like 'Báo …' but is a writer's name: a paper by its accent
        return line[:3].lower() == "báo"
    return match.group(1) != "truong " or line[:6].lower() == "trường"


_GLUED_BRACKET = re.compile(r"^(\S+(?: \S+){0,3})\(\s*([^()]{2,60}?)\s*\)$")


def split_byline(lines: list[str]) -> tuple[list[str], Byline]:
    """Take credit, issuing-unit and bare-name lines off the end of the story (and a related story's tile after
    them, or a signature glued to the last paragraph)."""
    if lines and lines[-1].endswith(")") and (glued := _GLUED_BRACKET.match(lines[-1])):
        lines = [*lines[:-1], f"{glued[1]} ({glued[2]})"]  # 'Lan Anh( Đài X)': the bracket glued to the name
    lines, related = _related_after_signature(_unglue_signature(_join_split_name(lines)))
    after = _after_credit(lines)  # a photo's caption printed under a labelled credit stays in the story
    body, byline = _take_byline(lines[:len(lines) - after], related)
    return [*body, *lines[len(lines) - after:]], byline


def _after_credit(lines: list[str]) -> int:
    """How many short lines without a full stop (one or two: a photo's caption) follow a labelled author's credit
    ('Tác giả: Văn An'); 0 when the story does not end so."""
    for count in (1, 2):
        if len(lines) <= count + 1:
            return 0
        credit = read_credit(lines[-count - 1])
        tail = lines[-count:]
        if credit and credit[0] == "author" and all(
                not line.endswith((".", "!", "?", ":", ";")) and 2 <= word_count(line, 16) <= 15
                and read_credit(line) is None and not read_signature(line) and not is_unit(line)
                and not _SITE_SIGNATURE.match(line) for line in tail):
            return count
    return 0


def _take_byline(lines: list[str], related: tuple[str, ...]) -> tuple[list[str], Byline]:
    """Credit, issuing-unit and bare-name lines off the end (three at most), read into a Byline."""
    author: str | None = None
    sure = False
    unit: str | None = None
    taken: list[str] = []
    while lines and len(taken) < 3:
        line = lines[-1]
        if word_count(line, CREDIT_MAX_WORDS) > CREDIT_MAX_WORDS:
            break
        credit = read_credit(line)
        if credit and credit[0] == "author" and author is None:
            author, sure = credit[1], True
        elif credit and credit[0] == "source_unit" and unit is None:
            unit = credit[1]
        elif (is_unit(line) or _SITE_SIGNATURE.match(line)) and unit is None:
            unit = line.strip(" .")
        elif author is None and (name := read_signature(line) or (not taken and _typed_name(lines))
                                 or (not taken and (_bracketed_name(lines) or _lower_given_name(lines)))):
            author = name
        else:
            break
        taken.insert(0, lines.pop())
    origin = "" if author is None else "credit" if sure else "signature"
    return lines, Byline(author, sure, unit, tuple(taken), origin, related)


def _typed_name(lines: list[str]) -> str | None:
    """The last line as a writer's name typed with a middle syllable in lower case ('Mai viết Tăng'), under a
    paragraph closed by its full stop: three or four words, a surname first and a capital last, as printed."""
    words = lines[-1].split()
    if (len(lines) < 2 or not lines[-2].endswith((".", "!", "?", "…", "”", '"'))
            or not 3 <= len(words) <= 4 or not all(word.isalpha() for word in words)):
        return None
    first, middle, last = words[0], words[1:-1], words[-1]
    if (not _is_name_word(first) or not _is_name_word(last) or fold_aligned(first).lower() not in _SURNAMES
            or not all(word.islower() or _is_name_word(word) for word in middle)
            or not any(word.islower() for word in middle)):
        return None
    return lines[-1]


def _lower_given_name(lines: list[str]) -> str | None:
    """'Thu phương': the last line, two syllables, the first capitalised and the second typed in lower case,
    under a paragraph closed by its full stop: a writer's name as the CMS's user typed it."""
    words = lines[-1].split()
    if (len(lines) < 2 or len(words) != 2 or not lines[-2].endswith((".", "!", "?", "…", "”", '"'))
            or not _is_name_word(words[0]) or words[0].isupper() or not words[1].isalpha() or not words[1].islower()
            or fold_aligned(lines[-1]).strip(" .").lower() in _NOT_NAMES):
        return None
    return lines[-1] if SYLLABLE_SHAPE.fullmatch(fold_aligned(words[1])) else None


def _bracketed_name(lines: list[str]) -> str | None:
    """'(Huy Khôi)': the last line, a writer's name of two to four words in brackets, under the last paragraph.
    A place in brackets ('(Hà Nội)', where the story was filed) is none."""
    line = lines[-1]
    if not (line.startswith("(") and line.endswith(")")) or len(lines) < 2:
        return None
    inner = line[1:-1].strip()
    if name_key(inner) in default_gazetteer().places:
        return None
    return inner if 2 <= word_count(inner, 4) <= 4 and is_name(inner) and read_signature(inner) else None


def _join_split_name(lines: list[str]) -> list[str]:
    """'Văn' / 'Quân' on the last two lines: a signature wrapped after each word by a narrow column, one name."""
    if (len(lines) >= 3 and all(" " not in line and _is_name_word(line) and line.isalpha() for line in lines[-2:])
            and not lines[-3].endswith(":")):
        return [*lines[:-2], f"{lines[-2]} {lines[-1]}"]
    return lines


def _unglue_signature(lines: list[str]) -> list[str]:
    """'… có sai phạm lớn. Nguyễn Chung' as the paragraph and the signature: a page that lost its line break."""
    match = _GLUED_SIGNATURE.match(lines[-1]) if lines else None
    if (match is None or fold_aligned(match[2]).startswith(tuple(fold_aligned(w) for w in _NOT_SIGNATURE))
            or not read_signature(match[2]) or not all(w[:1].isupper() for w in match[2].split())):
        return lines
    return [*lines[:-1], match[1], match[2]]


def _teasers_after_signature(lines: list[str]) -> int:
    """How many lines of other stories' teasers follow the signature: a name, then TEASER_RUN or more lines of six
    words or more, all but one cut with '...' ('Sáng 21.11, Quốc hội thảo luận về …...'), up to the end; 0 when
    the story does not end so."""
    tail = lines[-TEASER_MAX_LINES:]
    if len(tail) <= TEASER_RUN or not any(line.endswith(("...", "…")) for line in tail[-2:]):
        return 0
    for back in range(TEASER_RUN, len(tail)):
        name, teasers = tail[-back - 1], tail[-back:]
        if word_count(teasers[0], 6) < 6 or not 2 <= word_count(name, 5) <= 4 or not read_signature(name):
            continue
        cut = sum(line.endswith(("...", "…")) for line in teasers)
        if cut >= TEASER_RUN and cut >= back - 1 and all(word_count(line, 6) >= 6 for line in teasers):
            return back
    return 0


def _related_after_signature(lines: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """(lines, tile) without a related story's headline and sapo printed after the signature ('Xuân An', then
    '<a headline without full stop>', then a line of its sapo): the story ended at the signature."""
    for back in range(2, RELATED_MAX_LINES + 2):
        if len(lines) < back + 2:
            break
        name, headline = lines[-back], lines[-back + 1]
        if (2 <= word_count(name, 4) <= 4 and read_signature(name) and word_count(headline, 6) >= 6
                and headline[:1].isupper() and not headline.endswith((".", "!", "?", ":", ";", ",", "…"))
                and not read_signature(headline)):
            return lines[:-back + 1], tuple(lines[-back + 1:])
    if (teasers := _teasers_after_signature(lines)):
        return lines[:-teasers], tuple(lines[-teasers:])
    if (len(lines) >= 4 and lines[-2].isupper() and 2 <= word_count(lines[-2], 4) <= 4 and read_signature(lines[-2])
            and lines[-1].startswith(_HONORIFICS) and _PERSON_INTRO.match(lines[-1])
            and word_count(lines[-1], 80) <= 80):
        return lines[:-1], (lines[-1],)  # 'MAI LAN', then 'Thầy X, giáo viên …, là …': the next story's teaser
    return lines, ()
