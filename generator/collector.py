"""Python's cyclic garbage collector, kept off the data a build makes to keep.

A build makes millions of long-lived objects (at 100,000 articles: the cached articles, the site's
model, the search state, 154,000 planned pages, the output's record) and almost no reference cycles
while it makes them. The collector does not know that: its full passes, which allocations trigger
each time the heap has grown by a quarter, walk every object again and again. Measured on a one-edit
`tintuc build` of 100,000 articles, three runs each, interleaved: 35.8 / 34.7 / 33.9 s with the
collector, 21.5 / 21.9 / 21.0 s paused (a cold build of 10,000: median 41.3 → 36.8 s; BENCHMARKS.md).
So the collector is paused for a build (`paused`), and runs only where cyclic garbage is made in
quantity, rendering pages with Jinja2 (`running`), with what exists by then moved out of its sight;
pool workers turn it back on for themselves (parallel.start_worker). Nothing of a build may hold the
Builder in a cycle, or a dropped builder would keep its build lock until the collector runs again
(whoosh_index._Storage; tests/test_trust_output.py).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No collection in the block; the collector as it was afterwards (nested blocks keep it off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def running() -> Iterator[None]:
    """Inside `paused`: collect in the block, but only what the block makes. What exists when it starts is
    frozen (gc.freeze) for the block, so that no pass walks the build's data; unfrozen afterwards."""
    if gc.isenabled():  # not paused: nothing to do
        yield
        return
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        gc.disable()
        gc.unfreeze()

