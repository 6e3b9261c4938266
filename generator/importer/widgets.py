"""Page furniture told by its shape (round 11 of issue 16): lines no story prints, whatever site they come from.

- a browser notice about JavaScript (a `<noscript>` text): it names JavaScript and the browser;
- a download list: a line ending with the download button's label ('… năm 2023 Tải về'), or the list's heading
  ('Tài liệu đính kèm:');
- a stamp without a year ('Mục - 10/05 13:00'): no date can be read from it, and it is not the story's text;
- a file's path or a URL-encoded address left where a link was ('/documents/185/0/B%C3%A1o.pdf/…');
- a camera's file number without its extension ('MG 3310', 'DSC 0042');
- a run of other stories' headlines, each closed by a dash (a trending list: '<headline> -' three times or more);
- an image's alt text typed without marks on a page written with them ('LOGO dai hoi', 'Cu tri bo phieu');
- a box of other stories' headlines right after the lead (three or more headline-shaped lines in a row).
Generic CMS labels of download lists and of Blogger's side widgets are listed here, never one site's wording.
"""

from __future__ import annotations

import re

from ..importer.captions import is_caption
from ..importer.furniture import SYLLABLE_SHAPE, fold_aligned

_JAVASCRIPT = re.compile(r"\bjava ?s\w*\b.*\b(?:trinh duyet|browser)\b|\b(?:trinh duyet|browser)\b.*\bjava ?s\w*\b")
# The download button's label at the end of a listed file, or the list's heading.
_DOWNLOAD_LABELS = ("tai ve", "download", "tai xuong")
_DOWNLOAD = re.compile(r"(?:^|\s)(?:tai ve|download|tai xuong)\s*$")
_ATTACHMENTS = re.compile(r"^(?:tai lieu|tep|file|van ban)(?: dinh kem| kem theo)\s*:?$")
_DATELESS_STAMP = re.compile(r"^(?:\S+(?:\s+\S+){0,5}\s+[-–|]\s+)?\d{1,2}/\d{1,2},?\s+\d{1,2}:\d{2}$")
_PATH = re.compile(r"^(?:[^/:]{0,60}:\s*)?/[\w.%+-]+(?:/[\w.%+,-]*){2,}\S*$")
_CAMERA_NUMBER = re.compile(r"^(?:img|dsc|dscn|dscf|mg|pxl|dji)[ _-]?\d{3,5}$")
TRENDING_RUN = 3  # headlines each closed by a dash, one after another: a list of other stories


def is_widget_line(line: str) -> bool:
    """A line of furniture by its shape (see the module's docstring)."""
    key = fold_aligned(line).strip()
    if "java" in key and _JAVASCRIPT.search(key):
        return True
    if (key.endswith(_DOWNLOAD_LABELS) and _DOWNLOAD.search(key)) or _ATTACHMENTS.match(key):
        return True  # the search only when the key ends with a label: it tries every position of every line
    if (key[-3:-2] == ":" and _DATELESS_STAMP.match(key)) or _CAMERA_NUMBER.match(key):
        return True  # a stamp ends with its minutes: ':' then two digits
    return bool("/" in key and ("%" in line or line.lstrip().startswith("/")) and _PATH.search(line.strip()))


def _dash_closed(line: str) -> bool:
    """'<headline of another story> -': five words or more, closed by a spaced dash."""
    return line.endswith((" -", " –")) and len(line.split()) >= 6


def drop_trending(lines: list[str], removed: list[str]) -> list[str]:
    """Without a run of three or more headlines each closed by a dash, and the one line after the run that goes
    on with another headline of the list (the last item prints no dash): a trending box's stories."""
    kept: list[str] = []
    index = 0
    while index < len(lines):
        run = index
        while run < len(lines) and (_dash_closed(lines[run]) or (not lines[run] and run > index)):
            run += 1
        items = [line for line in lines[index:run] if line]
        if len(items) >= TRENDING_RUN:
            last = run if _list_tail(lines, run) else run - 1
            removed.extend(line for line in lines[index:last + 1] if line)
            index = last + 1
            continue
        kept.append(lines[index])
        index += 1
    return kept


def _list_tail(lines: list[str], index: int) -> bool:
    """The list's last item at `index`: a headline's length (six to thirty words) with no sentence's full stop,
    and under it a short line (a section label, a stamp), not the lead a story's own headline would have."""
    if index >= len(lines):
        return False
    line = lines[index]
    following = next((other for other in lines[index + 1:] if other), "")
    return (6 <= len(line.split()) <= 30 and not line.endswith((".", "!", "?", "…", ":"))
            and len(following.split()) < 6)


