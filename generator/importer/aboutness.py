"""Is a line about what the story says? The headline of a story shares its words with the lead and the body;
the furniture around it (a site's 'today' date, a print button's label, a hotline bar, a welcome banner, a menu
section's name, another story's headline) shares little or nothing with THIS story's text. The test does not
depend on any site's words, so it holds on templates the importer's rules have never seen.

Words are compared as Vietnamese syllables folded to lower case with the tone taken off wherever the page put it
('hoà' and 'hòa' are one syllable) and kept as a suffix (so 'ba' and 'bà' stay two). A pair of adjacent syllables
is the stronger evidence: most Vietnamese words have two syllables, and one syllable alone ('của', 'năm') is
shared by almost any two lines. A pair is worth less the more lines of furniture around the story also carry it
(a site's name printed in its menu, banner and footer): rarity within the page, not a list of words."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..importer.byline import word_count
from ..importer.captions import (
    AGENCY_CODE,
    CAPTION_PREFIX,
    TRAILING_CREDIT,
    has_inner_sentence,
    is_caption,
    starts_with_time,
)
from ..importer.furniture import fold_aligned, is_slogan, is_title_bar
from ..importer.headline import _BULLETS, _CLOCK_LINE, _CODE_DASH, _SAPO_OPENING, is_lead, is_stamp_label
from ..importer.published import find_stamp

# The five tone marks (huyền, sắc, ngã, hỏi, nặng), as combining characters after NFD. The vowel's own marks
# (circumflex, breve, horn) stay: 'a', 'â' and 'ă' are different letters.
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_SYLLABLE = re.compile(r"[^\W\d_]+")
# Where a run of words breaks: punctuation between two syllables means they are not one word.
_BREAK = re.compile(r"[^\w\s]+|\d+")
# A syllable (group 1) or a break (no group): the two above, one token at a time; '_' is neither, as above.
_TOKEN = re.compile(f"({_SYLLABLE.pattern})|{_BREAK.pattern}")
STORY_PARAGRAPHS = 6  # the lead and the paragraphs after it: what the story says, before the related links
STORY_MIN_WORDS = 12  # a paragraph of story text, not a label or a caption


@functools.lru_cache(maxsize=65536)
def fold_syllable(word: str) -> str:
    """'Hoà' → 'hoa2', 'hòa' → 'hoa2', 'Đà' → 'đa2': case and tone-mark placement folded, the tone kept."""
    tone = ""
    kept = []
    for char in unicodedata.normalize("NFD", word.replace("\u00d0", "Đ").lower()):
        if char in _TONES:
            tone = _TONES[char]
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


def syllables(text: str) -> list[list[str]]:
    """The text's runs of folded syllables, split where punctuation or a number stands between two words.

    Read a word (a run of non-spaces) at a time: most are letters only, one syllable each, and only the others
    are parted by _TOKEN into syllables and breaks. The same runs as splitting the whole text at _BREAK and
    taking _SYLLABLE's words from each part, at a third of the cost (both regular expressions test every
    character's Unicode class)."""
    runs = []
    words: list[str] = []
    for token in unicodedata.normalize("NFC", text).split():
        if token.isalpha():  # letters only: one syllable, no break in it
            words.append(token)
            continue
        for word in _TOKEN.findall(token):
            if word:
                words.append(word)
            elif words:  # punctuation or a number: the run ends
                runs.append(list(map(fold_syllable, words)))
                words = []
    if words:
        runs.append(list(map(fold_syllable, words)))
    return runs


def pairs(text: str) -> frozenset[tuple[str, str]]:
    """Adjacent syllable pairs within a run: the page's two-syllable words and their neighbours."""
    return pairs_and_singles(text)[0]


def singles(text: str) -> frozenset[str]:
    return frozenset(word for run in syllables(text) for word in run)


@functools.lru_cache(maxsize=4096)
def pairs_and_singles(text: str) -> tuple[frozenset[tuple[str, str]], frozenset[str]]:
    """pairs(text) and singles(text) from one reading of it. Remembered: a page's lines are read again for
    each candidate the arbiter weighs (the lines above it, the story under it)."""
    pairs: set[tuple[str, str]] = set()
    words: set[str] = set()
    for run in syllables(text):
        pairs.update(zip(run, run[1:], strict=False))
        words.update(run)
    return frozenset(pairs), frozenset(words)


@dataclass(frozen=True, slots=True)
class Aboutness:
    """How much of a line the story's text repeats: its syllable pairs found there (weighted by rarity within
    the page), out of all its pairs; and the same for single syllables."""

    pairs_total: int
    pairs_shared: float  # weighted: a pair the page's furniture also prints counts for less
    syllables_total: int
    syllables_shared: int

    @property
    def pair_share(self) -> float:
        return self.pairs_shared / self.pairs_total if self.pairs_total else 0.0

    @property
    def syllable_share(self) -> float:
        return self.syllables_shared / self.syllables_total if self.syllables_total else 0.0

    @property
    def nothing(self) -> bool:
        """Shares no two-syllable word with the story: furniture, or another story's headline."""
        return self.pairs_shared < 0.5


