"""Lines a page's template glued together with no space or line break between them, parted again.

Split from clean.py (round 11 of issue 16). Each rule reads the shape of the glue, never a site's words:
- a clock glued to the next sentence in the middle of a line ('… nâng caoMục - 10/05 13:00Qua …'): the headline,
  the section label and the stamp, and the lead are three lines;
- an ALL-CAPS headline glued to a desk code and its colon ('… TẠI HÀ NAMBBT: Năm …'): the headline, then the lead;
- a signature and the stamp on one line, parted by a bar ('Lan Anh (Đài X)| 17/11/2022 14:06'): two lines;
- the headline glued to its lead on the story's first long line ('… trong từng công dânTrong bối cảnh …'):
  two lines (split_headline_lead).
"""

from __future__ import annotations

import re

# A clock (with or without its date's year) glued to the letter that opens the next sentence: '10/05 13:00Qua',
# '13/05/2019 21:00Đi'. A letter right after the minutes, with no space, is a template's glue, never a sentence's.
_CLOCK_GLUED = re.compile(r"\d{1,2}[/.-]\d{1,2}(?:[/.-](?:19|20)?\d\d)?,? \d{1,2}:\d{2}(?::\d{2})?(?=[^\W\d_])")
_MINUTES = re.compile(r":\d\d")  # in every clock above: searched for first, the colon found fast
_LABEL_WORDS = 6  # a section label glued before the stamp ('Phát triển bền vững - ') is this short

# A Vietnamese syllable in capitals: consonants, vowels, an allowed final. A desk's code glued after the
# headline's last syllable ('NAMBBT') is what is left when the longest such syllable is taken off its start.
_SYLLABLE = re.compile(r"^(?:NGH|NG|NH|GH|GI|KH|PH|TH|TR|CH|QU|[BCDĐGHKLMNPRSTVX])?"
                       r"[AĂÂEÊIOÔƠUƯYÀ-Ỹ]+(?:NG|NH|CH|[CMNPT])?$")
_GLUED_CODE = re.compile(r"^(?P<head>(?:\S+\s+){5,30}?)(?P<last>\w{4,12}):\s+(?=\w)")
_CODE_COLON = re.compile(r":\s")  # in every match of _GLUED_CODE: searched for first, the colon found fast
_CODE_MAX = 5  # 'BBT', 'TTXVN', 'VOV': a desk's or agency's code

# A signature, then a bar, then the stamp: 'Lan Anh (Đài X)| 17/11/2022 14:06'.
_BAR_STAMP = re.compile(r"^(?P<name>[^|\d()]*(?:\([^()|]*\))?)\s*\|\s*(?P<stamp>\d{1,2}/\d{1,2}/(?:19|20)\d\d"
                        r"(?:,? \d{1,2}:\d{2}(?::\d{2})?)?)$")


def _case_joins(text: str) -> list[int]:
    """Where a capital (then a lower-case letter) is glued to a lower-case letter: two texts run together
    ('nâng caoMục'). Inside a Vietnamese word a capital never follows a lower-case letter. str.islower, because
    [a-zà-ỹ] also spans capitals ('Ạ')."""
    joins = []
    at = 0
    for word in text.split():  # the three letters are one word's; most words have no capital after their first letter
        start = text.find(word, at)
        at = start + len(word)
        if not word[1:].islower():
            joins.extend(start + i for i in range(1, len(word) - 1)
                         if word[i].isupper() and word[i - 1].islower() and word[i - 1].isalpha()
                         and word[i + 1].islower())
    return joins


def split_glued_stamp(line: str) -> list[str] | None:
    """'<headline>Mục - 10/05 13:00<lead>' as ['<headline>', 'Mục - 10/05 13:00', '<lead>'], or None.

    The stamp's line takes the short label glued before it (up to six words after the last place a capital is
    glued to a lower-case letter, or after nothing); the headline is what stands before that, four words or more."""
    match = _CLOCK_GLUED.search(line) if _MINUTES.search(line) else None  # a first look for the clock's minutes
    if match is None or match.start() == 0 or not line[match.end()].isupper():
        return None
    head, rest = line[: match.end()], line[match.end():]
    if len(rest.split()) < 8:  # the glued text is a sentence of the story, not a word or two
        return None
    joins = _case_joins(head)
    if joins and len(head[joins[-1]:].split()) <= _LABEL_WORDS + 3 and len(head[: joins[-1]].split()) >= 4:
        return [head[: joins[-1]].strip(), head[joins[-1]:].strip(), rest.strip()]
    return [head.strip(), rest.strip()]


