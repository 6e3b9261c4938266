"""Plan every HTML page of the site: its path, template, context, and a fingerprint of its inputs.

A page whose fingerprint is unchanged since the last build need not be rendered again; that makes
"what must be rebuilt" a lookup, not a guess.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from . import __version__
from .config import Config
from .dates import format_iso
from .identity import publisher_jsonld
from .markdown_render import copied_name
from .model import Article
from .photos import NO_PHOTOS, THUMB_SIZES, Photo, Photos, picture, pictures
from .search.documents import search_key
from .site import ArchiveYear, Pagination, Site, TaxonomyTerms, paginate

TOP_TAGS = 15
SECTION_LATEST = 4  # articles per section on the front page
SECTION_BAR = 8  # sections named in every page's section bar (the rest are on the taxonomy's index)


@dataclass(frozen=True, slots=True)
class MenuItem:
    title: str
    href: str


@dataclass(frozen=True, slots=True)
class SiteInfo:
    title: str
    description: str
    base_url: str
    language: str
    menu: tuple[MenuItem, ...]
    feed_href: str
    # The portal's sections (the `categories` terms that have pages, most used first): the section bar.
    sections: tuple[MenuItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Download:
    """One document of an article's download list: 'Quyết định số 12 (PDF, 1,2 MB)'."""

    href: str  # beside the article's page, percent-encoded
    title: str
    kind: str  # 'PDF', 'DOCX'
    size: str  # in the site's language: '1,2 MB'