@dataclass(frozen=True, slots=True)
class Story:
    """The story's text to compare lines with, and the page's other lines (whose pairs weigh less)."""

    pairs: frozenset[tuple[str, str]]
    singles: frozenset[str]
    around: tuple[frozenset[tuple[str, str]], ...]

    def score(self, line: str) -> Aboutness:
        own, words = pairs_and_singles(line)
        shared = 0.0
        for pair in own & self.pairs:
            seen = sum(1 for other in self.around if pair in other)
            shared += 1.0 / (1 + seen)
        return Aboutness(len(own), shared, len(words), len(words & self.singles))


def story_text(lines: Sequence[str], start: int, skip: Sequence[int] = ()) -> Story:
    """The story's first paragraphs from `start` on (lines of twelve words or more, up to six), compared with
    the lines above `start` that are not candidates (`skip`): a pair those also print is the page's, not the
    story's, and weighs less."""
    story = [line for line in lines[start:] if word_count(line, STORY_MIN_WORDS) >= STORY_MIN_WORDS][:STORY_PARAGRAPHS]
    text = "\n".join(story)
    around = tuple(pairs(line) for index, line in enumerate(lines[:start]) if index not in skip)
    return Story(*pairs_and_singles(text), tuple(p for p in around if p))


# ---- the arbiter between headline candidates -------------------------------------------------------------------

WINDOW = 8  # candidates: up to this many lines above the first paragraph of story text (and the one under it)
MAX_WORDS = 45  # a headline may be long, but a line longer than this is a paragraph
# Evidence that a line is about the story: this many rarity-weighted two-syllable words shared with it, and this
# share of the line's pairs. Chosen on sets 1-12 together (see the module's tests and the round's report).
STRONG_PAIRS = 3.0
STRONG_SHARE = 0.3
SWITCH_TIMES = 3.0  # a switch: the other line shares this many times as much as the rules' choice, plus
SWITCH_MORE = 2.0
NOTHING_SYLLABLES = 0.5  # the rules' headline shares no pair and under this share of its syllables: no headline
NOTE_WHEN_NOTHING = True
JUDGE_PAIRS = 150  # the story text must hold this many distinct pairs to judge that a line shares none


def could_be_headline(line: str) -> bool:
    """The shape a headline can have when the rules' stricter shapes are set aside: long (up to 45 words), closed
    by a full stop, in capitals. Still never a date or clock, a stamp's label, a caption by its credit, a list
    item, a sentence run on from above, two sentences, or a clause closed by ',', ';' or ':'."""
    words = word_count(line, MAX_WORDS)
    if not 3 <= words <= MAX_WORDS or len(line) > 350 or line[:1].islower():
        return False
    if line.endswith((";", ",", ":", " |", " -", " –")) or line.startswith(_BULLETS):
        return False
    return not (find_stamp(line) is not None or starts_with_time(line) or AGENCY_CODE.match(line)
                or _CODE_DASH.match(line) or CAPTION_PREFIX.match(line) or TRAILING_CREDIT.search(line)
                or has_inner_sentence(line.rstrip(".!?")) or is_stamp_label(line) or is_title_bar(line)
                or is_slogan(line) or _CLOCK_LINE.match(folded := fold_aligned(line)) or _SAPO_OPENING.match(folded))


def first_story_line(lines: Sequence[str]) -> int:
    """The first paragraph of story text: a lead line of twelve words or more, not right above a stamp (a long
    headline over its stamp reads as a lead)."""
    return next((i for i, line in enumerate(lines)
                 if is_lead(line) and word_count(line, STORY_MIN_WORDS) >= STORY_MIN_WORDS
                 and not (i + 1 < len(lines) and find_stamp(lines[i + 1]) is not None)), len(lines))


@dataclass(frozen=True, slots=True)
class Decision:
    """The headline's index after the arbiter (None: no headline), and what the arbiter did: 'kept', 'switched'
    (another candidate is about the story, the rules' line is not), 'rescued' (a line the rules refused)."""

    title_at: int | None
    action: str


def _candidates(lines: Sequence[str], lead: int, stamp_at: int | None) -> list[int]:
    """Lines above the first paragraph of story text that could be a headline by their shape alone."""
    return [i for i in range(max(0, lead - WINDOW), lead) if i != stamp_at and could_be_headline(lines[i])]


_MARGIN = 1e-9  # weights summed in another order than the full weighing's: a bound this near a limit proves nothing


