"""Process many photos over several cores: one photo per task, results and errors per path.

`generator.parallel.run_all` is built for cheap items (page renders): below 200 items it stays in one
process and it hands out chunks of at least 20. A photo costs a few hundred milliseconds to seconds, so
an article with 12 photos already pays for a second core, and chunks of 20 would leave one core idle
while the other finishes its chunk. The pool here keeps run_all's rules (fork, workers ignore Ctrl-C
and are stopped at once on an error) with a task of one photo and no threshold but the count of photos.
If run_all grows `min_items` and `chunk` parameters this module becomes a call to it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from ..media.images import DEFAULT_WIDTHS, ImageError, Processed, process
from ..parallel import start_worker

Outcome = Processed | ImageError


def process_all(paths: Sequence[Path], jobs: int, cache: Path, progress: Callable[[], None] | None = None, *,
                widths: Sequence[int] = DEFAULT_WIDTHS, og: bool = True) -> dict[Path, Outcome]:
    """`process` every path, in `jobs` processes: {path: Processed or the ImageError it raised}, in the
    order of `paths` (a path given twice is processed once). `progress()` is called in this process
    after each photo, e.g. a progress bar's `update`. Any other exception stops the whole batch."""
    unique = list(dict.fromkeys(Path(p) for p in paths))
    work = partial(_one, widths=tuple(widths), cache=Path(cache), og=og)
    outcomes: dict[Path, Outcome] = {}
    if jobs <= 1 or len(unique) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for path in unique:
            outcomes[path] = work(path)
            if progress:
                progress()
        return outcomes
    pool = multiprocessing.get_context("fork").Pool(min(jobs, len(unique)), initializer=start_worker)
    try:
        # Unordered: a slow photo does not hold back the bar; results are put back in order below.
        for path, outcome in pool.imap_unordered(_tagged(work), unique, chunksize=1):
            outcomes[path] = outcome
            if progress:
                progress()
        pool.close()
    finally:
        pool.terminate()  # on Ctrl-C or an error: stop the workers now, not at exit
        pool.join()
    return {path: outcomes[path] for path in unique}


def _one(path: Path, *, widths: tuple[int, ...], cache: Path, og: bool) -> Outcome:
    try:
        return process(path, widths, cache=cache, og=og)
    except ImageError as error:
        return error


class _tagged:  # noqa: N801 - a picklable closure: the worker returns the path with its outcome
    def __init__(self, work: Callable[[Path], Outcome]) -> None:
        self.work = work

    def __call__(self, path: Path) -> tuple[Path, Outcome]:
        return path, self.work(path)
