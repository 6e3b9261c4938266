"""The site model: which articles are published, in what order, under which tags and archives."""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

from generator.config import Config
from generator.errors import Problem
from generator.model import Article, TagLink

# Site paths that list pages own; a standalone page may not take them.
RESERVED_PATHS = ("tags", "archives", "undated", "page", "static", "search", "feed.xml", "sitemap.xml")
# Related articles are looked for among this many neighbours in time within each shared tag: exact
# "all articles sharing a tag" is quadratic in a big tag's size (5,000 Covid-19 articles -> 25 M pairs).
RELATED_WINDOW = 12


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    key: str
    articles: tuple[Article, ...]  # newest first, undated last

    @property
    def count(self) -> int:
        return len(self.articles)

    @property
    def path(self) -> str:
        return f"tags/{self.key}/"

    @property
    def feed_path(self) -> str:
        return f"tags/{self.key}/feed.xml"


@dataclass(frozen=True, slots=True)
class ArchiveMonth:
    year: int
    month: int
    articles: tuple[Article, ...]

    @property
    def count(self) -> int:
        return len(self.articles)

    @property
    def path(self) -> str:
        return f"{self.year:04d}/{self.month:02d}/"


@dataclass(frozen=True, slots=True)
class ArchiveYear:
    year: int
    months: tuple[ArchiveMonth, ...]  # newest first
    articles: tuple[Article, ...]

    @property
    def count(self) -> int:
        return len(self.articles)

    @property
    def path(self) -> str:
        return f"{self.year:04d}/"


@dataclass(frozen=True, slots=True)
class RelatedIndex:
    """Related articles by path, and a fingerprint of everything they were computed from."""

    fingerprint: str
    paths: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Site:
    config: Config
    articles: tuple[Article, ...]  # dated, newest first
    undated: tuple[Article, ...]  # date lost, by file path
    pages: tuple[Article, ...]  # standalone pages, by weight then title
    tags: tuple[Tag, ...]  # most used first
    years: tuple[ArchiveYear, ...]  # newest first
    neighbours: dict[str, tuple[Article | None, Article | None]]  # path -> (newer, older)
    related: dict[str, tuple[Article, ...]]
    related_index: RelatedIndex

    @property
    def all_articles(self) -> tuple[Article, ...]:
        return self.articles + self.undated


def build_site(documents: list[Article], config: Config, now: datetime,
               previous: RelatedIndex | None = None) -> tuple[Site, list[Problem]]:
    """Model the site from every readable document; problems are URL collisions.

    `previous` is the related-articles index of an earlier build: reused when no article's path,
    date or tags changed, since computing it is the costliest part of the model.
    """
    visible = [d for d in documents if (config.drafts or not d.draft)
               and (config.future or d.date is None or d.date.moment <= now or d.kind == "page")]
    problems, rejected = _url_problems(visible)
    # The model is built without the documents whose URL is taken, so every problem is still
    # reported in one run (the build stops on them afterwards).
    visible = [d for d in visible if id(d) not in rejected]
    names = _canonical_tag_names(visible)
    visible = [replace(d, tags=tuple(TagLink(names[t.key], t.key) for t in d.tags))
               if any(t.name != names[t.key] for t in d.tags) else d for d in visible]

    articles = tuple(sorted((d for d in visible if d.kind == "article" and d.date), key=lambda a: a.sort_key))
    undated = tuple(sorted((d for d in visible if d.kind == "article" and not d.date), key=lambda a: a.rel))
    pages = tuple(sorted((d for d in visible if d.kind == "page"), key=lambda p: (p.weight, p.title, p.rel)))

    by_tag: dict[str, list[Article]] = defaultdict(list)
    for article in articles + undated:
        for tag in article.tags:
            by_tag[tag.key].append(article)
    tags = tuple(sorted((Tag(names[key], key, tuple(items)) for key, items in by_tag.items()),
                        key=lambda t: (-t.count, t.key)))

    neighbours: dict[str, tuple[Article | None, Article | None]] = {}
    for chain in (articles, undated):
        for index, article in enumerate(chain):
            newer = chain[index - 1] if index > 0 else None
            older = chain[index + 1] if index + 1 < len(chain) else None
            neighbours[article.path] = (newer, older)

    listed = articles + undated
    shape = hashlib.blake2b(repr((config.related_count, [(a.path, a.rel, a.date and a.date.moment.timestamp(),
                                  [t.key for t in a.tags]) for a in listed])).encode(), digest_size=16).hexdigest()
    if previous is None or previous.fingerprint != shape:
        related = _related(listed, tags, config.related_count)
        previous = RelatedIndex(shape, {path: tuple(r.path for r in items) for path, items in related.items()})
    else:
        by_path = {a.path: a for a in listed}
        related = {path: tuple(by_path[p] for p in items) for path, items in previous.paths.items()}
    site = Site(config=config, articles=articles, undated=undated, pages=pages, tags=tags,
                years=_archives(articles, config), neighbours=neighbours, related=related,
                related_index=previous)
    return site, problems


