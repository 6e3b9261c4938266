"""Photo processing (generator.media): every input is made here with Pillow, no binary fixtures.

What an agency actually uploads: a camera JPEG turned on its side with GPS in its EXIF, a CMYK file from
the print office, a 16-bit scan, a logo with transparency, an animated GIF, a phone's HEIC, a copy cut
short, a text file named .jpg, 'Ảnh hội nghị 01.JPG', a tiny picture and a 60-megapixel one.
"""

from __future__ import annotations

import json
import pickle
import re
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw, ImageOps, features
from tintuc.media import encode
from tintuc.media.batch import process_all
from tintuc.media.images import Processed, plan_widths, probe, process, publish
from tintuc.media.names import safe_stem, unique_stem
from tintuc.media.probe import HEIC_HINT, ImageError

MODERN = "AVIF" if features.check("avif") else "WEBP"
XMP = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF>Tac gia: phong vien</rdf:RDF></x:xmpmeta>"
SAFE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.(avif|webp|jpg|png|gif)$")
RED, BLUE, GREEN = (220, 20, 20), (20, 20, 220), (20, 200, 20)


# --- inputs ---------------------------------------------------------------------------------------

def scene(width: int, height: int) -> Image.Image:
    """A picture whose orientation can be read back: green field, a blue block at the top-left
    corner and a red one at the top-right, stored as the camera saw them."""
    im = Image.new("RGB", (width, height), GREEN)
    draw = ImageDraw.Draw(im)
    bw, bh = width // 5, height // 5
    draw.rectangle([0, 0, bw, bh], fill=BLUE)
    draw.rectangle([width - bw, 0, width - 1, bh], fill=RED)
    for x in range(bw, width - bw, max(1, width // 40)):  # some detail for the encoders
        draw.line([x, height // 2, x + width // 80, height - 1], fill=(x % 256, 120, 60), width=3)
    return im


def camera_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Máy ảnh cơ quan"
    exif[ExifTags.Base.Artist] = "Phóng viên Nguyễn Văn Đức"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (21.0, 1.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 51.0, 12.0)
    return exif


def save_camera_jpeg(path: Path, size: tuple[int, int] = (4000, 3000), orientation: int = 6) -> Path:
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    scene(*size).save(path, "JPEG", quality=90, exif=camera_exif(orientation), xmp=XMP,
                      comment="Hội nghị tổng kết".encode(), icc_profile=icc)
    return path


@pytest.fixture(scope="module")
def camera(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_camera_jpeg(tmp_path_factory.mktemp("camera") / "Ảnh hội nghị 01.JPG")


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def opened(processed: Processed, variant) -> Image.Image:
    im = Image.open(processed.cache_dir / variant.cached)
    im.load()
    return im


def assert_no_metadata(path: Path) -> None:
    im = Image.open(path)
    im.load()
    assert not dict(im.getexif()), path
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "photoshop", "iptc"):
        assert key not in im.info, (path, key)
    data = path.read_bytes()
    for marker in (b"Exif\x00\x00", b"adobe:ns:meta", "Nguyễn".encode(), "Hội nghị".encode()):
        assert marker not in data, (path, marker)


# --- names ----------------------------------------------------------------------------------------

def test_safe_stem_folds_vietnamese_and_spaces() -> None:
    assert safe_stem("Ảnh hội nghị 01.JPG") == "anh-hoi-nghi-01"
    assert safe_stem(Path("Đường tỉnh 723 (ảnh 2).jpeg")) == "duong-tinh-723-anh-2"
    assert safe_stem("a%20b.png") == "a-20b"
    assert safe_stem("📷.jpg") == "anh"
    assert len(safe_stem("hội nghị " * 30 + ".jpg")) <= 60


def test_unique_stem_is_stable_by_content() -> None:
    assert unique_stem("anh-1", "3fa9c2d1e0" + "0" * 54) == "anh-1-3fa9c2d1"
    assert unique_stem("anh-1", "ab" * 32) != unique_stem("anh-1", "cd" * 32)


def test_plan_widths_never_upscales() -> None:
    assert plan_widths(4000) == (400, 800, 1200, 1600)
    assert plan_widths(1600) == (400, 800, 1200, 1600)
    assert plan_widths(1000) == (400, 800, 1000)
    assert plan_widths(850) == (400, 800)  # 800 is close enough to 850
    assert plan_widths(300) == (300,)
    assert plan_widths(300, (300, 200)) == (200, 300)


# --- the camera photo -----------------------------------------------------------------------------

def test_probe_reads_the_header(camera: Path) -> None:
    info = probe(camera)
    assert (info.format, info.width, info.height, info.animated, info.orientation) == ("JPEG", 3000, 4000, False, 6)


def test_camera_photo_is_resized_oriented_and_stripped(camera: Path, cache: Path) -> None:
    source = Image.open(camera)
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test input must carry GPS"
    done = process(camera, cache=cache)
    assert (done.width, done.height, done.animated) == (3000, 4000, False)
    assert [v.width for v in done.variants] == [400, 800, 1200, 1600]
    assert [v.width for v in done.fallback] == [400, 800, 1200, 1600]
    assert {v.format for v in done.variants} == {MODERN} and {v.format for v in done.fallback} == {"JPEG"}
    assert done.encoded == 9
    for variant in done.files():
        assert SAFE_NAME.match(variant.file), variant.file
        im = opened(done, variant)
        assert im.format == variant.format and im.size == (variant.width, variant.height)
        assert variant.mime == Image.MIME[im.format]
        assert_no_metadata(done.cache_dir / variant.cached)
    assert done.variants[1].file == "anh-hoi-nghi-01-800." + encode.EXTENSION[MODERN]
    assert done.fallback[1].file == "anh-hoi-nghi-01-800.jpg"
    assert (done.variants[-1].width, done.variants[-1].height) == (1600, 2133)  # portrait after rotation
    # Orientation 6: the camera was turned; the stored top-left (blue) is displayed at the top-right.
    for variant in (done.variants[0], done.fallback[-1]):
        im = opened(done, variant).convert("RGB")
        w, h = im.size
        assert_close(im.getpixel((w - 5, 5)), BLUE)
        assert_close(im.getpixel((w - 5, h - 5)), RED)
        assert_close(im.getpixel((5, 5)), GREEN)
    assert done.og is not None and (done.og.width, done.og.height, done.og.format) == (1200, 630, "JPEG")
    assert done.og.file == "anh-hoi-nghi-01-og.jpg"
    assert opened(done, done.og).info.get("progressive") == 1


def assert_close(pixel: tuple[int, ...], expected: tuple[int, int, int], tolerance: int = 40) -> None:
    assert all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], expected, strict=True)), (pixel, expected)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_matches_pillow(orientation: int, tmp_path: Path) -> None:
    """The rotation applied after decoding at a reduced scale is exactly ImageOps.exif_transpose."""
    path = save_camera_jpeg(tmp_path / "o.jpg", (200, 120), orientation)
    expected = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    done = process(path, (expected.width,), cache=tmp_path / "c", og=False)
    assert (done.width, done.height) == expected.size
    got = opened(done, done.fallback[0]).convert("RGB")
    assert got.size == expected.size
    for variant in done.files():  # at the original size, written from the decoded source itself
        assert_no_metadata(done.cache_dir / variant.cached)
    for x, y in [(5, 5), (expected.width - 5, 5), (5, expected.height - 5), (expected.width - 5, expected.height - 5)]:
        assert_close(got.getpixel((x, y)), expected.getpixel((x, y)))


def test_cache_hit_encodes_nothing(camera: Path, cache: Path, tmp_path: Path) -> None:
    first = process(camera, cache=cache)
    again = process(camera, cache=cache)
    assert first.encoded == 9 and again.encoded == 0
    assert again.files() == first.files() and again.cache_dir == first.cache_dir
    # The same bytes under another name: nothing encoded, the names follow the new file.
    copy = tmp_path / "ban sao.jpg"
    copy.write_bytes(camera.read_bytes())
    renamed = process(copy, cache=cache)
    assert renamed.encoded == 0 and renamed.variants[0].file.startswith("ban-sao-400.")
    # Other settings are other outputs.
    assert process(camera, (400,), cache=cache).encoded == 3
    # A damaged cache folder is made again, never trusted.
    (first.cache_dir / first.fallback[0].cached).unlink()
    assert process(camera, cache=cache).encoded == 9
    (first.cache_dir / "manifest.json").write_text(json.dumps({"format": 1, "files": "../../etc"}))
    assert process(camera, cache=cache).encoded == 9
    assert not [p for p in cache.iterdir() if p.name.startswith(".")], "no staging folder left behind"


def test_publish_copies_under_public_names(camera: Path, cache: Path, tmp_path: Path) -> None:
    done = process(camera, cache=cache)
    out = tmp_path / "out" / "media"
    written = publish(done, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(v.file for v in done.files())
    assert len(written) == 9 and publish(done, out) == []  # unchanged: nothing copied again
    stale = out / done.fallback[0].file
    stale.write_bytes(b"x" * stale.stat().st_size)  # same size, other bytes: replaced
    assert publish(done, out) == [stale]
    assert stale.read_bytes() == (done.cache_dir / done.fallback[0].cached).read_bytes()


# --- hard inputs ----------------------------------------------------------------------------------

def test_cmyk_jpeg_becomes_rgb(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "in-an.jpg"
    Image.new("CMYK", (900, 600), (0, 255, 255, 0)).save(path, "JPEG", quality=95)  # print red
    done = process(path, cache=cache)
    assert [v.width for v in done.variants] == [400, 800, 900]
    for variant in done.files():
        im = opened(done, variant)
        assert im.mode == "RGB"
        assert_close(im.getpixel((50, 50)), (255, 0, 0), 30)


def test_16_bit_png_is_scaled_not_clipped(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "quet-16bit.png"
    width, height = 500, 200
    row = [1000] * (width // 2) + [60000] * (width // 2)  # dark left, bright right, in 16 bits
    Image.frombytes("I;16", (width, height), struct.pack(f"<{width}H", *row) * height).save(path)
    assert Image.open(path).mode.startswith("I")
    done = process(path, cache=cache)
    assert [v.width for v in done.fallback] == [400, 500] and done.fallback[0].format == "JPEG"
    im = opened(done, done.fallback[-1]).convert("L")
    assert im.getpixel((10, 100)) < 20, "1000/65535 is near black (a plain convert would make it white)"
    assert im.getpixel((490, 100)) > 200


def test_png_with_transparency_keeps_alpha(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "logo.png"
    im = Image.new("RGBA", (820, 400), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse([300, 50, 700, 350], fill=(200, 30, 30, 255))
    im.save(path)
    done = process(path, cache=cache)
    assert {v.format for v in done.fallback} == {"PNG"} and {v.format for v in done.variants} == {MODERN}
    for variant in done.variants + done.fallback:
        out = opened(done, variant)
        assert out.mode == "RGBA", variant
        assert out.getpixel((2, 2))[3] == 0 and out.getpixel((out.width // 2 + 50, out.height // 2))[3] == 255
        assert_no_metadata(done.cache_dir / variant.cached)
    assert done.og is not None and opened(done, done.og).mode == "RGB"  # flattened on white
    assert opened(done, done.og).getpixel((2, 2)) == (255, 255, 255)


def test_opaque_png_alpha_gives_jpeg_fallback(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "chup-man-hinh.png"
    Image.new("RGBA", (640, 480), (10, 100, 200, 255)).save(path)
    assert {v.format for v in process(path, cache=cache).fallback} == {"JPEG"}


def test_animated_gif_is_kept_as_is(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "Hoạt hình.gif"
    frames = [Image.new("RGB", (640, 360), colour) for colour in (RED, GREEN, BLUE)]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=200, loop=0)
    info = probe(path)
    assert info.animated and (info.width, info.height) == (640, 360)
    done = process(path, cache=cache)
    assert done.animated and done.variants == ()
    (gif,) = done.fallback
    assert gif.file == "hoat-hinh.gif" and gif.mime == "image/gif"
    assert (done.cache_dir / gif.cached).read_bytes() == path.read_bytes()
    assert done.og is not None and (done.og.width, done.og.height) == (640, 336)  # first frame, not enlarged
    assert process(path, cache=cache).encoded == 0


def test_animated_webp_loses_exif_and_xmp_only(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "dong.webp"
    frames = [Image.new("RGB", (300, 200), (i * 60, 80, 120)) for i in range(3)]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, exif=camera_exif(1), xmp=XMP)
    assert b"EXIF" in path.read_bytes() and b"XMP " in path.read_bytes()
    done = process(path, cache=cache)
    assert done.animated and done.og is None  # 300 px: too small for a sharing card
    out = done.cache_dir / done.fallback[0].cached
    data = out.read_bytes()
    assert b"EXIF" not in data and b"XMP " not in data and b"adobe:ns:meta" not in data
    im = Image.open(out)
    assert im.n_frames == 3 and not dict(im.getexif())
    assert struct.unpack("<I", data[4:8])[0] == len(data) - 8


def test_small_image_is_not_upscaled(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "nho.jpg"
    scene(300, 200).save(path)
    done = process(path, cache=cache)
    assert [(v.width, v.height) for v in done.variants] == [(300, 200)]
    assert [(v.width, v.height) for v in done.fallback] == [(300, 200)]
    assert done.og is None


def test_grayscale_jpeg(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "den-trang.jpg"
    scene(700, 500).convert("L").save(path)
    done = process(path, cache=cache)
    assert [v.width for v in done.variants] == [400, 700]
    assert opened(done, done.variants[0]).size == (400, 286)


def test_heic_through_pillow_heif(tmp_path: Path, cache: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    path = tmp_path / "IMG_0001.HEIC"
    scene(1000, 750).save(path, "HEIF", quality=80)
    assert path.read_bytes()[4:12] == b"ftypheic"
    assert probe(path).format == "HEIF"
    done = process(path, cache=cache)
    assert [v.width for v in done.variants] == [400, 800, 1000]
    assert done.fallback[0].file == "img-0001-400.jpg"
    im = opened(done, done.fallback[-1]).convert("RGB")
    assert_close(im.getpixel((5, 5)), BLUE)


def test_heic_without_pillow_heif_says_what_to_install(tmp_path: Path, cache: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    path = tmp_path / "IMG_0002.heic"
    scene(200, 150).save(path, "HEIF")
    monkeypatch.setitem(sys.modules, "pillow_heif", None)  # `import pillow_heif` now fails
    for call in (lambda: probe(path), lambda: process(path, cache=cache)):
        with pytest.raises(ImageError) as caught:
            call()
        assert "HEIC" in caught.value.message and caught.value.path == path
        assert caught.value.hint == HEIC_HINT and "pip install 'tintuc[heic]'" in caught.value.hint


# --- refused inputs -------------------------------------------------------------------------------

def test_truncated_jpeg(camera: Path, tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "dang-do.jpg"
    path.write_bytes(camera.read_bytes()[: camera.stat().st_size * 2 // 3])
    for call in (lambda: probe(path), lambda: process(path, cache=cache)):
        with pytest.raises(ImageError) as caught:
            call()
        assert "truncated" in caught.value.message and caught.value.hint
        assert str(caught.value).startswith(f"{path}: ")
    assert not cache.exists() or not any(cache.iterdir()), "nothing cached for a broken photo"


def test_text_file_named_jpg(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "anh.jpg"
    path.write_text("<html>Trang không tồn tại</html>", encoding="utf-8")
    with pytest.raises(ImageError) as caught:
        process(path, cache=cache)
    assert "text" in caught.value.message and ".jpg" in caught.value.message and "JPEG" in caught.value.hint


def test_empty_missing_and_unsupported_files(tmp_path: Path, cache: Path) -> None:
    (tmp_path / "rong.jpg").write_bytes(b"")
    with pytest.raises(ImageError, match="empty"):
        probe(tmp_path / "rong.jpg")
    with pytest.raises(ImageError, match="cannot read"):
        process(tmp_path / "khong-co.jpg", cache=cache)
    Image.new("RGB", (32, 32)).save(tmp_path / "bieu-tuong.ico")
    with pytest.raises(ImageError, match="ICO images are not published"):
        probe(tmp_path / "bieu-tuong.ico")


def test_absurd_size_is_refused_before_decoding(tmp_path: Path, recwarn: pytest.WarningsRecorder) -> None:
    """A 20000×11000 PNG header (220 MP) over a few bytes: refused with our message, no Pillow warning."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    path = tmp_path / "bom.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 11000, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b""))
    with pytest.raises(ImageError) as caught:
        probe(path)
    assert "too large" in caught.value.message and "220 megapixels" in caught.value.message
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]


def test_image_error_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(ImageError("hỏng", "chụp lại", Path("a/b.jpg"))))
    assert (error.message, error.hint, error.path, str(error)) == ("hỏng", "chụp lại", Path("a/b.jpg"), "a/b.jpg: hỏng")


# --- many photos ----------------------------------------------------------------------------------

def test_process_all_over_two_processes(camera: Path, tmp_path: Path, cache: Path) -> None:
    paths = []
    for i in range(4):
        path = tmp_path / f"Ảnh {i}.jpg"
        scene(900 + i * 10, 600).save(path)
        paths.append(path)
    bad = tmp_path / "hong.jpg"
    bad.write_text("không phải ảnh")
    calls = []
    results = process_all(paths + [bad, paths[0]], 2, cache, progress=lambda: calls.append(1))
    assert list(results) == paths + [bad] and len(calls) == 5
    assert all(isinstance(results[p], Processed) and results[p].encoded == 7 for p in paths)
    assert isinstance(results[bad], ImageError) and results[bad].path == bad
    again = process_all(paths, 2, cache)
    assert sum(r.encoded for r in again.values()) == 0


# --- bounded memory -------------------------------------------------------------------------------

PEAK_LIMIT_MB = 200  # measured 89 MB; the pixels at full size alone are 240 MB


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from Linux's /proc")
def test_60_megapixel_jpeg_in_bounded_memory(tmp_path: Path) -> None:
    """Decoding at 1/4 scale (Image.draft): a 60 MP photo, 240 MB as pixels, stays far below that.

    The peak is read by the child that processes the photo, as VmHWM in /proc/self/status: getrusage's
    ru_maxrss (RUSAGE_SELF in the child or RUSAGE_CHILDREN in the parent) survives exec, so it reports
    the pytest process's own size, copied at fork, whenever that is larger than the child's real peak.
    Measured: 89 MB on CPython 3.11 / Pillow 13 (Python with Pillow imported: 23 MB); decoding at full
    size would need 240 MB for the pixels alone.
    """
    path = tmp_path / "60mp.jpg"
    make = f"""
        from PIL import Image, ImageDraw
        im = Image.new("RGB", (8944, 6708), (20, 200, 20))
        ImageDraw.Draw(im).rectangle([0, 0, 1788, 1341], fill=(20, 20, 220))
        im.save({str(path)!r}, quality=85)
    """
    subprocess.run([sys.executable, "-c", textwrap.dedent(make)], check=True)
    measure = f"""
        import re
        from pathlib import Path
        from tintuc.media.images import process
        done = process(Path({str(path)!r}), cache=Path({str(tmp_path / 'cache')!r}))
        assert done.width == 8944 and done.encoded == 9, done
        print(re.search(r"VmHWM:\\s*(\\d+) kB", Path("/proc/self/status").read_text()).group(1))
    """
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(measure)], check=True, capture_output=True,
                         text=True)
    peak_mb = int(out.stdout.split()[-1]) / 1024
    print(f"peak RSS processing a 60 MP JPEG: {peak_mb:.0f} MB")
    assert peak_mb < PEAK_LIMIT_MB


def test_same_photo_twice_in_parallel(tmp_path: Path, cache: Path) -> None:
    """Two workers making the same cache folder at once: both get complete results, one folder stays."""
    first, second = tmp_path / "a.jpg", tmp_path / "b.jpg"
    scene(1300, 800).save(first)
    second.write_bytes(first.read_bytes())
    results = process_all([first, second], 2, cache)
    assert results[first].cache_dir == results[second].cache_dir
    assert [p.name for p in cache.iterdir()] == [results[first].cache_dir.name]
    assert process(first, cache=cache).encoded == 0


def test_animated_png_loses_exif_and_text_chunks(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "apng.png"
    frames = [Image.new("RGBA", (200, 100), colour + (255,)) for colour in (RED, BLUE)]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, exif=camera_exif(1))
    with_text = path.read_bytes()
    # A text chunk as editing tools write them, before the first image data.
    text = b"Author\x00Phong vien"
    chunk = struct.pack(">I", len(text)) + b"tEXt" + text + struct.pack(">I", zlib.crc32(b"tEXt" + text))
    at = with_text.index(b"IDAT") - 4
    path.write_bytes(with_text[:at] + chunk + with_text[at:])
    assert b"eXIf" in path.read_bytes()
    done = process(path, cache=cache)
    assert done.animated and done.fallback[0].file == "apng.png"
    out = done.cache_dir / done.fallback[0].cached
    data = out.read_bytes()
    assert b"eXIf" not in data and b"tEXt" not in data and b"Phong vien" not in data
    im = Image.open(out)
    assert im.n_frames == 2 and not dict(im.getexif())
    im.seek(1)
    assert_close(im.convert("RGB").getpixel((5, 5)), BLUE)
