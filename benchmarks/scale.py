"""How tintuc's cost grows with the archive (issue 18): wall, CPU and memory of all tintuc processes.

    python benchmarks/scale.py --sizes 1000,10000,30000,100000 [--json FILE] [--workdir /tmp/tintuc-bench]

For each size the synthetic archive (generate.py, seed 1, made once and kept in the work folder) is built:

- cold: no output, no cache;
- no-change: the same build again;
- one-edit: one sentence appended to one article, then a build.

Each build is `python -m tintuc build -q` (stage times come from a separate `-v` line for the cold build).
Memory is the peak over the build of the summed PSS (proportional set size, /proc/PID/smaps_rollup) of the
tintuc process and every process it forked, sampled every 0.2 s: pages shared by forked workers are
counted once, split among them, so the sum is what the build takes from the machine (the largest
process's RSS alone would miss the workers; the sum of RSS would count shared pages twice). CPU is user +
system time of the build and its children. One run per stage: at 100,000 articles a cold build takes
minutes; run it on a quiet machine and say how quiet (the script prints the load average). The last run's
output and cache are moved aside before a cold build and deleted after every run is measured (set_aside: on
this machine's disk a large deletion slows file creation for minutes); each run at 100,000 articles needs
~6 GB free for that.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402 - a sibling script


def _children(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, ()))
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(argv: list[str], cwd: Path, code: Path | None = None) -> dict[str, float | str]:
    """Run a build; wall, CPU and the peak summed PSS of its process tree (MiB), and its stderr.
    `code`: a checkout whose `generator` package runs instead of the installed tintuc."""
    env = dict(os.environ, PYTHONPATH=str(code)) if code else None
    if code:
        argv = [a if a != "tintuc" else "generator" for a in argv]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss_kib(pid) for pid in _children(process.pid)))
        time.sleep(0.2)
    stderr = process.stderr.read() if process.stderr else ""
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed in {cwd}:\n{stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": round(wall, 2), "cpu": round(cpu, 2), "pss_mib": round(peak / 1024), "stderr": stderr}


def _stages(stderr: str) -> dict[str, float]:
    """Seconds of each stage from `tintuc build -v` ('  search index: 10000 analysed, …: 24.50 s')."""
    stages = {}
    for line in stderr.splitlines():
        head, _, tail = line.strip().rpartition(":")
        if not head or not tail.strip().endswith(" s"):
            continue
        try:
            stages[head.split()[0].rstrip(":")] = float(tail.strip().removesuffix(" s"))
        except ValueError:
            continue
    return stages


def archive(workdir: Path, size: int) -> Path:
    site = workdir / f"archive-{size}-seed1"
    if not (site / "config.yaml").is_file():
        generate(site, size, 1)
    return site


def set_aside(site: Path) -> Path | None:
    """Move the last run's output and cache out of the way (a rename), to delete once this run is measured.

    Deleting them first made the cold build pay for it: on an ext4 volume mounted with online `discard`
    (this machine's), creating files costs 5-20 times more for a minute or more after a large deletion
    (BENCHMARKS.md), and a cold build at 100,000 articles creates ~185,000. A build on a fresh checkout,
    as in CI, follows no such deletion."""
    leftovers = [p for p in (site / "public", site / ".tintuc-cache") if p.exists()]
    if not leftovers:
        return None
    trash = site / f".old-run-{os.getpid()}-{time.time_ns()}"
    trash.mkdir()
    for leftover in leftovers:
        leftover.rename(trash / leftover.name)
    return trash


def run(size: int, workdir: Path, code: Path | None = None, cold_only: bool = False,
        trash: list[Path] | None = None) -> dict[str, object]:
    """One cold build (and the no-change and one-edit builds after it) of the archive of `size` articles; the
    last run's output and cache go to `trash` (set_aside), for the caller to delete once every run is done."""
    site = archive(workdir, size)
    build = [sys.executable, "-m", "tintuc", "build", "-q"]
    aside = set_aside(site)
    if aside is not None and trash is not None:
        trash.append(aside)
    cold = measure([sys.executable, "-m", "tintuc", "build", "-v"], site, code)
    if cold_only:
        return {"articles": size, "cold": cold, "stages": _stages(str(cold.pop("stderr")))}
    unchanged = measure(build, site, code)
    edited = sorted((site / "content").rglob("*.md"))[size // 2]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text + "\nMột câu thêm vào để đo một lần sửa.\n", encoding="utf-8")
    try:
        one_edit = measure(build, site, code)
    finally:
        edited.write_text(text, encoding="utf-8")
    return {"articles": size, "cold": cold, "stages": _stages(str(cold.pop("stderr"))),
            "no_change": {k: v for k, v in unchanged.items() if k != "stderr"},
            "one_edit": {k: v for k, v in one_edit.items() if k != "stderr"}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,30000", help="comma-separated article counts")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/tintuc-bench"))
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--code", type=Path, action="append", default=[],
                        help="a checkout to time instead of the installed tintuc (repeat for an interleaved A/B: "
                             "e.g. `git archive HEAD | tar -x -C /tmp/base` and --code /tmp/base --code .)")
    parser.add_argument("--cold-only", action="store_true", help="time only the cold build")
    parser.add_argument("--runs", type=int, default=1, help="runs of each size (and each --code), interleaved")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; cores: {os.cpu_count()}")
    print("| articles | cold wall | cold CPU | cold peak memory | stages (read / model / search / write) | "
          "no-change | one edit |")
    print("|---:|---:|---:|---:|---|---:|---:|")
    results = []
    codes: list[Path | None] = list(args.code) or [None]
    trash: list[Path] = []
    try:
        _runs(args, codes, results, trash)
    finally:
        for folder in trash:  # after every measurement (set_aside)
            subprocess.run(["rm", "-rf", str(folder)], check=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def _runs(args: argparse.Namespace, codes: list[Path | None], results: list[dict[str, object]],
          trash: list[Path]) -> None:
    for size in (int(s) for s in args.sizes.split(",")):
        for _ in range(args.runs):
            for code in codes:
                result = run(size, args.workdir, code, args.cold_only, trash)
                result["code"] = str(code) if code else "installed"
                results.append(result)
                cold, stages = result["cold"], result["stages"]
                assert isinstance(cold, dict) and isinstance(stages, dict)
                shown = " / ".join(f"{stages.get(k, 0):.1f}" for k in ("read", "model", "search", "write"))
                later = ("" if args.cold_only else f" {result['no_change']['wall']:.2f} s |"  # type: ignore[index]
                         f" {result['one_edit']['wall']:.2f} s |")  # type: ignore[index]
                label = f" ({code})" if code else ""
                print(f"| {size:,}{label} | {cold['wall']:.1f} s | {cold['cpu']:.1f} s | {cold['pss_mib']:,} MiB | "
                      f"{shown} s |{later}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
