"""Machine-readable files: Atom feeds (site-wide and per tag), sitemap.xml, robots.txt."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.sax.saxutils import escape

from feedgen.feed import FeedGenerator

from generator.dates import format_iso
from generator.model import Article
from generator.site import Site

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
        assert article.date is not None
        url = config.base_url + article.path
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(article.title)
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(article.date.moment)
        entry.updated(_changed(article))
        if article.author:
            entry.author(name=article.author)
        entry.summary(article.summary)
        entry.content(article.body_html, type="html")
        for tag in article.tags:
            entry.category(term=tag.key, label=tag.name, scheme=config.base_url + tag.path)
    return feed.atom_str(pretty=True)


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
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.config.base_url}sitemap.xml\n".encode()
