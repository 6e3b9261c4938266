"""The compact encodings of the compiled index (format 4, docs/search-format.md), written by Python and read
by search-engine.js (decoded in search-format.js): counts and ids as characters, id chunks, and the delta's
documents placed among the base's in the ranking's tie-break order. The JavaScript side runs in node, as the
browser runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import cmp_to_key

import pytest
from tintuc.search import compiler, docfiles
from tintuc.search.documents import order_key
from whoosh.util.numeric import byte_to_length, length_to_byte

from tests.conftest import REPO

ENGINE = REPO / "themes" / "default" / "static" / "js" / "search-engine.js"
needs_node = pytest.mark.skipif(shutil.which("node") is None and not os.environ.get("CI"),
                                reason="needs node to run the JavaScript engine")


def run_engine(script: str, data: object) -> object:
    """Run `script` (an async function body with `engine` and `data` in scope) in node; its result."""
    program = (f"const engine = await import({json.dumps(ENGINE.as_uri())});\n"
               "let text = ''; for await (const chunk of process.stdin) text += chunk;\n"
               f"const data = JSON.parse(text);\nconst result = await (async () => {{ {script} }})();\n"
               "process.stdout.write(JSON.stringify(result));")
    done = subprocess.run(["node", "--no-warnings", "--input-type=module", "-e", program], input=json.dumps(data),
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# Counts around every edge: one character each, '\\' (JSON escapes it), the table's end, the surrogates
# (skipped), the end of the Basic Multilingual Plane (two UTF-16 units in JavaScript).
COUNTS = [1, 2, 45, 46, 1023, 1024, 0xD7D0, 0xD7D1, 0xDFFF, 0xF7D0, 0xF7D1, 123_456, 1_000_000]


@needs_node
def test_counts_and_ids_read_back_in_javascript() -> None:
    ids = [0, 1, 2, 9, 55_000, 55_001, 200_000, 1_200_000]
    written = json.dumps([compiler.count_string(COUNTS), compiler.id_string(ids), compiler.count_json(COUNTS)],
                         ensure_ascii=False)
    assert json.loads(written)[2] == compiler.count_json(COUNTS)  # the inside of a JSON string, as spill joins it
    read = run_engine("const [c, i, j] = data; return [Array.from(engine.counts(c)), Array.from(engine.postingIds(i)),"
                      " Array.from(engine.counts(JSON.parse('\"' + j + '\"')))];", json.loads(written))
    assert read == [COUNTS, ids, COUNTS]


def test_counts_out_of_range_are_an_error_not_a_wrong_index() -> None:
    assert len(compiler.count_string(COUNTS)) == len(COUNTS)  # one code point each
    for bad in (0, -1, 0x10FFFF):
        with pytest.raises(ValueError, match="positions"):
            compiler.count_string([bad])


@needs_node
def test_an_id_chunk_reads_back_in_javascript() -> None:
    """Body lengths as Whoosh's bytes, pair lengths by difference; an empty body, a gap, a long body."""
    start = 2 * compiler.CHUNK
    docs = {start: (12, 900), start + 1: (1, 0), start + 2: (30, 120_000), start + 4: (7, 333), start + 5: (0, 5),
            start + 6: (9, 64), start + 7: (2, 2)}
    stop = start + 8
    dirs = ["dd.a.json", None]
    chunk = docfiles.chunk_file(start, stop, docs, dirs)
    assert chunk is not None and chunk.name.startswith("l.")
    manifest = {"chunk": compiler.CHUNK, "wordFields": 2, "lengthOfByte": compiler.LENGTH_OF_BYTE,
                "fields": ["title", "body", "title_pairs", "body_pairs"], "size": stop, "inline": [0, 2],
                "chunks": [None, None, chunk.name]}
    read = run_engine("""
      const index = Object.create(engine.SearchIndex.prototype);
      index.manifest = data.manifest;
      index.lengths = data.manifest.fields.map(() => new Int32Array(data.manifest.size));
      index.chunks = new Map();
      index.fetchJSON = async (name) => (name === data.manifest.chunks[2] ? data.chunk : null);
      const dirs = await index.chunk(2);
      return { dirs, lengths: data.ids.map((id) => index.lengths.map((field) => field[id])) };""",
                      {"manifest": manifest, "chunk": json.loads(chunk.data), "ids": sorted(docs)})
    assert read["dirs"] == dirs

    def quantized(n: int) -> int:
        return byte_to_length(length_to_byte(n)) if n else 0

    # The title's lengths are not in the chunk: they travel with the title's postings (INLINE_FIELDS).
    assert read["lengths"] == [[0, quantized(b), 0, quantized(max(b - 1, 0))] for _, b in map(docs.get, sorted(docs))]
    assert docfiles.chunk_file(start, stop, {}, dirs) is None  # no document: no file


