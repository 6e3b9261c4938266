#!/usr/bin/env python3
"""What a phone downloads to read the sample article with a photo, before and after photo processing (issue 15).

    python benchmarks/pageweight.py [--json FILE] [--no-gzip] [--keep DIR] [--camera | --photo FILE]

Builds the bundled sample (the repository's content/, config.yaml and static/, copied into a temporary project
so that the repository's public/ and .tintuc-cache/ are left alone) with the address of a local server as its
base URL, serves the output on 127.0.0.1 like a static host does (gzip for text, see `Host`), and opens the
article whose lead photo is `Ảnh hội nghị trực tuyến.jpg` in Debian's Chromium at 375 CSS px wide, device
scale factor 2, with a fresh profile. Chrome DevTools Protocol network events give every response's resource
type and transferred bytes (`encodedDataLength` of `Network.loadingFinished`: body as sent plus the HTTP
headers). The page is loaded, then scrolled to the bottom (a reader reads to the end: lazy images load).

"Before" is not a second browser run: before issue 15 the build copied the original photo unchanged and the
page showed it with a plain <img src>, so the page loaded the original file. "Before" is therefore the measured
page with the photo's request(s) replaced by the original file's size in bytes plus the same HTTP header bytes
the measured photo response had; every other request (HTML, CSS, JS, the other images) counts as measured.

The sample's photo is a 1600x1067 illustration of 49 kB. `--camera` puts a 4000x3000 camera-like JPEG (made
by benchmarks/photos.py, ~0.8 MB, EXIF with GPS) in its place in the temporary copy, the case issue 15 is
about; `--photo FILE` uses a photo of yours.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
PHOTO = "Ảnh hội nghị trực tuyến.jpg"
CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
KINDS = ("document", "css", "js", "image", "font", "other")
RASTER = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")
# Types a static host (GitHub Pages, Netlify, nginx with gzip on) compresses; photos are already compressed.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
                "application/atom+xml")


class Host(http.server.SimpleHTTPRequestHandler):
    """A static host: the site's 404.html for a missing file, gzip for text when asked, long caching for
    fingerprinted assets, correct types for AVIF/WebP (Python 3.11's table lacks AVIF)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".avif": "image/avif",
                      ".webp": "image/webp", ".svg": "image/svg+xml", ".js": "application/javascript",
                      ".json": "application/json", ".xml": "application/xml", ".webmanifest": "application/json"}
    compress = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def send_head(self) -> Any:  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not self.path.split("?", 1)[0].endswith("/"):
            self.send_response(301)
            self.send_header("Location", self.path.split("?", 1)[0] + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return self._send(Path(self.directory) / "404.html", 404)
        return self._send(path, 200)

    def _send(self, path: Path, status: int) -> io.BytesIO:
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        gzipped = (self.compress and kind.startswith(COMPRESSIBLE)
                   and "gzip" in self.headers.get("Accept-Encoding", ""))
        if gzipped:
            body = gzip.compress(body, 6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def sample_site(keep: Path | None = None, compress: bool = True,
                photo: Path | None = None) -> Iterator[tuple[Path, str]]:
    """Build the bundled sample into a temporary project and serve it; yields (output folder, base URL).

    The base URL is the server's own address, so canonical links, the sitemap and robots.txt point where
    the browser is (Lighthouse's SEO audits compare them with the page's address). `photo`, if given,
    replaces the sample's PHOTO in the copy."""
    with tempfile.TemporaryDirectory(prefix="tintuc-pageweight-") as scratch:
        project = keep or Path(scratch) / "site"
        if keep and keep.is_dir() and any(keep.iterdir()) and not (keep / "config.yaml").is_file():
            sys.exit(f"--keep {keep}: the folder is not empty and holds no earlier sample copy (config.yaml); "
                     f"name a new or empty folder")
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
        for name in ("content", "static"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, project / name)
        shutil.copy2(REPO / "config.yaml", project / "config.yaml")
        if photo is not None:
            shutil.copyfile(photo, next((project / "content").rglob(PHOTO)))
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        done = subprocess.run([sys.executable, "-m", "tintuc", "build", "-q", "--base-url", base], cwd=project,
                              capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"building the sample in {project} failed (exit {done.returncode}):\n{done.stderr}")
        public = project / "public"
        handler = type("SiteHost", (Host,), {"compress": compress})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                                 lambda *a: handler(*a, directory=str(public)))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield public, base
        finally:
            server.shutdown()
            server.server_close()


def photo_article(public: Path) -> Path:
    """The output folder of the article whose photo is PHOTO: the build publishes the (cleaned) photo under
    its original name next to the article's index.html, beside the resized variants."""
    found = [p.parent for p in public.rglob(PHOTO) if (p.parent / "index.html").is_file()]
    if len(found) != 1:
        sys.exit(f"expected one article folder in {public} holding {PHOTO!r}, found {len(found)}: the sample "
                 f"article in content/2021/ should set image: {PHOTO!r}")
    return found[0]


@dataclass(frozen=True)
class Request:
    url: str
    kind: str
    status: int
    transferred: int  # encodedDataLength at loadingFinished: the body as sent plus the HTTP headers
    headers: int  # the response's header bytes (encodedDataLength at responseReceived)


@dataclass(frozen=True)
class Weight:
    """Bytes transferred and requests, per kind."""
    bytes: dict[str, int] = field(default_factory=dict)
    requests: dict[str, int] = field(default_factory=dict)

    @property
    def total_bytes(self) -> int:
        return sum(self.bytes.values())

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())


