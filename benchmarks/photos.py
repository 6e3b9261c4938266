#!/usr/bin/env python3
"""The cost of photos in a build: N camera-size JPEGs, cold, then a rebuild, then one photo added.

    python benchmarks/photos.py [--photos 500] [--jobs 2] [--workdir /tmp/tintuc-photo-bench]

Makes N articles each showing one 4000x3000 JPEG (noise and gradients, so that it compresses like a photo,
about 1-2 MB, with EXIF orientation and a GPS position), builds the site cold (.tintuc-cache removed), builds
again with nothing changed, then adds one article with a new photo and builds again. Prints the wall time
of each build and how many photo files each one encoded (the cache folder's new files).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

REPO = Path(__file__).resolve().parent.parent


def camera_jpeg(path: Path, seed: int) -> None:
    pick = random.Random(seed)
    small = Image.effect_noise((500, 375), 40 + seed % 30).convert("RGB")
    draw = ImageDraw.Draw(small)
    for _ in range(12):
        x, y = pick.randrange(500), pick.randrange(375)
        draw.ellipse([x, y, x + pick.randrange(20, 120), y + pick.randrange(20, 90)],
                     fill=(pick.randrange(256), pick.randrange(256), pick.randrange(256)))
    image = small.filter(ImageFilter.GaussianBlur(1)).resize((4000, 3000), Image.Resampling.BICUBIC)
    exif = Image.Exif()
    exif[0x0112] = 1
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 0.0), 3: "E", 4: (105.0, 50.0, 0.0)}
    image.save(path, "JPEG", quality=90, exif=exif.tobytes())


def article(n: int, photo: str) -> str:
    return (f"---\ntitle: Hội nghị số {n}\ndate: 2024-{1 + n % 12:02d}-{1 + n % 28:02d} 08:00\n"
            f"image: \"{photo}\"\n---\nĐoạn mở đầu của bài {n}.\n\n![Quang cảnh hội nghị]({photo})\n")


def encoded_files(cache: Path) -> int:
    return sum(1 for p in (cache / "images").rglob("*") if p.is_file() and p.name != "manifest.json"
               and p.name != "index.json") if (cache / "images").is_dir() else 0


def build(site: Path, jobs: int, label: str) -> None:
    before = encoded_files(site / ".tintuc-cache")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tintuc", "build", "-q", "--jobs", str(jobs)], cwd=site,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    made = encoded_files(site / ".tintuc-cache") - before
    print(f"{label}: exit {done.returncode}, {seconds:.1f} s, {made} photo files encoded {done.stderr.strip()}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/tintuc-photo-bench"))
    args = parser.parse_args()
    site = args.workdir / f"site-{args.photos}"
    content = site / "content" / "2024"
    if not (content / f"bai-{args.photos - 1}.md").is_file():
        shutil.rmtree(site, ignore_errors=True)
        content.mkdir(parents=True)
        (site / "config.yaml").write_text('title: Ảnh\nbase_url: "https://example.gov.vn/"\n', encoding="utf-8")
        for n in range(args.photos):
            camera_jpeg(content / f"Ảnh hội nghị {n}.jpg", n)
            (content / f"bai-{n}.md").write_text(article(n, f"Ảnh hội nghị {n}.jpg"), encoding="utf-8")
        print(f"made {args.photos} photos in {content}", flush=True)
    (content / "bai-moi.md").unlink(missing_ok=True)
    (content / "Ảnh mới.jpg").unlink(missing_ok=True)
    shutil.rmtree(site / ".tintuc-cache", ignore_errors=True)
    shutil.rmtree(site / "public", ignore_errors=True)
    build(site, args.jobs, "cold")
    build(site, args.jobs, "nothing changed")
    camera_jpeg(content / "Ảnh mới.jpg", 10_000)
    (content / "bai-moi.md").write_text(article(10_000, "Ảnh mới.jpg"), encoding="utf-8")
    build(site, args.jobs, "one photo added")


if __name__ == "__main__":
    main()
