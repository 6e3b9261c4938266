"""The search stage's comparison of the articles with its state, kept between updates (search/scan.py).

Compared again from the last comparison (only the positions holding other objects), it must find
exactly what comparing everything finds: the same changed articles in the same order, the same
removed, outdated and newer documents; and it must not take effect for another state or thumbnails.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st
from tintuc.search import scan
from tintuc.search.state import DocState, State


@dataclass(frozen=True)
class Item:  # what compare reads of an Article: its path (and, through `fp`, its fingerprint)
    path: str
    text: str


def fp(item: Item) -> str:
    return f"fp:{item.text}"


def settle(state: State, items: list[Item], base: bool) -> None:
    """Bring `state` in step with `items`, as an update does (and, `base`, as a fresh index's base)."""
    state.docs = {i.path: DocState(n, fp(i), (1, 1), None, ()) for n, i in enumerate(items)}
    if base:
        state.base = {i.path: (n, fp(i)) for n, i in enumerate(items)}


def summary(c: scan.Comparison) -> tuple[object, ...]:
    return ([a.path for a in c.changed], c.removed, c.outdated_in_order(), c.newer_in_order(),
            {url: v[1] for url, v in c.current.items()})


def edited(items: list[Item], rng: random.Random, edits: int) -> list[Item]:
    """A copy of `items` with some replaced by new objects: the same text, other text, the text back as the
    base has it, or another path."""
    out = list(items)
    for _ in range(edits):
        at = rng.randrange(len(out))
        kind = rng.choice(["same", "text", "back", "path"])
        old = out[at]
        out[at] = Item(old.path, old.text) if kind == "same" else \
            Item(old.path, old.text + "*") if kind == "text" else \
            Item(old.path, old.text.rstrip("*")) if kind == "back" else Item(f"{old.path}~{rng.random():.6f}", old.text)
    return out


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 40), st.integers(1, 4))
def test_compared_again_finds_what_comparing_everything_finds(seed: int, size: int, rounds: int) -> None:
    rng = random.Random(seed)
    items = [Item(f"a/{n:03d}/", f"t{n}") for n in range(size)]
    state = State()
    settle(state, items, base=True)
    thumbs: dict = {}
    kept = scan.compare(tuple(items), thumbs, state, fp, None).settled(state)
    for _ in range(rounds):
        items = edited(items, rng, rng.randint(1, 5))
        again = scan.compare(tuple(items), thumbs, state, fp, kept)
        everything = scan.compare(tuple(items), thumbs, state, fp, None)
        assert summary(again) == summary(everything)
        settle(state, items, base=False)  # the update indexed the changes into the delta; the base stays
        kept = again.settled(state)


def kept_comparison(size: int) -> tuple[list[Item], State, dict, scan.Comparison]:
    """Articles, the state an update left, its thumbnails and the comparison it kept."""
    items = [Item(f"a/{n}/", "x") for n in range(size)]
    state = State()
    settle(state, items, base=True)
    thumbs: dict = {}
    return items, state, thumbs, scan.compare(tuple(items), thumbs, state, fp, None).settled(state)


class Counting:
    """A fingerprint function that notes what it is asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, item: Item) -> str:
        self.asked.append(item.path)
        return fp(item)


def test_only_the_differing_positions_are_fingerprinted_again() -> None:
    items, state, thumbs, kept = kept_comparison(500)
    counting = Counting()
    items[7] = Item("a/7/", "y")
    again = scan.compare(tuple(items), thumbs, state, counting, kept)
    assert counting.asked == ["a/7/"]
    assert [a.path for a in again.changed] == ["a/7/"] and again.outdated == {"a/7/"}


def test_another_state_or_other_thumbnails_compare_everything() -> None:
    items, state, thumbs, kept = kept_comparison(20)
    reloaded = State()
    settle(reloaded, items, base=True)
    for args, asked in (((tuple(items), thumbs, reloaded), 20),  # a state read again: nothing taken from `kept`
                        ((tuple(items), {}, state), 20),  # other thumbnails: every fingerprint may differ
                        ((tuple(items[:-1]), thumbs, state), 19)):  # another length: positions no longer line up
        counting = Counting()
        scan.compare(*args, counting, kept)
        assert len(counting.asked) == asked
