"""Document frequencies remembered per Whoosh segment (segments.Frequencies) equal Whoosh's own, edit
after edit, through deletions and merges."""

from __future__ import annotations

import random
from pathlib import Path

from tintuc.search import whoosh_index
from tintuc.search.analysis import pairs
from tintuc.search.segments import Frequencies, Locator, OpenSegments, warm
from tintuc.search.whoosh_index import IndexedDoc, statistics

WORDS = "hội nghị đại biểu phòng chống dịch bệnh tiêm chủng bầu cử xã huyện tỉnh y tế trạm".split()


def _doc(url: str, rng: random.Random) -> IndexedDoc:
    title = [rng.choice(WORDS) for _ in range(rng.randint(2, 6))]
    body = [rng.choice(WORDS) for _ in range(rng.randint(5, 40))]
    return IndexedDoc(url, " ".join(title), " ".join(body), " ".join(pairs(title)), " ".join(pairs(body)),
                      " ".join(title), ("y-te",), 2024, 19_800, "", "2024-03-01", "")


def test_remembered_frequencies_equal_whooshs_through_edits_deletions_and_merges(tmp_path: Path,
                                                                                monkeypatch) -> None:
    monkeypatch.setattr(whoosh_index, "SMALL_SEGMENTS_KEPT", 3)  # merges within a few edits
    rng = random.Random(7)
    ix, _ = whoosh_index.open_index(tmp_path / "ix", fresh=True)
    whoosh_index.update(ix, [_doc(f"/bai-{n}/", rng) for n in range(60)], [])
    remembered = Frequencies(OpenSegments())
    segment_counts = set()
    for edit in range(12):
        changed = [_doc(f"/bai-{rng.randrange(70)}/", rng) for _ in range(rng.randint(1, 4))]
        removed = [f"/bai-{rng.randrange(60)}/"] if edit % 3 == 2 else []
        whoosh_index.update(ix, changed, removed)
        ix = whoosh_index.open_index(tmp_path / "ix")[0]
        segment_counts.add(len(ix._segments()))
        terms = [(field, term) for field in range(4) for term in
                 {t for d in changed for t in d.fields()[whoosh_index.TEXT_FIELDS[field]].split()}]
        terms += [(0, "không-có"), (1, "hội")]
        assert remembered.statistics(ix, terms) == statistics(ix, terms)
    assert len(segment_counts) > 2  # segments were added and merged away on the way



def test_updates_through_the_locator_write_what_whooshs_update_document_writes(tmp_path: Path,
                                                                              monkeypatch) -> None:
    monkeypatch.setattr(whoosh_index, "SMALL_SEGMENTS_KEPT", 3)
    indexes = []
    for name in ("whoosh", "locator"):
        ix, _ = whoosh_index.open_index(tmp_path / name, fresh=True)
        whoosh_index.update(ix, [_doc(f"/bai-{n}/", random.Random(n)) for n in range(50)], [])
        indexes.append(tmp_path / name)
    segments = OpenSegments()
    locator = Locator(segments)
    rng = random.Random(5)
    for edit in range(10):
        changed = [f"/bai-{rng.randrange(55)}/" for _ in range(rng.randint(1, 3))]
        removed = [f"/bai-{rng.randrange(55)}/"] if edit % 4 == 3 else []
        for folder, how in zip(indexes, (None, locator), strict=True):
            ix = whoosh_index.open_index(folder)[0]
            whoosh_index.update(ix, [_doc(url, random.Random(url + str(edit))) for url in dict.fromkeys(changed)],
                                removed, how)
        readers = [whoosh_index.open_index(folder)[0].reader() for folder in indexes]
        try:
            live = [sorted(fields["url"] for _, fields in r.iter_docs()) for r in readers]
            assert live[0] == live[1] and len(set(live[1])) == len(live[1])  # one live version of each URL
            assert [r.doc_count_all() for r in readers][0] == readers[1].doc_count_all()
            assert statistics(whoosh_index.open_index(indexes[0])[0]) == \
                statistics(whoosh_index.open_index(indexes[1])[0])
        finally:
            for r in readers:
                r.close()
    segments.close()


def test_warming_opens_every_segment_and_sums_the_terms_ahead_with_the_same_figures(tmp_path: Path) -> None:
    """segments.warm (the dev server, before its first edit): every segment's reader open and the terms'
    totals summed; the statistics an edit then asks for are Whoosh's own, looking up nothing again."""
    rng = random.Random(3)
    ix, _ = whoosh_index.open_index(tmp_path / "ix", fresh=True)
    for block in range(3):  # a few segments
        whoosh_index.update(ix, [_doc(f"/bai-{block}-{n}/", rng) for n in range(20)], [])
    terms = [(field, word) for field in (0, 1) for word in WORDS] + [(2, "_hội_nghị"), (1, "không-có")]
    warmed = Frequencies(OpenSegments())
    warm(warmed, tmp_path / "ix", terms)
    ix = whoosh_index.open_index(tmp_path / "ix")[0]
    assert set(warmed.segments.readers) == {s.segment_id() for s in ix._segments()}
    assert len(warmed.segments.readers) >= 2
    asked: list[tuple[str, str]] = []
    for reader in warmed.segments.readers.values():
        real = reader.doc_frequency
        reader.doc_frequency = lambda name, text, real=real: asked.append((name, text)) or real(name, text)
    assert warmed.statistics(ix, terms).doc_frequency == statistics(ix, terms).doc_frequency
    assert asked == []  # every figure was summed by warm
    warm(Frequencies(OpenSegments()), tmp_path / "nothing", terms)  # no index: nothing made, nothing raised
    assert not (tmp_path / "nothing").exists()
