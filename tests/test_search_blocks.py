"""A fresh search index written block by block (stage._fresh, spill.py): the same files whatever the block
size, the same Whoosh postings, and edits that never merge the blocks' segments."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from tintuc.build import Builder
from tintuc.search import compiler, spill, stage, whoosh_index
from tintuc.search import state as state_module
from tintuc.search.analysis import PAIR_MARK, pairs
from tintuc.search.searcher import search
from whoosh import index

from tests.conftest import Project, article

TOPICS = ("Hội nghị tổng kết công tác phòng chống dịch bệnh", "Tiêm chủng vắc xin cho trẻ em vùng cao",
          "Bầu cử đại biểu Hội đồng nhân dân xã", "Hoà giải ở cơ sở, hòa hợp cộng đồng")


@pytest.fixture
def archive(project: Project) -> Project:
    for n in range(23):
        topic = TOPICS[n % len(TOPICS)]
        body = f"{topic}. Bài số {n}: huyện Đắk Song triển khai {topic.lower()} tại {n + 2} xã, thôn bản."
        project.add(f"2022/bai-{n:02d}.md", article(f"{topic} (lần {n})", f"2022-03-{n % 28 + 1:02d}", body,
                                                    tags="[Y tế]" if n % 2 else "[Bầu cử]"))
    return project


def search_files(project: Project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project.public / "search").iterdir()) if p.suffix == ".json"}


def whoosh_postings(folder: Path) -> dict[tuple[str, bytes], list[tuple[str, bytes]]]:
    """Every term's postings as (url, encoded value), whatever segment holds them."""
    ix = index.open_dir(folder, schema=whoosh_index.schema())
    out: dict[tuple[str, bytes], list[tuple[str, bytes]]] = {}
    with ix.searcher() as searcher:
        urls = {docnum: fields["url"] for docnum, fields in searcher.iter_docs()}
        reader = searcher.reader()
        for name in whoosh_index.TEXT_FIELDS:
            for term, _ in reader.iter_field(name):
                matcher, found = reader.postings(name, term), []
                while matcher.is_active():
                    found.append((urls[matcher.id()], matcher.value()))
                    matcher.next()
                out[name, term] = sorted(found)
    return out


