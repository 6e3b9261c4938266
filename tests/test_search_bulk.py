"""A first build's Whoosh index, written from the build's own inversion (generator/search/whoosh_bulk.py),
must be the index Whoosh's own writer makes of the same documents: every term, posting, weight,
position, length statistic and stored field."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from whoosh import index

from generator.errors import BuildFailed
from generator.search import compiler, whoosh_bulk, whoosh_index
from generator.search.analysis import exact_terms
from generator.search.whoosh_index import IndexedDoc

WORDS = ("hội nghị đại biểu nhân dân tỉnh thanh hóa hoà bình sở y tế phòng chống dịch covid 19 bầu cử "
         "huyện xã bản bạn ban bàn tiêm chủng vắc xin 24 24 khoẻ khỏe đ đ đường").split()


def documents(count: int, seed: int = 7) -> list[IndexedDoc]:
    pick = random.Random(seed)
    docs = []
    for n in range(count):
        title = " ".join(pick.choices(WORDS, k=pick.randint(0, 6)))  # some titles are empty
        body = " ".join(pick.choices(WORDS, k=pick.choice((0, 1, 30, 300))))  # a word may recur often
        tags = tuple(sorted(set(pick.sample(["y-te", "bau-cu", "covid-19"], pick.randint(0, 2)))))
        year = pick.choice((None, 2020, 2021))
        docs.append(IndexedDoc(f"bai/{n:04d}/", " ".join(exact_terms(title)), " ".join(exact_terms(body)), title,
                               tags, year, None if year is None else 18000 + n, pick.choice(("", "Tác giả")),
                               "" if year is None else f"01/01/{year}", body[:40]))
    return docs


def contents(folder: Path) -> dict[str, Any]:
    """Everything a search reads from an index, through Whoosh's reader."""
    ix = index.open_dir(folder)
    with ix.reader() as reader:
        terms = {}
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            terms[fieldname, text] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                      info.max_weight(), postings)
        count = reader.doc_count_all()
        return {"count": (count, reader.doc_count()), "terms": terms,
                "field lengths": {name: reader.field_length(name) for name in ix.schema.names()},
                "stored": [reader.stored_fields(i) for i in range(count)],
                "lengths": [[reader.doc_field_length(i, name) for name in ("title", "body")] for i in range(count)]}


def bulk(folder: Path, docs: list[IndexedDoc], jobs: int) -> whoosh_bulk.PendingWrite:
    ix, _ = whoosh_index.open_index(folder)
    split = [(d.title_terms.split(), d.body_terms.split()) for d in docs]
    postings = compiler.invert((i, title, body) for i, (title, body) in enumerate(split))
    return whoosh_bulk.write(ix, docs, postings, [(len(t), len(b)) for t, b in split], jobs=jobs)


@pytest.mark.parametrize("jobs", [1, 3])
def test_the_bulk_segments_are_the_index_whoosh_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       jobs: int) -> None:
    monkeypatch.setattr(whoosh_bulk, "PARALLEL_THRESHOLD", 10)  # 3 forked segment writers for 40 documents
    docs = documents(40)
    ix, _ = whoosh_index.open_index(tmp_path / "whoosh")
    whoosh_index.update(ix, docs, [])
    bulk(tmp_path / "bulk", docs, jobs).commit()
    expected, written = contents(tmp_path / "whoosh"), contents(tmp_path / "bulk")
    assert len(index.open_dir(tmp_path / "bulk").reader().leaf_readers()) == jobs  # one segment per process
    assert written["count"] == expected["count"] == (40, 40)
    assert written["terms"].keys() == expected["terms"].keys()
    for term, value in expected["terms"].items():
        assert written["terms"][term] == value, term
    for key in ("field lengths", "stored", "lengths"):
        assert written[key] == expected[key], key
    assert not list((tmp_path / "bulk").glob("*.tmp"))  # Whoosh's temporary folder is gone


def test_a_failed_segment_writer_leaves_the_index_empty_and_unlocked(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whoosh_bulk, "PARALLEL_THRESHOLD", 10)

    def broken(self: Any, doc: IndexedDoc) -> None:
        raise ValueError(f"cannot index {doc.url}")
    monkeypatch.setattr(whoosh_bulk._Writer, "add_pre_inverted", broken)
    pending = bulk(tmp_path / "bulk", documents(40), 2)
    with pytest.raises(RuntimeError, match="cannot index bai/0000/"):
        pending.commit()
    ix = index.open_dir(tmp_path / "bulk")
    assert ix.doc_count_all() == 0
    ix.writer().cancel()  # the lock was released


def test_a_locked_index_fails_the_first_build_with_a_hint(tmp_path: Path) -> None:
    ix, _ = whoosh_index.open_index(tmp_path / "bulk")
    writer = ix.writer()  # another tintuc writing
    try:
        with pytest.raises(BuildFailed) as failure:
            bulk(tmp_path / "bulk", documents(5), 1)
    finally:
        writer.cancel()
    assert "another tintuc process" in failure.value.problems[0].message