def kind_of(cdp_type: str) -> str:
    return {"Document": "document", "Stylesheet": "css", "Script": "js", "Image": "image",
            "Font": "font"}.get(cdp_type, "other")


def measure(url: str, width: int = 375, height: int = 667, scale: float = 2) -> list[Request]:
    """Load `url` in a fresh Chromium profile at the given viewport and list every finished response."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    seen: dict[str, dict[str, Any]] = {}
    finished: list[Request] = []

    def on_response(event: dict[str, Any]) -> None:
        response = event["response"]
        seen[event["requestId"]] = {"url": response["url"], "kind": kind_of(event.get("type", "Other")),
                                    "status": response["status"],
                                    "headers": int(response.get("encodedDataLength", 0))}

    def on_finished(event: dict[str, Any]) -> None:
        info = seen.get(event["requestId"])
        if info is not None:
            finished.append(Request(info["url"], info["kind"], info["status"], int(event["encodedDataLength"]),
                                    info["headers"]))

    with tempfile.TemporaryDirectory(prefix="tintuc-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROME_ARGS,
            viewport={"width": width, "height": height}, device_scale_factor=scale, is_mobile=True, has_touch=True)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.on("Network.responseReceived", on_response)
        cdp.on("Network.loadingFinished", on_finished)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_timeout(500)
        page.wait_for_load_state("networkidle")
        context.close()
    return finished


def tally(requests: list[Request]) -> Weight:
    sizes = {kind: 0 for kind in KINDS}
    counts = {kind: 0 for kind in KINDS}
    for r in requests:
        sizes[r.kind] += r.transferred
        counts[r.kind] += 1
    return Weight(sizes, counts)


def is_photo(request: Request, article_path: str) -> bool:
    """A request for one of the article's own raster files (the photo's variants; the sample has one photo)."""
    path = unquote(urlsplit(request.url).path)
    return path.startswith(article_path) and path.lower().endswith(RASTER)


def before(requests: list[Request], article_path: str, original: int) -> Weight:
    """The same page as the old build made it: the photo's requests become one request for the original."""
    photo = [r for r in requests if is_photo(r, article_path)]
    if not photo:
        sys.exit(f"no request for the article's photo under {article_path}: did the page show it?")
    rest = [r for r in requests if not is_photo(r, article_path)]
    return tally(rest + [Request(PHOTO, "image", 200, original + photo[0].headers, photo[0].headers)])


def table(after: Weight, was: Weight) -> str:
    rows = [f"| {'type':<8} | {'before bytes':>12} | {'after bytes':>11} | {'before req':>10} | {'after req':>9} |",
            f"|{'-' * 10}|{'-' * 13}:|{'-' * 12}:|{'-' * 11}:|{'-' * 10}:|"]
    for kind in KINDS:
        rows.append(f"| {kind:<8} | {was.bytes[kind]:>12,} | {after.bytes[kind]:>11,} | {was.requests[kind]:>10} "
                    f"| {after.requests[kind]:>9} |")
    rows.append(f"| {'total':<8} | {was.total_bytes:>12,} | {after.total_bytes:>11,} | {was.total_requests:>10} "
                f"| {after.total_requests:>9} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--no-gzip", action="store_true", help="serve text uncompressed (default: gzip, as hosts do)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build the sample in DIR and leave it there")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--camera", action="store_true", help="measure with a 4000x3000 camera-like JPEG instead")
    source.add_argument("--photo", type=Path, metavar="FILE", help="measure with this JPEG instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tintuc-photo-") as scratch:
        photo = args.photo
        if args.camera:
            from photos import camera_jpeg  # benchmarks/photos.py: the same generated camera photo

            photo = Path(scratch) / "camera.jpg"
            camera_jpeg(photo, 1)
        measured(args, photo)


def measured(args: argparse.Namespace, photo: Path | None) -> None:
    original = (photo or next((REPO / "content").rglob(PHOTO))).stat().st_size
    with sample_site(args.keep, compress=not args.no_gzip, photo=photo) as (public, base):
        folder = photo_article(public)
        article_path = "/" + folder.relative_to(public).as_posix() + "/"
        url = base.rstrip("/") + article_path
        requests = measure(url)
    failed = [r for r in requests if r.status >= 400]
    after = tally(requests)
    was = before(requests, article_path, original)
    photo = [r for r in requests if is_photo(r, article_path)]
    print(f"{url} at 375 CSS px, DPR 2, Chromium, {'gzip' if not args.no_gzip else 'no compression'}; "
          f"bytes = encodedDataLength (body as sent + headers)")
    print(f"photo loaded after: {', '.join(unquote(urlsplit(r.url).path.rsplit('/', 1)[1]) for r in photo)} "
          f"({sum(r.transferred for r in photo):,} B); before: the original {PHOTO} ({original:,} B + "
          f"{photo[0].headers} B headers)")
    print(table(after, was))
    saved = was.total_bytes - after.total_bytes
    print(f"saved {saved:,} B ({saved / was.total_bytes:.0%} of the page)")
    for r in failed:
        print(f"warning: {r.url} answered {r.status}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({
            "url": url, "viewport": {"width": 375, "device_scale_factor": 2}, "gzip": not args.no_gzip,
            "photo": "camera_jpeg(seed 1), 4000x3000" if args.camera else str(photo or PHOTO),
            "original_photo_bytes": original, "after": asdict(after), "before": asdict(was),
            "before_method": "after, with the photo's request(s) replaced by one of the original file's size "
                             "plus the measured photo response's header bytes",
            "requests": [asdict(r) for r in requests]}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
