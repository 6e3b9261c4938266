"""Machine-readable files: Atom feeds (site-wide and per tag), sitemap.xml, robots.txt."""

from __future__ import annotations

import copy
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from .dates import format_iso
from .embeds import for_feed
from .model import Article
from .site import Site

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _changed(article: Article) -> datetime:
    stamp = article.updated or article.date
    return stamp.moment if stamp else _EPOCH


def atom_feed(site: Site, articles: tuple[Article, ...], feed_path: str, title: str) -> bytes:
    """An Atom feed of the newest dated articles of a list (undated ones never go into feeds)."""
    config = site.config
    entries = [a for a in articles if a.date][: config.feed_size]
    feed = FeedGenerator()
    feed.id(config.base_url + feed_path)
    feed.title(title)
    feed.subtitle(config.description or config.title)
    feed.language(config.language)
    feed.link(href=config.base_url + feed_path, rel="self", type="application/atom+xml")
    feed.link(href=config.base_url, rel="alternate", type="text/html")
    feed.author(name=config.publisher)
    feed.generator("tintuc", uri="https://pypi.org/project/tintuc/")
    # The newest change among the entries, not the build time: two builds give identical bytes.
    feed.updated(max((_changed(a) for a in entries), default=_EPOCH))
    for article in entries:
        feed.add_entry(_PrebuiltEntry(_ENTRIES.get(config.base_url, article)), order="append")
    return feed.atom_str(pretty=True)


class _PrebuiltEntry(FeedEntry):  # type: ignore[misc]
    """An entry whose Atom XML was built once, copied into each feed that lists the article."""

    def __init__(self, xml: Any) -> None:
        super().__init__()
        self._xml = xml

    def atom_entry(self, extensions: bool = True) -> Any:
        return copy.deepcopy(self._xml)  # an lxml element has one parent: each feed gets its own copy


class _EntryCache:
    """The Atom XML of recently used articles, by article object (articles are immutable).

    An article is in the site feed and in one feed per tag: with 1,000 tags that is 1,001 feeds, each
    listing its 1,000 categories. Building the entry once per process instead of once per feed, and
    giving feedgen all categories in one call (it rebuilds its whole list on every call), took the
    build of a site with a 1,000-tag article from ~110 s to ~5 s (tests/test_trust_markup.py); what
    is left is mostly writing the ~180 MB those feeds and tag pages are. Keyed by identity, not by
    value: hashing 1,000 tags per feed cost a second of that build. The cache holds the article, so
    its id is not reused while it is cached.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple[int, str], tuple[Article, Any]] = OrderedDict()

    def get(self, base_url: str, article: Article) -> Any:
        key = (id(article), base_url)
        hit = self.items.get(key)
        if hit is not None and hit[0] is article:
            self.items.move_to_end(key)
            return hit[1]
        xml = _entry_xml(base_url, article)
        self.items[key] = (article, xml)
        if len(self.items) > self.size:
            self.items.popitem(last=False)
        return xml


# 512 entries cover the newest articles of every feed in all but huge sites; a miss only costs
# building one entry again.
_ENTRIES = _EntryCache(512)


def _entry_xml(base_url: str, article: Article) -> Any:
    assert article.date is not None
    url = base_url + article.path
    entry = FeedEntry()
    entry.id(url)
    entry.title(article.title)
    entry.link(href=url, rel="alternate", type="text/html")
    entry.published(article.date.moment)
    entry.updated(_changed(article))
    if article.author:
        entry.author(name=article.author)
    entry.summary(article.summary)
    entry.content(for_feed(article.body_html), type="html")  # a video or map: a plain link with its title
    terms = [term for _, links in article.terms for term in links]  # tags, sections, places…
    if terms:
        entry.category([{"term": term.key, "label": term.name, "scheme": base_url + term.path} for term in terms])
    return entry.atom_entry()


def sitemap(site: Site, page_paths: list[str]) -> bytes:
    """sitemap.xml: every public page; `lastmod` where the page's content has a date."""
    config = site.config
    lastmod: dict[str, str] = {}
    for doc in site.all_articles + site.pages:
        stamp = doc.updated or doc.date
        if stamp:
            lastmod[doc.path] = format_iso(stamp, config.timezone)
    newest = site.articles[0] if site.articles else None
    if newest is not None and newest.date:
        lastmod[""] = format_iso(newest.updated or newest.date, config.timezone)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in page_paths:
        lines.append(f"  <url><loc>{escape(config.base_url + path)}</loc>"
                     + (f"<lastmod>{lastmod[path]}</lastmod>" if path in lastmod else "") + "</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(site: Site) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.config.base_url}{site.config.urls.sitemap}\n".encode()
