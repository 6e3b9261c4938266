"""The record of the output (written.Manifest): a base and a journal, read back as saved, never trusted
beyond what was written in full."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tintuc.written import COMPACT_SHARE, Manifest


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    output, cache = tmp_path / "public", tmp_path / "cache"
    cache.mkdir()
    for n in range(40):
        (output / f"bai-{n}").mkdir(parents=True)
        (output / f"bai-{n}/index.html").write_text(f"trang {n}", encoding="utf-8")
    return cache, output


def _all(output: Path) -> dict[str, str]:
    return {p.relative_to(output).as_posix(): f"fp-{p.read_text('utf-8')}" for p in sorted(output.rglob("*.html"))}


def _edit(output: Path, n: int, text: str) -> str:
    (output / f"bai-{n}/index.html").write_text(text, encoding="utf-8")
    return f"bai-{n}/index.html"


def test_edits_go_to_the_journal_and_read_back_as_saved(site: tuple[Path, Path]) -> None:
    cache, output = site
    manifest = Manifest(cache, output)
    manifest.save(_all(output), output, [])
    base = (cache / "manifest.json").read_bytes()
    written = [_edit(output, 3, "sửa lần một, dài hơn")]
    (output / "bai-5/index.html").unlink()
    (output / "bai-5").rmdir()
    (output / "moi").mkdir()
    (output / "moi/index.html").write_text("trang mới", encoding="utf-8")
    manifest.save(_all(output), output, written + ["moi/index.html"])
    assert (cache / "manifest.json").read_bytes() == base  # the base is not written again
    assert (cache / "manifest.journal").is_file()
    again = Manifest(cache, output)
    assert again.fingerprints == manifest.fingerprints == _all(output)
    assert again.stats == manifest.stats
    assert again.damaged(output) == set()


def test_a_line_cut_short_is_ignored_and_the_files_it_named_count_as_damaged(site: tuple[Path, Path]) -> None:
    cache, output = site
    manifest = Manifest(cache, output)
    manifest.save(_all(output), output, [])
    manifest.save(_all(output) | {"bai-1/index.html": "fp-x"}, output, [_edit(output, 1, "một")])
    manifest.save(_all(output) | {"bai-2/index.html": "fp-y"}, output, [_edit(output, 2, "hai, dài hơn")])
    journal = (cache / "manifest.journal").read_bytes()
    (cache / "manifest.journal").write_bytes(journal[:-20])  # the process stopped while writing the last line
    again = Manifest(cache, output)
    assert again.fingerprints["bai-1/index.html"] == "fp-x"
    assert again.fingerprints["bai-2/index.html"] == "fp-trang 2"
    assert again.damaged(output) == {"bai-2/index.html"}  # made again by the next build


def test_the_journal_is_folded_into_a_new_base_and_older_lines_never_come_back(site: tuple[Path, Path]) -> None:
    cache, output = site
    manifest = Manifest(cache, output)
    manifest.save(_all(output), output, [])
    old_journal = b""
    for n in range(40 // COMPACT_SHARE + 2):
        manifest.save(_all(output), output, [_edit(output, n, f"lần {n} " * 3)])
        if (cache / "manifest.journal").is_file():
            old_journal = (cache / "manifest.journal").read_bytes()
    assert old_journal and not (cache / "manifest.journal").exists()  # folded in
    # A journal of the previous base left behind (the process stopped before deleting it) is void.
    _edit(output, 0, "đổi sau cùng, không ghi lại")
    (cache / "manifest.journal").write_bytes(old_journal)
    again = Manifest(cache, output)
    assert again.fingerprints == manifest.fingerprints
    assert again.damaged(output) == {"bai-0/index.html"}


def test_an_older_tintucs_record_without_a_journal_is_read(site: tuple[Path, Path]) -> None:
    cache, output = site
    manifest = Manifest(cache, output)
    manifest.save(_all(output), output, [])
    data = json.loads((cache / "manifest.json").read_text("utf-8"))
    del data["token"]
    (cache / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    again = Manifest(cache, output)
    assert again.fingerprints == _all(output) and again.warnings == []
    again.save(_all(output), output, [_edit(output, 7, "bảy")])
    assert not (cache / "manifest.journal").exists()  # a new base first, with its token
    assert Manifest(cache, output).fingerprints == again.fingerprints


def test_a_partial_change_records_what_a_whole_save_would(site: tuple[Path, Path]) -> None:
    """change() (the dev server's edits: only the files an edit gives) leaves the record save() would, and
    under() follows the files added and deleted."""
    cache, output = site
    manifest = Manifest(cache, output)
    manifest.save(_all(output), output, [])
    assert manifest.under("bai-1") == {"bai-1/index.html", *(f"bai-{n}/index.html" for n in range(10, 20))}
    written = [_edit(output, 12, "sửa bài mười hai")]
    (output / "bai-13/index.html").unlink()
    (output / "bai-13").rmdir()
    (output / "bai-1x").mkdir()
    (output / "bai-1x/index.html").write_text("mới", encoding="utf-8")
    given = {"bai-12/index.html": "fp-sửa bài mười hai", "bai-1x/index.html": "fp-mới",
             "bai-3/index.html": "fp-trang 3"}
    manifest.change(given, ["bai-13/index.html"], output, written)
    assert manifest.fingerprints == _all(output)
    assert manifest.under("bai-1") == {"bai-1/index.html", "bai-1x/index.html",
                                       *(f"bai-{n}/index.html" for n in range(10, 20) if n != 13)}
    again = Manifest(cache, output)
    assert again.fingerprints == _all(output) and again.damaged(output) == set()
    assert again.stats == manifest.stats
    manifest.forget()
    assert manifest.fingerprints == {} and manifest.under("bai-1") == set()
