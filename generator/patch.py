"""The fast path for edits that change no list: swap the edited articles into the previous model.

An edit that keeps an article's "shape" (everything a list, a neighbour link, a tag, an archive or
the sitemap shows of it) cannot change any page but its own and the feeds that carry its text. Those
are found by lookup, so one edit costs the same on a 100- or a 10,000-article archive.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import replace
from operator import attrgetter
from typing import Any

from .model import Article
from .site import ArchiveMonth, ArchiveYear, Site, archive_month

_PATH = attrgetter("path")
_SORT = attrgetter("sort_key")  # the order of the dated lists: site.articles, each year's and month's
_REL = attrgetter("rel")  # of site.undated


def _page_order(article: Article) -> tuple[Any, ...]:
    return (article.weight, article.title, article.rel)  # site.pages (site.build_site)


def shape(article: Article) -> tuple[object, ...]:
    """What other pages show of an article, as written in its file (tags before spelling merges)."""
    return (article.kind, article.path, article.rel, article.title, article.date, article.updated, article.summary,
            article.image_href, tuple((k, tuple((t.key, t.name) for t in ts)) for k, ts in article.terms),
            article.author, article.draft, article.held, article.weight, article.images, article.aliases,
            article.featured)


def edited_in_place(site: Site, changes: list[tuple[Article | None, Article]]) -> dict[str, Article] | None:
    """The edited articles by path, ready to swap in, or None if any edit reaches beyond its page."""
    swap: dict[str, Article] = {}
    for old, new in changes:
        shown = _shown(site, old) if old is not None and shape(old) == shape(new) else None
        if shown is None:
            return None
        # Same terms as written, so the same merged spellings and links as the model already shows.
        swap[new.path] = replace(new, terms=shown.terms)
    return swap


def _shown(site: Site, article: Article) -> Article | None:
    """The model's version of `article` (found in the list its shape sorts it into), or None if not shown."""
    items, order = (site.pages, _page_order) if article.kind == "page" else \
        (site.articles, _SORT) if article.date else (site.undated, _REL)
    at = _place(items, article, order)
    return items[at] if at is not None else None


def _place(items: tuple[Article, ...], article: Article, order: Callable[[Article], Any]) -> int | None:
    """Where the item of `items` (sorted by `order`) with the path of `article` is, found by bisection."""
    at = bisect.bisect_left(items, order(article), key=order)
    return at if at < len(items) and items[at].path == article.path else None


def swapped(site: Site, new: dict[str, Article]) -> Site:
    """The model with the given articles replaced wherever their text can show.

    The lists (home, archives, tags and their feeds) get the new articles. Neighbour links and related
    lists keep the objects they hold: they show only an article's shape, equal by `edited_in_place`,
    and a page's fingerprint reads only that (plan._sig). Rebuilding those two maps for every edit cost
    ~0.3 s at 30,000 articles; the edited articles' own neighbours are patched, the rest is shared.
    """

    paths = new.keys()

    def many(items: tuple[Article, ...], order: Callable[[Article], Any] | None = None) -> tuple[Article, ...]:
        """`items` with the new articles in place. In a list sorted by `order` (made of fields of the shape,
        so the same for an article's new version) they are found by bisection: a scan of the lists of
        100,000 articles at each edit cost 0.2 s."""
        if order is None:
            return items if paths.isdisjoint(map(_PATH, items)) else tuple(new.get(a.path, a) for a in items)
        copy = None
        for article in new.values():
            if (at := _place(items, article, order)) is not None:
                copy = copy if copy is not None else list(items)
                copy[at] = article
        return items if copy is None else tuple(copy)

    # The terms an edited article is listed under are those it names (the same as before: its shape).
    named = {(group, link.key) for a in new.values() for group, links in a.terms for link in links}
    # And the archive months it is listed in: its date's, the same as before (its shape).
    months = {archive_month(a, site.config.timezone) for a in new.values() if a.date is not None}

    neighbours = dict(site.neighbours)
    for path in new:
        newer, older = site.neighbours.get(path, (None, None))
        if newer is not None and newer.path in neighbours:
            before, _ = neighbours[newer.path]
            neighbours[newer.path] = (before, new[path])
        if older is not None and older.path in neighbours:
            _, after = neighbours[older.path]
            neighbours[older.path] = (new[path], after)
    return replace(
        site,
        articles=many(site.articles, _SORT), undated=many(site.undated, _REL), pages=many(site.pages, _page_order),
        taxonomies=tuple(replace(group, terms=tuple(replace(term, articles=many(term.articles))
                                                    if (group.key, term.key) in named else term
                                                    for term in group.terms)) for group in site.taxonomies),
        years=tuple(ArchiveYear(y.year, tuple(ArchiveMonth(m.year, m.month, many(m.articles, _SORT))
                                              if (m.year, m.month) in months else m for m in y.months),
                                many(y.articles, _SORT)) if any(y.year == year for year, _ in months) else y
                    for y in site.years),
        neighbours=neighbours,
    )
