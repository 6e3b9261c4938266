"""Tags from the text: the province (named, or given away by one of its districts) and topic keywords.

The gazetteer, and finding its names in a text, is gazetteer.py; the contexts that turn a name down are
places.py. Here the names found are sorted into mentions and weighed, and the province chosen or refused."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import yaml

from ..importer.clean import fold_aligned
from ..importer.gazetteer import (
    PACKAGE,
    YAML_LOADER,
    Gazetteer,
    Place,
    default_gazetteer,
    is_capitalised,
    name_spans,
    place_of,
    spelling_key,
)
from ..importer.notes import ENGLISH, Notes
from ..importer.places import (
    ADDRESS_BRACKET,
    BRACKET_OF,
    GROUP_BEFORE,
    INSTITUTION_BEFORE,
    NATIONAL,
    NATIONAL_ACTOR,
    NATIONAL_ACTOR_WORDS,
    NATIONAL_MAX_MENTIONS,
    OUTLET_BEFORE,
    PARTNER_BEFORE,
    PERSON_BRACKET,
    PERSON_HOME,
    ROUNDUP_MAX_SHARE,
    ROUNDUP_MIN_PROVINCES,
    ROUNDUP_WORDS,
    SMALLER_BEFORE,
    SMALLER_MARKED,
    SURNAMES_WRITTEN,
    WIRE_DATELINE,
    unglue_datelines,
    visited,
)
from ..taxonomy import TAKEN_FIELDS
from ..text import fold_diacritics

_SEPARATORS = r"[\s\-–—_]*"
_ADMIN_BEFORE = re.compile(r"(?:huyen|thi xa|thanh pho|tp\.?|quan|tinh|thi tran|diem cau|khu vuc|dia ban)\s*$")
# A commune or ward named right before a name ('xã Long Thành'): since the 2025 reform many communes carry their
# former district's name, so when a story names no other place, that district's province is the likely one.
_COMMUNE_BEFORE = re.compile(r"(?:(?<!thị )\bxã|\bphường)\s*$")
_WORD_BEFORE = re.compile(r"(?:^|\s)(\w+)\s+$")
_FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # the form of a taxonomy key (generator/taxonomy.py)
DEFAULT_PLACES = "provinces"
SCORES = {("province", True): 3, ("province", False): 2, ("district", True): 2, ("district", False): 1}


@dataclass(frozen=True, slots=True)
class ProvinceGuess:
    province: str
    named: bool  # the text names the province itself
    evidence: tuple[str, ...]  # the place names found for it, as written
    others: tuple[str, ...]  # other provinces mentioned less


def _capitalised_before(text: str) -> bool:
    """Is the word before a name capitalised? str.isupper: '[A-ZÀ-Ỹ]' would take 'ở' and 'tại' for capitals."""
    match = _WORD_BEFORE.search(text)
    return match is not None and match.group(1)[0].isupper()


def place_hits(text: str, gazetteer: Gazetteer, datelines: list[tuple[Place, str]] | None = None,
               namesakes: list[tuple[Place, str]] | None = None, starts: list[int] | None = None,
               partners: list[tuple[Place, str]] | None = None) -> list[tuple[Place, str, bool]]:
    """(place, as written, exact spelling) for each acceptable mention of a place; a wire's or a document's
    dateline ('Hà Nội (TTXVN) - …') is no mention: it goes to `datelines` when given. A commune named like a
    district ('xã Long Thành') is no mention either: it goes to `namesakes` when given, and an institution's city
    in brackets ('Bệnh viện X (TP.HCM)') to `partners`. `starts`, when given, receives where each mention
    returned starts in `text`."""
    folded = fold_aligned(text)
    hits = []
    located: list[tuple[int, int]] = []
    lowered: str | None = None

    def written_so(start: int, end: int, key: str) -> bool:  # 'hòa bình' (peace) is not Hòa Bình; 'Định Hòa'
        span = text[start:end]                                  # is not 'Định Hóa'
        return is_capitalised(span) and (span.isascii() or place_of(span, key, gazetteer) is not None)

    # written_so takes capitalised spans only (_is_capitalised): none opens with a lower-case letter
    for start, end, key in name_spans(folded, gazetteer, written_so, text):
        span = text[start:end]
        place = place_of(span, key, gazetteer)
        if place is None:
            continue  # an unaccented homonym ('Thanh Tri'): which district it is, the text does not say
        exact = spelling_key(span) == spelling_key(place.name)
        before = folded[max(0, start - 16): start]
        has_prefix = bool(_ADMIN_BEFORE.search(before))
        if OUTLET_BEFORE.search(folded[max(0, start - 32): start]):
            continue
        if (start == 0 or not text[text.rfind("\n", 0, start) + 1:start].strip()) and WIRE_DATELINE.match(folded, end):
            if datelines is not None:  # 'Hà Nội (TTXVN) - …' opening the lead: where the wire filed it
                datelines.append((place, span))
            continue
        if place.needs_prefix and not has_prefix:
            continue
        if INSTITUTION_BEFORE.search(folded, max(0, start - 80), start) and folded[end:end + 2].lstrip()[:1] == ")":
            if partners is not None:
                partners.append((place, span))
            continue
        if PERSON_BRACKET.search(folded, max(0, start - 120), start):
            continue
        if "(" in folded[max(0, start - 200): start] and ADDRESS_BRACKET.search(folded, max(0, start - 200), start):
            continue
        if (word := _WORD_BEFORE.search(text, max(0, start - 12), start)) and word[1] in SURNAMES_WRITTEN:
            continue  # 'Nguyễn Thái Bình': a person, or the street named after one
        if (place.level == "province" and PARTNER_BEFORE.search(folded, max(0, start - 110), start)
                or GROUP_BEFORE.search(folded, max(0, start - 80), start)):
            continue  # a partner's city; 'phối hợp với Trung tâm Y tế huyện X' is local: the district counts
        if lowered is None:
            lowered = text.lower()  # the same length as text for Vietnamese, so offsets hold; 'İ' is not
            if len(lowered) != len(text):
                lowered = "".join(low if len(low := char.lower()) == 1 else char for char in text)
        if place.level in ("district", "province") and SMALLER_BEFORE.search(folded, max(0, start - 24), start) \
                and SMALLER_MARKED.search(lowered, max(0, start - 24), start):
            commune = (namesakes is not None and place.level == "district"
                       and _COMMUNE_BEFORE.search(lowered, max(0, start - 12), start))
            if commune:
                namesakes.append((place, text[commune.start():end]))  # 'xã Long Thành', as written
            continue  # its marks checked too: 'Hội Điều dưỡng Hà Tĩnh' is nurses, not a street ('đường')
        if PERSON_HOME.search(lowered, max(0, start - 90), start):
            continue
        if place.level == "district" and not has_prefix and _capitalised_before(text[max(0, start - 30): start]):
            continue  # part of a longer proper name, such as a person's
        hits.append((place, span, exact))
        located.append((start, end))
    # 'thị trấn Phú Lộc (Thạnh Trị)': the bracket says where the place is; a namesake elsewhere is not it.
    kept = [index for index, hit in enumerate(hits)
            if not (index + 1 < len(hits) and hits[index + 1][0].province != hit[0].province
                    and BRACKET_OF.fullmatch(folded, located[index][1], located[index + 1][0]))]
    if starts is not None:
        starts.extend(located[index][0] for index in kept)
    return [hits[index] for index in kept]


def guess_province(text: str, gazetteer: Gazetteer | None = None) -> ProvinceGuess | None:
    """The province the story is about: the one with the most (and most certain) mentions."""
    gazetteer = gazetteer or default_gazetteer()
    scores: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    named: set[str] = set()
    mentions: dict[str, int] = {}
    datelines: list[tuple[Place, str]] = []
    starts: list[int] = []
    text = unglue_datelines(text)
    hits = place_hits(text, gazetteer, datelines, starts=starts)
    for place, span, exact in hits:
        scores[place.province] = scores.get(place.province, 0) + SCORES[(place.level, exact)]
        mentions[place.province] = mentions.get(place.province, 0) + 1
        evidence.setdefault(place.province, [])
        if span not in evidence[place.province]:
            evidence[place.province].append(span)
        if place.level == "province":
            named.add(place.province)
    for place, _span in datelines:  # it names the province (no note to say it is inferred), adds nothing to its score
        if place.level == "province" and place.province in scores:
            named.add(place.province)
    if not scores:
        return None  # a commune named like a district ('xã Long Thành') may be anywhere: see why_no_province
    ranked = sorted(scores, key=lambda p: -scores[p])  # stable: ties go to the first mentioned
    best = ranked[0]
    if _no_province(text, ranked, scores, mentions, evidence):
        return None
    if (visitor := visited(text, hits, starts, best)) is not None:
        best = visitor
        ranked.remove(best)
        ranked.insert(0, best)
    return ProvinceGuess(best, best in named, tuple(evidence[best]), tuple(ranked[1:]))


def _only_venue(folded: str, spans: Sequence[str]) -> bool:
    """A ministry's or an international meeting whose one place is named only as where it was held ('tại Nha
    Trang', 'tại Hà Nội'): the place hosts the meeting, the story is national."""
    if not spans or not any(word in folded for word in NATIONAL_ACTOR_WORDS) or not NATIONAL_ACTOR.search(folded):
        return False
    names = [fold_aligned(span) for span in spans]
    return all(folded.count(name) == folded.count(f"tai {name}") for name in names)


