"""Pixels in, published files out: decode at the scale needed, normalise colour, orient, resize, encode.

Memory stays bounded by the largest output, not by the camera: a JPEG is decoded by libjpeg at 1/2, 1/4
or 1/8 scale (`Image.draft`) when the widths wanted allow it, so a 60-megapixel photo never exists at
full size in memory; other formats are decoded whole once, then `reduce()`d by an integer factor before
any colour conversion, rotation or resampling touches them.

Nothing of the source's metadata is written: every output is saved from an image whose `info` is
emptied (Pillow would otherwise carry the JPEG comment and the ICC profile over by itself) and no
`exif`/`xmp`/`icc_profile` is passed; colours are converted to sRGB first, so the profile is not needed.
"""

from __future__ import annotations

import io
import math
import struct
from pathlib import Path

from PIL import Image, ImageCms, features

from ..media.probe import ImageInfo

# Encoder settings; changing any of them changes what is published, so they are part of the cache key
# (images.SETTINGS_VERSION names them).
JPEG_QUALITY = 80
WEBP_QUALITY = 80
AVIF_QUALITY = 60   # AVIF reaches JPEG-80 looks at a lower number
# libavif effort, 0-10. On camera photos at 1600 px: 6 (Pillow's default) 0.26 s, 16 KB; 7 0.23 s, 18 KB;
# 8 0.10 s but 23 KB, larger than WebP at 0.11 s, which would defeat the point of AVIF.
AVIF_SPEED = 7
OG_SIZE = (1200, 630)
OG_MIN_WIDTH = 600  # below this, sharing sites show no large card anyway

MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "AVIF": "image/avif", "GIF": "image/gif"}
EXTENSION = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif", "GIF": "gif"}

_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SRGB = ImageCms.createProfile("sRGB")


def modern_format() -> str:
    """AVIF when this Pillow can write it (checked now, not when the code was written), else WebP."""
    return "AVIF" if features.check("avif") else "WEBP"


