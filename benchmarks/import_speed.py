"""Import speed (issue 16): how long `tintuc import` takes on 1,000 raw files.

The files are made in a temporary folder from the shared seeds (/work/shared/seeds, the project's own data):
each copy varies the headline, the dates and the order of the body paragraphs, so no two files are the same
text and the duplicate check has nothing to skip. Nothing is written inside the repository.

    python benchmarks/import_speed.py --seeds /work/shared/seeds --files 1000 --runs 3

prints the median wall time of `python -m tintuc import DIR --out TMP --allow-duplicates` over the runs, and
the median CPU time (user + system) of the import process: on a shared, loaded machine the wall time
measures the neighbours as much as the importer.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Own-words headline prefixes that keep each copy's title different (and its file name unique).
PREFIXES = ("Tin mới", "Cập nhật", "Bản tin", "Ghi nhận", "Tổng hợp", "Thông tin")


def vary(text: str, number: int, rng: random.Random) -> str:
    """A variant of a seed: a numbered headline prefix, shifted years, body paragraphs lightly shuffled."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    lines[first] = f"{PREFIXES[number % len(PREFIXES)]} số {number}: {lines[first].strip()}"
    body = lines[first + 1:]
    if len(body) > 6:  # keep the stamp/lead near the top, shuffle the middle
        middle = body[3:-2]
        rng.shuffle(middle)
        body = body[:3] + middle + body[-2:]
    year = 2005 + number % 20
    return "\n".join([*lines[: first + 1], *body]).replace("2020", str(year)).replace("2021", str(year + 1))


def make_files(seeds: Path, folder: Path, count: int) -> int:
    """Write `count` varied copies of the seeds into `folder`; returns how many were written."""
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in sorted(seeds.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"{seeds}: no .txt seeds found; pass --seeds with the shared seed folder")
    rng = random.Random(16)
    for number in range(count):
        (folder / f"raw_{number:04d}.txt").write_text(vary(texts[number % len(texts)], number, rng),
                                                      encoding="utf-8")
    return count


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_import(folder: Path, out: Path, command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one import of the folder into a fresh `out`."""
    if out.exists():
        shutil.rmtree(out)
    cpu, started = _children_cpu(), time.perf_counter()
    result = subprocess.run([*command, "import", str(folder), "--out", str(out), "--allow-duplicates"],
                            capture_output=True, text=True, check=False)
    seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if result.returncode not in (0, 1):  # 1: some files need review, which is fine here
        raise SystemExit(f"import failed ({result.returncode}): {result.stderr[-2000:]}")
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=Path("/work/shared/seeds"), help="folder of seed .txt files")
    parser.add_argument("--files", type=int, default=1000, help="how many raw files to import")
    parser.add_argument("--runs", type=int, default=3, help="runs; the median is reported")
    parser.add_argument("--cmd", default=f"{sys.executable} -m tintuc", help="importer command before 'import'")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="import-speed-") as tmp:
        folder, out = Path(tmp) / "raw", Path(tmp) / "out"
        folder.mkdir()
        made = make_files(args.seeds, folder, args.files)
        runs = [time_import(folder, out, args.cmd.split()) for _ in range(args.runs)]
        written = len(list(out.rglob("*.md")))
    print(f"{made} raw files, {written} articles written; runs (wall / CPU): "
          + ", ".join(f"{wall:.2f} s / {cpu:.2f} s" for wall, cpu in runs))
    print(f"median wall {statistics.median(w for w, _ in runs):.2f} s, "
          f"median CPU {statistics.median(c for _, c in runs):.2f} s")


if __name__ == "__main__":
    main()
