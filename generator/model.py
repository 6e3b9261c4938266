"""The typed, frozen records that flow down the pipeline: what one content file says."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .dates import Published


@dataclass(frozen=True, slots=True)
class TagLink:
    """One term of a taxonomy (a tag, a section, a place) as an article names it."""

    name: str  # as displayed (the site model replaces it with the most common spelling)
    key: str  # identity: ASCII slug of the folded name, 'covid-19'
    path: str = ""  # site path of the term's page, set by the site model ('' when the taxonomy has no pages)


@dataclass(frozen=True, slots=True)
class Article:
    """One content file, read and validated: an article, or a standalone page (kind == 'page')."""

    source: Path  # absolute path of the file
    rel: str  # its path under content/, POSIX style, for messages and ordering
    kind: str
    title: str
    slug: str
    path: str  # site path of its page, '2021/08/hoi-nghi/'
    date: Published | None  # None: the date is lost ('unknown'), or a page without one
    updated: Published | None
    terms: tuple[tuple[str, tuple[TagLink, ...]], ...]  # (taxonomy key, its terms), in the configured order
    author: str | None
    summary: str
    image_href: str | None
    image_caption: str | None
    image_alt: str
    draft: bool
    source_url: str | None
    body_html: str
    images: tuple[str, ...]  # local images, relative to the file's folder, to copy beside the page
    extra_items: tuple[tuple[str, Any], ...]  # unknown front-matter fields, for templates
    content_hash: str
    url_line: int  # where to point when its URL collides with another's
    weight: int  # menu order of pages
    aliases: tuple[str, ...] = ()  # earlier addresses of the page (site paths), each given a redirect
    aliases_line: int | None = None  # where `aliases:` is, for collision errors
    featured: bool = False  # the front page's lead story
    # Documents to download (file beside the article, title): `attachments:` and the body's document links.
    attachments: tuple[tuple[str, str], ...] = ()

    @property
    def has_embeds(self) -> bool:
        """Whether the body has a video or map facade (embeds.py): its page then links embeds.css and embed.js.
        Only the generator writes `data-embed-src` (the sanitiser drops any other)."""
        return "data-embed-src=" in self.body_html

    @property
    def held(self) -> bool:
        """Held back from publishing like a draft: the file carries `review:` notes (tintuc import writes
        them where it guessed) until an editor has checked them and removed the field."""
        return bool(self.review_notes)

    @property
    def review_notes(self) -> tuple[str, ...]:
        notes = dict(self.extra_items).get("review")
        if isinstance(notes, list):
            return tuple(str(n) for n in notes if n not in (None, ""))
        return (str(notes),) if notes not in (None, "", False) else ()

    @property
    def tags(self) -> tuple[TagLink, ...]:
        """The terms of the `tags` taxonomy (the one every theme knows)."""
        return self.in_taxonomy("tags")

    def in_taxonomy(self, key: str) -> tuple[TagLink, ...]:
        for taxonomy, links in self.terms:
            if taxonomy == key:
                return links
        return ()

    @property
    def extra(self) -> dict[str, Any]:
        return dict(self.extra_items)

    @property
    def sort_key(self) -> tuple[float, str]:
        """Newest first, then by file path: a total order, so builds are deterministic."""
        return (-self.date.moment.timestamp() if self.date else 0.0, self.rel)
