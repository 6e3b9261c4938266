"""The typed, frozen records that flow down the pipeline: what one content file says."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.dates import Published


@dataclass(frozen=True, slots=True)
class TagLink:
    name: str  # as displayed (the site model replaces it with the most common spelling)
    key: str  # identity: ASCII slug of the folded name, 'covid-19'

    @property
    def path(self) -> str:
        return f"tags/{self.key}/"


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
    tags: tuple[TagLink, ...]
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

    @property
    def extra(self) -> dict[str, Any]:
        return dict(self.extra_items)

    @property
    def sort_key(self) -> tuple[float, str]:
        """Newest first, then by file path: a total order, so builds are deterministic."""
        return (-self.date.moment.timestamp() if self.date else 0.0, self.rel)