ALT_MAX_WORDS = 8
ALT_MIN_SYLLABLES = 2  # lower-case words shaped like Vietnamese syllables, without their marks


def is_unmarked_alt(line: str, following: str) -> bool:
    """An image's alt text typed without marks ('LOGO dai hoi'): two to eight plain ASCII words, the lower-case
    ones (two at least) each a Vietnamese syllable's shape without its marks, and the next line of the page
    written with marks. A name ('Kim Dung') is capitalised throughout; an English phrase has words no Vietnamese
    syllable is shaped like ('for', 'of')."""
    if not line.isascii() or following.isascii():
        return False
    words = line.split()
    if not 2 <= len(words) <= ALT_MAX_WORDS or not all(word.isalpha() for word in words):
        return False
    lower = [word for word in words if word.islower()]
    return len(lower) >= ALT_MIN_SYLLABLES and all(SYLLABLE_SHAPE.fullmatch(word) for word in lower)


TEASER_RUN = 3  # other stories' headlines in a row after the lead
TEASER_MIN_WORDS = 5
TEASER_MAX_WORDS = 32  # a national portal's headlines run long: '<election>: Chuẩn bị chu đáo, đúng tiến độ'
PARAGRAPH_MIN_WORDS = 12


def _teaser(line: str) -> bool:
    """A headline's shape: five to twenty-five words, a capital first, no sentence's end punctuation, and no
    number but a year (a list's items give times, counts and amounts: 'Thời gian từ 7 giờ 30 …')."""
    return (line[:1].isupper() and not line.endswith((".", "!", "?", "…", ";", ",", ":", "”", '"', ")"))
            and TEASER_MIN_WORDS <= len(line.split()) <= TEASER_MAX_WORDS
            and not (any(char.isdigit() for char in line) and _NUMBER_NOT_YEAR.search(line)))


_NUMBER_NOT_YEAR = re.compile(r"(?<!\d)(?!(?:19|20)\d\d(?!\d))\d+")


def teasers_after_lead(body: list[str]) -> int:
    """How many lines right after the lead (body[0]) are a box of other stories' headlines: three or more
    headline-shaped lines in a row, then the story goes on with a sentence. A story's subheading stands alone
    over its paragraph; photos' captions in a row say what a photo shows (captions.is_caption). 0 when there is
    no such box."""
    if len(body) < TEASER_RUN + 2 or not body[0].endswith((".", "!", "?", "…", "”", '"')):
        return 0
    run = 1
    while run < len(body) and _teaser(body[run]):
        run += 1
    count = run - 1
    if (count < TEASER_RUN or run >= len(body) or not body[run].endswith((".", "!", "?", "…"))
            or len(body[run].split()) < PARAGRAPH_MIN_WORDS):
        return 0  # then the story goes on with a paragraph
    if len({line.split(None, 1)[0] for line in body[1:run]}) < count:
        return 0  # items opening alike ('Tổ chức …', 'Tổ chức …'): a list of the story's own
    return 0 if any(is_caption(line) for line in body[1:run]) else count  # a photo's caption is no teaser


# A related story's link under the stamp, a dash and the place it happened first: '- Sơn La: Mô hình …'.
_PLACED_LINK = re.compile(r"^[-–•] ((?:[^\W\d_][\w.]*)(?: [^\W\d_][\w.]*){0,3}): \S")
LINK_MIN_WORDS = 5  # the linked headline after the place's colon


def _placed_link(line: str) -> bool:
    """'- Sơn La: Mô hình … trang phục truyền thống': a dash, a place of capitalised words, a colon, a headline of
    five words or more without a sentence's end. A list's item names a label ('- Thời gian: …'), not a place."""
    link = _PLACED_LINK.match(line)
    return (link is not None and all(word[:1].isupper() for word in link[1].split())
            and not line.endswith((".", "!", "?", ";", ":"))
            and len(line[link.end() - 1:].split(None, LINK_MIN_WORDS)) >= LINK_MIN_WORDS)


def placed_links_before_lead(body: list[str]) -> int:
    """How many lines at the top of the body, before the lead, are links to other stories from other places
    (`_placed_link`): a box of the site's stories. A story's own list follows the sentence that introduces it."""
    count = 0
    while count < len(body) and _placed_link(body[count]):
        count += 1
    return count if count and count < len(body) and is_lead_shaped(body[count]) else 0


def is_lead_shaped(line: str) -> bool:
    """A paragraph: twelve words or more, closed by a sentence's end."""
    return (line.endswith((".", "!", "?", "…", "”", '"'))
            and len(line.split(None, PARAGRAPH_MIN_WORDS)) >= PARAGRAPH_MIN_WORDS)
