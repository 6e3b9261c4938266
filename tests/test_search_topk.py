"""The engine orders only the results it is asked for (issue 18): `Results` (search-rank.js, re-exported by
search-engine.js) selects the best k of 100,000 hits instead of sorting them all. It must give exactly the order a full
sort gives (the one searcher.py gives: score rounded to 10 significant digits, then the tie-break rank; by date,
the day first), for the first page, for the pages after it and for all, with ties and near-ties of every kind.
The JavaScript side runs in node (as in test_search_format.py); the last test runs the page's engine in Chromium
against `tintuc search` for the second page."""

from __future__ import annotations

import math
import random

import pytest
from playwright.sync_api import Browser
from tintuc.search.searcher import ranked

from tests.test_search_browser import cli_search, open_search, synthetic  # noqa: F401 - a fixture
from tests.test_search_format import needs_node, run_engine

# Every page the tests read: the first, the next ones as "more results" asks for them, odd windows, all,
# and the slice forms an array allows (negative, past the end, empty).
WINDOWS = [(0, 10), (10, 20), (20, 30), (3, 7), (0, 1), (0, 45), (90, 130), (0, None), (-5, None), (7, 3),
           (500, 600)]

READ = """
const { ids, scores, ranks, days } = data;
const results = new engine.Results(Int32Array.from(ids), Float64Array.from(scores), (id) => ranks[id],
                                   days && Float64Array.from(days, (d) => (d === null ? -Infinity : d)));
const windows = data.windows.map(([a, b]) => results.slice(a, b ?? undefined).map((h) => [h.id, h.score]));
return { length: results.length, windows, mapped: results.map((h) => h.id), iterated: [...results].map((h) => h.id) };
"""


def reference(ids: list[int], scores: list[float], ranks: list[int], days: list[int | None] | None) -> list[int]:
    """Every hit fully sorted as searcher.py orders them (by date: newest first, undated last)."""
    def key(i: int) -> tuple[float, float, int]:
        day = -math.inf if days is None or days[i] is None else days[i]
        return (-day if days is not None else 0.0, -ranked(scores[i]), ranks[ids[i]])
    return [ids[i] for i in sorted(range(len(ids)), key=key)]


def archive(seed: int, n: int) -> dict:
    """`n` hits with few distinct scores: exact ties, ties only after rounding (the last bits of a sum),
    scores one unit of the 10th digit apart, and a spread of others; ids not in order, unique ranks."""
    rng = random.Random(seed)
    base = [1.234567891, 2.5, 7.0, 0.3333333333333333, 12.000000004, 12.000000006]
    scores = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.5:
            scores.append(rng.choice(base))
        elif kind < 0.7:
            scores.append(rng.choice(base) * (1 + rng.choice([1e-13, -1e-13, 3e-12])))  # equal once rounded
        elif kind < 0.8:
            scores.append(rng.choice([1.000000001, 1.000000002, 0.9999999999]))
        else:
            scores.append(rng.uniform(0.01, 20))
    ids = rng.sample(range(3 * n), n)
    ranks = rng.sample(range(10 * n), 3 * n)
    days = [rng.choice([None, 19_000, 19_001, 18_000, 20_000 + rng.randrange(5)]) for _ in range(n)]
    return {"ids": ids, "scores": scores, "ranks": ranks, "days": days}


@needs_node
@pytest.mark.parametrize("n", [0, 1, 9, 40, 2_000])
@pytest.mark.parametrize("by_date", [False, True])
def test_every_window_is_the_full_sort_window(n: int, by_date: bool) -> None:
    data = archive(n, n)
    if not by_date:
        data["days"] = None
    expected = reference(data["ids"], data["scores"], data["ranks"], data["days"])
    score_of = dict(zip(data["ids"], data["scores"], strict=True))
    read = run_engine(READ, {**data, "windows": WINDOWS})
    assert read["length"] == n
    for (start, end), window in zip(WINDOWS, read["windows"], strict=True):
        want = expected[start:end]
        assert [hit_id for hit_id, _ in window] == want, (start, end)
        assert [score for _, score in window] == [score_of[hit_id] for hit_id in want]  # the raw score, exact
    assert read["mapped"] == expected and read["iterated"] == expected


@needs_node
def test_pages_read_in_any_order_agree() -> None:
    """The selection grows as pages are read; a later page, then an earlier one, then one far on."""
    data = {**archive(7, 5_000), "days": None}
    expected = reference(data["ids"], data["scores"], data["ranks"], None)
    windows = [(30, 40), (0, 10), (10, 20), (1000, 1010), (40, 50), (4990, 5000)]
    read = run_engine("""
      const r = new engine.Results(Int32Array.from(data.ids), Float64Array.from(data.scores),
                                   (id) => data.ranks[id], null);
      return data.windows.map(([a, b]) => r.slice(a, b).map((h) => h.id));
    """, {**data, "windows": windows})
    assert read == [expected[a:b] for a, b in windows]


@needs_node
def test_every_hit_on_one_score_orders_by_rank_alone() -> None:
    n = 3_000
    rng = random.Random(3)
    data = {"ids": list(range(n)), "scores": [4.2] * n, "ranks": rng.sample(range(n), n), "days": None}
    read = run_engine(READ, {**data, "windows": WINDOWS})
    expected = sorted(range(n), key=data["ranks"].__getitem__)
    assert read["windows"][0] == [[i, 4.2] for i in expected[:10]]
    assert read["mapped"] == expected


def test_later_pages_and_the_count_are_whooshs(browser: Browser, synthetic: tuple) -> None:  # noqa: F811
    """In Chromium, on 1,000 synthetic articles: the first page, the second (as "more results" reads it) and
    one far on, by relevance and by date, equal `tintuc search`'s, with the same total."""
    root, url = synthetic
    page, problems = open_search(browser, url)
    script = """async ([text, options, windows]) => {
      const engine = await import(new URL("static/js/search-engine.js", document.baseURI.replace(/search\\/.*$/, "")));
      const index = new engine.SearchIndex(document.getElementById("search-form").dataset.manifest);
      const hits = await index.search(text, options);
      const shown = windows.flatMap(([a, b]) => hits.slice(a, b));
      const rows = await index.documents(shown.map((h) => h.id));
      return { total: hits.length, hits: shown.map((h) => [rows.get(h.id)[0], h.score]) };
    }"""
    windows = [(0, 10), (10, 20), (500, 510)]
    for text, options in [("hội nghị", {}), ("dai bieu ", {"sort": "date"}), ("y tế", {}), ("tiêm", {"year": 2021})]:
        python = cli_search(root, text, limit=510, **options)
        assert python["total"] > 20, text  # a second page, at least
        expected = [hit for a, b in windows for hit in python["hits"][a:b]]
        engine = page.evaluate(script, [text, options, windows])
        assert engine["total"] == python["total"], text
        assert ["/" + u for u, _ in engine["hits"]] == [h["url"] for h in expected], (text, options)
        for (_, score), hit in zip(engine["hits"], expected, strict=True):
            assert score == pytest.approx(hit["score"], rel=1e-6), text
    assert not problems
    page.close()
