"""The search stage: the Whoosh index, its incremental updates, the compiled JSON, `tintuc search`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tintuc.build import Builder
from tintuc.cli import main
from tintuc.search import query, stage, whoosh_index
from tintuc.search.compiler import quantized
from tintuc.search.searcher import search
from whoosh import index

from tests.conftest import Project, article


def build(project: Project) -> Builder:
    builder = Builder(project.config())
    builder.build()
    return builder


def whoosh_folder(project: Project) -> Path:
    return project.root / ".tintuc-cache" / "search" / "whoosh"


def compiled(project: Project) -> dict:
    """The compiled index as the browser sees it: the manifest and every file it names, directly or through
    the term directories, id chunks and display directories."""
    folder = project.public / "search"
    html = (folder / "index.html").read_text(encoding="utf-8")
    name = html.split('data-manifest="', 1)[1].split('"', 1)[0].rsplit("/", 1)[1]

    def read(n: str) -> object:
        return json.loads((folder / n).read_text(encoding="utf-8"))

    manifest = read(name)
    named = [manifest["tags"], *(d for _, d in manifest["terms"]), *(c for c in manifest["chunks"] if c)]
    files = {n: read(n) for n in named + ([manifest["delta"]] if manifest["delta"] else [])}
    if manifest["delta"]:  # its term shards, as one `terms` object here (each group is in one shard)
        delta = files[manifest["delta"]]
        delta["terms"] = {key: rows for _, name in delta["shards"] for key, rows in read(name).items()}
    files[manifest["days"]] = day_list({"days": read(manifest["days"])})
    files |= {n: read(n) for _, d in manifest["terms"] for shard in files[d] for n in shard[1:]}
    files |= {n: read(n) for c in manifest["chunks"] if c for n in files[c]["dirs"] if n}
    files |= {n: read(n) for c in manifest["chunks"] if c for d in files[c]["dirs"] if d for n in files[d] if n}
    return {"manifest": manifest, "name": name, **files}


def shards(data: dict) -> list[list[str]]:
    """[first key, terms file, positions file] of every term shard, from the term directories."""
    return [shard for _, d in data["manifest"]["terms"] for shard in data[d]]


def day_list(data: dict) -> list[int | None]:
    """The base's day of each id, from the days file (docfiles.days_file; no surrogates in these tests)."""
    day, out = data["days"][0], []
    for step in (ord(c) - 0x30 for c in data["days"][1]):  # zigzag; " " undated
        if step >= 0:
            day -= step // 2 if step % 2 == 0 else -(step + 1) // 2
        out.append(day if step >= 0 else None)
    return out


