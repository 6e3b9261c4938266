"""The site model: which articles are published, in what order, under which tags and archives."""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from .config import Config
from .errors import Problem
from .model import Article, TagLink
from .taxonomy import Taxonomy
from .urls import Urls

# Related articles are looked for among this many neighbours in time within each shared tag: exact
# "all articles sharing a tag" is quadratic in a big tag's size (5,000 Covid-19 articles -> 25 M pairs).
RELATED_WINDOW = 12


@dataclass(frozen=True, slots=True)
class Tag:
    """A term of a taxonomy (a tag, a section, a place) and the articles that name it."""

    name: str
    key: str
    articles: tuple[Article, ...]  # newest first, undated last
    path: str  # its page ('' when the taxonomy has no pages)
    feed_path: str  # its feed ('' when the taxonomy has none)
    taxonomy: str = "tags"

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass(frozen=True, slots=True)
class TaxonomyTerms:
    """One taxonomy of the site and its terms, most used first."""

    taxonomy: Taxonomy
    terms: tuple[Tag, ...]
    path: str  # its index page ('' when it has no pages)

    @property
    def key(self) -> str:
        return self.taxonomy.key


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
    taxonomies: tuple[TaxonomyTerms, ...]  # in the configured order
    years: tuple[ArchiveYear, ...]  # newest first
    neighbours: dict[str, tuple[Article | None, Article | None]]  # path -> (newer, older)
    related: dict[str, tuple[Article, ...]]
    related_index: RelatedIndex
    # The build's moment: what it showed was chosen with it, and templates mark what is dated after it
    # (`is scheduled`, only seen with --future).
    now: datetime

    @property
    def all_articles(self) -> tuple[Article, ...]:
        return self.articles + self.undated

    @property
    def tags(self) -> tuple[Tag, ...]:
        """The terms of the `tags` taxonomy, most used first (what the home page's tag cloud shows)."""
        return self.taxonomy("tags")

    def taxonomy(self, key: str) -> tuple[Tag, ...]:
        return next((t.terms for t in self.taxonomies if t.key == key), ())


def build_site(documents: list[Article], config: Config, now: datetime,
               previous: RelatedIndex | None = None) -> tuple[Site, list[Problem]]:
    """Model the site from every readable document; problems are URL collisions.

    `previous` is the related-articles index of an earlier build: reused when no article's path,
    date or tags changed, since computing it is the costliest part of the model.
    """
    visible = [d for d in documents if (config.drafts or not (d.draft or d.held))
               and (config.future or d.date is None or d.date.moment <= now or d.kind == "page")]
    urls = config.urls
    problems, rejected = _url_problems(visible, urls.reserved_for_lists())
    # The model is built without the documents whose URL is taken, so every problem is still
    # reported in one run (the build stops on them afterwards).
    visible = [d for d in visible if id(d) not in rejected]
    names = _canonical_term_names(visible)
    by_key = {t.key: t for t in urls.taxonomies}
    visible = [_linked(d, names, by_key, urls) for d in visible]

    articles = tuple(sorted((d for d in visible if d.kind == "article" and d.date), key=lambda a: a.sort_key))
    undated = tuple(sorted((d for d in visible if d.kind == "article" and not d.date), key=lambda a: a.rel))
    pages = tuple(sorted((d for d in visible if d.kind == "page"), key=lambda p: (p.weight, p.title, p.rel)))

    taxonomies = tuple(_terms(taxonomy, articles + undated, names, urls) for taxonomy in urls.taxonomies)

    neighbours: dict[str, tuple[Article | None, Article | None]] = {}
    for chain in (articles, undated):
        for index, article in enumerate(chain):
            newer = chain[index - 1] if index > 0 else None
            older = chain[index + 1] if index + 1 < len(chain) else None
            neighbours[article.path] = (newer, older)

    listed = articles + undated
    weights = {t.key: t.weight for t in urls.taxonomies}
    shape = hashlib.blake2b(repr((config.related_count, sorted(weights.items()), [
        (a.path, a.rel, a.date and a.date.moment.timestamp(), [(k, [t.key for t in ts]) for k, ts in a.terms])
        for a in listed])).encode(), digest_size=16).hexdigest()
    if previous is None or previous.fingerprint != shape:
        related = _related(listed, taxonomies, weights, config.related_count)
        previous = RelatedIndex(shape, {path: tuple(r.path for r in items) for path, items in related.items()})
    else:
        by_path = {a.path: a for a in listed}
        related = {path: tuple(by_path[p] for p in items) for path, items in previous.paths.items()}
    site = Site(config=config, articles=articles, undated=undated, pages=pages, taxonomies=taxonomies,
                years=_archives(articles, config), neighbours=neighbours, related=related,
                related_index=previous, now=now)
    return site, problems


def _linked(doc: Article, names: dict[tuple[str, str], str], taxonomies: dict[str, Taxonomy], urls: Urls) -> Article:
    """The article with each term shown in its most common spelling and linked to its page."""
    terms = tuple((key, tuple(TagLink(names[(key, t.key)], t.key, urls.term(taxonomies[key], t.key)) for t in links))
                  for key, links in doc.terms)
    return doc if terms == doc.terms else replace(doc, terms=terms)