@needs_node
def test_days_read_back_in_javascript_with_the_delta_over_them() -> None:
    """Base days step down (newest first), undated last; a delta's documents bring their own days."""
    base = [19_500, 19_500, 19_499, 18_000, 3, 0, None, None]
    order = [[2, 1, 20_000], [9, 3, None], [8, 5, 0]]
    file = docfiles.days_file(base)
    manifest = {"days": file.name, "size": 10}
    read = run_engine("""
      const index = Object.create(engine.SearchIndex.prototype);
      index.manifest = data.manifest;
      index.order = data.order;
      index.fetchJSON = async () => data.days;
      return Array.from(await index.days(), (d) => (Number.isNaN(d) ? null : d));""",
                      {"manifest": manifest, "order": order, "days": json.loads(file.data)})
    assert read == [19_500, 19_500, 20_000, 18_000, 3, 0, None, None, 0, None]
    assert json.loads(docfiles.days_file([None, None]).data) == [None, "  "]


DAYS = [19_000, 19_000, 18_500, None, 19_200, 19_000, None]


@needs_node
def test_the_delta_places_its_documents_where_the_ranking_puts_them() -> None:
    """Base ids follow order_key; delta documents (edited: same id, new: new ids) fall in between, before
    all, after all, on equal days (then by URL), undated; the browser's rank orders them all alike."""
    base_docs = sorted(((day, f"{year}/bai-{n}/") for n, (day, year) in enumerate(zip(DAYS, range(2015, 2022),
                                                                                   strict=True))),
                       key=lambda d: order_key(*d))
    base = [(order_key(day, url), at) for at, (day, url) in enumerate(base_docs)]
    replaced = {1, 4}
    live_base = [entry for entry in base if entry[1] not in replaced]
    delta_docs = {1: (18_500, "2000/a/"), 4: (None, "0000/khong-ngay/"), 7: (19_300, "2030/moi-nhat/"),
                  8: (19_000, "2016/bai-1/x"), 9: (19_000, "0000/cung-ngay/"), 10: (10, "1970/cu/"),
                  11: (19_000, "2016/bai-1/y")}
    delta = [(order_key(day, url), doc_id) for doc_id, (day, url) in delta_docs.items()]
    key_of = dict((doc_id, key) for key, doc_id in live_base).__getitem__
    order = docfiles.delta_order([doc_id for _, doc_id in live_base], key_of, len(base), delta)
    keys = {doc_id: key for key, doc_id in live_base + delta}
    expected = sorted(keys, key=keys.__getitem__)
    assert [doc_id for doc_id, _ in order] == [doc_id for doc_id in expected if doc_id in delta_docs]
    ranked = run_engine("const rank = engine.ranks(data.order); return data.ids.map(rank);",
                        {"order": [list(o) for o in order], "ids": list(keys)})
    by_rank = dict(zip(keys, ranked, strict=True))
    assert sorted(keys, key=cmp_to_key(lambda a, b: by_rank[a] - by_rank[b])) == expected
    assert len(set(ranked)) == len(ranked)


def test_the_delta_is_split_into_term_shards_by_key() -> None:
    """Format 6: the delta file names its term shards; each holds whole groups (a key's terms), in key order,
    and together they are every group's rows (a query fetches only the shards of its keys)."""
    words = [f"từ{n:04d}" for n in range(600)] + ["hội", "hỏi", "hối"]  # three terms of one key: `hoi`
    postings = {(field, word): compiler.Postings([1, 5], [[n], [n, n + 3]])
                for n, word in enumerate(words) for field in (0, 1)}
    lengths = {1: (5, 90, 4, 89), 5: (7, 120, 6, 119)}
    head, shards = compiler.delta_files([3], postings, {term: 2 for term in postings}, [(1, 0, None), (5, 2, 19000)],
                                        lengths)
    data = json.loads(head.data)
    assert data["replaced"] == [3] and data["order"] == [[1, 0, None], [5, 2, 19000]]
    assert len(shards) >= 3 and [name for _, name in data["shards"]] == [s.name for s in shards]
    parts = [json.loads(s.data) for s in shards]
    firsts = [key for key, _ in data["shards"]]
    assert firsts == sorted(firsts) and firsts == [next(iter(part)) for part in parts]
    keys = [key for part in parts for key in part]
    assert keys == sorted(compiler.groups(postings))  # every group once, in order, never split
    assert {row[1] for row in next(part for part in parts if "hoi" in part)["hoi"]} == {"hội", "hỏi", "hối"}
    assert all(len(s.data) <= compiler.SHARD_TARGET + 2_000 for s in shards)


def test_words_are_inverted_with_positions_and_pairs_with_counts() -> None:
    """compiler.invert: the word fields' positions; the pair fields' counts (a pair is never in a phrase)."""
    docs = [(0, ["hội", "nghị", "hội"], ["đại"], ["_hội_nghị", "_nghị_hội"], ["_x_y"] * 3),
            (4, ["nghị"], [], ["_hội_nghị", "_hội_nghị"], [])]
    postings = compiler.invert(docs)
    assert postings[0, "hội"] == compiler.Postings([0], [[0, 2]])
    assert postings[0, "nghị"] == compiler.Postings([0, 4], [[1], [0]])
    assert postings[2, "_hội_nghị"].ids == [0, 4] and list(map(len, postings[2, "_hội_nghị"].positions)) == [1, 2]
    assert list(map(len, postings[3, "_x_y"].positions)) == [3]
    assert set(postings) == {(0, "hội"), (0, "nghị"), (1, "đại"), (2, "_hội_nghị"), (2, "_nghị_hội"), (3, "_x_y")}
