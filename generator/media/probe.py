"""Open a photo safely and learn what it is from its header: format, displayed size, animated or not.

Every way a file can fail to be a usable photo ends here as one `ImageError(message, hint)` naming the
file: not an image at all (a text file saved as .jpg), a file cut short by an interrupted copy, a format
the site does not publish, a phone's HEIC photo without pillow-heif, an absurdly large image. Pillow's own
exceptions and warnings (UnidentifiedImageError, DecompressionBombWarning, 'image file is truncated')
never reach the editor.
"""

from __future__ import annotations

import io
import mmap
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

# Refuse images above this many pixels with a clear message. 200 MP is past any camera an agency owns
# (a 60 MP photo is 60 MP); above it is a scan of a poster or a decompression bomb, and decoding it would
# take gigabytes. Pillow warns above MAX_IMAGE_PIXELS (silenced here) and refuses above twice that;
# raised to our limit so that our check, with the image's size in the message, comes first.
MAX_PIXELS = 200_000_000
if Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS < MAX_PIXELS:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# What the site publishes, by Pillow's format name. TIFF/BMP are accepted as sources (scanners and
# old office software export them) and published as JPEG/PNG like the rest.
SUPPORTED = frozenset({"JPEG", "PNG", "GIF", "WEBP", "AVIF", "HEIF", "TIFF", "BMP", "MPO"})
ANIMATED_FORMATS = frozenset({"GIF", "WEBP", "PNG"})  # PNG: APNG
HEIC_HINT = "install pillow-heif: pip install 'tintuc[heic]' (or convert the photo to JPEG)"
# ISO-BMFF brands of HEIF/HEIC files (phones); AVIF ('avif', 'avis') is read by Pillow itself.
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
# EXIF orientations 5-8 turn the picture a quarter: the displayed width is the stored height.
_QUARTER_TURNS = frozenset({5, 6, 7, 8})
ORIENTATION_TAG = 0x0112


class ImageError(Exception):
    """A photo that cannot be published, with what is wrong and how to fix it."""

    def __init__(self, message: str, hint: str = "", path: Path | str | None = None) -> None:
        self.message = message
        self.hint = hint
        self.path = Path(path) if path is not None else None
        super().__init__(f"{self.path}: {message}" if self.path else message)

    def __reduce__(self) -> tuple[type, tuple[str, str, Path | None]]:
        # Raised in worker processes: rebuilt from its parts, not from the formatted text.
        return (ImageError, (self.message, self.hint, self.path))


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """What the header says: Pillow's format name, the size as displayed (EXIF orientation applied)."""

    format: str
    width: int
    height: int
    animated: bool
    orientation: int = 1  # the EXIF orientation tag, 1 when absent or meaningless


def probe(path: Path) -> ImageInfo:
    """The format, displayed size and animation of a photo, reading its header (and, for a JPEG, PNG or
    WebP, checking its end is there): no pixels are decoded. Raises ImageError."""
    with open_image(path) as im:
        return info_of(im, path)


def info_of(im: Image.Image, path: Path) -> ImageInfo:
    orientation = _orientation(im)
    width, height = im.size
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    # A camera's MPO (JPEG plus a preview) has several frames too, but is a photo, not an animation.
    animated = im.format in ANIMATED_FORMATS and bool(getattr(im, "is_animated", False))
    return ImageInfo(format=im.format or "", width=width, height=height, animated=animated, orientation=orientation)


class open_image:  # noqa: N801 - used as a function: `with open_image(path) as im`
    """`Image.open` with every failure turned into an ImageError; a context manager closing the file.

    With `data` (the file's bytes, already read to hash them) the image is decoded from exactly those
    bytes, so what is cached under their hash is what they contain even if the file changes meanwhile.
    """

    def __init__(self, path: Path, data: bytes | None = None) -> None:
        self.path = Path(path)
        self.data = data
        self.image: Any = None

    def __enter__(self) -> Image.Image:
        path, data = self.path, self.data
        if data is None:
            try:
                with path.open("rb") as f:
                    head = f.read(32)
            except OSError as error:
                raise ImageError(f"cannot read the file: {error.strerror or error}", "check that it exists and "
                                 "is readable", path) from None
        else:
            head = data[:32]
        if _is_heif(head):
            _require_heif(path)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                im = Image.open(path if data is None else io.BytesIO(data))
        except Image.DecompressionBombError:
            raise _too_large(path) from None
        except UnidentifiedImageError:
            raise _not_an_image(path, head) from None
        except (OSError, SyntaxError, ValueError, struct.error, EOFError) as error:
            # A header cut short or inconsistent: Pillow's plugins raise any of these.
            raise ImageError(f"the image header is damaged ({error})", "export or copy the photo again",
                             path) from None
        self.image = im
        try:
            _check(im, path, data)
        except BaseException:
            im.close()
            raise
        return im

    def __exit__(self, *exc: object) -> None:
        if self.image is not None:
            self.image.close()


