"""A first build's Whoosh index, written from the build's own inversion (generator/search/whoosh_bulk.py),
must be the index Whoosh's own writer makes of the same documents: every term, posting, weight,
position, length statistic and stored field."""

from __future__ import annotations

import io
import os
import pickle
import random
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from tintuc.errors import BuildFailed
from tintuc.search import compiler, whoosh_bulk, whoosh_index
from tintuc.search.analysis import exact_terms, pairs
from tintuc.search.whoosh_index import TEXT_FIELDS, IndexedDoc
from whoosh import index

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
        title_terms, body_terms = exact_terms(title), exact_terms(body)
        docs.append(IndexedDoc(f"bai/{n:04d}/", " ".join(title_terms), " ".join(body_terms),
                               " ".join(pairs(title_terms)), " ".join(pairs(body_terms)), title, tags, year,
                               None if year is None else 18000 + n, pick.choice(("", "Tác giả")),
                               "" if year is None else f"01/01/{year}", body[:40]))
    return docs


def contents(folder: Path) -> list[dict[str, Any]]:
    """Everything a search reads from an index, segment by segment, through Whoosh's readers."""
    ix = index.open_dir(folder)
    with ix.reader() as top:
        return [_segment_contents(reader, ix.schema.names()) for reader, _ in top.leaf_readers()]


def _segment_contents(reader: Any, names: list[str]) -> dict[str, Any]:
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
            "field lengths": {name: reader.field_length(name) for name in names},
            "stored": [reader.stored_fields(i) for i in range(count)],
            "lengths": [[reader.doc_field_length(i, name) for name in TEXT_FIELDS] for i in range(count)]}


def posting_blocks(folder: Path) -> list[list[tuple[Any, Any]]]:
    """Each segment's posting blocks as Whoosh 3 writes them (W3PostingsWriter._write_block): a header
    'W3Bl' before a term's first block, the block's length (negative for a term's last), the pickled block
    info, then the pickled (and zlib-compressed) ids, weights and values."""
    ix = index.open_dir(folder)
    found = []
    for segment in ix._segments():
        storage = segment.open_compound_file(ix.storage) if segment.is_compound() else ix.storage
        with segment.open_file(storage, ".pst") as file:
            data = file.read()
        if storage is not ix.storage:
            storage.close()
        blocks, at = [], 0
        while at < len(data):
            at += 4 if data[at:at + 4] == b"W3Bl" else 0
            (length,) = struct.unpack(">i", data[at:at + 4])
            raw = io.BytesIO(data[at + 4:at + 4 + abs(length)])
            info = pickle.Unpickler(raw).load()
            rest = raw.read()
            blocks.append((info, pickle.loads(zlib.decompress(rest) if info[3] else rest)))
            at += 4 + abs(length)
        found.append(blocks)
    return found


def whoosh_writes(folder: Path, docs: list[IndexedDoc], parts: int) -> None:
    """The reference: Whoosh's own writer, one commit (one segment) per range of documents."""
    ix, _ = whoosh_index.open_index(folder)
    for k in range(parts):
        writer = ix.writer()
        for doc in docs[len(docs) * k // parts:len(docs) * (k + 1) // parts]:
            writer.add_document(**doc.fields())
        writer.commit(merge=False)


def bulk(folder: Path, docs: list[IndexedDoc], jobs: int) -> whoosh_bulk.BulkWriter:
    ix, _ = whoosh_index.open_index(folder)
    split = [(d.title_terms.split(), d.body_terms.split(), d.title_pairs.split(), d.body_pairs.split()) for d in docs]
    postings = compiler.invert((i, *fields) for i, fields in enumerate(split))
    return whoosh_bulk.write(ix, docs, postings, [tuple(map(len, fields)) for fields in split], jobs=jobs)


@pytest.mark.parametrize(("count", "jobs"), [(300, 1), (60, 3)])
def test_the_bulk_segments_are_the_segments_whoosh_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          count: int, jobs: int) -> None:
    # 300 documents in one segment: terms with several blocks of postings (Whoosh writes 128 a block);
    # 60 in three forked writers (the threshold lowered), compared segment by segment.
    monkeypatch.setattr(whoosh_bulk, "PARALLEL_THRESHOLD", 20)
    docs = documents(count)
    whoosh_writes(tmp_path / "whoosh", docs, jobs)
    bulk(tmp_path / "bulk", docs, jobs).commit()
    expected, written = contents(tmp_path / "whoosh"), contents(tmp_path / "bulk")
    assert len(written) == len(expected) == jobs
    assert sum(segment["count"][0] for segment in written) == count
    if jobs == 1:
        assert max(len(postings) for *_, postings in written[0]["terms"].values()) > 128
    for mine, theirs in zip(written, expected, strict=True):
        assert mine["terms"].keys() == theirs["terms"].keys()
        for term, value in theirs["terms"].items():
            assert mine["terms"][term] == value, term
        for key in ("count", "field lengths", "stored", "lengths"):
            assert mine[key] == theirs[key], key
    assert not list((tmp_path / "bulk").glob("*.tmp"))  # Whoosh's temporary folder is gone
    # And block by block: each posting block's skip statistics (count, last id, highest weight, shortest
    # and longest document) and contents. (Not byte for byte: pickle shares a repeated value's bytes.)
    assert posting_blocks(tmp_path / "bulk") == posting_blocks(tmp_path / "whoosh")


def test_no_documents_make_an_empty_index(tmp_path: Path) -> None:
    bulk(tmp_path / "bulk", [], 2).commit()
    ix = index.open_dir(tmp_path / "bulk")
    assert ix.doc_count_all() == 0 and ix._segments() == []  # as Whoosh's writer: no empty segment


def _raises(self: Any, doc: IndexedDoc) -> None:
    raise ValueError(f"cannot index {doc.url}")


@pytest.mark.parametrize(("failure", "message"), [(_raises, "cannot index bai/0000/"),
                                                  (lambda self, doc: os._exit(3), "ended with code 3")],
                         ids=["raises", "dies"])
def test_a_failed_segment_writer_leaves_the_index_empty_and_unlocked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Any, message: str) -> None:
    monkeypatch.setattr(whoosh_bulk, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setattr(whoosh_bulk._Writer, "add_pre_inverted", failure)
    pending = bulk(tmp_path / "bulk", documents(40), 2)
    with pytest.raises(RuntimeError, match=message):
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
