"""Reading one content file: encodings, front matter, dates, tags, bodies, and located problems."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from conftest import Project, article
from tintuc.build import Builder
from tintuc.errors import Severity
from tintuc.model import Article


def read(project: Project) -> tuple[list[Article], list[str]]:
    builder = Builder(project.config())
    articles, problems = builder.read_content()
    # The bodies read are kept in the build cache's store (one at a time: two files may claim one address).
    full = [builder.read_cache.hydrate([a])[a.path] for a in articles]
    return full, [p.format(project.root) for p in problems]


def test_bom_crlf_and_nfd_are_normalised(project: Project) -> None:
    text = article(title="Hội nghị", tags="[Đắk Nông]", body="Phòng chống dịch.")
    nfd = unicodedata.normalize("NFD", text).replace("\n", "\r\n")
    project.add("2021/a.md", b"\xef\xbb\xbf" + nfd.encode("utf-8"))
    [read_article], problems = read(project)
    assert problems == []
    assert read_article.title == "Hội nghị" and unicodedata.is_normalized("NFC", read_article.title)
    assert read_article.tags[0].name == "Đắk Nông" and read_article.tags[0].key == "dak-nong"
    assert "Phòng chống dịch." in read_article.body_html and "\r" not in read_article.body_html


def test_not_utf8_names_the_byte_and_points_to_import(project: Project) -> None:
    legacy = b"Ti\xea\xecng Vi\xea\xf2t"  # "Tiếng Việt" in Windows-1258: base letter + tone byte
    raw = article(title="Hoi nghi").encode("utf-8") + legacy
    project.add("cu.txt", raw)
    articles, problems = read(project)
    assert articles == []
    assert len(problems) == 1
    offset = raw.index(legacy) + 2
    assert problems[0].startswith(f"content/cu.txt:6: not UTF-8 text: byte {offset}")
    assert "tintuc import" in problems[0]


def test_yaml_error_points_at_the_file_line(project: Project) -> None:
    project.add("x.md", "---\ntitle: A\ndate: 2020-01-01\ntags: [a, b\n---\nBody\n")
    _, problems = read(project)
    assert len(problems) == 1
    assert problems[0].startswith("content/x.md:") and "YAML syntax error" in problems[0]
    line = int(problems[0].split(":")[1])
    assert line in (4, 5)  # the unclosed list, or where the parser noticed it


def test_missing_fields_and_bad_date_are_all_reported(project: Project) -> None:
    project.add("a.md", "---\nauthor: X\n---\nBody\n")
    project.add("b.md", article(date="31/02/2021"))
    project.add("c.md", article(date="hôm qua"))
    project.add("d.md", "No front matter here\n")
    project.add("e.md", "---\ntitle: A\n")
    _, problems = read(project)
    text = "\n".join(problems)
    assert "content/a.md:2: missing required field 'title'" in text
    assert "content/a.md:2: missing required field 'date'" in text
    assert "content/b.md:3: 'date' is not a date: not a real date" in text
    assert "content/c.md:3: 'date' is not a date: cannot read 'hôm qua'" in text
    assert "content/d.md:1: the file does not start with front matter" in text
    assert "content/e.md:1: the front matter is not closed" in text
    assert all("hint:" in p for p in problems)


def test_date_forms_and_unknown(project: Project) -> None:
    project.add("a.md", article(title="A", date="2020-03-31 16:58"))
    project.add("b.md", article(title="B", date="01/08/2021 15:44"))
    project.add("c.md", article(title="C", date="2020-04-16"))
    project.add("d.md", article(title="D", date="unknown"))
    articles, problems = read(project)
    assert problems == []
    by_title = {a.title: a for a in articles}
    assert by_title["A"].date.moment.isoformat() == "2020-03-31T16:58:00+07:00" and by_title["A"].date.has_time
    assert by_title["B"].date.moment.isoformat() == "2021-08-01T15:44:00+07:00"
    assert not by_title["C"].date.has_time
    assert by_title["D"].date is None and by_title["D"].path.startswith("undated/")
    assert by_title["A"].path == "2020/03/a/"


def test_near_miss_field_is_a_warning_and_unknown_fields_reach_templates(project: Project) -> None:
    project.add("a.md", article(tag="[Covid-19]", source_unit="CDC"))
    [read_article], problems = read(project)
    assert problems == ["content/a.md:4: warning: unknown field 'tag' (kept as a custom field)\n"
                        "    hint: did you mean 'tags'?"]
    assert read_article.extra == {"tag": ["Covid-19"], "source_unit": "CDC"}


def test_tags_as_list_or_comma_text_deduplicated_by_spelling(project: Project) -> None:
    project.add("a.md", article(title="A", tags="COVID-19, Covid-19, Lạng Sơn"))
    project.add("b.md", article(title="B", tags="[Hà Tĩnh, covid 19]"))
    articles, _ = read(project)
    tags = {a.title: [(t.name, t.key) for t in a.tags] for a in articles}
    assert tags["A"] == [("COVID-19", "covid-19"), ("Lạng Sơn", "lang-son")]
    assert tags["B"] == [("Hà Tĩnh", "ha-tinh"), ("covid 19", "covid-19")]


def test_summary_defaults_to_the_first_paragraph_cut_cleanly(project: Project) -> None:
    lead = " ".join(["Sở Y tế tổ chức hội nghị trực tuyến về công tác phòng chống dịch."] * 6)
    project.add("a.md", article(body=f"![x](https://e.vn/a.jpg \"Chú thích\")\n\n{lead}\n\nĐoạn hai."))
    [read_article], _ = read(project)
    assert read_article.summary.startswith("Sở Y tế tổ chức")
    assert len(read_article.summary) <= 201
    assert read_article.summary.endswith(".")


def test_figures_tables_footnotes_and_escaped_html(project: Project) -> None:
    (project.root / "content" / "2021").mkdir(parents=True)
    (project.root / "content" / "2021" / "anh.jpg").write_bytes(b"\xff\xd8fake")
    body = """
    ![Ảnh hội nghị](anh.jpg "Quang cảnh Hội nghị")

    | Huyện | Ca bệnh |
    |---|---|
    | Hữu Lũng | 3 |

    Theo báo cáo[^1] <script>alert(1)</script> [liên kết](javascript:alert(1)){: .x}

    [^1]: Sở Y tế.
    """
    project.add("2021/a.md", article(body=body))
    [read_article], problems = read(project)
    # The script link is dropped, and the editor told where (issue 19: removals are warnings); the
    # <script> is shown as text, and the editor told that too (issue 15).
    assert [p.split("\n")[0] for p in problems] == [
        "content/2021/a.md:11: warning: removed unsafe link address 'javascript:alert(1)' "
        "(scripts are not allowed in articles)",
        "content/2021/a.md:11: warning: the HTML <script> is shown to readers as text"]
    html = read_article.body_html
    assert '<figure><img alt="Ảnh hội nghị" src="anh.jpg"><figcaption>Quang cảnh Hội nghị</figcaption></figure>' in html
    assert "<table>" in html and "<td>Hữu Lũng</td>" in html
    assert 'class="footnote"' in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "javascript:" not in html
    assert read_article.images == ("anh.jpg",)


def test_missing_image_is_an_error_at_its_line(project: Project) -> None:
    project.add("a.md", article(body="Đoạn một.\n\n![x](khong-co.jpg \"Ảnh\")\n", image="bia.jpg"))
    _, problems = read(project)
    assert "content/a.md:8: image not found: khong-co.jpg" in problems[1]
    assert "content/a.md:4: image not found: bia.jpg" in problems[0]


def test_pages_live_in_the_pages_folder_without_a_date(project: Project) -> None:
    project.add("pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nTrang giới thiệu.\n")
    [page], problems = read(project)
    assert problems == [] and page.kind == "page" and page.path == "gioi-thieu/"


def test_warnings_are_not_errors(project: Project) -> None:
    project.add("a.md", article(tittle="x"))
    articles, problems = Builder(project.config()).read_content()
    assert len(articles) == 1 and problems[0].severity is Severity.WARNING


def test_hidden_files_are_not_content(project: Project) -> None:
    project.add(".~lock.a.md", "junk")
    project.add("_drafts/b.md", "junk")
    project.add("notes.docx", "junk")
    assert read(project) == ([], [])


def test_path_relative_messages(tmp_path: Path, project: Project) -> None:
    project.add("sub/a.md", article(date="x"))
    _, problems = read(project)
    assert problems[0].startswith("content/sub/a.md:3:")


def test_html_pasted_into_a_body_is_a_warning_at_its_line(project: Project) -> None:
    """Issue 15: raw HTML is shown to readers as text; the editor hears of it (code is left alone)."""
    project.add("2021/a.md", article(title="Bài", body="""
        Đoạn một.

        <IFRAME src="https://www.youtube.com/embed/abc"></IFRAME>

        Chữ <b>đậm</b> và mã `<div>` trong dòng.

            <table> trong khối mã
        """))
    articles, problems = Builder(project.config()).read_content()
    warnings = [(p.line, p.message) for p in problems if not p.is_error]
    assert warnings == [(7, "the HTML <iframe> is shown to readers as text"),
                        (9, "the HTML <b> is shown to readers as text")]
    assert len(articles) == 1


def test_a_site_moved_to_another_folder_keeps_its_cache_and_names_the_new_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CI cache restored into another checkout (or a site folder copied): the cached rows are used, not
    read again, and every article, warning and saved row speaks of where the files are now."""
    from tintuc import reading

    project = Project(tmp_path / "a")
    project.add("2021/tin.md", article(body="Bài có trường gần giống.", tag="[Y tế]"))  # 'tag': a warning
    project.add("2021/khac.md", article(title="Tin khác", body="Một bài nữa."))
    Builder(project.config()).build()
    (tmp_path / "a").rename(tmp_path / "b")
    moved = Project(tmp_path / "b", keep_config=True)
    reads: list[Path] = []
    real_read = reading.read_article
    monkeypatch.setattr(reading, "read_article", lambda path, *a: (reads.append(path), real_read(path, *a))[1])
    builder = Builder(moved.config())
    result = builder.build()
    assert reads == []  # taken from the cache
    articles, _ = builder.read_content()
    assert {a.source for a in articles} == {moved.root / "content" / "2021" / n for n in ("tin.md", "khac.md")}
    warned = [w for w in result.warnings if "unknown field" in w.message]
    assert [w.path for w in warned] == [moved.root / "content" / "2021" / "tin.md"], result.warnings
    rows = (moved.root / ".tintuc-cache" / "articles.json").read_text(encoding="utf-8")  # all moved: a new base
    assert str(moved.root) in rows and str(tmp_path / "a") not in rows
    # Saved: the next build in the same place moves nothing again.
    calls: list[object] = []
    real_moved = reading._moved
    monkeypatch.setattr(reading, "_moved", lambda *a: (calls.append(a), real_moved(*a))[1])
    Builder(moved.config()).build()
    assert calls == [] and reads == []


