"""Document frequencies remembered per Whoosh segment (whoosh_index.Frequencies) equal Whoosh's own, edit
after edit, through deletions and merges."""

from __future__ import annotations

import random
from pathlib import Path

from tintuc.search import whoosh_index
from tintuc.search.analysis import pairs
from tintuc.search.whoosh_index import Frequencies, IndexedDoc, statistics

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
    remembered = Frequencies()
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

