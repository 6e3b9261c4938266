"""Photos of articles made fit for phones: resized, modern format plus fallback, oriented, metadata gone.

How the build uses it (issue 15):

    from ..media.images import process, publish, ImageError
    done = process(src_path, cache=site_cache / "images")
    # many photos over the cores: generator.media.batch.process_all(paths, jobs, cache, progress=bar.update)
    # -> {path: Processed | ImageError}; sum(p.encoded) is the count of files made by this build
    publish(done, out_dir / "media")                                # copies the files (skips unchanged)
    # <picture>: one <source type=done.variants[0].mime srcset="a-400.avif 400w, ...">, then
    # <img src=done.fallback[-1].file srcset="...jpg 400w, ..." width=done.width height=done.height>
    # og:image = done.og.file (with done.og.width/height), when not None

* `Processed.width/height` are the picture as displayed (EXIF orientation applied): what `<img width
  height>` needs to reserve the space before the file arrives.
* `variants` (AVIF when this Pillow can write it, else WebP) and `fallback` (JPEG, or PNG when the
  picture uses transparency) have the same widths, ascending: the planned widths that are not larger
  than the original, plus the original's own width when it is under the largest planned one (a 1000 px
  photo gives 400, 800 and 1000). Never enlarged.
* `og`: 1200×630 centre crop (JPEG) for sharing; smaller with the same shape for a 600-1200 px photo;
  None under 600 px.
* Animated GIF/WebP/PNG: `animated=True`, `variants` empty, `fallback` the animation itself, frames
  untouched (re-encoding an animation costs quality and time for nothing). A GIF is copied byte for
  byte: GIF has no EXIF or GPS, only comment and application blocks a tool may have written (those stay,
  knowingly). An animated WebP loses its EXIF and XMP chunks, an APNG its eXIf and text chunks (XMP
  is one). `og` is made from the first frame.
* File names: `<stem>-<width>.<ext>`, `<stem>-og.jpg`, `<stem>.<ext>` (animated), the stem being
  `safe_stem(path)` unless the caller passes one (after resolving collisions with `unique_stem`).
* The cache: `cache/<key>/` holds one photo's outputs under neutral names (`800.avif`) plus
  `manifest.json`; the key is the SHA-256 of the source bytes with SETTINGS_VERSION, the modern format
  in use, the widths and `og`.
  The same bytes processed again re-encode nothing (`Processed.encoded == 0`), under any name or path.
  A damaged cache folder is made again, never trusted.
* Errors: every unusable file raises ImageError(message, hint) with `.path` (the image; the caller
  adds the article's path:line that uses it). A cache that cannot be written is an ImageError too,
  with `.path` the cache folder and a disk hint. Nothing is cached for a file that fails.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import os
import shutil
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from ..media import encode
from ..media.names import safe_stem, unique_stem
from ..media.probe import ImageError, ImageInfo, info_of, open_image, probe

__all__ = ["DEFAULT_WIDTHS", "ImageError", "ImageInfo", "Processed", "Variant", "from_cache", "plan_widths", "probe",
           "process", "publish", "renamed", "safe_stem", "unique_stem"]

DEFAULT_WIDTHS = (400, 800, 1200, 1600)
# A photo's own width is published next to the planned ones unless one of them is already this close.
CLOSE = 0.9
_MANIFEST = "manifest.json"
_MANIFEST_FORMAT = 1
SETTINGS_VERSION = (f"images-1;jpeg{encode.JPEG_QUALITY};webp{encode.WEBP_QUALITY};"
                    f"avif{encode.AVIF_QUALITY}s{encode.AVIF_SPEED};og{encode.OG_SIZE}")


@dataclass(frozen=True, slots=True)
class Variant:
    """One published file. `file` is relative to the media output folder; `cached` its name in the
    photo's cache folder (what `publish` copies)."""

    file: str
    width: int
    height: int
    format: str
    mime: str
    cached: str = ""


@dataclass(frozen=True, slots=True)
class Processed:
    source_hash: str        # SHA-256 of the source bytes (for unique_stem)
    width: int              # as displayed, EXIF orientation applied
    height: int
    variants: tuple[Variant, ...]
    fallback: tuple[Variant, ...]
    og: Variant | None
    animated: bool
    cache_dir: Path         # where the files of `variants`, `fallback` and `og` are, under `cached`
    encoded: int = 0        # files made (encoded, or copied for animations) by this call: 0 on a cache hit

    def files(self) -> tuple[Variant, ...]:
        return self.variants + self.fallback + ((self.og,) if self.og else ())


