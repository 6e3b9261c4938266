"""The related-articles index of the last build (site.RelatedIndex), kept in the cache as related.json.

JSON, not pickle (see cache.py): every value is checked on load, and anything unsound is set aside with a
warning, so the next build computes the index anew.
"""

from __future__ import annotations

from pathlib import Path

from .cachefiles import CACHE_ERRORS, CacheInvalid, cache_warning, check, load_json, save_json
from .errors import Problem
from .site import RelatedIndex


def load_related(cache: Path, warnings: list[Problem]) -> RelatedIndex | None:
    """The related-articles index of the last build, if the cache holds a sound one."""
    file = cache / "related.json"
    (cache / "related.pickle").unlink(missing_ok=True)  # an older tintuc's: never read
    data = load_json(file, warnings)
    if data is None:
        return None
    try:
        check(isinstance(data, dict) and isinstance(data["fingerprint"], str)
              and isinstance(data["paths"], dict), "the layout")
        paths = {path: tuple(items) for path, items in data["paths"].items()}
        check(all(isinstance(p, str) for items in paths.values() for p in items), "paths")
    except (*CACHE_ERRORS, CacheInvalid) as exc:
        warnings.append(cache_warning(file, f"{type(exc).__name__}: {exc}"[:120]))
        return None
    return RelatedIndex(data["fingerprint"], paths)


def save_related(cache: Path, index: RelatedIndex) -> None:
    save_json(cache / "related.json", {"fingerprint": index.fingerprint, "paths": index.paths})