def _settled(lines: Sequence[str], lead: int, cands: Sequence[int], title_at: int | None) -> bool:
    """Whether the rules' choice stands whatever the full weighing finds: the arbiter's cheap first test, which
    settles nearly every page after reading one or two of the story's paragraphs instead of six.

    A candidate shares at most as many pairs as it has (each weighs at most 1), so it can be rescued or switched
    to only with three pairs of its own, and three times the headline's shared weight plus two. The headline's
    weight is at least what the paragraphs read so far share with it (the same rarity weights: the lines above
    its story but the candidates); a pair of weight 1/2 or more, or enough of them, also means it shares
    something, so it is not dropped. False: weigh in full (`arbitrate`)."""
    others = max((len(pairs(lines[i])) for i in cands if i != title_at), default=0)
    if title_at is None:
        return others < STRONG_PAIRS
    own = pairs(lines[title_at])
    if not own:
        return False
    start = max(lead, title_at + 1)
    skip = {*cands, title_at}
    around = [found for index, line in enumerate(lines[:start]) if index not in skip and (found := pairs(line))]
    shared: set[tuple[str, str]] = set()
    bound, heaviest = 0.0, 0.0
    story = (line for line in lines[start:] if word_count(line, STORY_MIN_WORDS) >= STORY_MIN_WORDS)
    for line in itertools.islice(story, STORY_PARAGRAPHS):
        for pair in (own & pairs(line)) - shared:
            weight = 1.0 / (1 + sum(1 for other in around if pair in other))
            bound, heaviest = bound + weight, max(heaviest, weight)
            shared.add(pair)
        something = not NOTE_WHEN_NOTHING or heaviest >= 0.5 or bound >= 0.5 + _MARGIN
        if something and (others < STRONG_PAIRS or SWITCH_TIMES * bound + SWITCH_MORE > others + _MARGIN):
            return True
    return False


def arbitrate(lines: Sequence[str], title_at: int | None, stamp_at: int | None) -> Decision:
    """Keep the rules' headline when it is about the story or nothing else is far more; otherwise take the
    candidate that is, by its rarity-weighted shared pairs. A headline the rules took that shares nothing with
    the story while no candidate does either is dropped: the page gets the 'no headline' note."""
    lead = first_story_line(lines)
    if lead >= len(lines):
        return Decision(title_at, "kept")
    cands = _candidates(lines, lead, stamp_at)
    if _settled(lines, lead, cands, title_at):
        return Decision(title_at, "kept")
    scored = {}
    stories: dict[tuple[int, frozenset[int]], Story] = {}  # most candidates stand above the lead: one story
    for index in {*cands, *([title_at] if title_at is not None else [])}:
        key = (max(lead, index + 1), frozenset([*cands, index]))
        if key not in stories:
            stories[key] = story_text(lines, key[0], skip=sorted(key[1]))
        scored[index] = stories[key].score(lines[index])
    strong = [i for i in cands if scored[i].pairs_shared >= STRONG_PAIRS and scored[i].pair_share >= STRONG_SHARE]
    if title_at is None:
        strong = [i for i in strong if not is_caption(lines[i])]
        return Decision(max(strong, key=lambda i: (scored[i].pairs_shared, -i)), "rescued") if strong else \
            Decision(None, "kept")
    chosen = scored[title_at]
    if strong:
        best = max(strong, key=lambda i: (scored[i].pairs_shared, -i))
        if best != title_at and scored[best].pairs_shared >= SWITCH_TIMES * chosen.pairs_shared + SWITCH_MORE:
            return Decision(best, "switched")
    if NOTE_WHEN_NOTHING and title_at in scored and all(score.nothing for score in scored.values()) \
            and chosen.syllable_share < NOTHING_SYLLABLES \
            and len(story_text(lines, max(lead, title_at + 1)).pairs) >= JUDGE_PAIRS \
            and not _echoed_below(lines, title_at, max(lead, title_at + 1)):
        return Decision(None, "dropped")
    return Decision(title_at, "kept")


def _echoed_below(lines: Sequence[str], title_at: int, start: int) -> bool:
    """Whether a short line among the story's first paragraphs (a subheading, a caption) shares a two-syllable
    word with the headline: a short headline ('Miền biên cương bình yên') may share none with the paragraphs but
    be said again in a subheading ('Vì một biên cương giàu đẹp'); the furniture at the top of a page is not."""
    own = pairs(lines[title_at])
    long_seen = 0
    for line in lines[start:]:
        if word_count(line, STORY_MIN_WORDS) >= STORY_MIN_WORDS:
            long_seen += 1
            if long_seen >= STORY_PARAGRAPHS:
                return False
        elif own & pairs(line):
            return True
    return False
