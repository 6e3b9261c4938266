"""Public file names for processed photos: ASCII, no spaces, nothing a URL has to percent-encode.

An editor names a photo 'Ảnh hội nghị 01.JPG'; the site publishes 'anh-hoi-nghi-01-800.webp'. The name
keeps the words (readers and search engines see them) and drops everything an address would have to
escape. Two different photos can fold to the same stem ('Ảnh 1.jpg' and 'anh-1.png'); deciding what
collides is the caller's business (it sees every name of a build), `unique_stem` gives the fix.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from ..text import slugify

# Long camera or export names ('DSC_0001 ảnh chụp hội nghị tổng kết ... .jpg') make unreadable URLs;
# the stem is cut at a word boundary, the width and extension are added after it.
MAX_STEM = 60
FALLBACK_STEM = "anh"  # 'ảnh' (photo): for a name with no letters or digits at all, e.g. '📷.jpg'


def safe_stem(filename: str | PurePath) -> str:
    """'Ảnh hội nghị 01.JPG' -> 'anh-hoi-nghi-01': the slug of the name without its extension."""
    stem = PurePath(filename).stem if not isinstance(filename, PurePath) else filename.stem
    return slugify(stem, max_length=MAX_STEM) or FALLBACK_STEM


def unique_stem(stem: str, source_hash: str, length: int = 8) -> str:
    """The stem with a short suffix of the photo's content hash: 'anh-1' -> 'anh-1-3fa9c2d1'.

    For the caller that found two different photos folding to one stem. The suffix comes from the
    content, not from the order names were met, so a photo keeps its address from build to build
    whatever else is added to the site.
    """
    suffix = (source_hash or hashlib.sha256(stem.encode()).hexdigest())[:length]
    return f"{stem}-{suffix}"
