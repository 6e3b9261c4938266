"""Spread a list of independent jobs over the cores, in chunks, with an optional progress bar.

Work is handed out as index ranges into a list the worker processes inherit by fork, so the inputs
(parsed articles, page contexts) are never pickled; only small results come back.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Fewer items than this run in-process: starting workers costs more than it saves.
PARALLEL_THRESHOLD = 200

# Per-process state of a worker, set once by fork inheritance before the pool starts (a worker
# process handles one job list at a time; the main process never reads it).
_JOB: dict[str, Any] = {}


def start_worker() -> None:
    """A pool worker's initializer: Ctrl-C left to the parent (ignore_interrupts), and the garbage collector
    on for the worker's own garbage (a worker forked from a build inherits it paused: collector.py; what
    it inherits is frozen first, see run_each)."""
    ignore_interrupts()
    gc.enable()


def ignore_interrupts() -> None:
    """In a worker: leave Ctrl-C to the parent, which stops the workers and cleans up.

    A worker that took the SIGINT the terminal sends to the whole process group would die with a
    KeyboardInterrupt of its own; the pool replaces it and the parent waits forever for its results.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    items, work = _JOB["items"], _JOB["work"]
    return [work(items[i]) for i in range(*bounds)]


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int, label: str, progress: bool) -> Any:
    """A tqdm bar (`update(n)`, `close()`), or one that shows nothing when `progress` is off."""
    if not progress or total == 0:
        return _NoBar()
    from tqdm import tqdm

    # delay: a bar appears only when the work lasts long enough to need one
    return tqdm(total=total, desc=label, unit="", delay=0.5, leave=False)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def run_all(items: Sequence[T], work: Callable[[T], R], *, jobs: int, label: str,
            progress: bool, bar: Any = None) -> list[R]:
    """`[work(x) for x in items]`, in order, over `jobs` processes when that pays."""
    return list(run_each(items, work, jobs=jobs, label=label, progress=progress, bar=bar))


def run_each(items: Sequence[T], work: Callable[[T], R], *, jobs: int, label: str,
             progress: bool, bar: Any = None) -> Iterator[R]:
    """`work(x)` for each x, yielded in order as they come, over `jobs` processes when that pays: the
    caller can put each result away (a body into the store) instead of holding them all at once.
    `bar`: a progress_bar of the caller's (for work done in parts) to update instead of one of its own."""
    own = bar is None
    bar = progress_bar(len(items), label, progress) if own else bar
    try:
        if jobs <= 1 or len(items) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
            for item in items:
                yield work(item)
                bar.update()
            return
        chunk = max(20, min(500, len(items) // (jobs * 8)))
        bounds = [(start, min(start + chunk, len(items))) for start in range(0, len(items), chunk)]
        _JOB.update(items=items, work=work)
        # Move everything alive now out of the collector's sight: otherwise each worker's garbage
        # collections walk the whole inherited heap and copy every page of it (copy-on-write).
        gc.freeze()
        try:
            pool = multiprocessing.get_context("fork").Pool(jobs, initializer=start_worker)
        finally:
            gc.unfreeze()  # the workers have forked: what the caller allocates from here is its own
        try:
            for part in pool.imap(_run_chunk, bounds):
                bar.update(len(part))
                yield from part
            pool.close()
        finally:
            pool.terminate()  # on Ctrl-C or an error in a job: stop the workers now, not at exit
            pool.join()
            _JOB.clear()
    finally:
        if own:
            bar.close()