def test_a_fresh_checkout_reads_no_unchanged_file_again(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout (CI) gives every file a new modification time: the same bytes are taken from the cache by
    their hash, and saved with the new time; a file changed to the same size is read again."""
    from tintuc import reading

    for n in range(3):
        project.add(f"2021/tin-{n}.md", article(title=f"Tin số {n}", body=f"Nội dung bài số {n}."))
    Builder(project.config()).build()
    for path in (project.root / "content").rglob("*.md"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    changed = project.add("2021/tin-2.md", article(title="Tin số 2", body="Nội dung bài số 9."))  # the same size
    os.utime(changed, ns=(changed.stat().st_atime_ns, changed.stat().st_mtime_ns + 10**9))
    reads: list[str] = []
    real_read = reading.read_article
    monkeypatch.setattr(reading, "read_article", lambda path, *a: (reads.append(path.name), real_read(path, *a))[1])
    builder = Builder(project.config())
    builder.build()
    assert reads == ["tin-2.md"]
    hashed: list[object] = []
    real_same = reading._same_bytes
    monkeypatch.setattr(reading, "_same_bytes", lambda *a: (hashed.append(a), real_same(*a))[1])
    Builder(project.config()).build()
    assert hashed == [] and reads == ["tin-2.md"]  # the new times were saved
    assert any("Nội dung bài số 9." in p.read_text(encoding="utf-8") for p in project.public.rglob("index.html"))
