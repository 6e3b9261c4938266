"""Spread a list of independent jobs over the cores, in chunks, with an optional progress bar.

Work is handed out as index ranges into a list the worker processes inherit by fork, so the inputs
(parsed articles, page contexts) are never pickled; only small results come back.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Fewer items than this run in-process: starting workers costs more than it saves.
PARALLEL_THRESHOLD = 200

# Per-process state of a worker, set once by fork inheritance before the pool starts (a worker
# process handles one job list at a time; the main process never reads it).
_JOB: dict[str, Any] = {}


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


def _bar(total: int, label: str, progress: bool) -> Any:
    if not progress or total == 0:
        return _NoBar()
    from tqdm import tqdm

    # delay: a bar appears only when the work lasts long enough to need one
    return tqdm(total=total, desc=label, unit="", delay=0.5, leave=False)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def run_all(items: Sequence[T], work: Callable[[T], R], *, jobs: int, label: str,
            progress: bool) -> list[R]:
    """`[work(x) for x in items]`, in order, over `jobs` processes when that pays."""
    bar = _bar(len(items), label, progress)
    try:
        if jobs <= 1 or len(items) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
            results = []
            for item in items:
                results.append(work(item))
                bar.update()
            return results
        chunk = max(20, min(500, len(items) // (jobs * 8)))
        bounds = [(start, min(start + chunk, len(items))) for start in range(0, len(items), chunk)]
        _JOB.update(items=items, work=work)
        # Move everything alive now out of the collector's sight: otherwise each worker's garbage
        # collections walk the whole inherited heap and copy every page of it (copy-on-write).
        gc.freeze()
        try:
            pool = multiprocessing.get_context("fork").Pool(jobs, initializer=ignore_interrupts)
            try:
                results = []
                for part in pool.imap(_run_chunk, bounds):
                    results.extend(part)
                    bar.update(len(part))
                pool.close()
                return results
            finally:
                pool.terminate()  # on Ctrl-C or an error in a job: stop the workers now, not at exit
                pool.join()
        finally:
            gc.unfreeze()
            _JOB.clear()
    finally:
        bar.close()
