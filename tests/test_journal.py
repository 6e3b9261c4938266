"""Records kept as a base file plus a journal of changes (generator/journal.py), and the read cache on it."""

from __future__ import annotations

from pathlib import Path

from conftest import Project, article
from tintuc.build import Builder
from tintuc.journal import RowLog

HEADER = {"key": ["v1"]}


def rows(n: int) -> dict[str, list[int]]:
    return {f"bai-{i}.md": [i, i * 10] for i in range(n)}


def test_a_small_change_is_appended_and_read_back_over_the_base(tmp_path: Path) -> None:
    log = RowLog(tmp_path / "rows.json", HEADER)
    everything = rows(20)
    log.save({}, (), len(everything), lambda: everything)
    base = (tmp_path / "rows.json").read_bytes()
    everything = {**everything, "bai-3.md": [3, 99], "moi.md": [7, 7]}
    del everything["bai-5.md"]
    log.save({"bai-3.md": [3, 99], "moi.md": [7, 7]}, ["bai-5.md"], len(everything), lambda: everything)
    assert (tmp_path / "rows.json").read_bytes() == base  # one line in the journal instead
    assert (tmp_path / "rows.journal").is_file()
    assert RowLog(tmp_path / "rows.json", HEADER).load([]) == everything


def test_a_grown_journal_is_folded_into_a_new_base(tmp_path: Path) -> None:
    log = RowLog(tmp_path / "rows.json", HEADER)
    everything = rows(8)
    log.save({}, (), 8, lambda: everything)
    everything["bai-1.md"] = [1, 11]
    log.save({"bai-1.md": [1, 11]}, (), 8, lambda: everything)  # 1 change of 8: appended
    assert (tmp_path / "rows.journal").is_file()
    everything["bai-2.md"] = [2, 22]
    everything["bai-4.md"] = [4, 44]
    log.save({"bai-2.md": [2, 22], "bai-4.md": [4, 44]}, (), 8, lambda: everything)  # 3 of 8: a new base
    assert not (tmp_path / "rows.journal").exists()
    assert RowLog(tmp_path / "rows.json", HEADER).load([]) == everything


def test_a_line_cut_short_ends_the_replay_and_a_stale_line_counts_for_nothing(tmp_path: Path) -> None:
    log = RowLog(tmp_path / "rows.json", HEADER)
    everything = rows(40)
    log.save({}, (), 40, lambda: everything)
    log.save({"bai-1.md": [1, 1]}, (), 40, lambda: everything)
    journal = tmp_path / "rows.journal"
    kept = journal.read_bytes()
    journal.write_bytes(kept + b'{"token": "cut sho')  # a crash in the middle of the next line
    log.save({"bai-2.md": [2, 2]}, (), 40, lambda: everything)  # appended after the broken line
    loaded = RowLog(tmp_path / "rows.json", HEADER).load([])
    assert loaded is not None and loaded["bai-1.md"] == [1, 1] and loaded["bai-2.md"] == [2, 20]
    # A journal left by an older base (its token) is not replayed over a new one.
    journal.write_bytes(kept)
    (tmp_path / "rows.json").write_text('{"key": ["v1"], "token": "khac", "rows": {}}', encoding="utf-8")
    assert RowLog(tmp_path / "rows.json", HEADER).load([]) == {}


def test_another_header_or_a_damaged_base_gives_nothing(tmp_path: Path) -> None:
    log = RowLog(tmp_path / "rows.json", HEADER)
    log.save({}, (), 3, lambda: rows(3))
    assert RowLog(tmp_path / "rows.json", {"key": ["v2"]}).load([]) is None
    (tmp_path / "rows.json").write_text('{"key": ["v1"], "rows": [], "token": "t"}', encoding="utf-8")
    warnings: list = []
    assert RowLog(tmp_path / "rows.json", HEADER).load(warnings) is None
    assert len(warnings) == 1 and "unreadable" in warnings[0].message


def test_a_build_after_one_edit_appends_the_articles_row_and_the_next_build_reads_nothing(
        project: Project) -> None:
    for n in range(12):
        project.add(f"2021/bai-{n}.md", article(title=f"Bài {n}", date=f"2021-08-{n + 1:02d} 08:00"))
    Builder(project.config()).build()
    cache = project.root / ".tintuc-cache"
    base = (cache / "articles.json").read_bytes()
    edited = project.root / "content/2021/bai-4.md"
    edited.write_text(article(title="Bài 4 đã sửa", date="2021-08-05 08:00"), encoding="utf-8")
    builder = Builder(project.config())
    builder.build()
    assert [after.title for _, after in builder.changes] == ["Bài 4 đã sửa"]
    builder.close()
    assert (cache / "articles.json").read_bytes() == base and (cache / "articles.journal").is_file()
    again = Builder(project.config())
    documents, _ = again.read_content()
    again.close()
    assert again.changes == [] and again.removed == []  # every file found in the cache, the edit included
    assert "Bài 4 đã sửa" in {d.title for d in documents}


def test_an_older_base_without_a_journal_is_read_and_replaced_by_the_next_save(tmp_path: Path) -> None:
    (tmp_path / "rows.json").write_text('{"key": ["v1"], "rows": {"a.md": [1, 2]}}', encoding="utf-8")
    (tmp_path / "rows.journal").write_text('{"token": null, "rows": {"a.md": [9, 9]}, "gone": []}\n',
                                           encoding="utf-8")
    log = RowLog(tmp_path / "rows.json", HEADER)
    assert log.load([]) == {"a.md": [1, 2]}  # nothing replayed: an older tintuc kept no journal
    log.save({"b.md": [3, 4]}, (), 2, lambda: {"a.md": [1, 2], "b.md": [3, 4]})
    assert not (tmp_path / "rows.journal").exists()
    assert RowLog(tmp_path / "rows.json", HEADER).load([]) == {"a.md": [1, 2], "b.md": [3, 4]}