def file_size(size: int, language: str) -> str:
    """Bytes as readers say them, in decimal units: '1,2 MB' in Vietnamese, '1.2 MB' in English."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            number = f"{size / scale:.1f}".rstrip("0").rstrip(".") if size < 10 * scale else f"{size / scale:.0f}"
            return f"{number.replace('.', ',') if language == 'vi' else number} {unit}"
    return f"{size} B"


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str
    heading: str
    description: str
    canonical: str
    og_type: str = "website"
    image: str | None = None
    rel_prev: str | None = None
    rel_next: str | None = None
    feed_href: str = ""
    feed_title: str = ""
    jsonld: str | None = None
    noindex: bool = False


@dataclass(frozen=True, slots=True)
class PlannedPage:
    path: str  # site path: '' (home), 'tags/covid-19/', or a file name such as '404.html'
    template: str
    context: dict[str, Any]
    fingerprint: str

    @property
    def file(self) -> str:
        return self.path if self.path.endswith(".html") else self.path + "index.html"


def site_info(site: Site) -> SiteInfo:
    config = site.config
    menu = [MenuItem(link.title, _href(config, link.url)) for link in config.menu]
    listed = {item.href for item in menu}
    for page in site.pages:
        href = config.base_path + page.path
        if href not in listed:
            menu.append(MenuItem(page.title, href))
    sections = tuple(MenuItem(term.name, config.base_path + term.path)
                     for term in site.taxonomy("categories")[:SECTION_BAR] if term.path)
    return SiteInfo(config.title, config.description, config.base_url, config.language, tuple(menu),
                    config.base_path + config.urls.feed, sections)


def _href(config: Config, url: str) -> str:
    return url if "://" in url else config.base_path + url.lstrip("/")


def _digest(*parts: Any) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def _sig(article: Article, now: datetime) -> str:
    """What a list or a neighbour link shows of an article: enough to know when it must change
    (its draft and scheduled badges too: a scheduled article's badge goes once `now` passes its date)."""
    date = f"{article.date.moment.isoformat()}{article.date.has_time}" if article.date else ""
    scheduled = article.date is not None and article.date.moment > now
    terms = "\x1e".join(f"{key}\x1d{t.name}\x1d{t.path}" for key, links in article.terms for t in links)
    text = "\x1f".join((article.path, article.title, date, article.summary, article.image_href or "",
                        terms, article.author or "", str(article.featured), str(article.draft),
                        str(article.held), str(scheduled)))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class Planner:
    def __init__(self, site: Site, strings: dict[str, Any], theme_fingerprint: str,
                 search_manifest: str | None = None, photos: Photos = NO_PHOTOS) -> None:
        self.site = site
        self.photos = photos  # the processed photos of each article (photos.py): <picture> in its body
        self.search_manifest = search_manifest  # the compiled index's manifest, under search/
        self.config = site.config
        self.t = strings
        info = site_info(site)
        # Everything every page shows (menu, titles, theme): a change here re-renders every page.
        self._sigs: dict[str, str] = {}
        self.urls = self.config.urls
        self.global_fingerprint = _digest(__version__, theme_fingerprint, info, self.config.per_page,
                                          self.config.publisher, str(self.config.timezone), self.config.identity,
                                          self.urls.fingerprint())

    def sig(self, article: Article | None) -> str | None:
        if article is None:
            return None
        if article.path not in self._sigs:
            # A list entry shows the lead photo's thumbnail: a new photo re-renders the lists it is on.
            self._sigs[article.path] = _sig(article, self.site.now) + self.photos.signature(article.path)
        return self._sigs[article.path]

    def canonical(self, path: str) -> str:
        return self.config.base_url + path

    def _title(self, heading: str) -> str:
        return f"{heading} — {self.config.title}" if heading else self.config.title

    def pages(self) -> Iterator[PlannedPage]:
        yield from self._home()
        for article in self.site.all_articles:
            yield self._article(article)
        for page in self.site.pages:
            yield self._standalone(page)
        for group in self.site.taxonomies:
            if not group.taxonomy.pages:
                continue
            yield self._taxonomy_index(group)
            name = group.taxonomy.name(self.config.language)
            for tag in group.terms:
                heading = self.t["tag_heading"].format(name=tag.name) if group.key == "tags" else f"{name}: {tag.name}"
                yield from self._list("tag.html", tag.path, tag.articles, heading, {"tag": tag, "taxonomy": group},
                                      (group.key, tag.name, tag.count), feed=(tag.feed_path, heading) if tag.feed_path
                                      else None, per_page=group.taxonomy.per_page)
        yield self._archives_index()
        for year in self.site.years:
            heading = self.t["year_heading"].format(year=year.year)
            yield from self._list("year.html", year.path, year.articles, heading, {"year": year},
                                  _years_sig((year,)))
            for month in year.months:
                heading = self.t["month_heading"].format(month=month.month, year=month.year)
                yield from self._list("month.html", month.path, month.articles, heading, {"month": month},
                                      (month.year, month.month))
        if self.site.undated:
            yield from self._list("undated.html", self.urls.undated_index(), self.site.undated, self.t["undated"],
                                  {}, ())
        if self.search_manifest:
            yield self.search_page()
        yield PlannedPage(self.urls.not_found, "404.html", {"page": PageMeta(
            self._title(self.t["not_found"]), self.t["not_found"], self.config.description,
            self.canonical(self.urls.not_found), noindex=True, feed_href=self.config.base_path + self.urls.feed,
            feed_title=self.config.title)}, _digest(self.global_fingerprint, "404"))

    def _meta(self, heading: str, path: str, pagination: Pagination | None = None,
              feed: tuple[str, str] | None = None, **extra: Any) -> PageMeta:
        number = pagination.number if pagination else 1
        shown = heading if number == 1 else f"{heading} ({self.t['page_of'].format(n=number, total=pagination.total)})"  # type: ignore[union-attr]
        feed_path, feed_title = feed or (self.urls.feed, self.config.title)
        # A page without a photo of its own is shared with the site's picture (identity.share_image).
        shared = self.config.identity.share_image_href
        extra["image"] = extra.get("image") or (self.config.base_url + shared if shared else None)
        return PageMeta(
            title=self._title(shown) if heading else self.config.title,
            heading=heading or self.config.title,
            description=extra.pop("description", None) or self.config.description,
            canonical=self.canonical(path),
            rel_prev=None if pagination is None or pagination.prev_path is None
            else self.config.base_path + pagination.prev_path,  # "" (the home page) is a real path
            rel_next=None if pagination is None or pagination.next_path is None
            else self.config.base_path + pagination.next_path,
            feed_href=self.config.base_path + feed_path, feed_title=feed_title, **extra)

    def _list(self, template: str, base: str, items: tuple[Article, ...], heading: str,
              context: dict[str, Any], identity: Any, feed: tuple[str, str] | None = None,
              per_page: int | None = None) -> Iterator[PlannedPage]:
        for pagination in paginate(items, per_page or self.config.per_page, base, self.urls.pagination):
            meta = self._meta(heading, pagination.path, pagination, feed)
            fingerprint = _digest(self.global_fingerprint, template, identity, pagination.number,
                                  pagination.total, [self.sig(a) for a in pagination.items])
            yield PlannedPage(pagination.path, template, {
                "page": meta, "articles": pagination.items, "pagination": pagination, **context}, fingerprint)

    def _home(self) -> Iterator[PlannedPage]:
        top_tags = self.site.tags[:TOP_TAGS]
        featured = self._featured()
        # The latest few of each section (the `categories` taxonomy), as agency portals lay out their front page.
        sections = tuple((term, term.articles[:SECTION_LATEST]) for term in self.site.taxonomy("categories")
                         if term.path)
        featured_picture = self._lead_picture(featured, self.photos.of(featured.path), "featured-image") \
            if featured else None
        extra = {"top_tags": top_tags, "years": self.site.years, "undated_count": len(self.site.undated),
                 "featured": featured, "featured_picture": featured_picture, "sections": sections}
        identity = ([(t.key, t.name, t.count) for t in top_tags], _years_sig(self.site.years), len(self.site.undated),
                    self.sig(featured), self.photos.signature(featured.path) if featured else "",
                    [(t.key, t.name, t.path, [self.sig(a) for a in items]) for t, items in sections])
        for page in self._list("home.html", "", self.site.articles, "", extra, identity):
            if page.path:  # later pages of the home list are titled "Tin mới", not the bare site name
                meta = self._meta(self.t["latest"], page.path, page.context["pagination"])
                page = PlannedPage(page.path, page.template, {**page.context, "page": meta}, page.fingerprint)
            yield page

    def _featured(self) -> Article | None:
        """The front page's lead story: the newest with `featured: true`, else the newest with an image."""
        dated = self.site.articles
        return next((a for a in dated if a.featured), None) or next((a for a in dated if a.image_href), None)

    def _article(self, article: Article) -> PlannedPage:
        newer, older = self.site.neighbours.get(article.path, (None, None))
        related = self.site.related.get(article.path, ())
        fingerprint = _digest(self.global_fingerprint, article.content_hash, self.photos.signature(article.path),
                              self._downloads(article),
                              self.sig(article), self.sig(newer),
                              self.sig(older), [self.sig(r) for r in related])
        # The page metadata and JSON-LD are made by `complete`, only for pages rendered again.
        return PlannedPage(article.path, "article.html", {
            "article": article, "newer": newer, "older": older, "related": related}, fingerprint)

    def page_for(self, article: Article) -> PlannedPage:
        """The page of one article or standalone page."""
        return self._article(article) if article.kind == "article" else self._standalone(article)

    def complete(self, page: PlannedPage, article: Article | None = None) -> PlannedPage:
        """The page ready to render: with its article's body (if given) and the costlier metadata."""
        if "article" not in page.context:
            return page
        article = article or page.context["article"]
        photos = self.photos.of(article.path)
        if photos and article.body_html:
            article = dataclasses.replace(article, body_html=pictures(article.body_html, photos))
        context = {**page.context, "article": article, "lead_picture": self._lead_picture(article, photos),
                   "downloads": self._downloads(article)}
        if page.template == "article.html":
            context["page"] = self._meta(article.title, article.path, description=article.summary,
                                         og_type="article", image=self._share_image(article),
                                         jsonld=self._jsonld(article))
        return PlannedPage(page.path, page.template, context, page.fingerprint)

    def _lead_picture(self, article: Article, photos: tuple[Photo, ...], elsewhere: str = "") -> Markup | None:
        """The lead photo (`image:`) as a <picture> that loads first, when it is a processed photo.
        `elsewhere`: the class of its <img> on another page (the front page), which links it by path."""
        here = self.config.base_path + article.path
        lead = self.photos.lead(article, self.config.base_path)
        if lead is None:
            return None
        attributes = {"alt": str(escape(article.image_alt))} | ({"class": elsewhere} if elsewhere else {})
        return Markup(picture(lead, attributes, lead=True, prefix=here if elsewhere else ""))

    def _downloads(self, article: Article) -> tuple[Download, ...]:
        """The article's documents, with their type and size (read now: a replaced file shows its size)."""
        found = []
        for file, title in article.attachments:
            try:
                size = (article.source.parent / file).stat().st_size
            except OSError:
                continue  # reported by the read stage
            name = copied_name(file)
            kind = PurePosixPath(name).suffix.lstrip(".").upper()
            found.append(Download(quote(name), title or PurePosixPath(file).name, kind,
                                  file_size(size, self.config.language)))
        return tuple(found)

    def _share_image(self, article: Article) -> str | None:
        """og:image: the lead photo's 1200×630 crop (what Facebook and Zalo show), else the image as given."""
        lead = self.photos.lead(article, self.config.base_path)
        if lead is not None and lead.processed.og is not None:
            return self.config.base_url + article.path + quote(lead.processed.og.file)
        if article.image_href and article.image_href.lower().split("?", 1)[0].endswith(".svg"):
            return None  # no link preview shows an SVG: the site's picture instead (_meta)
        return self._absolute(article.image_href)

    def thumbnail(self, article: Article) -> Markup | None:
        """The lead photo small, for the article's entry in lists (decorative: the title says it all)."""
        lead = self.photos.lead(article, self.config.base_path)
        if lead is None:
            return None
        return Markup(picture(lead, {"alt": ""}, prefix=self.config.base_path + article.path, sizes=THUMB_SIZES))

    def _standalone(self, page: Article) -> PlannedPage:
        meta = self._meta(page.title, page.path, description=page.summary, image=self._share_image(page))
        return PlannedPage(page.path, "page.html", {"page": meta, "article": page},
                           _digest(self.global_fingerprint, page.content_hash, self.photos.signature(page.path),
                                   self._downloads(page),
                                   self.sig(page)))

    def _taxonomy_index(self, group: TaxonomyTerms) -> PlannedPage:
        """The index of one taxonomy (tags.html, for every taxonomy: `taxonomy` says which)."""
        tags = group.terms
        heading = self.t["tags"] if group.key == "tags" else group.taxonomy.name(self.config.language)
        return PlannedPage(group.path, "tags.html", {"page": self._meta(heading, group.path), "tags": tags,
                                                     "taxonomy": group},
                           _digest(self.global_fingerprint, group.key, [(t.key, t.name, t.count) for t in tags]))

    def _archives_index(self) -> PlannedPage:
        path = self.urls.archive_index()
        meta = self._meta(self.t["archives"], path)
        return PlannedPage(path, "archives.html", {
            "page": meta, "years": self.site.years, "undated_count": len(self.site.undated)},
            _digest(self.global_fingerprint, _years_sig(self.site.years), len(self.site.undated)))

    def search_page(self) -> PlannedPage:
        """search/: the form (filters listed from the site model) and the compiled index's manifest."""
        tags = [(t.key, t.name) for t in self.site.tags]
        # Every other taxonomy's terms filter too: their keys in the index carry the taxonomy ('categories:x').
        groups = [(g.taxonomy.name(self.config.language), [(search_key(g.key, t.key), t.name) for t in g.terms])
                  for g in self.site.taxonomies if g.key != "tags" and g.terms]
        years = [y.year for y in self.site.years]
        path = self.urls.search_page()
        meta = self._meta(self.t["search_heading"], path, noindex=True)
        return PlannedPage(path, "search.html", {
            "page": meta, "tags": tags, "term_groups": groups, "years": years,
            "manifest_href": self.config.base_path + self.urls.search_file(self.search_manifest or "")},
            _digest(self.global_fingerprint, "search", self.search_manifest, tags, groups, years))

    def _absolute(self, href: str | None) -> str | None:
        if href is None or "://" in href or href.startswith("data:"):  # already absolute
            return href
        return self.config.base_url + href[len(self.config.base_path):]

    def _jsonld(self, article: Article) -> str:
        tz = self.config.timezone
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title[:110],
            "mainEntityOfPage": self.canonical(article.path),
            "url": self.canonical(article.path),
            "inLanguage": self.config.language,
            "description": article.summary,
            "publisher": publisher_jsonld(self.config.identity, self.config.publisher, self.config.base_url),
        }
        if article.date:
            data["datePublished"] = format_iso(article.date, tz)
            data["dateModified"] = format_iso(article.updated or article.date, tz)
        if article.author:
            data["author"] = {"@type": "Person", "name": article.author}
        if article.image_href:
            data["image"] = [self._absolute(article.image_href)]
        if article.tags:
            data["keywords"] = [t.name for t in article.tags]
        if article.in_taxonomy("categories"):
            data["articleSection"] = [t.name for t in article.in_taxonomy("categories")]
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        # Inside <script>, '</script>' or '<!--' in a title must not end the block.
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _years_sig(years: tuple[ArchiveYear, ...]) -> Any:
    return [(y.year, y.count, [(m.month, m.count) for m in y.months]) for y in years]