def _no_province(text: str, ranked: list[str], scores: Mapping[str, int], mentions: Mapping[str, int],
                 spans: Mapping[str, Sequence[str]] | None = None) -> str | None:
    """Why no province is the story's although some are named (a key of notes.MESSAGES), or None when the
    first one is."""
    spans = spans or {}
    best = ranked[0]  # a national story is said first: its list of provinces is why it names several
    folded = fold_aligned(text)
    if mentions[best] <= NATIONAL_MAX_MENTIONS and "63 tinh" in folded and NATIONAL.search(folded):
        return "reason_national"
    if (len(ranked) >= ROUNDUP_MIN_PROVINCES and mentions[best] <= ROUNDUP_MAX_SHARE * sum(mentions.values())
            and any(word in folded for word in ROUNDUP_WORDS)):
        return "reason_roundup"  # 'toàn quốc có 17 tỉnh có dịch: A, B, C …', four provinces' polling places
    if len(ranked) > 1 and scores[ranked[1]] == scores[best] and mentions[best] == 1:
        return "reason_several"  # 'bệnh viện A, B, C'
    if len(ranked) == 1 and _only_venue(folded, spans.get(best, ())):
        return "reason_venue"  # 'tại Hà Nội, Thứ trưởng Bộ Y tế chủ trì cuộc họp … các nước ASEAN'
    return None


