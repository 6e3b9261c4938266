"""Edits and merges keep the browser's statistics Whoosh's, term by term, and the term shards as they are.

Whoosh counts a replaced document's terms until a merge of its segment drops it. An article edited twice
leaves a version whose terms still count; a merge of the edits' small segments drops those versions. The
delta carries the frequencies of every term indexed since the base (before, a term an article lost in its
second edit kept the base's frequency, and a merge took a full re-index)."""

from __future__ import annotations

import pytest
from tintuc.build import Builder
from tintuc.search import whoosh_index
from whoosh import index

from tests.conftest import Project, article
from tests.test_search import compiled, shards, whoosh_folder

WORDS = "hội nghị đại biểu phòng chống dịch tiêm chủng bầu cử xã huyện tỉnh trạm y tế".split()


def effective_frequencies(data: dict) -> dict[tuple[int, str], int]:
    """(field, term) -> the document frequency the browser scores with: the delta's over the base's."""
    found: dict[tuple[int, str], int] = {}
    for _first, terms, _ in shards(data):
        for rows in data[terms].values():
            for field, term, df, *_ in rows:
                found[field, term] = df
    if data["manifest"]["delta"]:
        for rows in data[data["manifest"]["delta"]]["terms"].values():
            for field, term, df, *_ in rows:
                found[field, term] = df
    return found


def test_merged_edit_segments_keep_the_term_shards_and_whoosh_statistics(project: Project,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whoosh_index, "SMALL_SEGMENTS_KEPT", 3)
    for n in range(8):
        project.add(f"2021/bai-{n}.md", article(f"Tin {WORDS[n]}", f"2021-03-0{n + 1}",
                                                " ".join(WORDS[n:n + 6]), tags="[Y tế]"))
    builder = Builder(project.config())
    builder.build()
    base = shards(compiled(project))
    segments = []
    for edit in range(9):
        n = edit % 3  # the same few articles again and again: their old versions are deleted documents
        project.add(f"2021/bai-{n}.md", article(f"Tin {WORDS[n]}", f"2021-03-0{n + 1}",
                                                " ".join(WORDS[edit:edit + 4]) + f" lần {edit}", tags="[Y tế]"))
        builder.build()
        data = compiled(project)
        assert shards(data) == base  # never written again
        ix = index.open_dir(whoosh_folder(project))
        segments.append(len(ix._segments()))
        frequencies = effective_frequencies(data)
        with ix.searcher() as searcher:
            reader = searcher.reader()
            assert data["manifest"]["dc"] == searcher.doc_count_all()
            for (at, text), df in frequencies.items():
                assert df == reader.doc_frequency(whoosh_index.TEXT_FIELDS[at], text), (edit, at, text)
            for at, name in enumerate(whoosh_index.TEXT_FIELDS):  # every term a live document has is there
                for term in reader.lexicon(name):
                    live = [d for d in reader.postings(name, term).all_ids() if not reader.is_deleted(d)]
                    text = term.decode("utf-8") if isinstance(term, bytes) else term
                    assert not live or (at, text) in frequencies, (edit, name, text)
    assert min(segments[2:]) < max(segments)  # the edits' segments were merged on the way
