"""What the search stage knows of an article: the searchable text and what a result shows."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from datetime import date, tzinfo

from ..dates import format_short
from ..model import Article

EXCERPT_SOURCE_CHARS = 600  # the start of the body each result carries for its excerpt

_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|figcaption|blockquote|tr|div)>|<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SearchDoc:
    url: str  # site path, '2021/08/hoi-nghi/': the document's identity
    title: str
    body: str  # plain text of the body
    tag_keys: tuple[str, ...]
    tag_names: tuple[str, ...]
    author: str
    day: int | None  # days since 1970-01-01 of the local publication date; None when unknown
    date_label: str  # '01/08/2021', or ''
    summary: str

    @property
    def year(self) -> int | None:
        return None if self.day is None else date.fromordinal(self.day + _EPOCH).year

    @property
    def excerpt_source(self) -> str:
        return self.body[:EXCERPT_SOURCE_CHARS]


_EPOCH = date(1970, 1, 1).toordinal()


# A result's thumbnail: (modern-format file or None, its MIME type or None, fallback file, width, height),
# the files named relative to the article's folder (photos.search_thumbnails).
Thumb = tuple[str | None, str | None, str, int, int]


def fingerprint(article: Article, thumb: Thumb | None = None) -> str:
    """Changes whenever anything the search stage takes from the article changes."""
    parts = (article.content_hash, article.path, article.title, article.summary, article.author or "",
             tuple(t.name for t in article.tags), article.date.moment.isoformat() if article.date else "",
             _filter_keys(article), thumb)
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=12).hexdigest()


def search_key(taxonomy: str, term: str) -> str:
    """A term's key in the index's filter field: a tag as it is ('covid-19'), any other taxonomy's
    term with the taxonomy before it ('categories:thong-bao'; term keys never hold ':' or ',')."""
    return term if taxonomy == "tags" else f"{taxonomy}:{term}"


def _filter_keys(article: Article) -> tuple[str, ...]:
    return tuple(search_key(taxonomy, t.key) for taxonomy, links in article.terms for t in links)


def plain_text(body_html: str) -> str:
    """The visible text of rendered HTML, paragraphs kept apart by a space."""
    text = _TAG.sub("", _BLOCK_END.sub(" ", body_html))
    return " ".join(html.unescape(text).split())


def local_day(article: Article, tz: tzinfo) -> int | None:
    """Days since 1970-01-01 of the local publication date; None when unknown. Needs no body."""
    return None if article.date is None else article.date.moment.astimezone(tz).date().toordinal() - _EPOCH


OrderKey = tuple[bool, int, str]


def order_key(day: int | None, url: str) -> OrderKey:
    """The ranking's tie-break after the score: newest day first, undated last, then the URL in code-point
    order (searcher.py sorts by it). A fresh index numbers its documents in this order (stage._fresh), so
    that the browser breaks ties by id instead of fetching every document's day and URL rank."""
    return (day is None, -(day or 0), url)


def search_doc(article: Article, tz: tzinfo) -> SearchDoc:
    """`article` must carry its body (hydrated from the cache)."""
    day = local_day(article, tz)
    label = ""
    if article.date is not None:
        label = format_short(article.date, tz)
    # The titles of its documents are searchable too (a decision is often looked for by its number).
    attachments = " ".join(title for _, title in article.attachments if title)
    body = plain_text(article.body_html) + (" " + attachments if attachments else "")
    return SearchDoc(article.path, article.title, body,
                     _filter_keys(article), tuple(t.name for t in article.tags),
                     article.author or "", day, label, article.summary)
