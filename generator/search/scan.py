"""Which articles the search stage must index again, and which base documents the delta replaces.

An update compares every article with the saved state (state.py): its fingerprint against the
document's (changed, removed), and against the base's, the term shards' (outdated, newer: what the
delta carries). At 100,000 articles those passes cost ~0.45 s, each time the dev server saved an edit.

A long-lived stage keeps the comparison (Comparison) and, at the next update, compares again only the
articles that are not the very objects it saw last time. Those are found by identity, in C
(map(operator.is_not) over the two sequences), so nothing is taken on the caller's word: an edit
swaps a few new Article objects into the previous model (patch.swapped) and shares the rest. A
comparison is used again only with the same State object it was made against, which the stage keeps
only after an update that completed (stage._keep); anything else — another length, other thumbnails,
a reloaded state, many positions differing — compares everything, as a first build does.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Article
from .documents import Thumb
from .state import State

# Past this many articles that are not the objects seen last time, comparing everything costs no more.
INCREMENTAL_MAX = 1_000


@dataclass(slots=True)
class Comparison:
    """The articles of an update against the state it left (updated in place by `compare`)."""

    state: State  # the object this comparison was made against (and that the update then brought in step)
    articles: Sequence[Article]
    thumbs: Mapping[str, Thumb]
    current: dict[str, tuple[Article, str]]  # path -> (article, search fingerprint)
    outdated: set[str]  # base documents whose article changed or went
    newer: dict[str, int]  # articles the base does not hold -> their position in `articles`
    changed: list[Article]  # to be indexed again by this update
    removed: list[str]  # documents to drop, sorted

    def outdated_in_order(self) -> list[str]:
        """`outdated` in the base's order (its ids': stage._fresh numbers the base in document order)."""
        return sorted(self.outdated, key=lambda url: self.state.base[url][0])

    def newer_in_order(self) -> list[str]:
        return sorted(self.newer, key=self.newer.__getitem__)

    def settled(self, state: State) -> Comparison:
        """This comparison after its update brought `state` in step with the articles (a fresh base: every
        article in the base as it is now, nothing outdated or newer)."""
        fresh = state is not self.state
        return Comparison(state, self.articles, self.thumbs, self.current, set() if fresh else self.outdated,
                          {} if fresh else self.newer, [], [])


Fingerprint = Callable[[Article], str]


def compare(articles: Sequence[Article], thumbs: Mapping[str, Thumb], state: State, fingerprint: Fingerprint,
            previous: Comparison | None) -> Comparison:
    """The comparison of `articles` with `state`; from `previous` where it was made against this very state."""
    if previous is not None and previous.state is state and previous.thumbs is thumbs \
            and len(previous.articles) == len(articles):
        differing = list(itertools.compress(range(len(articles)), map(operator.is_not, articles, previous.articles)))
        if len(differing) <= INCREMENTAL_MAX:
            return _again(previous, articles, differing, fingerprint)
    return _everything(articles, thumbs, state, fingerprint)


def _everything(articles: Sequence[Article], thumbs: Mapping[str, Thumb], state: State,
                fingerprint: Fingerprint) -> Comparison:
    current = {a.path: (a, fingerprint(a)) for a in articles}
    changed = [a for url, (a, fp) in current.items() if url not in state.docs or state.docs[url].fingerprint != fp]
    removed = sorted(state.docs.keys() - current.keys())
    outdated = {url for url in state.base if _outdated(state, url, current)}
    newer = {url: at for at, url in enumerate(current) if url not in state.base} \
        if current.keys() != state.base.keys() else {}
    return Comparison(state, articles, thumbs, current, outdated, newer, changed, removed)


def _again(previous: Comparison, articles: Sequence[Article], differing: list[int],
           fingerprint: Fingerprint) -> Comparison:
    """`previous` brought up to date: only the positions in `differing` hold other objects than it saw."""
    state, current = previous.state, previous.current
    gone = {previous.articles[at].path for at in differing}
    came = {articles[at].path: at for at in differing}
    for url in gone - came.keys():
        del current[url]
    for url, at in came.items():
        current[url] = (articles[at], fingerprint(articles[at]))
    changed = [current[url][0] for url in came
               if url not in state.docs or state.docs[url].fingerprint != current[url][1]]
    removed = sorted(url for url in gone - came.keys() if url in state.docs)
    outdated, newer = previous.outdated, previous.newer
    for url in gone | came.keys():
        if url in state.base and _outdated(state, url, current):
            outdated.add(url)
        else:
            outdated.discard(url)
        newer.pop(url, None)
        if url not in state.base and url in came:
            newer[url] = came[url]
    return Comparison(state, articles, previous.thumbs, current, outdated, newer, changed, removed)


def _outdated(state: State, url: str, current: dict[str, tuple[Article, str]]) -> bool:
    """Whether the base's document of `url` no longer stands: the article went or changed, or its document
    took another id (an article deleted and restored before stage.py gave it its base id back)."""
    base_id, base_fp = state.base[url]
    doc = state.docs.get(url)
    return url not in current or current[url][1] != base_fp or (doc is not None and doc.id != base_id)
