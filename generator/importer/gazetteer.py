"""The gazetteer: provinces with their aliases and districts, indexed by folded name; where its names stand in a
text (a lookup of word n-grams) and which place a name stands for as written.

Split from tagging.py, which decides which of the names found are mentions of the story's place and weighs them."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from itertools import accumulate
from typing import Any

import yaml

from ..text import fold_diacritics

_NAME_SEPARATORS = re.compile(r"[\s\-–]+")
_MARK = re.compile(r"[\u0300-\u036f]")
_FREE_SPELLING = frozenset({"dak"})  # 'Đắk Tô', 'Đăk Tô', 'Đak Tô': one name
_SYLLABLE = re.compile(r"([\w']+)")  # a word as place names are matched: never part of a longer word
_GAP_SPACE = re.compile(r"[\s\-–]+")  # what may stand between the syllables of a name ('Hà-Nội', 'Hà  Nội')
PACKAGE = __name__.split(".")[0]  # `tintuc` when installed, `generator` run from a checkout
# The shipped gazetteer and topics, read by each import worker: with the C loader when there (as yamlutil does).
YAML_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    text = resources.files(PACKAGE).joinpath("data/gazetteer.yaml").read_text(encoding="utf-8")
    return build_gazetteer(yaml.load(text, Loader=YAML_LOADER))


def is_capitalised(span: str) -> bool:
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


def place_of(span: str, key: str, gazetteer: Gazetteer) -> Place | None:
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