def why_no_province(text: str, gazetteer: Gazetteer | None = None, *, notes: Notes = ENGLISH) -> str | None:
    """Why `guess_province` tags no province although the text names some, for the editor's review note
    (in the language of `notes`).

    None when it names none (or when a province was guessed).
    """
    scores: dict[str, int] = {}
    mentions: dict[str, int] = {}
    spans: dict[str, list[str]] = {}
    namesakes: list[tuple[Place, str]] = []
    partners: list[tuple[Place, str]] = []
    text = unglue_datelines(text)
    for place, span, exact in place_hits(text, gazetteer or default_gazetteer(), None, namesakes, partners=partners):
        scores[place.province] = scores.get(place.province, 0) + SCORES[(place.level, exact)]
        mentions[place.province] = mentions.get(place.province, 0) + 1
        spans.setdefault(place.province, []).append(span)
    if not scores:
        return _commune_namesakes(namesakes, notes) or _partner_cities(partners, notes)
    reason = _no_province(text, sorted(scores, key=lambda p: -scores[p]), scores, mentions, spans)
    return notes.say(reason) if reason else None


def _commune_namesakes(namesakes: Sequence[tuple[Place, str]], notes: Notes) -> str | None:
    """The note for a story that names places only as communes named like a district ('xã Long Thành'): since
    the 2025 reform many communes carry their former district's name, but a commune of that name may be anywhere,
    so the district's province is said, not tagged."""
    if not namesakes:
        return None
    seen: dict[str, str] = {}
    for place, span in namesakes:
        seen.setdefault(span, place.province)
    names = ", ".join(f"{span} ({province})" for span, province in seen.items())
    return notes.say("reason_namesake", names=names)


