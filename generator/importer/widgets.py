"""Page furniture told by its shape (round 11 of issue 16): lines no story prints, whatever site they come from.

- a browser notice about JavaScript (a `<noscript>` text): it names JavaScript and the browser;
- a download list: a line ending with the download button's label ('… năm 2023 Tải về'), or the list's heading
  ('Tài liệu đính kèm:');
- a stamp without a year ('Mục - 10/05 13:00'): no date can be read from it, and it is not the story's text;
- a file's path or a URL-encoded address left where a link was ('/documents/185/0/B%C3%A1o.pdf/…');
- a camera's file number without its extension ('MG 3310', 'DSC 0042');
- a run of other stories' headlines, each closed by a dash (a trending list: '<headline> -' three times or more).
Generic CMS labels of download lists and of Blogger's side widgets are listed here, never one site's wording.
"""

from __future__ import annotations

import re

from ..importer.furniture import fold_aligned

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
