"""Tags from the text: the province (named, or given away by one of its districts) and topic keywords."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import accumulate
from typing import Any

import yaml

from ..importer.clean import fold_aligned
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
_NAME_SEPARATORS = re.compile(r"[\s\-–]+")
_ADMIN_BEFORE = re.compile(r"(?:huyen|thi xa|thanh pho|tp\.?|quan|tinh|thi tran|diem cau|khu vuc|dia ban)\s*$")
# A commune or ward named right before a name ('xã Long Thành'): since the 2025 reform many communes carry their
# former district's name, so when a story names no other place, that district's province is the likely one.
_COMMUNE_BEFORE = re.compile(r"(?:(?<!thị )\bxã|\bphường)\s*$")
_WORD_BEFORE = re.compile(r"(?:^|\s)(\w+)\s+$")
_MARK = re.compile(r"[\u0300-\u036f]")
_FREE_SPELLING = frozenset({"dak"})  # 'Đắk Tô', 'Đăk Tô', 'Đak Tô': one name
_SYLLABLE = re.compile(r"([\w']+)")  # a word as place names are matched: never part of a longer word
_GAP_SPACE = re.compile(r"[\s\-–]+")  # what may stand between the syllables of a name ('Hà-Nội', 'Hà  Nội')
_PACKAGE = __name__.split(".")[0]  # `tintuc` when installed, `generator` run from a checkout
_FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # the form of a taxonomy key (generator/taxonomy.py)
DEFAULT_PLACES = "provinces"
# The shipped gazetteer and topics, read by each import worker: with the C loader when there (as yamlutil does).
_YAML_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SCORES = {("province", True): 3, ("province", False): 2, ("district", True): 2, ("district", False): 1}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    province: str
    level: str  # 'province' (its name or an alias) or 'district' (a district, town or city in it)
    needs_prefix: bool  # counts only after 'huyện', 'thành phố' …


@dataclass(frozen=True, slots=True)
class Gazetteer:
    places: Mapping[str, Place]  # folded name ('ngoc hoi') -> place; ambiguous names are left out
    prefixes: frozenset[str]  # every name's first one, two, … syllables: how far a lookup goes on
    provinces: tuple[str, ...]
    # Districts of different provinces whose names differ only in their marks ('Thạnh Trị' in Sóc Trăng, 'Thanh
    # Trì' in Hà Nội): one folded key, told apart by the spelling as written; and a province's own names that fold
    # alike ('Đắk Lắk', 'Đắk Lăk'), each spelling accepted (before, the last alias replaced the name itself).
    homonyms: Mapping[str, tuple[Place, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProvinceGuess:
    province: str
    named: bool  # the text names the province itself
    evidence: tuple[str, ...]  # the place names found for it, as written
    others: tuple[str, ...]  # other provinces mentioned less


def name_key(name: str) -> str:
    return " ".join(_NAME_SEPARATORS.split(fold_diacritics(name).lower().strip()))


@functools.lru_cache(maxsize=8192)  # every mention is compared with its place's name: the same few names
def spelling_key(text: str) -> tuple[tuple[str, str], ...]:
    """Words with their marks, ignoring on which vowel a tone stands: 'Định Hoá' == 'Định Hóa'.

    The Central Highlands' 'Đắk' is written 'Đăk' and 'Đak' as often, official papers included: its marks
    are not compared."""
    words = _NAME_SEPARATORS.split(text.lower().strip())
    folded = [fold_diacritics(w) for w in words]
    return tuple((f, "" if f in _FREE_SPELLING else "".join(sorted(_MARK.findall(unicodedata.normalize("NFD", w)))))
                 for f, w in zip(folded, words, strict=True))


def build_gazetteer(data: Mapping[str, Any]) -> Gazetteer:
    """Index the gazetteer data: province names win over same-named districts; shared names are dropped."""
    needs_prefix = {name_key(n) for n in data.get("needs_prefix", [])}
    ambiguous = {name_key(n) for n in data.get("ambiguous", [])}
    provinces: list[str] = []
    named: dict[str, Place] = {}
    variants: dict[str, list[Place]] = {}  # a province's names that fold alike but are spelled otherwise
    districts: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}
    spellings: dict[str, dict[tuple[tuple[str, str], ...], tuple[str, set[str]]]] = {}  # key -> spelling -> owners
    for entry in data["provinces"]:
        province = str(entry["name"])
        provinces.append(province)
        for name in [province, *entry.get("aliases", [])]:
            place = Place(str(name), province, "province", name_key(name) in needs_prefix)
            if (key := name_key(name)) in named and named[key].province == province:
                variants.setdefault(key, [named[key]]).append(place)  # 'Đắk Lắk', 'Đắk Lăk': both its own
                continue
            named[key] = place
        for name in [entry.get("capital"), *entry.get("districts", [])]:
            if name:
                districts.setdefault(name_key(str(name)), set()).add(province)
                spelled[name_key(str(name))] = str(name)
                spellings.setdefault(name_key(str(name)), {}).setdefault(spelling_key(str(name)), (str(name), set()))[
                    1].add(province)
    places = dict(named)
    homonyms: dict[str, tuple[Place, ...]] = {key: tuple(spelled_so) for key, spelled_so in variants.items()}
    for key, owners in districts.items():
        if key in places or key in ambiguous:
            continue
        prefix = key in needs_prefix or " " not in key
        if len(owners) == 1:
            places[key] = Place(spelled[key], owners.pop(), "district", prefix)
        elif all(len(owner) == 1 for _, owner in spellings[key].values()):  # 'Thạnh Trị' / 'Thanh Trì'
            homonyms[key] = tuple(Place(written, next(iter(owner)), "district", prefix)
                                  for written, owner in spellings[key].values())
            places[key] = homonyms[key][0]
    prefixes = frozenset(key[: match.end()] for key in places for match in _SYLLABLE.finditer(key))
    return Gazetteer(places, prefixes, tuple(provinces), homonyms)


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    text = resources.files(_PACKAGE).joinpath("data/gazetteer.yaml").read_text(encoding="utf-8")
    return build_gazetteer(yaml.load(text, Loader=_YAML_LOADER))


def _is_capitalised(span: str) -> bool:
    return span.isupper() or all(w[:1].isupper() for w in _NAME_SEPARATORS.split(span) if w)


def name_spans(folded: str, gazetteer: Gazetteer, accept: Callable[[int, int, str], bool] | None = None,
               written: str | None = None) -> Iterator[tuple[int, int, str]]:
    """(start, end, key) of each gazetteer name in folded text, longest first, left to right, never overlapping.

    A lookup of word n-grams: a dictionary probe per syllable that can start a name, where one regular
    expression of all 700 names tried every name at every position (most of an import's time). A match that
    `accept` (start, end, key) turns down leaves its words free: in 'tỉnh Gia Lai', 'tinh gia' (Tĩnh Gia) is not
    written so, and 'Gia Lai' is the name. `written`, the text `folded` was folded from, is for an `accept` that
    turns down every name whose first letter is written in lower case there: such names are not looked up (most
    words that can start a name are written so: 'tỉnh', 'phòng', 'đồng').
    """
    parts = _SYLLABLE.split(folded)  # gap, word, gap, word, …, gap
    places, prefixes = gazetteer.places, gazetteer.prefixes
    words = parts[1::2]
    count = len(words)
    offsets: list[int] | None = None if written is None else list(accumulate(map(len, parts)))
    after = 0  # matches never overlap: the next one starts after the last one's end
    for index in [i for i, word in enumerate(words) if word in prefixes]:  # few words can start a name
        if index < after or (offsets is not None and written is not None and written[offsets[2 * index]].islower()):
            continue
        key = words[index]
        best = index if key in places else -1
        best_key = key
        last = index + 1
        while last < count:
            gap = parts[2 * last]
            if gap == " " or _GAP_SPACE.fullmatch(gap):
                key += " " + words[last]
            elif gap == ".":
                key += "." + words[last]  # 'tp.hcm'
            else:
                break
            if key not in prefixes:
                break
            if key in places:
                best, best_key = last, key
            last += 1
        if best < 0:
            continue
        if offsets is None:
            offsets = list(accumulate(map(len, parts)))  # offsets[j]: where parts[j + 1] starts
        if accept is not None and not accept(offsets[2 * index], offsets[2 * best + 1], best_key):
            continue
        yield offsets[2 * index], offsets[2 * best + 1], best_key
        after = best + 1


def _place_of(span: str, key: str, gazetteer: Gazetteer) -> Place | None:
    """The place a name stands for as written: for a homonym the one spelled so, else the gazetteer's one if the
    spelling matches (or the span has no marks at all)."""
    written = spelling_key(span)
    choices = gazetteer.homonyms.get(key) or (gazetteer.places[key],)
    for place in choices:
        if written == spelling_key(place.name):
            return place
    if not (choices and span.isascii()):
        return None
    return choices[0] if len({place.province for place in choices}) == 1 else None


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
        return _is_capitalised(span) and (span.isascii() or _place_of(span, key, gazetteer) is not None)

    # written_so takes capitalised spans only (_is_capitalised): none opens with a lower-case letter
    for start, end, key in name_spans(folded, gazetteer, written_so, text):
        span = text[start:end]
        place = _place_of(span, key, gazetteer)
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
    text = resources.files(_PACKAGE).joinpath("data/topics.yaml").read_text(encoding="utf-8")
    return validate_topics(yaml.load(text, Loader=_YAML_LOADER))


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