def _url_problems(documents: list[Article]) -> tuple[list[Problem], set[int]]:
    problems = []
    rejected: set[int] = set()
    owner: dict[str, Article] = {}
    for doc in sorted(documents, key=lambda d: d.rel):
        first_segment = doc.path.split("/", 1)[0]
        if doc.kind == "page" and (first_segment in RESERVED_PATHS or first_segment.isdigit()):
            problems.append(Problem(doc.source, doc.url_line, f"the page URL /{doc.path} is reserved for "
                                    "the site's own lists", "give the page another 'slug:'"))
            rejected.add(id(doc))
        elif doc.path in owner:
            other = owner[doc.path]
            problems.append(Problem(doc.source, doc.url_line,
                                    f"two articles have the same URL /{doc.path}: this one and {other.rel}",
                                    "give one of them a different 'slug:' (or title)"))
            rejected.add(id(doc))
        else:
            owner[doc.path] = doc
    return problems, rejected


def _canonical_tag_names(documents: list[Article]) -> dict[str, str]:
    """Each tag shown with its most common spelling (ties: the alphabetically first)."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in documents:
        for tag in doc.tags:
            spellings[tag.key][tag.name] += 1
    return {key: min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
            for key, counter in spellings.items()}


def _archives(articles: tuple[Article, ...], config: Config) -> tuple[ArchiveYear, ...]:
    months: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in articles:
        assert article.date is not None
        local = article.date.moment.astimezone(config.timezone)
        months[(local.year, local.month)].append(article)
    years: dict[int, list[ArchiveMonth]] = defaultdict(list)
    for (year, month) in sorted(months, reverse=True):
        years[year].append(ArchiveMonth(year, month, tuple(months[(year, month)])))
    return tuple(ArchiveYear(year, tuple(ms), tuple(a for m in ms for a in m.articles))
                 for year, ms in sorted(years.items(), reverse=True))


def _related(articles: tuple[Article, ...], tags: tuple[Tag, ...], count: int) -> dict[str, tuple[Article, ...]]:
    """Most shared tags first, then nearest in time, then file path; among each tag's time-neighbours."""
    index = {a.path: i for i, a in enumerate(articles)}
    # Undated articles sit far from every dated one in "time" and level with each other.
    stamps = [a.date.moment.timestamp() if a.date else 1e18 for a in articles]
    keysets = [frozenset(t.key for t in a.tags) for a in articles]
    rels = [a.rel for a in articles]
    members = {tag.key: [index[a.path] for a in tag.articles] for tag in tags}
    position = {key: {i: at for at, i in enumerate(items)} for key, items in members.items()}
    related: dict[str, tuple[Article, ...]] = {}
    for i, article in enumerate(articles):
        keys, stamp = keysets[i], stamps[i]
        candidates: set[int] = set()
        for key in keys:
            items, at = members[key], position[key][i]
            candidates.update(items[max(0, at - RELATED_WINDOW): at + RELATED_WINDOW + 1])
        candidates.discard(i)
        scored = [(-len(keys & keysets[j]), abs(stamps[j] - stamp), rels[j], j) for j in candidates]
        related[article.path] = tuple(articles[item[3]] for item in heapq.nsmallest(count, scored))
    return related


def page_path(base: str, number: int) -> str:
    """Site path of page `number` of a list whose first page is at `base`."""
    return base if number == 1 else f"{base}page/{number}/"


@dataclass(frozen=True, slots=True)
class Pagination:
    number: int
    total: int
    count: int
    base: str
    items: tuple[Article, ...]

    @property
    def path(self) -> str:
        return page_path(self.base, self.number)

    @property
    def prev_path(self) -> str | None:
        return page_path(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next_path(self) -> str | None:
        return page_path(self.base, self.number + 1) if self.number < self.total else None

    @property
    def window(self) -> list[tuple[int, str] | None]:
        """Page links worth showing: the first, the last, and two either side of this one.

        None marks a gap ("…"); a gap of a single page shows that page instead. Computed here, not
        in the template, so a 1,000-page list does not loop over 1,000 numbers on each of its pages.
        """
        numbers = sorted({1, self.total, *range(max(1, self.number - 2), min(self.total, self.number + 2) + 1)})
        shown: list[tuple[int, str] | None] = []
        previous = 0
        for n in numbers:
            if n - previous == 2:
                shown.append((n - 1, page_path(self.base, n - 1)))
            elif n - previous > 2:
                shown.append(None)
            shown.append((n, page_path(self.base, n)))
            previous = n
        return shown


def paginate(items: tuple[Article, ...], per_page: int, base: str) -> list[Pagination]:
    total = max(1, -(-len(items) // per_page))
    return [Pagination(n, total, len(items), base, items[(n - 1) * per_page: n * per_page])
            for n in range(1, total + 1)]
