"""Tags from the text: the province (named, or given away by one of its districts) and topic keywords."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from ..importer.clean import fold_aligned
from ..taxonomy import TAKEN_FIELDS
from ..text import fold_diacritics

_SEPARATORS = r"[\s\-–—_]*"
_NAME_SEPARATORS = re.compile(r"[\s\-–]+")
_ADMIN_BEFORE = re.compile(r"(?:huyen|thi xa|thanh pho|tp\.?|quan|tinh|thi tran|diem cau|khu vuc|dia ban)\s*$")
_CAPITALISED_BEFORE = re.compile(r"(?:^|\s)[A-ZĐÀ-Ỹ]\w*\s+$")
_MARK = re.compile(r"[\u0300-\u036f]")
_PACKAGE = __name__.split(".")[0]  # `tintuc` when installed, `generator` run from a checkout
_FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # the form of a taxonomy key (generator/taxonomy.py)
DEFAULT_PLACES = "provinces"
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
    pattern: re.Pattern[str]
    provinces: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProvinceGuess:
    province: str
    named: bool  # the text names the province itself
    evidence: tuple[str, ...]  # the place names found for it, as written
    others: tuple[str, ...]  # other provinces mentioned less


def name_key(name: str) -> str:
    return " ".join(_NAME_SEPARATORS.split(fold_diacritics(name).lower().strip()))


def spelling_key(text: str) -> tuple[tuple[str, str], ...]:
    """Words with their marks, ignoring on which vowel a tone stands: 'Định Hoá' == 'Định Hóa'."""
    words = _NAME_SEPARATORS.split(text.lower().strip())
    return tuple((fold_diacritics(w), "".join(sorted(_MARK.findall(unicodedata.normalize("NFD", w)))))
                 for w in words)


def build_gazetteer(data: Mapping[str, Any]) -> Gazetteer:
    """Index the gazetteer data: province names win over same-named districts; shared names are dropped."""
    needs_prefix = {name_key(n) for n in data.get("needs_prefix", [])}
    ambiguous = {name_key(n) for n in data.get("ambiguous", [])}
    provinces: list[str] = []
    named: dict[str, Place] = {}
    districts: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}
    for entry in data["provinces"]:
        province = str(entry["name"])
        provinces.append(province)
        for name in [province, *entry.get("aliases", [])]:
            named[name_key(name)] = Place(str(name), province, "province", name_key(name) in needs_prefix)
        for name in [entry.get("capital"), *entry.get("districts", [])]:
            if name:
                districts.setdefault(name_key(str(name)), set()).add(province)
                spelled[name_key(str(name))] = str(name)
    places = dict(named)
    for key, owners in districts.items():
        if key not in places and key not in ambiguous and len(owners) == 1:
            prefix = key in needs_prefix or " " not in key
            places[key] = Place(spelled[key], owners.pop(), "district", prefix)
    alternatives = sorted((re.escape(k).replace(r"\ ", r"[\s\-–]+") for k in places), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w'])(" + "|".join(alternatives) + r")(?![\w'])")
    return Gazetteer(places, pattern, tuple(provinces))


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    text = resources.files(_PACKAGE).joinpath("data/gazetteer.yaml").read_text(encoding="utf-8")
    return build_gazetteer(yaml.safe_load(text))


def _is_capitalised(span: str) -> bool:
    return span.isupper() or all(w[:1].isupper() for w in _NAME_SEPARATORS.split(span) if w)


def place_hits(text: str, gazetteer: Gazetteer) -> list[tuple[Place, str, bool]]:
    """(place, as written, exact spelling) for each acceptable mention of a place."""
    folded = fold_aligned(text)
    hits = []
    for match in gazetteer.pattern.finditer(folded):
        place = gazetteer.places[name_key(match.group(1))]
        span = text[match.start(1): match.end(1)]
        exact = spelling_key(span) == spelling_key(place.name)
        if not _is_capitalised(span) or not (exact or span.isascii()):
            continue  # 'hòa bình' (peace) is not Hòa Bình; 'Định Hòa' is not 'Định Hóa'
        before = folded[max(0, match.start(1) - 16): match.start(1)]
        has_prefix = bool(_ADMIN_BEFORE.search(before))
        if place.needs_prefix and not has_prefix:
            continue
        if (place.level == "district" and not has_prefix
                and _CAPITALISED_BEFORE.search(text[max(0, match.start(1) - 30): match.start(1)])):
            continue  # part of a longer proper name, such as a person's
        hits.append((place, span, exact))
    return hits


def guess_province(text: str, gazetteer: Gazetteer | None = None) -> ProvinceGuess | None:
    """The province the story is about: the one with the most (and most certain) mentions."""
    gazetteer = gazetteer or default_gazetteer()
    scores: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    named: set[str] = set()
    for place, span, exact in place_hits(text, gazetteer):
        scores[place.province] = scores.get(place.province, 0) + SCORES[(place.level, exact)]
        evidence.setdefault(place.province, [])
        if span not in evidence[place.province]:
            evidence[place.province].append(span)
        if place.level == "province":
            named.add(place.province)
    if not scores:
        return None
    ranked = sorted(scores, key=lambda p: -scores[p])  # stable: ties go to the first mentioned
    best = ranked[0]
    return ProvinceGuess(best, best in named, tuple(evidence[best]), tuple(ranked[1:]))


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
    return validate_topics(yaml.safe_load(text))


@functools.lru_cache(maxsize=256)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    tokens = [t for t in re.split(r"[^a-z0-9]+", fold_diacritics(keyword).lower()) if t]
    return re.compile(r"(?<![a-z0-9])" + _SEPARATORS.join(map(re.escape, tokens)) + r"(?![a-z0-9])")


def match_topics(text: str, topics: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Topic tags whose keywords occur in the text (ignoring case, diacritics and inner separators)."""
    folded = fold_diacritics(text).lower()
    return [tag for tag, keywords in topics.items() if any(_keyword_pattern(k).search(folded) for k in keywords)]