def test_the_block_size_changes_no_compiled_file_and_no_posting(archive: Project,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    Builder(archive.config(), jobs=2).build()
    one_block = search_files(archive)
    whoosh = archive.root / ".tintuc-cache" / "search" / "whoosh"
    single = whoosh_postings(whoosh)
    assert len(index.open_dir(whoosh)._segments()) == 1

    shutil.rmtree(archive.root / ".tintuc-cache")
    monkeypatch.setattr(stage, "BLOCK", 4)  # 23 documents: six blocks of 3-4, a segment and a run each
    for jobs in (2, 1):  # written by forked processes, and in the build's own process
        shutil.rmtree(archive.root / ".tintuc-cache", ignore_errors=True)
        Builder(archive.config(), jobs=jobs).build()
        assert search_files(archive) == one_block
        assert len(index.open_dir(whoosh)._segments()) == 6
        assert whoosh_postings(whoosh) == single
        assert not (archive.root / ".tintuc-cache" / "search" / "runs").exists()  # the runs are removed


def test_an_edit_merges_no_block_segment(archive: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whoosh's own policy would merge every one of these small segments at the first edit's commit.
    monkeypatch.setattr(stage, "BLOCK", 1)
    monkeypatch.setattr(whoosh_index, "SMALL_SEGMENT", 1)
    log: list[str] = []
    builder = Builder(archive.config(), jobs=2, log=log.append)
    builder.build()
    whoosh = archive.root / ".tintuc-cache" / "search" / "whoosh"
    assert len(index.open_dir(whoosh)._segments()) == 23
    archive.add("2022/bai-05.md", article("Tin sửa lại", "2022-03-06", "Nội dung đã sửa về nước sạch."))
    log.clear()
    builder.build()
    segments = index.open_dir(whoosh)._segments()
    assert len(segments) == 24 and sum(s.doc_count_all() for s in segments) == 24  # the old version is deleted
    assert [line for line in log if "search index" in line][0].startswith("search index: 1 analysed:"), log


def test_runs_merge_into_the_shards_of_the_whole_inversion(tmp_path: Path) -> None:
    """Merged runs give, byte for byte, the term shards the whole inversion gives as plain JSON."""
    words = ["hội", "nghị", "y", "tế", "hoà", "hòa", "bản", "tin", "bạn", "bàn", "bản", "đắk"]
    docs = [(i, words[i % 5:i % 5 + 3], words[i % 3:], pairs(words[i % 5:i % 5 + 3]), pairs(words[i % 3:]))
            for i in range(9)]
    whole = compiler.invert(docs)
    lengths = {i: tuple(map(len, fields)) for i, *fields in docs}
    paths = []
    for k, (first, end) in enumerate(((0, 4), (4, 5), (5, 9))):
        paths.append(tmp_path / f"{k}.run")
        spill.write_run(paths[-1], compiler.invert(docs[first:end]), lengths)
    shards = list(compiler.term_shards(spill.merged(paths)))
    assert len(shards) == 1
    _, terms, positions = shards[0]
    grouped = compiler.groups(whole)
    assert json.loads(terms.data) == {
        key: [[f, t, len(whole[f, t].ids), compiler.id_string(whole[f, t].ids),
               compiler.count_string(map(len, whole[f, t].positions))]
              + ([compiler.count_string(compiler.length_byte(lengths[i][f]) + 1 for i in whole[f, t].ids)]
                 if f in compiler.INLINE_FIELDS else [])
              for f, t in members] for key, members in grouped.items()}
    assert json.loads(positions.data) == {key: [p for term in members for p in whole[term].positions]
                                          for key, members in grouped.items() if not key.startswith(PAIR_MARK)}
    assert {key for key in grouped if key.startswith(PAIR_MARK)} and "hoa" in grouped and len(grouped["hoa"]) == 4
    one = tmp_path / "one.run"
    spill.write_run(one, whole, lengths)
    assert list(compiler.term_shards(spill.merged([one]))) == shards
    assert list(spill.merged([])) == []


def test_a_long_lived_stage_keeps_its_state_while_the_file_is_as_it_wrote_it(archive: Project,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    builder = Builder(archive.config())  # as the dev server keeps one
    builder.build()
    loads: list[int] = []
    real = state_module.load_state
    monkeypatch.setattr(state_module, "load_state", lambda data: loads.append(1) or real(data))
    path = archive.root / "content" / "2022" / "bai-03.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm câu về nước sạch.\n", encoding="utf-8")
    builder.build()
    assert loads == []  # the state saved by the last build, not read again
    state = archive.root / ".tintuc-cache" / "search" / "state.json"
    os.utime(state, ns=(1, 1))  # changed by someone else: read again
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm câu về vệ sinh.\n", encoding="utf-8")
    builder.build()
    assert loads == [1]
    hits = search(archive.root / ".tintuc-cache" / "search" / "whoosh", '"vệ sinh"').hits
    assert len(hits) == 1 and hits[0].url.rstrip("/").endswith("lan-3")  # the edit is found


def test_edits_segments_wait_to_be_merged(archive: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A merge drops deleted documents and so needs a new base (a full re-index): it waits for many edits."""
    log: list[str] = []
    builder = Builder(archive.config(), log=log.append)
    builder.build()
    path = archive.root / "content" / "2022" / "bai-07.md"
    for n in range(6):
        path.write_text(path.read_text(encoding="utf-8") + f"\nCâu thêm số {n}.\n", encoding="utf-8")
        builder.build()
    whoosh = archive.root / ".tintuc-cache" / "search" / "whoosh"
    assert len(index.open_dir(whoosh)._segments()) == 7  # the first build's and one per edit, none merged
    assert sum("term shards written" in line for line in log) == 1  # only the first build wrote a base
    monkeypatch.setattr(whoosh_index, "SMALL_SEGMENTS_KEPT", 5)  # past the limit, Whoosh's own policy merges
    path.write_text(path.read_text(encoding="utf-8") + "\nCâu cuối.\n", encoding="utf-8")
    builder.build()
    assert len(index.open_dir(whoosh)._segments()) < 8


@pytest.mark.parametrize(("count", "jobs", "sizes"), [
    (23, 2, [23]),  # two blocks would be small segments (merged at the next edit): one
    (999, 2, [999]),
    (1000, 2, [500, 500]),  # was one block: one core idle for the whole stage
    (1000, 4, [500, 500]),  # four would be small
    (10_000, 2, [1666, 1667, 1667] * 2),  # was five blocks of 2,000: the fifth alone on two cores
    (10_000, 4, [1250] * 8),
    (10_000, 1, [2000] * 5),
    (100_000, 2, [2000] * 50),
])
def test_blocks_keep_every_process_busy_to_the_end(count: int, jobs: int, sizes: list[int]) -> None:
    blocks = stage._blocks(count, jobs)
    assert [end - first for first, end in blocks] == sizes
    assert blocks[0][0] == 0 and blocks[-1][1] == count
    assert all(a[1] == b[0] for a, b in zip(blocks, blocks[1:], strict=False))  # contiguous