def _partner_cities(partners: Sequence[tuple[Place, str]], notes: Notes) -> str | None:
    """The note for a story whose only places are institutions' cities in brackets ('Bệnh viện Chợ Rẫy và Bệnh
    viện Đại học Y Dược (TP.HCM)'): where those institutions are, which may or may not be where the story is."""
    if not partners:
        return None
    names = ", ".join(dict.fromkeys(f"{span} ({place.province})" for place, span in partners))
    return notes.say("reason_partner", names=names)


def validate_topics(raw: object) -> dict[str, tuple[str, ...]]:
    """A mapping tag name -> keywords; raises ValueError saying what is wrong."""
    if not isinstance(raw, Mapping):
        raise ValueError("topics must be a mapping of tag name to a list of keywords")
    topics: dict[str, tuple[str, ...]] = {}
    for tag, keywords in raw.items():
        if isinstance(keywords, str):
            keywords = [keywords]
        if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
            raise ValueError(f"topic {tag!r}: keywords must be a list of words or phrases")
        topics[str(tag)] = tuple(keywords) or (str(tag),)
    return topics


def validate_places(raw: object) -> str:
    """The front-matter field (a taxonomy key) that receives place names; raises ValueError saying what is wrong.

    'tags' is allowed: it puts places among the topics, as imports did before sites had a place taxonomy.
    """
    written = {"source_unit", "note"}  # other fields the importer writes
    if not isinstance(raw, str) or not _FIELD_KEY.match(raw) or raw in TAKEN_FIELDS or raw in written:
        raise ValueError(f"places must be a taxonomy key of lower-case ASCII letters, digits and '_' that is not "
                         f"a front-matter field of its own, such as '{DEFAULT_PLACES}' (got {raw!r})")
    return raw


@functools.lru_cache(maxsize=1)
def default_topics() -> dict[str, tuple[str, ...]]:
    text = resources.files(PACKAGE).joinpath("data/topics.yaml").read_text(encoding="utf-8")
    return validate_topics(yaml.load(text, Loader=YAML_LOADER))


@functools.lru_cache(maxsize=1024)
def _keyword_pattern(keyword: str) -> tuple[tuple[str, ...], re.Pattern[str]]:
    """(the keyword's folded words, its pattern): the words are cheap substring tests before the search."""
    tokens = tuple(t for t in re.split(r"[^a-z0-9]+", fold_diacritics(keyword).lower()) if t)
    pattern = re.compile(r"(?<![a-z0-9])" + _SEPARATORS.join(map(re.escape, tokens)) + r"(?![a-z0-9])")
    return tokens, pattern


def _has_keyword(folded: str, keyword: str) -> bool:
    words, pattern = _keyword_pattern(keyword)
    if not words or not all(w in folded for w in words):
        return bool(not words and pattern.search(folded))
    at = folded.find(words[0])  # a match starts where its first word does: tried there only, not at every position
    while at >= 0:
        if pattern.match(folded, at):
            return True
        at = folded.find(words[0], at + 1)
    return False


def match_topics(text: str, topics: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Topic tags whose keywords occur in the text (ignoring case, diacritics and inner separators)."""
    folded = fold_aligned(text)
    return [tag for tag, keywords in topics.items() if any(_has_keyword(folded, k) for k in keywords)]
