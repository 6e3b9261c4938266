"""Time from saving an article to the reloaded page showing the new text, in headless Chromium.

    python benchmarks/reload.py [--sizes 1000,10000] [--edits 10] [--workdir /tmp/tintuc-bench]

For each size: generate the archive (benchmarks/generate.py, cached), start `tintuc serve` on a free
loopback port, open one article in Chromium (Debian's, driven by Playwright), then `--edits` times:
append a sentence to an article's file and wait until the page shows it. Prints the median, min
and max per size.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def archive(workdir: Path, size: int) -> Path:
    folder = workdir / f"reload-{size}"
    if not (folder / "config.yaml").is_file():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(folder), "--articles", str(size)], check=True)
    return folder


def measure(folder: Path, edits: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tintuc", "serve", "--port", str(port), "-q"],
                              cwd=folder, text=True, stdout=subprocess.PIPE)
    try:
        assert "Serving" in server.stdout.readline()  # type: ignore[union-attr]
        files = sorted((folder / "content").rglob("*.md"))
        step = max(1, len(files) // edits)
        timings = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
            page = browser.new_page()
            for n in range(edits):
                source = files[n * step]
                slug = next(line.split(":", 1)[1].strip() for line in source.read_text("utf-8").splitlines()
                            if line.startswith("slug:"))
                year, month = source.read_text("utf-8").split("date: ", 1)[1][:7].split("-")
                page.goto(f"http://127.0.0.1:{port}/{year}/{month}/{slug.strip(chr(34))}/")
                time.sleep(0.3)  # let the live-reload stream connect
                text = f"Câu đo thời gian số {n} {time.time_ns()}."
                started = time.perf_counter()
                with source.open("a", encoding="utf-8") as handle:
                    handle.write(f"\n{text}\n")
                page.wait_for_function("t => document.body.innerText.includes(t)", arg=text, timeout=60000)
                timings.append(time.perf_counter() - started)
            browser.close()
        return timings
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/tintuc-bench"))
    args = parser.parse_args()
    os.environ.setdefault("PYTHONPATH", str(HERE.parent))
    print("| size | edits | median s | min–max s |\n|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        timings = measure(archive(args.workdir, size), args.edits)
        print(f"| {size:,} | {len(timings)} | {statistics.median(timings):.2f} | "
              f"{min(timings):.2f}–{max(timings):.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
