"""Photo captions told by where a line stands among the page's lines, before the story is read: a short line
printed twice in a row under a paragraph (alt text, then caption), and a caption printed inside a sentence that
wraps across lines. Each is labelled 'Ảnh: …', the label captions.py reads as a caption's.

Split from clean.py, whose cleaning pass calls these."""

from __future__ import annotations

import re

_CLOCK = re.compile(r"\d:\d\d")
_SENTENCE_ENDS = (".", "!", "?", ":", "…", "”", '"', ")")


def is_caption_length(line: str) -> bool:
    """One short sentence: the length of a photo's caption, not of a paragraph."""
    return len(line.split()) <= 32 and re.search(r"[.!?] +[A-ZĐ]", line) is None and not line.startswith("Ảnh")


DOUBLED_CAPTION_MIN_WORDS = 4
PARAGRAPH_MIN_WORDS = 12


def mark_doubled_caption(kept: list[str], line: str) -> None:
    """A short line printed twice in a row under a paragraph of the story (an image's alt text, then its
    caption, both the caption's words): the photo's caption, labelled so ('Ảnh: …'). A headline printed twice
    stands above the story; a lead printed twice is a paragraph's length."""
    last = next((index for index in range(len(kept) - 1, -1, -1) if kept[index]), None)
    if (last is None or kept[last] != line or not is_caption_length(line) or line.isupper()
            or len(line.split()) < DOUBLED_CAPTION_MIN_WORDS or line.endswith((":", ";", ","))):
        return
    if any(above.endswith((".", "!", "?", "…", "”")) and len(above.split()) >= PARAGRAPH_MIN_WORDS
           for above in kept[:last]) or (line.endswith(".") and _under_stamp(kept[:last])):
        kept[last] = f"Ảnh: {line}"


def _under_stamp(above: list[str]) -> bool:
    """The lines above end with a stamp with its time, under a line of its own (the headline): a sentence
    printed twice right there is the top photo's alt text and caption ('Thứ hai - 08/09/2025 21:50')."""
    from ..importer.published import find_stamp  # published folds with clean, which imports this module

    lines = [line for line in above if line]
    if len(lines) < 2 or not _CLOCK.search(lines[-1]):
        return False
    stamp = find_stamp(lines[-1])
    return stamp is not None and stamp.hour is not None


WRAPPED_MIN_WORDS = 15  # a line cut mid-sentence this long, then a short line, then the sentence's lower-case rest


def lift_inner_captions(lines: list[str]) -> list[str]:
    """A photo's caption printed inside a sentence that wraps across lines ('… đã tổ chức triển khai thực' /
    'NGƯT. Nguyễn Văn A - GĐ Sở GD&ĐT' / 'hiện tốt 4 nhóm nhiệm vụ …') moved after the sentence's rest and
    labelled a caption ('Ảnh: …'), so that the sentence joins up again and the caption is not glued into it.
    The line above stops on a lower-case word, the short line (less than half its length, its last word
    capitalised) is no part of a wrapped paragraph, and the next line goes on in lower case."""
    if len(lines) < 3:
        return lines
    result = list(lines)
    for index in range(1, len(result) - 1):
        above, line, below = result[index - 1], result[index], result[index + 1]
        if (not line[:1].isupper() or not below[:1].islower() or not above[-1:].isalpha()
                or not above[-1:].islower() or len(above.split()) < WRAPPED_MIN_WORDS):
            continue
        words = line.split()
        if (2 <= len(words) <= WRAPPED_MIN_WORDS and 2 * len(line) < len(above) and words[-1][:1].isupper()
                and not line.endswith(_SENTENCE_ENDS)):
            result[index], result[index + 1] = below, f"Ảnh: {line}"
    return result