def _terms(taxonomy: Taxonomy, listed: tuple[Article, ...], names: dict[tuple[str, str], str],
           urls: Urls) -> TaxonomyTerms:
    members: dict[str, list[Article]] = defaultdict(list)
    for article in listed:
        for term in article.in_taxonomy(taxonomy.key):
            members[term.key].append(article)
    terms = tuple(sorted((Tag(names[(taxonomy.key, key)], key, tuple(items), urls.term(taxonomy, key),
                              urls.term_feed(taxonomy, key), taxonomy.key) for key, items in members.items()),
                         key=lambda t: (-t.count, t.key)))
    return TaxonomyTerms(taxonomy, terms, urls.taxonomy(taxonomy) if taxonomy.pages else "")


def _url_problems(documents: list[Article], reserved: frozenset[str]) -> tuple[list[Problem], set[int]]:
    problems = []
    rejected: set[int] = set()
    owner: dict[str, Article] = {}
    for doc in sorted(documents, key=lambda d: d.rel):
        first_segment = doc.path.split("/", 1)[0]
        if doc.kind == "page" and (first_segment in reserved or first_segment.isdigit()):
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


def _canonical_term_names(documents: list[Article]) -> dict[tuple[str, str], str]:
    """Each term shown with its most common spelling (ties: the alphabetically first)."""
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for doc in documents:
        for taxonomy, links in doc.terms:
            for term in links:
                spellings[(taxonomy, term.key)][term.name] += 1
    return {key: min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
            for key, counter in spellings.items()}


def archive_month(article: Article, tz: tzinfo) -> tuple[int, int]:
    """The (year, month) of the archive a dated article is listed in: its date's in the site's time zone."""
    assert article.date is not None
    local = article.date.moment.astimezone(tz)
    return local.year, local.month


def _archives(articles: tuple[Article, ...], config: Config) -> tuple[ArchiveYear, ...]:
    months: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in articles:
        months[archive_month(article, config.timezone)].append(article)
    years: dict[int, list[ArchiveMonth]] = defaultdict(list)
    for (year, month) in sorted(months, reverse=True):
        years[year].append(ArchiveMonth(year, month, tuple(months[(year, month)])))
    return tuple(ArchiveYear(year, tuple(ms), tuple(a for m in ms for a in m.articles))
                 for year, ms in sorted(years.items(), reverse=True))


def _related(articles: tuple[Article, ...], taxonomies: tuple[TaxonomyTerms, ...], weights: dict[str, float],
             count: int) -> dict[str, tuple[Article, ...]]:
    """Most shared terms first (each counted with its taxonomy's weight), then nearest in time, then file
    path; among each term's time-neighbours. A taxonomy of weight 0 does not relate articles."""
    index = {a.path: i for i, a in enumerate(articles)}
    # Undated articles sit far from every dated one in "time" and level with each other.
    stamps = [a.date.moment.timestamp() if a.date else 1e18 for a in articles]
    keysets = [frozenset((k, t.key) for k, links in a.terms if weights.get(k, 0) > 0 for t in links)
               for a in articles]
    rels = [a.rel for a in articles]
    members = {(group.key, term.key): [index[a.path] for a in term.articles]
               for group in taxonomies for term in group.terms}
    position = {key: {i: at for at, i in enumerate(items)} for key, items in members.items()}
    related: dict[str, tuple[Article, ...]] = {}
    for i, article in enumerate(articles):
        keys, stamp = keysets[i], stamps[i]
        candidates: set[int] = set()
        for key in keys:
            items, at = members[key], position[key][i]
            candidates.update(items[max(0, at - RELATED_WINDOW): at + RELATED_WINDOW + 1])
        candidates.discard(i)
        scored = [(-sum(weights[k] for k, _ in keys & keysets[j]), abs(stamps[j] - stamp), rels[j], j)
                  for j in candidates]
        related[article.path] = tuple(articles[item[3]] for item in heapq.nsmallest(count, scored))
    return related


def page_path(base: str, number: int, segment: str = "page") -> str:
    """Site path of page `number` of a list whose first page is at `base` (urls.Urls.paginated)."""
    return base if number == 1 else f"{base}{segment}/{number}/"


@dataclass(frozen=True, slots=True)
class Pagination:
    number: int
    total: int
    count: int
    base: str
    items: tuple[Article, ...]
    segment: str = "page"  # the folder of later pages: /tags/x/page/2/

    @property
    def path(self) -> str:
        return page_path(self.base, self.number, self.segment)

    @property
    def prev_path(self) -> str | None:
        return page_path(self.base, self.number - 1, self.segment) if self.number > 1 else None

    @property
    def next_path(self) -> str | None:
        return page_path(self.base, self.number + 1, self.segment) if self.number < self.total else None

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
                shown.append((n - 1, page_path(self.base, n - 1, self.segment)))
            elif n - previous > 2:
                shown.append(None)
            shown.append((n, page_path(self.base, n, self.segment)))
            previous = n
        return shown


def paginate(items: tuple[Article, ...], per_page: int, base: str, segment: str = "page") -> list[Pagination]:
    total = max(1, -(-len(items) // per_page))
    return [Pagination(n, total, len(items), base, items[(n - 1) * per_page: n * per_page], segment)
            for n in range(1, total + 1)]
