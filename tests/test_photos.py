"""Issue 15: the photos an article shows are published fit for phones: sizes, a modern format, width and
height, lazy loading, EXIF (GPS included) gone, and a rebuild encodes nothing it encoded before."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import html5lib
import pytest
from conftest import Project, article
from PIL import Image
from tintuc.build import Builder
from tintuc.errors import BuildFailed
from tintuc.media import images

PAGE = "2021/08/hoi-nghi"


def camera_photo(path: Path, size: tuple[int, int] = (2400, 1600)) -> None:
    """A phone photo: stored sideways with EXIF orientation 6, and a GPS position."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to display
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)}  # GPS
    Image.new("RGB", size, "olive").save(path, "JPEG", exif=exif.tobytes(), quality=85)


@pytest.fixture
def with_photo(project: Project) -> Project:
    folder = project.root / "content" / "2021"
    folder.mkdir(parents=True, exist_ok=True)
    camera_photo(folder / "Ảnh hội nghị 01.JPG")
    Image.new("RGB", (300, 200), "navy").save(folder / "nho.png")
    project.add("2021/hoi-nghi.md", article(title="Hội nghị", image='"Ảnh hội nghị 01.JPG"', body="""
        Đoạn mở đầu.

        ![Toàn cảnh hội nghị](Ảnh hội nghị 01.JPG)

        ![Ảnh nhỏ](nho.png)
        """))
    return project


def build(project: Project) -> None:
    Builder(project.config(), jobs=1).build()


def page_html(project: Project) -> str:
    return (project.public / PAGE / "index.html").read_text(encoding="utf-8")


def test_a_body_photo_becomes_a_picture_with_every_size(with_photo: Project) -> None:
    build(with_photo)
    html = page_html(with_photo)
    body = html.split('<div class="prose">', 1)[1]
    picture = re.search(r"<picture>.*?</picture>", body, re.S).group(0)  # type: ignore[union-attr]
    modern = images.encode.modern_format()
    ext = {"AVIF": "avif", "WEBP": "webp"}[modern.upper()]
    # Displayed upright: 1600 x 2400 after the EXIF rotation; widths never above the original.
    assert f'<source type="image/{ext}" srcset="anh-hoi-nghi-01-400.{ext} 400w, anh-hoi-nghi-01-800.{ext} 800w, ' \
           f'anh-hoi-nghi-01-1200.{ext} 1200w, anh-hoi-nghi-01-1600.{ext} 1600w"' in picture
    assert 'src="anh-hoi-nghi-01-800.jpg"' in picture and 'width="1600" height="2400"' in picture
    assert 'alt="Toàn cảnh hội nghị"' in picture and 'loading="lazy"' in picture and 'sizes="' in picture
    # A small photo is not enlarged: its own width only.
    assert 'srcset="nho-300.jpg 300w"' in body and 'width="300" height="200"' in body
    # The lead photo loads first, never lazily.
    lead = html.split('<figure class="lead-image">', 1)[1].split("</figure>", 1)[0]
    assert 'fetchpriority="high"' in lead and "loading=" not in lead and "<picture>" in lead
    # Valid HTML5, no raw spaces in any address.
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    assert not [v for v in re.findall(r'(?:src|href)="([^"]*)"', html) if re.search(r"\s", v)]
    for srcset in re.findall(r'srcset="([^"]*)"', html):
        assert all(re.fullmatch(r"[^\s,]+ \d+w", candidate) for candidate in srcset.split(", ")), srcset


def test_nothing_published_keeps_exif_or_gps(with_photo: Project) -> None:
    build(with_photo)
    folder = with_photo.public / PAGE
    published = [p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".png", ".webp", ".avif")]
    assert len(published) >= 8
    for path in published:
        with Image.open(path) as im:
            assert not im.getexif(), path
            assert "exif" not in im.info and "xmp" not in im.info, path
    # The original's name serves the largest fallback, upright and clean (feeds and old links use it).
    with Image.open(folder / "Ảnh hội nghị 01.JPG") as im:
        assert im.size == (1600, 2400) and not im.getexif()


