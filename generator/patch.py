"""The fast path for edits that change no list: swap the edited articles into the previous model.

An edit that keeps an article's "shape" (everything a list, a neighbour link, a tag, an archive or
the sitemap shows of it) cannot change any page but its own and the feeds that carry its text. Those
are found by lookup, so one edit costs the same on a 100- or a 10,000-article archive.
"""

from __future__ import annotations

from dataclasses import replace
from operator import attrgetter

from .model import Article
from .site import ArchiveMonth, ArchiveYear, Site

_PATH = attrgetter("path")


def shape(article: Article) -> tuple[object, ...]:
    """What other pages show of an article, as written in its file (tags before spelling merges)."""
    return (article.kind, article.path, article.rel, article.title, article.date, article.updated, article.summary,
            article.image_href, tuple((k, tuple((t.key, t.name) for t in ts)) for k, ts in article.terms),
            article.author, article.draft, article.held, article.weight, article.images, article.aliases,
            article.featured)


def edited_in_place(site: Site, changes: list[tuple[Article | None, Article]]) -> dict[str, Article] | None:
    """The edited articles by path, ready to swap in, or None if any edit reaches beyond its page."""
    shown = {a.path: a for a in site.all_articles + site.pages}
    swap: dict[str, Article] = {}
    for old, new in changes:
        if old is None or shape(old) != shape(new) or new.path not in shown:
            return None
        # Same terms as written, so the same merged spellings and links as the model already shows.
        swap[new.path] = replace(new, terms=shown[new.path].terms)
    return swap


def swapped(site: Site, new: dict[str, Article]) -> Site:
    """The model with the given articles replaced wherever their text can show.

    The lists (home, archives, tags and their feeds) get the new articles. Neighbour links and related
    lists keep the objects they hold: they show only an article's shape, equal by `edited_in_place`,
    and a page's fingerprint reads only that (plan._sig). Rebuilding those two maps for every edit cost
    ~0.3 s at 30,000 articles; the edited articles' own neighbours are patched, the rest is shared.
    """

    paths = new.keys()

    def many(items: tuple[Article, ...]) -> tuple[Article, ...]:
        # map() in C: the lists of 100,000 articles are scanned at every edit (a generator took 0.5 s)
        return items if paths.isdisjoint(map(_PATH, items)) else tuple(new.get(a.path, a) for a in items)

    # The terms an edited article is listed under are those it names (the same as before: its shape).
    named = {(group, link.key) for a in new.values() for group, links in a.terms for link in links}

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
        articles=many(site.articles), undated=many(site.undated), pages=many(site.pages),
        taxonomies=tuple(replace(group, terms=tuple(replace(term, articles=many(term.articles))
                                                    if (group.key, term.key) in named else term
                                                    for term in group.terms)) for group in site.taxonomies),
        years=tuple(ArchiveYear(y.year, tuple(ArchiveMonth(m.year, m.month, many(m.articles)) for m in y.months),
                                many(y.articles)) for y in site.years),
        neighbours=neighbours,
    )