def _check(im: Image.Image, path: Path, data: bytes | None) -> None:
    if im.format not in SUPPORTED:
        raise ImageError(f"{im.format} images are not published", "convert it to JPEG or PNG", path)
    width, height = im.size
    if width <= 0 or height <= 0:
        raise ImageError("the image has no pixels", "export or copy the photo again", path)
    if width * height > MAX_PIXELS:
        raise _too_large(path, width, height)
    if _truncated(im, path, data):
        raise ImageError("the file is truncated (its end is missing; an interrupted copy or upload?)",
                         "copy the photo again from the camera or the original", path)


def _too_large(path: Path, width: int = 0, height: int = 0) -> ImageError:
    size = f" ({width}×{height}, {width * height / 1e6:.0f} megapixels)" if width else ""
    return ImageError(f"the image is too large{size}; the limit is {MAX_PIXELS // 1_000_000} megapixels",
                      "resize it to at most 8000 pixels wide before adding it", path)


def _not_an_image(path: Path, head: bytes) -> ImageError:
    if not head:
        return ImageError("the file is empty", "copy the photo again", path)
    if head.lstrip()[:1] in (b"<", b"{") or _looks_like_text(head):
        what = "a text or web page file"
    else:
        what = "not an image Pillow recognises"
    return ImageError(f"the file is {what}, though it is named {path.suffix or 'without an extension'}",
                      "replace it with the real photo (JPEG, PNG, WebP, AVIF, GIF or HEIC)", path)


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_heif(head: bytes) -> bool:
    return len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS


def _require_heif(path: Path) -> None:
    """Let Pillow open HEIC through pillow-heif, or say what to install.

    Asked on every HEIC file (registering twice is harmless) rather than once at import: whether the
    plugin is there is a property of the installation, which the message must describe as it is now.
    """
    try:
        import pillow_heif  # type: ignore[import-untyped]
    except ImportError:
        raise ImageError("this is a HEIC photo (iPhone and many Android phones), which needs pillow-heif",
                         HEIC_HINT, path) from None
    pillow_heif.register_heif_opener()


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(ORIENTATION_TAG, 1)
    except Exception:  # a damaged EXIF block: show the picture as stored rather than refuse it
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _truncated(im: Image.Image, path: Path, data: bytes | None) -> bool:
    """Whether the end of a JPEG, PNG or WebP file is missing, without decoding it.

    JPEG: the end-of-image marker FF D9 cannot occur inside compressed data (a data byte FF is always
    followed by 00), so its absence after the start of the scan data means the file was cut. Searching
    from the end finds it at once in a whole file; camera thumbnails end in FF D9 too but sit before the
    scan data, and data appended after the image (phones' motion photos) comes after a real marker.
    PNG: the IEND chunk. WebP: the RIFF header states the file's length. Other formats are caught
    when decoded (`process`).
    """
    if im.format not in ("JPEG", "MPO", "PNG", "WEBP"):
        return False
    if data is not None:
        return _cut_short(im, data)
    try:
        with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            return _cut_short(im, mapped)
    except (OSError, ValueError):
        return False  # unmappable (a special file): decoding will tell


def _cut_short(im: Image.Image, data: bytes | mmap.mmap) -> bool:
    tile = getattr(im, "tile", None) or []
    if im.format in ("JPEG", "MPO"):
        return bool(tile) and data.rfind(b"\xff\xd9", tile[0][2]) == -1
    if im.format == "PNG":
        return data.rfind(b"IEND", 8) == -1
    if data[:4] == b"RIFF":  # WebP
        return 8 + struct.unpack("<I", data[4:8])[0] > len(data)
    return False
