"""The photos stage: every local photo an article shows, made fit for phones, and its <img> a <picture>.

Between the model and the output: the site's articles name their local images (`Article.images`); each
photo among them is processed by generator.media (sizes that fit the layout, never upscaled, AVIF or WebP
plus a JPEG/PNG fallback, EXIF orientation applied, every bit of metadata stripped), its files go beside
the article's page under names made from its own ('Ảnh hội nghị 01.JPG' -> anh-hoi-nghi-01-800.avif), and
the body's `<img>` becomes a `<picture>` with srcset, sizes, width and height, loaded lazily.

The original file is never published: its EXIF (a phone's GPS position included) would be. Under its old
name, which feeds and earlier links use, the site serves the largest fallback instead, metadata-free.

A photo is read again only when its size or modification time changed (`index.json` in the cache folder
remembers which processed files belong to which source); processed files are found by content hash, so
a rebuild encodes nothing it encoded before.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from .cachefiles import load_json, save_json
from .errors import Problem, Severity
from .markdown_render import copied_name
from .model import Article

if TYPE_CHECKING:  # Pillow is imported only by a build that has photos to process
    from .media.images import ImageError, Processed, Variant
    from .search.documents import Thumb

# Photos tintuc processes; anything else an article shows (SVG drawings) is copied as it is.
PHOTO_TYPES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif"})
# The width a photo takes in the default theme's article column: the full screen on a phone, then the
# column (max-width 70ch, about 44rem at 17 px). A browser picks from srcset with it.
SIZES = "(min-width: 48rem) 44rem, 100vw"
SRC_WIDTH = 800  # the <img src> for browsers without srcset: the fallback nearest this width
THUMB_SIZES = "(min-width: 48rem) 10rem, 30vw"  # a list entry's thumbnail (style.css: .entry-thumb)
_INDEX_FORMAT = 1


@dataclass(frozen=True, slots=True)
class PhotoLimits:
    """`photos:` in config.yaml: when tintuc warns about an original (build and check go on)."""

    min_width: int = 800  # narrower looks blurred on a wide screen, or a phone at twice its pixels
    max_megabytes: float = 20.0  # larger slows every fresh build and clone of the repository

    @classmethod
    def parse(cls, value: object) -> PhotoLimits:
        """ValueError names the expected form (as config.py's validators do)."""
        if not isinstance(value, dict) or not set(value) <= {"min_width", "max_megabytes"}:
            raise ValueError("a mapping with min_width (pixels) and/or max_megabytes")
        default = cls()
        width, size = value.get("min_width", default.min_width), value.get("max_megabytes", default.max_megabytes)
        if isinstance(width, bool) or not isinstance(width, int) or width < 1:
            raise ValueError("'min_width' as a whole number of pixels, such as 800")
        if isinstance(size, bool) or not isinstance(size, (int, float)) or size <= 0:
            raise ValueError("'max_megabytes' as a number, such as 20")
        return cls(width, float(size))


@dataclass(frozen=True, slots=True)
class Photo:
    src: str  # as the article links it ('anh/Ảnh 1.JPG')
    name: str  # the file name beside the page under which the body links it: copied_name(src)
    processed: Processed

    @property
    def original_name_file(self) -> Variant:
        """What the site serves under the original name: the largest fallback."""
        return self.processed.fallback[-1]


@dataclass(frozen=True, slots=True)
class Photos:
    by_article: Mapping[str, tuple[Photo, ...]] = field(default_factory=dict)  # article path -> its photos

    def of(self, path: str) -> tuple[Photo, ...]:
        return self.by_article.get(path, ())

    def lead(self, article: Article, base_path: str) -> Photo | None:
        """The article's lead photo (`image:` a local photo), if it was processed."""
        here = base_path + article.path
        return next((p for p in self.of(article.path) if article.image_href == here + quote(p.name)), None)

    def signature(self, path: str) -> str:
        """Changes when a photo of the article changes (its page's <picture> is made from it)."""
        return ",".join(f"{p.name}:{p.processed.source_hash}" for p in self.of(path))


NO_PHOTOS = Photos()


def search_thumbnails(articles: Iterable[Article], photos: Photos, base_path: str) -> dict[str, Thumb]:
    """The smallest copies of each article's lead photo, for its search result: (modern file, its type,
    fallback file, width, height), the files relative to the article's folder."""
    thumbs: dict[str, Thumb] = {}
    for article in articles:
        lead = photos.lead(article, base_path)
        if lead is None:
            continue
        p = lead.processed
        modern = min(p.variants, key=lambda v: v.width) if p.variants and not p.animated else None
        fallback = min(p.fallback, key=lambda v: v.width)
        thumbs[article.path] = (modern.file if modern else None, modern.mime if modern else None, fallback.file,
                                p.width, p.height)
    return thumbs


def is_photo(src: str) -> bool:
    return PurePosixPath(src.split("#", 1)[0]).suffix.lower() in PHOTO_TYPES


def make_photos(documents: Iterable[Article], cache: Path, jobs: int, progress: bool = False,
                limits: PhotoLimits = PhotoLimits()) -> tuple[Photos, list[Problem]]:
    """Process every photo the documents show; an unusable one is a problem at the line that shows it."""
    from .media.batch import process_all
    from .media.images import ImageError, Processed, renamed, safe_stem, unique_stem
    uses = [(doc, src, (doc.source.parent / src).resolve()) for doc in documents for src in doc.images
            if is_photo(src)]
    if not uses:
        return Photos(), []
    cache.mkdir(parents=True, exist_ok=True)
    index_file = cache / "index.json"
    warnings: list[Problem] = []
    index = _read_index(load_json(index_file, warnings))
    outcomes: dict[Path, Processed | ImageError] = {}  # noqa: F821 (imported above, in this function)
    stale = []
    for path in dict.fromkeys(path for _, _, path in uses):
        known = _known(index.get(str(path)), path, cache)
        if known is None:
            stale.append(path)
        else:
            outcomes[path] = known
    if stale:
        from .parallel import progress_bar

        bar = progress_bar(len(stale), "ảnh", progress)
        try:
            outcomes.update(process_all(stale, jobs, cache, bar.update))
        finally:
            bar.close()
    for path in stale:
        found = outcomes[path]
        if isinstance(found, Processed):
            stat = path.stat()
            index[str(path)] = [stat.st_size, stat.st_mtime_ns, found.source_hash, found.cache_dir.name]
    if stale:  # an unchanged site writes nothing
        save_json(index_file, {"format": _INDEX_FORMAT, "photos": index})

    problems: list[Problem] = []
    by_article: dict[str, list[Photo]] = {}
    stems: dict[str, dict[str, str]] = {}  # article path -> stem -> the photo (its hash) that has it
    for doc, src, path in uses:
        found = outcomes[path]
        if isinstance(found, ImageError):
            hint = found.hint or "replace the file with a JPEG or PNG photo"
            problems.append(Problem(doc.source, _line_of(doc.source, src), f"photo {src}: {found.message}", hint))
            continue
        line = None
        if found.width < limits.min_width and not found.animated:
            line = _line_of(doc.source, src)
            problems.append(Problem(doc.source, line, f"photo {src} is only {found.width} px wide: it will look "
                                    f"blurred on wide screens", f"use the original photo, at least "
                                    f"{limits.min_width} px wide (photos: min_width in config.yaml)",
                                    Severity.WARNING))
        megabytes = path.stat().st_size / 1_000_000
        if megabytes > limits.max_megabytes:
            problems.append(Problem(doc.source, line or _line_of(doc.source, src),
                                    f"photo {src} is {megabytes:.1f} MB: every build and clone of the archive "
                                    f"carries it", f"save it smaller (under {limits.max_megabytes:g} MB: 3000 px "
                                    f"wide at JPEG quality 85 is plenty; photos: max_megabytes in config.yaml)",
                                    Severity.WARNING))
        taken = stems.setdefault(doc.path, {})
        stem = safe_stem(copied_name(src))
        if taken.get(stem, found.source_hash) != found.source_hash:  # two photos of one page, one name
            stem = unique_stem(stem, found.source_hash)
        taken[stem] = found.source_hash
        by_article.setdefault(doc.path, []).append(Photo(src, copied_name(src), renamed(found, stem)))
    return Photos({path: tuple(items) for path, items in by_article.items()}), problems


def _read_index(data: object) -> dict[str, list[object]]:
    if not isinstance(data, dict) or data.get("format") != _INDEX_FORMAT or not isinstance(data.get("photos"), dict):
        return {}
    return data["photos"]


def _known(entry: object, path: Path, cache: Path) -> Processed | None:
    """The processed photo, if the source has the size and time it had then and its files are intact."""
    if not (isinstance(entry, list) and len(entry) == 4 and all(isinstance(v, int) for v in entry[:2])
            and all(isinstance(v, str) for v in entry[2:])):
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    if [stat.st_size, stat.st_mtime_ns] != entry[:2] or "/" in entry[3] or entry[3].startswith("."):
        return None
    from .media.images import from_cache

    return from_cache(cache / entry[3], entry[2], "p")


def _line_of(source: Path, needle: str) -> int | None:
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


# --- the HTML ----------------------------------------------------------------------------------------

_IMG = re.compile(r'<img((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*/?>')
_ATTRIBUTE = re.compile(r'([^\s=>/]+)(?:="([^"]*)")?')


def _srcset(variants: tuple[Variant, ...], prefix: str) -> str:
    return ", ".join(f"{prefix}{quote(v.file)} {v.width}w" for v in variants)


def picture(photo: Photo, attributes: Mapping[str, str], *, lead: bool = False, prefix: str = "",
            sizes: str = SIZES) -> str:
    """`<picture>` for a photo: the modern format's sources, then the fallback `<img>` with every size.

    `attributes` are the <img>'s own (alt, title, class), already escaped for HTML. The lead photo loads
    at once with high priority; the others lazily. `prefix`: the path of the article's folder, for a page
    elsewhere (the front page's featured story); the article's own page links the files by name.
    """
    p = photo.processed
    fallback = min(p.fallback, key=lambda v: (abs(v.width - SRC_WIDTH), v.width))
    loading = 'fetchpriority="high" decoding="async"' if lead else 'loading="lazy" decoding="async"'
    kept = "".join(f' {name}="{value}"' for name, value in attributes.items() if name not in ("src", "width",
                                                                                           "height", "loading"))
    if p.animated:
        return f'<img src="{prefix}{quote(fallback.file)}" width="{p.width}" height="{p.height}"{kept} {loading}>'
    source = (f'<source type="{p.variants[0].mime}" srcset="{_srcset(p.variants, prefix)}" sizes="{sizes}">'
              if p.variants else "")
    return (f'<picture>{source}<img src="{prefix}{quote(fallback.file)}" srcset="{_srcset(p.fallback, prefix)}" '
            f'sizes="{sizes}" '
            f'width="{p.width}" height="{p.height}"{kept} {loading}></picture>')


def pictures(body_html: str, photos: tuple[Photo, ...]) -> str:
    """The body with each `<img>` of a processed photo made a `<picture>` (the body is the sanitiser's
    output: attributes in double quotes, no `"` inside a value)."""
    if not photos:
        return body_html
    by_src = {quote(p.name): p for p in photos}

    def replace(match: re.Match[str]) -> str:
        attributes = {name: value or "" for name, value in _ATTRIBUTE.findall(match.group(1))}
        photo = by_src.get(html.unescape(attributes.get("src", "")))
        return match.group(0) if photo is None else picture(photo, attributes)

    return _IMG.sub(replace, body_html)


def digest(photo: Photo, variant: Variant) -> str:
    return hashlib.blake2b(f"{photo.processed.source_hash}:{variant.cached}:{variant.file}".encode(),
                           digest_size=16).hexdigest()