def plan_widths(original: int, wanted: Sequence[int] = DEFAULT_WIDTHS) -> tuple[int, ...]:
    """The widths to publish for a photo `original` px wide: never larger than it, never none."""
    wanted = sorted({w for w in wanted if w > 0})
    kept = [w for w in wanted if w <= original]
    if not wanted or original < wanted[-1]:
        if not kept or kept[-1] < original * CLOSE:
            kept.append(original)
    return tuple(kept)


def process(path: Path, widths: Sequence[int] = DEFAULT_WIDTHS, *, cache: Path, og: bool = True,
            stem: str | None = None) -> Processed:
    """Make (or find in the cache) every published file of one photo. Raises ImageError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImageError(f"cannot read the file: {error.strerror or error}", "check that it exists and is "
                         "readable", path) from None
    source_hash = hashlib.sha256(data).hexdigest()
    # The modern format is asked each time: installing a Pillow with AVIF must not serve old WebP files.
    settings = (f"{SETTINGS_VERSION};{encode.modern_format()};widths={','.join(map(str, sorted(set(widths))))};"
                f"og={og}")
    key = hashlib.sha256(f"{source_hash}\n{settings}".encode()).hexdigest()
    folder = Path(cache) / key
    stem = stem or safe_stem(path.name)
    found = _load_manifest(folder)
    if found is not None:
        return _processed(found, source_hash, folder, stem, encoded=0)
    manifest = _make(path, data, widths, og, folder)
    return _processed(manifest, source_hash, folder, stem, encoded=len(manifest["files"]))


def renamed(processed: Processed, stem: str) -> Processed:
    """The same files under other public names (`stem`, e.g. after `unique_stem`)."""
    manifest = _load_manifest(processed.cache_dir)
    if manifest is None:
        raise ImageError("the processed photo's cache folder is gone", "build again", processed.cache_dir)
    return _processed(manifest, processed.source_hash, processed.cache_dir, stem, processed.encoded)


def from_cache(folder: Path, source_hash: str, stem: str) -> Processed | None:
    """A photo processed earlier, from its cache folder (a caller that knows the source is unchanged,
    by its size and time, need not read it again); None when the folder is not intact."""
    manifest = _load_manifest(folder)
    return None if manifest is None else _processed(manifest, source_hash, folder, stem, encoded=0)


def publish(processed: Processed, out_dir: Path) -> list[Path]:
    """Copy the photo's files from the cache to `out_dir` under their public names, returning those
    written: a file already there with the same bytes is left alone (its date too, for rsync and
    deploys that compare dates)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for variant in processed.files():
        source, target = processed.cache_dir / variant.cached, out_dir / variant.file
        try:
            if target.is_file() and filecmp.cmp(source, target, shallow=False):
                continue
            shutil.copyfile(source, target)
        except OSError as error:
            raise ImageError(f"cannot publish {variant.file}: {error.strerror or error}",
                             "check free disk space and permissions of the output folder", target) from None
        written.append(target)
    return written


