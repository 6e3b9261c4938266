"""Taxonomies as configuration: the ways articles are grouped (topics, sections, places), as Zola's
`taxonomies` and Hugo's do it. Each is a front-matter field holding a list of terms; each term gets a
paginated page and (optionally) a feed, the taxonomy an index page, the search page a filter.

    taxonomies:
      - key: tags                        # the front-matter field, and the taxonomy's identity
        name: {vi: Chủ đề, en: Topics}   # shown on its pages and in the search filter
        path: tags                       # URL root: /tags/, /tags/covid-19/, /tags/covid-19/feed.xml
        feeds: true                      # one Atom feed per term
        pages: true                      # an index page and a page per term (false: terms shown, not linked)
        per_page: 10                     # articles per term page (default: the site's per_page)
        weight: 1                        # how much a shared term counts when related articles are chosen

Without a `taxonomies:` key a site has `tags` and `categories`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Front-matter fields with another meaning; a taxonomy may not take them.
TAKEN_FIELDS = frozenset({"title", "date", "updated", "author", "summary", "image", "image_caption", "image_alt",
                          "draft", "slug", "source", "weight", "aliases", "featured", "review", "layout"})
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_FIELDS = ("key", "name", "path", "feeds", "pages", "per_page", "weight")


@dataclass(frozen=True, slots=True)
class Taxonomy:
    key: str
    name_vi: str
    name_en: str
    path: str  # one or more URL folder names, without slashes at the ends: 'tags', 'chuyen-muc'
    feeds: bool = True
    pages: bool = True
    per_page: int | None = None
    weight: float = 1.0

    def name(self, language: str) -> str:
        return self.name_vi if language == "vi" else self.name_en


DEFAULT_TAXONOMIES = (
    Taxonomy("tags", "Chủ đề", "Topics", "tags"),
    Taxonomy("categories", "Chuyên mục", "Sections", "categories"),
)


def parse_taxonomies(value: Any) -> tuple[Taxonomy, ...]:
    """`taxonomies:` validated; ValueError names the expected form (config.py reports it at the key's line)."""
    if not isinstance(value, list) or not value:
        raise ValueError("a list of taxonomies such as '- {key: provinces, name: {vi: Địa phương, en: Places}}'")
    found: list[Taxonomy] = []
    for number, item in enumerate(value, 1):
        found.append(_one(item, number))
    for attribute in ("key", "path"):
        seen: set[str] = set()
        for taxonomy in found:
            if getattr(taxonomy, attribute) in seen:
                raise ValueError(f"taxonomies with different {attribute}s (two have {attribute} "
                                 f"{getattr(taxonomy, attribute)!r})")
            seen.add(getattr(taxonomy, attribute))
    return tuple(found)


def _one(item: Any, number: int) -> Taxonomy:
    where = f"taxonomy {number}"
    if not isinstance(item, dict) or "key" not in item:
        raise ValueError(f"each taxonomy a mapping with at least 'key' ({where} is not)")
    unknown = [str(k) for k in item if k not in _FIELDS]
    if unknown:
        raise ValueError(f"taxonomy fields among {', '.join(_FIELDS)} ({where} has {unknown[0]!r})")
    key = item["key"]
    if not isinstance(key, str) or not _KEY.match(key) or key in TAKEN_FIELDS:
        raise ValueError(f"a taxonomy key of lower-case ASCII letters, digits and '_' that is not a front-matter "
                         f"field of its own ({where} has {key!r})")
    name = item.get("name", key)
    if isinstance(name, dict):
        if set(name) - {"vi", "en"} or not all(isinstance(v, str) and v.strip() for v in name.values()):
            raise ValueError(f"'name' as text or as {{vi: …, en: …}} ({where})")
        name_vi = name.get("vi") or name.get("en") or key
        name_en = name.get("en") or name_vi
    elif isinstance(name, str) and name.strip():
        name_vi = name_en = name
    else:
        raise ValueError(f"'name' as text or as {{vi: …, en: …}} ({where})")
    path = item.get("path", key.replace("_", "-"))
    if not isinstance(path, str) or not all(_SEGMENT.match(part) for part in path.strip("/").split("/")):
        raise ValueError(f"'path' made of folder names of lower-case ASCII letters, digits and '-', such as "
                         f"'chuyen-muc' ({where} has {path!r})")
    flags = {}
    for flag in ("feeds", "pages"):
        flags[flag] = item.get(flag, True)
        if not isinstance(flags[flag], bool):
            raise ValueError(f"'{flag}' as true or false ({where})")
    per_page = item.get("per_page")
    if per_page is not None and (isinstance(per_page, bool) or not isinstance(per_page, int) or per_page < 1):
        raise ValueError(f"'per_page' as a whole number of 1 or more ({where})")
    weight = item.get("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 100:
        raise ValueError(f"'weight' as a number from 0 to 100 ({where})")
    return Taxonomy(key, name_vi.strip(), name_en.strip(), path.strip("/"), flags["feeds"], flags["pages"],
                    per_page, float(weight))