def split_caps_code(line: str) -> list[str] | None:
    """'<HEADLINE IN CAPITALS>BBT: <lead>' as ['<HEADLINE IN CAPITALS>', 'BBT: <lead>'], or None.

    The line opens with five words or more in capitals, the last glued to a code of two to five capitals and a
    colon, and goes on in mixed case: the capitals are the headline, the code opens the lead."""
    first = line.split(None, 1)[:1]  # the headline's first word, in capitals: a first look (most lines fail it)
    if not first or any(char.islower() for char in first[0]) or not _CODE_COLON.search(line):
        return None
    match = _GLUED_CODE.match(line)
    if match is None or not f"{match['head']}{match['last']}".isupper():
        return None
    rest = line[match.end():]
    if not (rest[:1].isupper() and any(char.islower() for char in rest[:12])):
        return None
    last = match["last"]
    for cut in range(len(last) - 2, 0, -1):  # the longest syllable at the start, a code of 2-5 letters after it
        if _SYLLABLE.match(last[:cut]) and 2 <= len(last) - cut <= _CODE_MAX and not _SYLLABLE.match(last[cut:]):
            headline = f"{match['head']}{last[:cut]}".strip()
            return [headline, line[len(match['head']) + cut:].strip()]
    return None


def split_bar_stamp(line: str) -> list[str] | None:
    """'Lan Anh (Đài X)| 17/11/2022 14:06' as ['Lan Anh (Đài X)', '17/11/2022 14:06'], or None: a short name
    (up to six words, a bracketed unit aside) before the bar, a stamp alone after it."""
    match = _BAR_STAMP.match(line) if "|" in line else None  # most lines have no bar: the match backtracks long
    if match is None:
        return None
    name = match["name"].strip()
    bare = re.sub(r"\([^()]*\)", "", name).split()
    if not 1 <= len(bare) <= 6 or not all(word[:1].isupper() for word in bare):
        return None
    return [name, match["stamp"]]


def split_template_glue(line: str) -> list[str]:
    """The line, or its parts when a template glued them (see the module's docstring)."""
    if len(line) < 12 or (":" not in line and "|" not in line):
        return [line]
    for split in (split_glued_stamp, split_caps_code, split_bar_stamp):
        if (parts := split(line)) is not None:
            return parts
    return [line]


_LEAD_LINE_WORDS = 15  # the story's first long line: where a template glues the headline to its lead
_HEADLINE_WORDS = (4, 40)
_LEAD_WORDS = 12


def split_headline_lead(lines: list[str]) -> list[str]:
    """The lines, with the story's first long line parted where a capital is glued to a lower-case letter
    ('…công dânTrong bối cảnh…'), if what stands before it reads as a headline (4-40 words, no sentence ended
    inside) and what follows as a lead (12 words or more). Only that line: further down, a brand written with
    an inner capital ('TikTok', 'MoMo') is part of a sentence."""
    for at, line in enumerate(lines):
        words = line.split()
        if len(words) < _LEAD_LINE_WORDS:
            continue
        for join in _case_joins(line):
            head, lead = line[:join].strip(), line[join:].strip()
            head_words = len(head.split())
            if head_words > _HEADLINE_WORDS[1]:
                break
            piece = line[line.rfind(" ", 0, join) + 1:join]  # the glued word's first part: 'dân' of 'dânTrong'
            # The word a headline ends with, glued: lower-case ('dân' of 'dânTrong'). One opening with a capital is
            # a name written as one word: a brand ('MoMo', 'TikTok', 'VinFast') or a place ('ĐắkLắk').
            if head_words >= _HEADLINE_WORDS[0] and len(lead.split()) >= _LEAD_WORDS and len(piece) >= 2 \
                    and piece[:1].islower() and not re.search(r"[.!?…]\s", head):
                return [*lines[:at], head, lead, *lines[at + 1:]]
        return lines
    return lines


# HTML tags the page's editor left in its text ('Tin tức <div align="left"><font size="3">Chiều 5-7, …'):
# a block's opening tag starts a line (the text before it is another block: a section's label); the rest go.
_HTML_BLOCK = re.compile(r"[ \t]*<(?:div|p|center|table|tr|td|h[1-6])\b[^<>\n]{0,200}>[ \t]*", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:div|p|center|table|tr|td|h[1-6]|font|span|strong|em|b|i|u|a|br)\b[^<>\n]{0,200}>",
                       re.IGNORECASE)


def strip_html_tags(text: str) -> str:
    """The page's text without the HTML tags left in it (see _HTML_TAG): a block's opening tag breaks the line."""
    if "<" not in text or not _HTML_TAG.search(text):
        return text
    return _HTML_TAG.sub("", _HTML_BLOCK.sub("\n", text))