def test_a_rebuild_encodes_nothing(with_photo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    build(with_photo)
    first = re.findall(r"<picture>.*?</picture>", page_html(with_photo), re.S)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a photo was encoded again")

    monkeypatch.setattr(images, "_make", refuse)
    with_photo.add("2021/khac.md", article(title="Bài khác", date="2021-08-05 08:00"))
    build(with_photo)  # the photo's size and time unchanged: not even read
    source = with_photo.root / "content" / "2021" / "Ảnh hội nghị 01.JPG"
    source.touch()
    build(with_photo)  # a new time, the same bytes: found by content
    assert re.findall(r"<picture>.*?</picture>", page_html(with_photo), re.S) == first


def test_an_incremental_build_equals_a_clean_one(with_photo: Project, tmp_path: Path) -> None:
    build(with_photo)
    folder = with_photo.root / "content" / "2021"
    camera_photo(folder / "nho.png".replace(".png", "-moi.jpg"), (900, 600))
    with_photo.add("2021/hoi-nghi.md", article(title="Hội nghị", image='"Ảnh hội nghị 01.JPG"', body="""
        Đoạn mở đầu, sửa lại.

        ![Ảnh mới](nho-moi.jpg)
        """))
    build(with_photo)
    incremental = site(with_photo.public)
    shutil.rmtree(with_photo.public)
    shutil.rmtree(with_photo.root / ".tintuc-cache")
    build(with_photo)
    clean = site(with_photo.public)
    assert incremental.keys() == clean.keys()
    assert [k for k in clean if clean[k] != incremental[k]] == []


def site(root: Path) -> dict[str, bytes]:
    """Every file of the output but the search index (a base plus a delta after edits, by design)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not p.relative_to(root).as_posix().startswith("search/")}


def test_a_broken_photo_stops_the_build_at_its_line(project: Project) -> None:
    folder = project.root / "content" / "2021"
    folder.mkdir(parents=True)
    (folder / "hong.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    project.add("2021/hoi-nghi.md", article(title="Hội nghị", body="Đoạn một.\n\n![Ảnh](hong.jpg)"))
    with pytest.raises(BuildFailed) as failed:
        build(project)
    [problem] = failed.value.problems
    assert problem.path.name == "hoi-nghi.md" and problem.line == 7
    assert problem.message.startswith("photo hong.jpg:") and problem.hint


def test_the_front_page_shows_the_featured_photo_in_every_size(with_photo: Project) -> None:
    with_photo.add("2021/hoi-nghi.md", article(title="Hội nghị", image='"Ảnh hội nghị 01.JPG"', featured="true",
                                                body="Đoạn mở đầu."))
    build(with_photo)
    home = (with_photo.public / "index.html").read_text(encoding="utf-8")
    featured = home.split('<article class="featured"', 1)[1].split("</article>", 1)[0]
    assert f'<img src="/{PAGE}/anh-hoi-nghi-01-800.jpg" srcset="/{PAGE}/anh-hoi-nghi-01-400.jpg 400w' in featured
    assert 'class="featured-image"' in featured and 'fetchpriority="high"' in featured
    assert 'width="1600" height="2400"' in featured


def test_lists_show_a_thumbnail_of_the_lead_photo(with_photo: Project) -> None:
    build(with_photo)
    home = (with_photo.public / "index.html").read_text(encoding="utf-8")
    entry = home.split('<article class="entry">', 1)[1].split("</article>", 1)[0]
    thumb = entry.split('<div class="entry-thumb">', 1)[1].split("</div>", 1)[0]
    assert f'srcset="/{PAGE}/anh-hoi-nghi-01-400.jpg 400w' in thumb and 'alt=""' in thumb
    assert 'loading="lazy"' in thumb and 'sizes="(min-width: 48rem) 10rem, 30vw"' in thumb
    assert thumb in (with_photo.public / "2021" / "index.html").read_text(encoding="utf-8")  # the year's list


def test_the_share_image_is_the_1200_by_630_crop(with_photo: Project) -> None:
    build(with_photo)
    html = page_html(with_photo)
    assert f'<meta property="og:image" content="https://example.gov.vn/{PAGE}/anh-hoi-nghi-01-og.jpg">' in html
    with Image.open(with_photo.public / PAGE / "anh-hoi-nghi-01-og.jpg") as im:
        assert im.size == (1200, 630) and not im.getexif()


def test_a_small_or_heavy_original_is_a_warning_with_its_line(with_photo: Project) -> None:
    result = Builder(with_photo.config(), jobs=1).build()
    [small] = [w for w in result.warnings if "nho.png" in w.message]
    assert small.line == 10 and "only 300 px wide" in small.message and "min_width" in small.hint
    with_photo.write_config('title: T\nbase_url: "https://example.gov.vn/"\nphotos: {min_width: 200, '
                            'max_megabytes: 0.01}\n')
    warnings = Builder(with_photo.config(), jobs=1).build().warnings
    assert not [w for w in warnings if "px wide" in w.message]
    assert [w.line for w in warnings if "MB:" in w.message] == [4]  # the camera photo, first named by image:


@pytest.mark.parametrize("value", ["{min_width: -1}", "{max_megabytes: nhieu}", "{size: 1}", "[1]"])
def test_a_wrong_photos_setting_is_a_located_error(project: Project, value: str) -> None:
    project.write_config(f"title: T\nphotos: {value}\n")
    with pytest.raises(BuildFailed) as failed:
        project.config()
    [problem] = failed.value.problems
    assert problem.line == 2 and "'photos' has the wrong form" in problem.message