def _make(path: Path, data: bytes, widths: Sequence[int], og: bool, folder: Path) -> dict[str, Any]:
    """Encode into a private folder, then move it into place whole: a crash or a parallel build leaves
    either no folder or a complete one."""
    staging = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
    except OSError as error:
        raise _cache_error(folder, error) from None
    try:
        with open_image(path, data) as im:
            info = info_of(im, path)
            if info.animated:
                files = _animated(im, info, data, og, staging, path)
            else:
                files = _still(im, info, widths, og, staging, path)
        manifest = {"format": _MANIFEST_FORMAT, "width": info.width, "height": info.height,
                    "animated": info.animated, "files": files}
        (staging / _MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        if _load_manifest(folder) is not None:
            return manifest  # another process finished the same photo meanwhile: its files are ours
        shutil.rmtree(folder, ignore_errors=True)  # absent, or damaged: replaced whole
        try:
            staging.rename(folder)
        except OSError:
            if _load_manifest(folder) is None:  # not another process finishing the same photo first
                raise
        return manifest
    except OSError as error:
        raise _cache_error(folder, error) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _still(im: Image.Image, info: ImageInfo, widths: Sequence[int], og: bool, staging: Path,
           path: Path) -> list[dict[str, Any]]:
    targets = plan_widths(info.width, widths)
    og_width = _og_source_width(info) if og else 0
    base = _decoded(im, info, max(targets[-1], og_width), path)
    modern = encode.modern_format()
    fallback = "PNG" if base.mode == "RGBA" else "JPEG"
    files: list[dict[str, Any]] = []
    for width in targets:
        height = max(1, round(info.height * width / info.width))
        sized = encode.resized(base, width, height)  # once for both formats
        files.append(_save(sized, modern, "variant", f"{width}", staging))
        files.append(_save(sized, fallback, "fallback", f"{width}", staging))
    if og_width:
        crop = encode.og_crop(base, info.width, info.height)
        if crop is not None:
            files.append(_save(crop, "JPEG", "og", "og", staging))
    return files


def _animated(im: Image.Image, info: ImageInfo, data: bytes, og: bool, staging: Path,
              path: Path) -> list[dict[str, Any]]:
    fmt = im.format or "GIF"
    kept = {"WEBP": encode.strip_webp_metadata, "PNG": encode.strip_png_metadata}.get(fmt, bytes)(data)
    name = f"original.{encode.EXTENSION[fmt]}"
    (staging / name).write_bytes(kept)
    files = [{"role": "fallback", "cached": name, "width": info.width, "height": info.height, "format": fmt}]
    og_width = _og_source_width(info) if og else 0
    if og_width:
        im.seek(0)
        crop = encode.og_crop(_decoded(im, info, og_width, path), info.width, info.height)
        if crop is not None:
            files.append(_save(crop, "JPEG", "og", "og", staging))
    return files


def _og_source_width(info: ImageInfo) -> int:
    """How wide the decoded picture must be for the sharing crop to come out at full size; 0: no crop."""
    ratio = encode.OG_SIZE[0] / encode.OG_SIZE[1]
    crop_w = min(info.width, round(info.height * ratio))
    if crop_w < encode.OG_MIN_WIDTH:
        return 0
    out_w = min(encode.OG_SIZE[0], crop_w)
    return min(info.width, -(-info.width * out_w // crop_w))


def _decoded(im: Image.Image, info: ImageInfo, need_width: int, path: Path) -> Image.Image:
    try:
        return encode.decode(im, info, need_width)
    except (OSError, SyntaxError, ValueError, struct.error, EOFError, Image.DecompressionBombError) as error:
        # Pillow says 'image file is truncated (12 bytes not processed)' or 'broken data stream'.
        raise ImageError(f"the image data is damaged or cut short ({error})",
                         "copy the photo again from the camera or the original", path) from None


def _save(im: Image.Image, fmt: str, role: str, name: str, staging: Path) -> dict[str, Any]:
    cached = f"{name}.{encode.EXTENSION[fmt]}"
    encode.save(im, staging / cached, fmt)
    return {"role": role, "cached": cached, "width": im.width, "height": im.height, "format": fmt}


def _cache_error(folder: Path, error: OSError) -> ImageError:
    return ImageError(f"cannot write processed photos to the cache: {error.strerror or error}",
                      "check free disk space and permissions; deleting the cache folder is always safe", folder)


def _load_manifest(folder: Path) -> dict[str, Any] | None:
    """The cached outputs of one photo, or None when absent or not exactly what `_make` writes."""
    try:
        manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        if manifest["format"] != _MANIFEST_FORMAT or not isinstance(manifest["animated"], bool):
            return None
        if not all(isinstance(manifest[k], int) and manifest[k] > 0 for k in ("width", "height")):
            return None
        for entry in manifest["files"]:
            if entry["role"] not in ("variant", "fallback", "og") or entry["format"] not in encode.MIME:
                return None
            if not all(isinstance(entry[k], int) and entry[k] > 0 for k in ("width", "height")):
                return None
            cached = entry["cached"]
            if not isinstance(cached, str) or "/" in cached or cached.startswith(".") \
                    or not (folder / cached).is_file():
                return None
    except (KeyError, TypeError):
        return None
    return manifest


def _processed(manifest: dict[str, Any], source_hash: str, folder: Path, stem: str, encoded: int) -> Processed:
    by_role: dict[str, list[Variant]] = {"variant": [], "fallback": [], "og": []}
    for entry in manifest["files"]:
        fmt, role = entry["format"], entry["role"]
        ext = encode.EXTENSION[fmt]
        if role == "og":
            public = f"{stem}-og.{ext}"
        elif manifest["animated"]:
            public = f"{stem}.{ext}"
        else:
            public = f"{stem}-{entry['width']}.{ext}"
        by_role[role].append(Variant(public, entry["width"], entry["height"], fmt, encode.MIME[fmt], entry["cached"]))
    return Processed(source_hash=source_hash, width=manifest["width"], height=manifest["height"],
                     variants=tuple(by_role["variant"]), fallback=tuple(by_role["fallback"]),
                     og=by_role["og"][0] if by_role["og"] else None, animated=manifest["animated"],
                     cache_dir=folder, encoded=encoded)