def per_id(data: dict) -> dict[int, tuple[list[int], int | None, list | None]]:
    """Each id's quantised field lengths, day and display row, decoded from the id chunks (docfiles.py),
    the days file and the delta."""
    m = data["manifest"]
    table, out = m["lengthOfByte"], {}
    days = dict(enumerate(data[m["days"]]))
    days |= {doc_id: day for doc_id, _, day in (data[m["delta"]]["order"] if m["delta"] else [])}
    # The title's lengths travel with its postings (compiler.INLINE_FIELDS), the body's are in the id chunks.
    inline: dict[tuple[int, int], int] = {}
    for _, terms, _ in shards(data):
        for rows in data[terms].values():
            for field, _, _, ids, _, *lengths in rows:
                for doc_id, byte in zip(posting_ids(ids), lengths[0] if lengths else "", strict=False):
                    inline[field, doc_id] = table[ord(byte) - 0x30]
    for c, name in enumerate(m["chunks"]):
        if not name:
            continue
        chunk = data[name]
        for i in range(len(chunk["pairs"][0])):
            doc_id = c * m["chunk"] + i
            body = chunk["lengths"][0][0] + ord(chunk["lengths"][0][1][i]) - 0x20
            body_pairs = body - (ord(chunk["pairs"][0][i]) - 0x30)
            directory = chunk["dirs"][(doc_id % m["chunk"]) // m["dirIds"]]
            shard = directory and data[directory][(doc_id % m["dirIds"]) // m["docsPerShard"]]
            row = shard and data[shard][doc_id % m["docsPerShard"]]
            fields = [inline.get((0, doc_id), 0), table[body], inline.get((2, doc_id), 0), table[body_pairs]]
            out[doc_id] = (fields, days.get(doc_id), row)
    return out


def posting_ids(text: str) -> list[int]:
    """compiler.id_string read back (no surrogates in these tests)."""
    out, last = [], -1
    for c in text:
        last += ord(c) - 0x2F
        out.append(last)
    return out


def urls(project: Project, text: str, **options: object) -> list[str]:
    return [h.url for h in search(whoosh_folder(project), text, **options).hits]  # type: ignore[arg-type]


@pytest.fixture
def news(project: Project) -> Project:
    project.add("2021/ban.md", article("Bản tin y tế", "2021-03-01", "Bản tin về công tác y tế trong tỉnh.",
                                       tags="[Y tế]"))
    project.add("2021/ban-be.md", article("Gặp gỡ bạn bè", "2021-04-01", "Những người bạn cùng học gặp nhau.",
                                          tags="[Đời sống]"))
    project.add("2020/ban-hanh.md", article("Ban hành quy định", "2020-05-01",
                                            "Ban chỉ đạo ban hành quy định mới về phòng dịch.", tags="[Y tế]"))
    project.add("2020/hoi-nghi.md", article("Hội nghị đại biểu", "2020-06-01",
                                            "Hội nghị đại biểu nhân dân huyện khai mạc sáng nay. Đại biểu thảo luận.",
                                            tags="[Bầu cử]"))
    return project


def test_unaccented_uppercase_and_nfd_queries_find_the_same_articles(news: Project) -> None:
    build(news)
    expected = urls(news, "hội nghị")
    assert expected == ["2020/06/hoi-nghi-dai-bieu/"]
    for variant in ("hoi nghi", "HỘI NGHỊ", "Hội nghị".replace("ộ", "o\u0323\u0302").replace("ị", "i\u0323")):
        assert urls(news, variant) == expected, variant
    assert urls(news, "hoà") == urls(news, "hòa")


def test_exact_accents_rank_first(news: Project) -> None:
    build(news)
    found = urls(news, "bản ")  # the trailing space: a whole word, not a prefix
    assert found[0] == "2021/03/ban-tin-y-te/", found
    assert set(found) == {"2021/03/ban-tin-y-te/", "2021/04/gap-go-ban-be/", "2020/05/ban-hanh-quy-dinh/"}
    assert urls(news, "bạn ")[0] == "2021/04/gap-go-ban-be/"


def test_phrases_prefixes_filters_and_sorting(news: Project) -> None:
    build(news)
    assert urls(news, '"đại biểu nhân dân"') == ["2020/06/hoi-nghi-dai-bieu/"]
    assert urls(news, '"nhân dân đại biểu"') == []
    assert urls(news, "quy địn") == ["2020/05/ban-hanh-quy-dinh/"]  # the last word as a prefix: định
    assert urls(news, "quy địn ") == []  # ...but not once a space ends it
    assert urls(news, "ban", tag="y-te", sort="date") == ["2021/03/ban-tin-y-te/", "2020/05/ban-hanh-quy-dinh/"]
    assert urls(news, "ban", year=2020) == ["2020/05/ban-hanh-quy-dinh/"]
    assert urls(news, "ban", sort="date") == ["2021/04/gap-go-ban-be/", "2021/03/ban-tin-y-te/",
                                              "2020/05/ban-hanh-quy-dinh/"]
    assert urls(news, "không có từ này") == []


def test_compiled_statistics_match_whoosh(news: Project) -> None:
    """What the browser scores with is what Whoosh's searcher reads, term by term."""
    build(news)
    data = compiled(news)
    ix = index.open_dir(whoosh_folder(news))
    with ix.searcher() as searcher:
        assert data["manifest"]["dc"] == searcher.doc_count_all()
        assert data["manifest"]["fl"] == [searcher.field_length(f) for f in whoosh_index.TEXT_FIELDS]
        docs = per_id(data)
        ids = {row[0]: doc_id for doc_id, (_, _, row) in docs.items() if row}
        for docnum, fields in searcher.iter_docs():
            doc_id = ids[fields["url"]]
            for f, name in enumerate(whoosh_index.TEXT_FIELDS):
                assert docs[doc_id][0][f] == (searcher.doc_field_length(docnum, name) or 0)
            assert docs[doc_id][1] == fields.get("day")
        # A fresh index numbers its documents in the ranking's tie-break order: newest first, then URL.
        assert [row[0] for _, _, row in docs.values()] == ["2021/04/gap-go-ban-be/", "2021/03/ban-tin-y-te/",
                                                          "2020/06/hoi-nghi-dai-bieu/", "2020/05/ban-hanh-quy-dinh/"]
        for _first, terms, _ in shards(data):
            for rows in data[terms].values():
                for field, term, df, deltas, freqs, *_ in rows:
                    assert df == searcher.doc_frequency(whoosh_index.TEXT_FIELDS[field], term)
                    assert len(deltas) == df == len(freqs)  # no deleted documents in a first build
    assert quantized(0) == 0 and quantized(7) == 7


def test_one_edit_touches_the_delta_not_the_term_shards(news: Project) -> None:
    builder = build(news)
    before = compiled(news)
    news.add("2021/ban.md", article("Bản tin y tế", "2021-03-01", "Bản tin mới về tiêm chủng vắc xin.",
                                    tags="[Y tế]"))
    builder.build()
    after = compiled(news)
    assert after["manifest"]["terms"] == before["manifest"]["terms"]
    delta = after[after["manifest"]["delta"]]
    assert len(delta["replaced"]) == 1 and "tiem" in delta["terms"]
    assert delta["order"] == [[1, 2, 18687]]  # id, place (before base id 2: id 1 is its replaced self), day
    # Only its display shard, display directory and id chunk are new (here one of each is the whole index).
    kinds = sorted(n.split(".")[0] for n in set(after) - set(before) if n not in ("manifest", "name"))
    assert kinds == ["d", "dd", "delta", "l"], kinds
    assert urls(news, "tiêm chủng") == ["2021/03/ban-tin-y-te/"]
    assert urls(news, "công tác") == []  # the old text is gone
    # Stale files are gone from the site, the new ones are there.
    on_disk = {p.name for p in (news.public / "search").iterdir()}
    assert before["manifest"]["delta"] is None and after["manifest"]["delta"] in on_disk
    assert before["manifest"]["chunks"][0] not in on_disk and before["name"] not in on_disk


def rows_by_url(data: dict) -> dict[str, list]:
    return {row[2][0]: row[2] for row in per_id(data).values() if row[2]}


def test_an_edit_in_a_new_process_keeps_its_shard_mates_rows(news: Project) -> None:
    """The state does not keep display rows (state.py): an edit in a new process reads the rows of its
    display shard's other documents back from the shard, and the site shows what a clean build shows."""
    build(news)
    state = json.loads((news.root / ".tintuc-cache" / "search" / "state.json").read_text(encoding="utf-8"))
    assert all(len(doc) == 5 for doc in state["docs"].values())  # id, fingerprint, lengths, day, tags
    news.add("2021/ban.md", article("Bản tin y tế mới", "2021-03-01", "Bản tin mới về tiêm chủng.",
                                    tags="[Y tế, Đời sống]"))
    build(news)  # a new Builder: the state is read from disk
    edited = compiled(news)
    assert edited["manifest"]["delta"]  # an edit, not a new base
    shard_mates = rows_by_url(edited)
    assert len(shard_mates) == 4 and shard_mates["2021/03/ban-tin-y-te-moi/"][1] == "Bản tin y tế mới"
    (news.root / ".tintuc-cache").rename(news.root / "old-cache")
    build(news)
    assert rows_by_url(compiled(news)) == shard_mates


def test_a_display_shard_lost_from_the_cache_means_indexing_anew(news: Project) -> None:
    build(news)
    files = news.root / ".tintuc-cache" / "search" / "files"
    for shard in files.glob("d.*.json"):
        shard.unlink()
    news.add("2021/ban.md", article("Bản tin y tế", "2021-03-01", "Bản tin mới về tiêm chủng.", tags="[Y tế]"))
    log: list[str] = []
    builder = Builder(news.config(), log=log.append)
    result = builder.build()
    assert any("display shard" in str(w) for w in result.warnings), result.warnings
    data = compiled(news)
    assert data["manifest"]["delta"] is None  # a new base
    assert len(rows_by_url(data)) == 4 and urls(news, "tiêm chủng") == ["2021/03/ban-tin-y-te/"]


def test_deletions_keep_whoosh_statistics_in_the_compiled_index(news: Project) -> None:
    builder = build(news)
    (news.root / "content" / "2021" / "ban-be.md").unlink()
    builder.build()
    data = compiled(news)
    ix = index.open_dir(whoosh_folder(news))
    with ix.searcher() as searcher:
        assert data["manifest"]["dc"] == searcher.doc_count_all()  # Whoosh still counts it
    assert "2021/04/gap-go-ban-be/" not in urls(news, "bạn")
    assert data[data["manifest"]["delta"]]["replaced"]


def test_an_article_deleted_then_restored_is_found_again(news: Project) -> None:
    """Restored as the base holds it, it is found through the term shards under its base id; restored with
    another text, through the delta (which replaces that id)."""
    builder = build(news)
    source = news.root / "content" / "2021" / "ban-be.md"
    text = source.read_text(encoding="utf-8")
    for restored in (text, text.replace("cùng học", "cùng học đàn")):
        source.unlink()
        builder.build()
        source.write_text(restored, encoding="utf-8")
        builder.build()
        assert _found(compiled(news), "gap", "2021/04/gap-go-ban-be/")


def _found(data: dict, key: str, url: str) -> bool:
    """Whether the compiled index finds `url` for the folded term `key`: an id showing it is in the term's
    postings, the base's (unless the delta replaced it) or the delta's."""
    ids = {doc_id for doc_id, (_, _, row) in per_id(data).items() if row and row[0] == url}
    delta = data[data["manifest"]["delta"]] if data["manifest"]["delta"] else {"replaced": [], "terms": {}}
    in_base = {i for _, terms, _ in shards(data) for row in data[terms].get(key, [])
               for i in posting_ids(row[3])} - set(delta["replaced"])
    in_delta = {i for row in delta["terms"].get(key, []) for i in posting_ids(row[3])}
    return bool(ids & (in_base | in_delta))


def test_a_restored_article_an_older_tintuc_numbered_anew_is_found_after_the_next_edit(
        news: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the fix above, a restored article took a new id that no posting list held. Such a state heals:
    its base document counts as replaced (scan._outdated) and the delta carries it under its id."""
    builder = build(news)
    source = news.root / "content" / "2021" / "ban-be.md"
    text = source.read_text(encoding="utf-8")
    source.unlink()
    builder.build()
    with monkeypatch.context() as older:
        older.setattr(stage, "_doc_id", lambda state, url, old: old.id if old else stage._new_id(state))
        source.write_text(text, encoding="utf-8")
        builder.build()
        assert not _found(compiled(news), "gap", "2021/04/gap-go-ban-be/")  # what the older tintuc left
    news.add("2021/ban.md", article("Bản tin y tế", "2021-03-01", "Bản tin về tiêm chủng.", tags="[Y tế]"))
    Builder(news.config()).build()
    assert _found(compiled(news), "gap", "2021/04/gap-go-ban-be/")


def test_the_tag_lists_follow_an_edit_of_tags_and_are_kept_otherwise(news: Project) -> None:
    """A long-lived build keeps the tag lists between edits that change no tag (publish.Lists) and writes
    them again when one does."""
    builder = build(news)

    def members(data: dict) -> dict[str, list[int]]:
        lists = data[data["manifest"]["tags"]]
        return {key: [sum(deltas[:n + 1]) for n in range(len(deltas))] for key, deltas in lists.items()}

    first = compiled(news)
    news.add("2021/ban.md", article("Bản tin y tế", "2021-03-01", "Bản tin về công tác y tế.", tags="[Y tế]"))
    builder.build()
    text_only = compiled(news)
    assert text_only["manifest"]["tags"] == first["manifest"]["tags"] and text_only["manifest"] != first["manifest"]
    news.add("2021/ban.md", article("Bản tin y tế", "2021-03-01", "Bản tin về công tác y tế.", tags="[Tiêm chủng]"))
    builder.build()
    retagged = members(compiled(news))
    fresh = Builder(news.config())
    (news.root / ".tintuc-cache" / "search" / "state.json").unlink()  # the same articles indexed anew
    fresh.build()
    assert retagged.keys() == members(compiled(news)).keys()
    assert any("tiem-chung" in key for key in retagged) and not any(key.endswith("y-te") and len(ids) == 2
                                                                   for key, ids in retagged.items())


def test_a_new_analyzer_version_rebuilds_the_index(news: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    build(news)
    stamp = whoosh_folder(news) / "version.json"
    stamp.write_text(json.dumps({"schema": "0", "analyzer": "0"}), encoding="utf-8")
    builder = Builder(news.config())
    builder.build()
    assert json.loads(stamp.read_text(encoding="utf-8"))["analyzer"] == whoosh_index.ANALYZER_VERSION
    assert urls(news, "hoi nghi") == ["2020/06/hoi-nghi-dai-bieu/"]


def test_an_older_tintucs_search_state_is_replaced_without_a_warning(news: Project) -> None:
    """An upgrade is not a damaged cache: a state of another layout (here the one with display rows) is
    left for a new index, with no warning."""
    build(news)
    file = news.root / ".tintuc-cache" / "search" / "state.json"
    data = json.loads(file.read_text(encoding="utf-8"))
    data["version"][0] -= 1
    data["docs"] = {url: [*doc, ["url", "title", "", [], "", None]] for url, doc in data["docs"].items()}
    file.write_text(json.dumps(data), encoding="utf-8")
    news.add("2021/ban.md", article("Bản tin y tế", "2021-03-01", "Bản tin mới về tiêm chủng.", tags="[Y tế]"))
    result = Builder(news.config()).build()
    assert result.warnings == (), result.warnings
    assert compiled(news)["manifest"]["delta"] is None  # indexed anew
    assert urls(news, "tiêm chủng") == ["2021/03/ban-tin-y-te/"]


def test_many_edits_rebase_the_term_shards(news: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from tintuc.search import stage

    monkeypatch.setattr(stage, "delta_limit", lambda documents: 1)
    builder = build(news)
    first = compiled(news)["manifest"]["terms"]
    for name, word in (("ban.md", "mới"), ("ban-be.md", "cũ")):
        path = news.root / "content" / "2021" / name
        path.write_text(path.read_text(encoding="utf-8") + f"\nThêm từ {word} vắc xin.\n", encoding="utf-8")
        os.utime(path, ns=(1, 1 + len(word)))
        builder.build()
    data = compiled(news)
    assert data["manifest"]["delta"] is None and data["manifest"]["terms"] != first
    assert sorted(urls(news, "vắc xin")) == ["2021/03/ban-tin-y-te/", "2021/04/gap-go-ban-be/"]


def test_query_language() -> None:
    units = query.parse('hội "đại biểu" nghị')
    assert units == (query.Word("hội", "hoi"), query.Phrase((query.Word("đại", "dai"), query.Word("biểu", "bieu"))),
                     query.Word("nghị", "nghi", prefix=True))
    assert query.parse('"đại biểu nhân"')[0] == query.Phrase((query.Word("đại", "dai"), query.Word("biểu", "bieu"),
                                                            query.Word("nhân", "nhan")))
    assert query.parse("hội ng")[-1] == query.Word("ng", "ng")  # too short for a prefix
    assert query.parse("COVID-19") == (query.Word("covid", "covid"), query.Word("19", "19"))
    assert query.parse("   ") == ()


def test_search_command(news: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(news.root)
    assert main(["search", "dai bieu", "--json"]) == 2  # no index yet
    assert "tintuc build" in capsys.readouterr().err
    build(news)
    assert main(["search", "dai bieu", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 1 and out["hits"][0]["url"] == "/2020/06/hoi-nghi-dai-bieu/"
    assert main(["search", "ban", "--tag", "Y tế", "--year", "2021"]) == 0
    text = capsys.readouterr().out
    assert "Bản tin y tế" in text and "1 article(s) found" in text
    assert main(["search", "xyzxyz"]) == 1
    assert main(["search", "ban", "--limit", "0"]) == 2


def test_the_browser_client_is_small_plain_modules() -> None:
    """No framework, no build step, no WASM, no third-party address; under 16 KB sent gzipped (each module is
    compressed on its own: the engine's split into query, ranking, format and index modules costs about 1.3 KB
    of that)."""
    import gzip

    from tests.conftest import REPO

    folder = REPO / "themes" / "default" / "static" / "js"
    modules = [folder / n for n in ("analysis.js", "search-query.js", "search-rank.js", "search-format.js",
                                    "search-engine.js", "search-page.js")]
    total = sum(len(gzip.compress(m.read_bytes(), 9)) for m in modules)
    assert total < 16_000, total
    for module in modules:
        text = module.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "WebAssembly" not in text
        imports = [line for line in text.splitlines() if line.startswith("import ")]
        assert all('from "./' in line for line in imports), imports  # only its own modules


def test_a_locked_index_is_reported_not_a_traceback(news: Project) -> None:
    from tintuc.errors import BuildFailed

    build(news)
    news.add("2021/moi.md", article("Bài mới", "2021-05-01", "Nội dung mới."))
    writer = index.open_dir(whoosh_folder(news)).writer()  # as if another tintuc were writing
    try:
        with pytest.raises(BuildFailed) as failure:
            Builder(news.config()).build()
    finally:
        writer.cancel()
    assert "another tintuc process" in failure.value.problems[0].message
    Builder(news.config()).build()  # and once it is gone, the build goes on
    assert urls(news, "bài mới") == ["2021/05/bai-moi/"]


def test_search_page_is_not_in_the_sitemap_and_an_old_index_asks_for_a_build(
        news: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    build(news)
    sitemap = (news.public / "sitemap.xml").read_text(encoding="utf-8")
    assert "/search/" not in sitemap and "/2020/06/hoi-nghi-dai-bieu/" in sitemap
    assert '<meta name="robots" content="noindex">' in (news.public / "search" / "index.html").read_text("utf-8")
    (whoosh_folder(news) / "version.json").write_text('{"schema": "0", "analyzer": "0"}', encoding="utf-8")
    monkeypatch.chdir(news.root)
    assert main(["search", "hội nghị"]) == 2
    assert "another version of tintuc" in capsys.readouterr().err
