"""Every address the site writes comes from here: articles, pages, taxonomies, archives, feeds, search,
assets, redirects. Site paths are relative to the site root, without the base path ('tags/covid-19/');
templates turn them into links with `url()`.

Configurable like Pelican's *_URL settings and Hugo's `permalinks`: `permalink:` for articles, `path:` of
each taxonomy (generator/taxonomy.py), and the `urls:` mapping for the site's own lists:

    urls:
      archives: archives     # /archives/
      undated: undated       # /undated/ (articles whose date is lost) and their pages /undated/<slug>/
      search: search         # /search/ (the page and the compiled index)
      pagination: page       # /tags/covid-19/page/2/

Year and month archives live at /2021/ and /2021/08/, as the default permalink puts articles under them.
A page or article whose address is also a generated file is an error (inventory.address_collisions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from .dates import Published
from .taxonomy import DEFAULT_TAXONOMIES, Taxonomy

_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
URL_KEYS = ("archives", "undated", "search", "pagination")
PAGES_OWN = ("static",)  # theme assets: /static/css/style.css


@dataclass(frozen=True, slots=True)
class Urls:
    permalink: str = "/{year}/{month}/{slug}/"
    taxonomies: tuple[Taxonomy, ...] = DEFAULT_TAXONOMIES
    archives: str = "archives"
    undated: str = "undated"
    search: str = "search"
    pagination: str = "page"

    # --- lists and files of the site ---
    def paginated(self, base: str, number: int) -> str:
        """Page `number` of a list whose first page is at `base`."""
        return base if number == 1 else f"{base}{self.pagination}/{number}/"

    def taxonomy(self, taxonomy: Taxonomy) -> str:
        return f"{taxonomy.path}/"

    def term(self, taxonomy: Taxonomy, key: str) -> str:
        return f"{taxonomy.path}/{key}/" if taxonomy.pages else ""

    def term_feed(self, taxonomy: Taxonomy, key: str) -> str:
        return f"{taxonomy.path}/{key}/{self.feed}" if taxonomy.pages and taxonomy.feeds else ""

    def taxonomy_path(self, key: str) -> str:
        """The index page of the taxonomy `key` ('' if the site has no such taxonomy with pages); for templates."""
        return next((self.taxonomy(t) for t in self.taxonomies if t.key == key and t.pages), "")

    def archive_index(self) -> str:
        return f"{self.archives}/"

    @staticmethod
    def year(year: int) -> str:
        return f"{year:04d}/"

    @staticmethod
    def month(year: int, month: int) -> str:
        return f"{year:04d}/{month:02d}/"

    def undated_index(self) -> str:
        return f"{self.undated}/"

    def search_page(self) -> str:
        return f"{self.search}/"

    def search_file(self, name: str) -> str:
        return f"{self.search}/{name}"

    feed = "feed.xml"  # the site's feed, and each term's feed inside its folder
    sitemap = "sitemap.xml"
    robots = "robots.txt"
    not_found = "404.html"
    redirects = "_redirects"  # the list of old addresses, for hosts that read one (Netlify, Cloudflare Pages)

    @staticmethod
    def asset(name: str) -> str:
        return f"static/{name}"

    # --- articles and pages ---
    def document(self, kind: str, slug: str, date: Published | None, tz: tzinfo) -> str:
        """The page of an article (by the permalink pattern), an undated article, or a standalone page."""
        if kind == "page":
            return f"{slug}/"
        if date is None:
            return f"{self.undated}/{slug}/"
        moment = date.moment.astimezone(tz)  # the year and month readers see, as archives do
        return self.permalink.format(year=f"{moment.year:04d}", month=f"{moment.month:02d}",
                                     day=f"{moment.day:02d}", slug=slug).strip("/") + "/"

    def reserved_for_lists(self) -> frozenset[str]:
        """First folder names a standalone page may not take: the site's own lists and files."""
        roots = {t.path.split("/", 1)[0] for t in self.taxonomies}
        return frozenset({*roots, self.archives, self.undated, self.search, self.pagination, *PAGES_OWN,
                          self.feed, self.sitemap, self.robots, self.not_found, self.redirects})

    def fingerprint(self) -> str:
        """What shapes every address: part of every page's fingerprint and of the read cache's key."""
        return repr((self.permalink, self.taxonomies, self.archives, self.undated, self.search, self.pagination))


def parse_urls(value: Any) -> dict[str, str]:
    """`urls:` validated; ValueError names the expected form (config.py reports it at the key's line)."""
    if not isinstance(value, dict):
        raise ValueError("a mapping with any of: " + ", ".join(URL_KEYS))
    unknown = [str(k) for k in value if k not in URL_KEYS]
    if unknown:
        raise ValueError(f"a mapping with any of: {', '.join(URL_KEYS)} (unknown key {unknown[0]!r})")
    for key, folder in value.items():
        if not isinstance(folder, str) or not _SEGMENT.match(folder):
            raise ValueError(f"'{key}' as one folder name of lower-case ASCII letters, digits and '-' "
                             f"(got {folder!r})")
    if len(set(value.values())) != len(value):
        raise ValueError("different folder names for archives, undated, search and pagination")
    return dict(value)