def decode(im: Image.Image, info: ImageInfo, need_width: int) -> Image.Image:
    """The picture as displayed (oriented, sRGB, mode RGB, RGBA or L), at least `need_width` wide
    (or whole when smaller), with no metadata left in `info`."""
    stored_w, stored_h = im.size
    need_w = need_width if need_width < info.width else info.width
    # The same need, in the stored (unrotated) frame.
    need_stored = (math.ceil(stored_w * need_w / info.width), math.ceil(stored_h * need_w / info.width))
    if im.format in ("JPEG", "MPO") and need_w < info.width:
        im.draft(None, need_stored)
    im.load()
    icc = im.info.get("icc_profile")
    im = _normalise_mode(im)
    factor = min(im.size[0] // need_stored[0], im.size[1] // need_stored[1])
    if factor >= 2:
        im = im.reduce(factor)
    im = _to_srgb(im, icc)
    if info.orientation in _TRANSPOSE:
        im = im.transpose(_TRANSPOSE[info.orientation])
    if im.mode == "RGBA" and im.getchannel("A").getextrema() == (255, 255):
        im = im.convert("RGB")  # an alpha channel nothing uses: publish a JPEG, not a PNG
    im.info.clear()
    return im


def _normalise_mode(im: Image.Image) -> Image.Image:
    """Modes the encoders accept, without losing what the source means.

    16-bit grey ('I;16', PNG scans and medical-style exports) is scaled to 8 bits; a plain convert('L')
    would clip every value above 255 to white. Palettes keep their transparency as alpha.
    """
    mode = im.mode
    if mode.startswith("I;16") or mode == "I":
        wide = im.convert("I") if mode != "I" else im
        top = wide.getextrema()[1]
        if isinstance(top, int) and top > 255:
            scale = 255 / 65535 if top <= 65535 else 255 / top
            wide = wide.point(lambda v: v * scale)  # a linear map: Pillow runs it natively on 'I'
        return wide.convert("L")
    if mode == "F":
        return im.convert("L")
    if mode == "1":
        return im.convert("L")
    if mode in ("P", "PA"):
        return im.convert("RGBA" if mode == "PA" or "transparency" in im.info else "RGB")
    if mode in ("LA", "La", "RGBa"):
        return im.convert("RGBA")
    if mode in ("RGB", "RGBA", "L", "CMYK"):
        return im
    return im.convert("RGB")  # YCbCr, LAB, HSV, RGBX


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Colours as a browser shows an untagged image: sRGB. CMYK goes through its profile when it has
    one (print photos), through Pillow's plain formula otherwise."""
    if icc and im.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if im.mode == "CMYK" or "srgb" not in ImageCms.getProfileDescription(source).lower():
                out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
                converted = ImageCms.profileToProfile(im, source, _SRGB, outputMode=out_mode)
                if converted is not None:
                    return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a damaged profile: the plain conversion below is still a correct-looking picture
    return im.convert("RGB") if im.mode == "CMYK" else im


def resized(base: Image.Image, width: int, height: int) -> Image.Image:
    if base.size == (width, height):
        return base
    # reducing_gap: shrink by whole factors first (cheap box filter), then Lanczos for the rest.
    out = base.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    out.info.clear()
    return out


def og_crop(base: Image.Image, width: int, height: int) -> Image.Image | None:
    """The sharing image: the centre of the photo at 1200×630 (1.91:1), never enlarged (a photo 600 to
    1200 px wide gives a smaller card of the same shape); None under 600 px wide."""
    ratio = OG_SIZE[0] / OG_SIZE[1]
    crop_w = min(width, round(height * ratio))  # in the original's pixels
    if crop_w < OG_MIN_WIDTH:
        return None
    out_w = min(OG_SIZE[0], crop_w)
    out_h = round(out_w / ratio)
    scale = base.width / width
    box_w, box_h = min(base.width, crop_w * scale), min(base.height, crop_w / ratio * scale)  # rounding
    left, top = (base.width - box_w) / 2, (base.height - box_h) / 2
    im = base
    if im.mode == "RGBA":
        im = Image.new("RGB", base.size, "white")
        im.paste(base, mask=base.getchannel("A"))
    out = im.resize((out_w, out_h), Image.Resampling.LANCZOS, box=(left, top, left + box_w, top + box_h),
                    reducing_gap=3.0)
    out.info.clear()
    return out


def save(im: Image.Image, path: Path, fmt: str) -> None:
    """Write `im` as `fmt` with the site's settings and no metadata at all."""
    im.info.clear()
    if fmt == "JPEG":
        im.save(path, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
    elif fmt == "PNG":
        im.save(path, "PNG", optimize=True)
    elif fmt == "WEBP":
        im.save(path, "WEBP", quality=WEBP_QUALITY, method=4)
    elif fmt == "AVIF":
        # One thread per encode: the build already runs one photo per core.
        im.save(path, "AVIF", quality=AVIF_QUALITY, speed=AVIF_SPEED, max_threads=1)
    else:
        raise ValueError(f"no encoder settings for {fmt}")


def strip_webp_metadata(data: bytes) -> bytes:
    """An animated WebP without its EXIF and XMP chunks, frames untouched (no re-encoding).

    A WebP is a RIFF list of chunks; metadata sits in 'EXIF' and 'XMP ' chunks announced by two flag
    bits of the 'VP8X' header. Both are removed and the RIFF length rewritten. The colour profile
    ('ICCP') describes pixels, not the photographer, and stays.
    """
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return data
    out = bytearray()
    pos = 12
    while pos + 8 <= len(data):
        tag = data[pos:pos + 4]
        size = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        end = pos + 8 + size + (size & 1)  # chunks are padded to an even length
        if tag not in (b"EXIF", b"XMP "):
            chunk = bytearray(data[pos:end])
            if tag == b"VP8X" and len(chunk) > 8:
                chunk[8] &= ~0x0C & 0xFF  # clear the EXIF (0x08) and XMP (0x04) flags
            out += chunk
        pos = end
    return b"RIFF" + struct.pack("<I", len(out) + 4) + b"WEBP" + bytes(out)


# PNG chunks that describe the author, the camera or the editing history rather than the pixels.
_PNG_METADATA = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"})


def strip_png_metadata(data: bytes) -> bytes:
    """An animated PNG (APNG) without its EXIF and text chunks (XMP travels in iTXt), frames untouched.

    A PNG is a signature and a list of length-tagged chunks, each with its own CRC: dropping whole
    chunks leaves every other one valid. Anything after IEND is dropped too.
    """
    signature = b"\x89PNG\r\n\x1a\n"
    if not data.startswith(signature):
        return data
    out = bytearray(signature)
    pos = len(signature)
    while pos + 12 <= len(data):
        size = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + size
        if kind not in _PNG_METADATA:
            out += data[pos:end]
        pos = end
        if kind == b"IEND":
            break
    return bytes(out)
