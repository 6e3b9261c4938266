"""Reading content/ safely: hostile or broken files are located problems, never a traceback, hang or leak.

First one table of hostile files run through the real `tintuc build` and `tintuc check` (in a
subprocess, with a timeout, so a hang fails the test instead of blocking it); then a focused test for
each defect of issue 19 that the content stage owns, asserting the exact message, line and outcome.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, Project, article, jpeg_bytes
from tintuc import sources, yamlutil
from tintuc.build import Builder
from tintuc.config import load_config
from tintuc.errors import BuildFailed, Severity
from tintuc.model import Article

TIMEOUT = 60
SECRET = "BI-MAT-9c41-khong-duoc-cong-bo"
DATED = "date: 2021-08-01 15:44"


def fm(*lines: str, body: str = "Nội dung bài viết.") -> str:
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    """The real CLI; on a hang, the test fails and the command and its worker processes are stopped."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "TINTUC_SECRET": SECRET}
    verbose = ["-v"] if args[0] == "build" else []  # -v: a crash shows its traceback
    command = [sys.executable, "-m", "tintuc", *args, *verbose]
    with subprocess.Popen(command, cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, text=True, start_new_session=True) as process:
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"`tintuc {' '.join(args)}` did not finish in {TIMEOUT} s")
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def read(project: Project, **config: object) -> tuple[list[Article], list[str]]:
    builder = Builder(project.config(**config))
    articles, problems = builder.read_content()
    # The bodies read are kept in the build cache's store (one at a time: two files may claim one address).
    full = [builder.read_cache.hydrate([a])[a.path] for a in articles]
    return full, [p.format(project.root) for p in problems]


def published(project: Project) -> str:
    """Every file of the built site as one text, to search for what must not be there."""
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in project.public.rglob("*") if p.is_file())


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _alias_bomb() -> str:
    lines = ["a: &a [cuoi, cuoi, cuoi, cuoi, cuoi, cuoi, cuoi, cuoi, cuoi]"]
    for level in "bcdefghi":
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{chr(ord(level) - 1)}"] * 9) + "]")
    return "\n".join(lines)


# The table of hostile files and special files through the real CLI is tests/test_trust_hostile.py (the
# backbone); the tests below assert the exact message, line and outcome of each case.


def _fifo(content_dir: Path) -> str:
    os.mkfifo(content_dir / "2021" / "ong.md")
    return "2021/ong.md"


def _loop(content_dir: Path) -> str:
    os.symlink("vong-b.md", content_dir / "2021" / "vong-a.md")
    os.symlink("vong-a.md", content_dir / "2021" / "vong-b.md")
    return "2021/vong-a.md"


def _dangling(content_dir: Path) -> str:
    os.symlink("khong-co.md", content_dir / "2021" / "treo.md")
    return "2021/treo.md"


def _article_link_out(content_dir: Path) -> str:
    secret = content_dir.parent.parent / "bi-mat.md"
    secret.write_text(article(title="Bí mật", body=SECRET), encoding="utf-8")
    os.symlink(secret, content_dir / "2021" / "bi-mat.md")
    return "2021/bi-mat.md"


def _folder_link_out(content_dir: Path) -> str:
    outside = content_dir.parent.parent / "ngoai"
    outside.mkdir()
    (outside / "bai.md").write_text(article(title="Bài ngoài", body=SECRET), encoding="utf-8")
    os.symlink(outside, content_dir / "ngoai")
    return "ngoai"


# --- 3. nothing from outside content/ is published -------------------------------------------------------

@pytest.mark.parametrize(("fields", "body", "line", "message"), [
    ((), "![a](../../../secret.txt)", 5, "image is outside the content folder: ../../../secret.txt"),
    ((), "Đoạn.\n\n![a](../../../../../../../proc/self/environ)", 7,
     "image is outside the content folder: ../../../../../../../proc/self/environ"),
    (("image: ../../../secret.txt",), "Thân bài.", 4, "image is outside the content folder: ../../../secret.txt"),
    ((), "![a](thu-muc)", 5, "image is not a regular file (a folder): thu-muc"),
    ((), "![a](.env)", 5, "image is a hidden file (its path has a name starting with '.'): .env"),
    ((), "![a](khong-co.jpg)", 5, "image not found: khong-co.jpg"),
    (("image: file:///etc/passwd",), "Thân bài.", 4,
     "'image' must be a file beside the article or an http(s) address, not a file: address"),
    (("image: 'C:/Windows/win.ini'",), "Thân bài.", 4,
     "'image' must be a file beside the article or an http(s) address, not a c: address"),
], ids=["body-parent", "body-proc-environ", "image-field-parent", "folder", "hidden-file", "missing", "file-url",
        "windows-path"])
def test_every_local_path_must_be_a_regular_file_inside_content(tmp_path: Path, fields: tuple[str, ...], body: str,
                                                                 line: int, message: str) -> None:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    project = Project(tmp_path / "site")
    project.add("2021/.env", SECRET)
    (project.root / "content" / "2021" / "thu-muc").mkdir()
    project.add("2021/a.md", fm("title: Ảnh", DATED, *fields, body=body))
    articles, problems = read(project)
    assert articles == []
    assert problems[0].startswith(f"content/2021/a.md:{line}: {message}"), problems
    assert "hint:" in problems[0]
    with pytest.raises(BuildFailed):
        Builder(project.config()).build()
    assert not project.public.exists()


def test_an_image_swapped_for_a_link_outside_is_caught_though_the_article_is_cached(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    project = Project(tmp_path / "site")
    image = project.root / "content" / "2021" / "anh.jpg"
    project.add("2021/a.md", article(title="Có ảnh", body="Ảnh.\n\n![ảnh](anh.jpg)"))
    image.write_bytes(jpeg_bytes())
    Builder(project.config()).build()
    image.unlink()
    os.symlink(tmp_path / "secret.txt", image)
    with pytest.raises(BuildFailed) as failed:
        Builder(project.config()).build()
    assert [p.format(project.root).split("\n")[0] for p in failed.value.problems] == [
        "content/2021/a.md:7: image is outside the content folder: anh.jpg"]
    assert SECRET not in published(project)


def test_symlinks_inside_content_stay_usable(project: Project) -> None:
    """A link inside content/ to an image or article inside content/ is followed; a linked folder is not walked."""
    folder = project.root / "content" / "2021"
    folder.mkdir()
    (project.root / "content" / "anh").mkdir()
    (project.root / "content" / "anh" / "that.jpg").write_bytes(b"\xff\xd8 anh that")
    os.symlink("../anh/that.jpg", folder / "lien-ket.jpg")
    project.add("2021/a.md", article(title="Có ảnh", body="![ảnh](lien-ket.jpg)"))
    project.add("goc/b.md", article(title="Bài gốc", date="2021-08-02"))
    os.symlink("goc/b.md", project.root / "content" / "ban-sao.md")
    os.symlink("goc", project.root / "content" / "thu-muc-lien-ket")
    articles, problems = read(project)
    assert problems == []
    assert sorted(a.rel for a in articles) == ["2021/a.md", "ban-sao.md", "goc/b.md"]
    assert sources.discover(project.root / "content")[1] == []


# --- 12. impossible and far-off dates ------------------------------------------------------------------

@pytest.mark.parametrize(("written", "why"), [
    ("2026-02-30", "not a real date or time: day is out of range for month"),
    ("2026-13-02", "not a real date or time: month must be in 1..12"),
    ("2021-08-01 25:61", "not a real date or time: hour must be in 0..23"),
    ("9999-12-31T23:59:00-12:00", "not a real date: the year 9999 is outside 1900–2200"),
    ("0001-01-01T00:00:00+14:00", "not a real date: the year 1 is outside 1900–2200"),
    ("'1899-12-31'", "not a real date: the year 1899 is outside 1900–2200"),
    ("31/12/2201", "not a real date: the year 2201 is outside 1900–2200"),
])
def test_impossible_or_far_dates_are_errors_at_their_line(project: Project, written: str, why: str) -> None:
    project.add("a.md", article(date=written))
    project.add("b.md", article(title="Sửa", updated=written))
    _, problems = read(project)
    assert problems[0].startswith(f"content/a.md:3: 'date' is not a date: {why}"), problems
    assert problems[1].startswith(f"content/b.md:4: 'updated' is not a date: {why}"), problems
    assert all("hint: write it as 2021-08-01" in p for p in problems)


def test_dates_at_the_edges_of_the_range_build_feeds_archives_and_sitemap(project: Project) -> None:
    project.add("a.md", article(title="Xưa nhất", date="1900-01-01T12:00:00+07:00"))
    project.add("b.md", article(title="Xa nhất", date="2200-12-31T23:59:00-12:00"))
    result = Builder(project.config(future=True)).build()
    assert result.articles == 2
    assert (project.public / "1900" / "01" / "xua-nhat" / "index.html").is_file()
    assert (project.public / "2201" / "01" / "xa-nhat" / "index.html").is_file()  # 18:59 on 1 Jan in Hà Nội
    assert "<published>2201-01-01T18:59:00+07:00</published>" in (project.public / "feed.xml").read_text("utf-8")
    assert "<lastmod>2201-01-01T18:59:00+07:00</lastmod>" in (project.public / "sitemap.xml").read_text("utf-8")
    assert (project.public / "2201" / "index.html").is_file() and (project.public / "1900" / "index.html").is_file()
    # Read back from the cache, the same moments: nothing to render again.
    assert Builder(project.config(future=True)).build().rendered == 0


def test_impossible_date_in_config_yaml_is_kept_as_text(project: Project) -> None:
    project.write_config("title: T\nimport:\n  ngay: 2026-02-30\n")
    assert project.config().extra["import"] == {"ngay": "2026-02-30"}


# --- 13. empty bodies, control characters, deep nesting, alias bombs -----------------------------------

@pytest.mark.parametrize("text", ["---\ntitle: Không thân\ndate: 2021-08-02\n---",
                                  "---\ntitle: Không thân\ndate: 2021-08-02\n---\n",
                                  "---\ntitle: Không thân\ndate: 2021-08-02\n---\n  \n\n"],
                         ids=["no-newline", "newline", "blank-lines"])
def test_front_matter_with_an_empty_body_builds_without_the_previous_articles_body(project: Project,
                                                                                   text: str) -> None:
    (project.root / "content" / "anh.jpg").write_bytes(jpeg_bytes())
    project.add("a.md", article(title="Có ảnh", body="Đoạn đầu của bài có ảnh.\n\n![x](anh.jpg)"))
    project.add("b.md", text)
    Builder(project.config(), jobs=1).build()
    [empty] = [a for a in Builder(project.config()).read_content()[0] if a.rel == "b.md"]
    assert empty.body_html == "" and empty.images == () and empty.summary == ""
    page = (project.public / "2021" / "08" / "khong-than" / "index.html").read_text(encoding="utf-8")
    assert "Đoạn đầu" not in page and "anh.jpg" not in page


def test_only_dashes_is_an_unclosed_front_matter(project: Project) -> None:
    project.add("a.md", "---")
    _, problems = read(project)
    assert problems == ["content/a.md:1: the front matter is not closed\n"
                        "    hint: add a line '---' after the last front-matter field"]


def test_control_characters_in_the_body_are_removed_with_a_warning_at_line_and_column(project: Project) -> None:
    project.add("a.md", article(title="Điều khiển", body="Dòng một.\nHai\x00ba\x1bbốn.\n\nNăm\x85 sáu\x07 bảy\x0c tám"))
    [read_article], problems = read(project)
    assert problems == [
        "content/a.md:6: warning: invisible control character U+0000 at column 4, left out of the site\n"
        "    hint: remove the character U+0000: it cannot be seen in most editors: retype the text around it, "
        "or search for it and delete it",
        "content/a.md:6: warning: invisible control character U+001B at column 7, left out of the site\n"
        "    hint: remove the character U+001B: it cannot be seen in most editors: retype the text around it, "
        "or search for it and delete it",
        "content/a.md:8: warning: invisible control character U+0085 at column 4, left out of the site "
        "(and 2 more in this file)\n"
        "    hint: remove the character U+0085: it cannot be seen in most editors: retype the text around it, "
        "or search for it and delete it",
    ]
    assert "Haibabốn." in read_article.body_html and "Năm sáu bảy tám" in read_article.body_html
    Builder(project.config()).build()
    etree.parse(project.public / "feed.xml")


def test_control_characters_written_as_yaml_escapes_are_removed_from_fields(project: Project) -> None:
    project.add("a.md", fm('title: "Hội\\0nghị\\x01 tỉnh"', DATED, 'tags: ["Y\\at\\u0085ế"]', 'ghi_chu: "a\\eb"'))
    [read_article], problems = read(project)
    assert read_article.title == "Hộinghị tỉnh"
    assert [t.name for t in read_article.tags] == ["Ytế"]
    assert read_article.extra == {"ghi_chu": "ab"}
    assert [p.split("\n")[0] for p in problems] == [
        "content/a.md:2: warning: invisible control character U+0000 in 'title', left out of the site",
        "content/a.md:4: warning: invisible control character U+0007 in 'tags', left out of the site",
        "content/a.md:5: warning: invisible control character U+001B in 'ghi_chu', left out of the site",
    ]


@pytest.mark.parametrize(("extra", "line", "message"), [
    ("ghi_chu: " + _nested(2000), 4, "lists and mappings are nested more than 10 levels deep in the front matter"),
    ("ghi_chu:\n" + "".join("  " * n + f"m{n}:\n" for n in range(1, 13)) + "  " * 13 + "x", 14,
     "lists and mappings are nested more than 10 levels deep in the front matter"),
    (_alias_bomb(), 4, "YAML anchors and aliases (&name, *name) are not allowed in the front matter"),
    ("a: 1\nb: *a", 5, "YAML anchors and aliases (&name, *name) are not allowed in the front matter"),
    ("x: !!binary aGVsbG8=", 4, "YAML tags such as !!binary are not allowed in the front matter"),
    ("x: !ghi 1", 4, "YAML tags such as !ghi are not allowed in the front matter"),
], ids=["flow-2000", "block-13", "alias-bomb", "alias", "binary-tag", "local-tag"])
def test_structures_front_matter_never_needs_are_refused_before_they_are_built(project: Project, extra: str,
                                                                                line: int, message: str) -> None:
    project.add("a.md", fm("title: Cấu trúc", DATED, extra))
    started = time.perf_counter()
    articles, problems = read(project)
    assert time.perf_counter() - started < 5
    assert articles == [] and len(problems) == 1
    assert problems[0].startswith(f"content/a.md:{line}: {message}"), problems
    assert "hint:" in problems[0]


def test_nesting_up_to_the_limit_is_accepted(project: Project) -> None:
    project.add("a.md", fm("title: Vừa đủ", DATED, "ghi_chu: " + _nested(9)))
    [read_article], problems = read(project)
    assert problems == [] and read_article.extra["ghi_chu"] == [[[[[[[[[]]]]]]]]]


# --- 14. special files in content/ ---------------------------------------------------------------------

@pytest.mark.parametrize(("make", "message"), [
    (_fifo, "not a regular file (a named pipe)"),
    (_loop, "a symbolic link that loops (it points, in the end, to itself)"),
    (_dangling, "a symbolic link to a file that does not exist"),
    (_article_link_out, "a symbolic link to a file outside content/"),
    (_folder_link_out, "a symbolic link to a folder outside content/"),
], ids=["fifo", "loop", "dangling", "article-link-out", "folder-link-out"])
def test_discovery_reports_special_files_without_opening_them(project: Project, make: Callable[[Path], str],
                                                              message: str) -> None:
    (project.root / "content" / "2021").mkdir()
    rel = make(project.root / "content")
    found, problems = sources.discover(project.root / "content")
    assert found == []
    assert [p.format(project.root) for p in problems][0].startswith(f"content/{rel}: {message}")


def test_a_pipe_put_in_place_after_discovery_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "ong.md")
    with pytest.raises(sources.UnreadableFile, match=re.escape("not a regular file (a named pipe)")):
        sources.read_source(tmp_path / "ong.md")
    assert sources.regular_file_problem(tmp_path / "ong.md") == "not a regular file (a named pipe)"
    (tmp_path / "thu-muc.md").mkdir()
    assert sources.regular_file_problem(tmp_path / "thu-muc.md") == "not a regular file (a folder)"
    assert sources.regular_file_problem(tmp_path / "khong-co.md") == "the file disappeared while it was being read"


def test_a_huge_paragraph_of_markup_is_refused_quickly_but_long_prose_is_read(project: Project) -> None:
    project.add("2021/dinh-dang.md", fm("title: Dày đặc", DATED, body="Mở đầu.\n\n" + "*a* [b](c) " * 20_000))
    project.add("2021/van-xuoi.md", fm("title: Văn xuôi dài", DATED, body="Một câu văn dài. " * 20_000))
    started = time.perf_counter()
    articles, problems = read(project)
    assert time.perf_counter() - started < 10
    assert [a.title for a in articles] == ["Văn xuôi dài"]
    assert problems[0].startswith("content/2021/dinh-dang.md:7: a paragraph of 220,001 characters with links or "
                                  "emphasis (at most 100,000)")


def test_importing_a_named_pipe_reports_it_instead_of_waiting(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    os.mkfifo(raw / "ong.txt")
    result = subprocess.run([sys.executable, "-m", "tintuc", "import", str(raw / "ong.txt"), "--out",
                             str(tmp_path / "out")], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "not a regular file (a named pipe)" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreadable_file_is_an_error_naming_it(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project.add("2021/khoa.md", article(title="Khoá"))
    project.add("2021/mo.md", article(title="Mở"))
    if os.geteuid() == 0:  # root reads whatever the mode says: make the open fail as it would for a user
        real_open = os.open

        def refusing_open(file: str | os.PathLike[str], flags: int, *args: int) -> int:
            if Path(file) == path:
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, flags, *args)

        monkeypatch.setattr(os, "open", refusing_open)
    else:
        path.chmod(0)
    articles, problems = read(project)
    assert [a.rel for a in articles] == ["2021/mo.md"]
    assert problems == ["content/2021/khoa.md: cannot be read: Permission denied\n"
                        "    hint: check the file's permissions, or remove it"]


def test_an_oversized_file_is_refused_before_it_is_read(project: Project) -> None:
    project.add("lon.md", article(body="a" * (sources.MAX_FILE_BYTES + 1)))
    _, problems = read(project)
    assert problems[0].startswith("content/lon.md: too large for an article (10 MB; at most 10 MB)")


# --- 18. text fields keep the text as written ---------------------------------------------------------

@pytest.mark.parametrize(("field", "written", "kept"), [
    ("title", "Yes", "Yes"), ("title", "NO", "NO"), ("title", "1e3", "1e3"), ("title", "0o17", "0o17"),
    ("title", "2021-08-01", "2021-08-01"), ("title", "1:30", "1:30"), ("title", "0x1F", "0x1F"),
    ("title", ".inf", ".inf"), ("title", "'Yes'", "Yes"), ("author", "NO", "NO"), ("author", "off", "off"),
    ("summary", "true", "true"), ("image_caption", "2021", "2021"), ("image_alt", "off", "off"),
    ("source", "1.5", "1.5"),
])
def test_text_fields_keep_the_text_as_written(project: Project, field: str, written: str, kept: str) -> None:
    fields = {"title": "Tiêu đề", field: written}
    project.add("a.md", fm(*(f"{k}: {v}" for k, v in fields.items()), DATED))
    [read_article], problems = read(project)
    assert problems == []
    value = {"source": read_article.source_url}.get(field, getattr(read_article, field))
    assert value == kept


def test_tags_slug_draft_and_weight(project: Project) -> None:
    project.add("a.md", fm("title: Yes", DATED, "tags: [Yes, No, 1e3, 2021-08-01]", "slug: 2021", "draft: true"))
    project.add("pages/b.md", fm("title: On", "weight: 3"))
    articles, problems = read(project)
    by_title = {a.title: a for a in articles}
    assert problems == []
    assert [t.name for t in by_title["Yes"].tags] == ["Yes", "No", "1e3", "2021-08-01"]
    assert by_title["Yes"].slug == "2021" and by_title["Yes"].draft is True
    assert by_title["On"].weight == 3 and by_title["On"].slug == "on"


@pytest.mark.parametrize("written", ["~", "null", ""], ids=["tilde", "null", "empty"])
def test_a_null_title_is_missing(project: Project, written: str) -> None:
    project.add("a.md", fm(f"title: {written}", DATED))
    _, problems = read(project)
    assert problems[0].startswith("content/a.md:2: missing required field 'title'")


def test_config_text_options_keep_the_text_as_written(project: Project) -> None:
    project.write_config("title: Yes\nauthor: NO\ndescription: 2021-08-01\n")
    config = project.config()
    assert (config.title, config.author, config.description) == ("Yes", "NO", "2021-08-01")


# --- 19. a broken draft blocks nobody ------------------------------------------------------------------

def test_a_broken_draft_is_a_warning_and_left_out_unless_drafts_are_built(project: Project) -> None:
    project.add("a.md", article(title="Đã đăng"))
    project.add("nhap.md", fm("title: Bản nháp", "date: không phải ngày", "draft: true", body="![x](khong-co.jpg)"))
    result = Builder(project.config()).build()
    assert result.articles == 1
    assert [p.format(project.root).split("\n")[0] for p in result.warnings] == [
        "content/nhap.md:3: warning: in a draft: 'date' is not a date: cannot read 'không phải ngày' as a date",
        "content/nhap.md:6: warning: in a draft: image not found: khong-co.jpg",
    ]
    assert all(p.severity is Severity.WARNING for p in result.warnings)
    with pytest.raises(BuildFailed) as failed:
        Builder(project.config(drafts=True)).build()
    assert [p.format(project.root).split("\n")[0] for p in failed.value.problems] == [
        "content/nhap.md:3: 'date' is not a date: cannot read 'không phải ngày' as a date",
        "content/nhap.md:6: image not found: khong-co.jpg",
    ]


def test_broken_draft_through_the_cli(project: Project) -> None:
    project.add("a.md", article(title="Đã đăng"))
    project.add("nhap.md", fm("title: Bản nháp", "date: 2026-02-30", "draft: true"))
    built = run(project, "build")
    assert built.returncode == 0 and "content/nhap.md:3: warning: in a draft: 'date' is not a date" in built.stderr
    assert run(project, "check").returncode == 0
    drafts = run(project, "build", "--drafts")
    assert drafts.returncode == 1 and "content/nhap.md:3: 'date' is not a date" in drafts.stderr


# --- 23. duplicate keys and Windows-reserved names ---------------------------------------------------

def test_a_key_given_twice_is_an_error_at_the_second(project: Project) -> None:
    project.add("a.md", fm("title: Một", DATED, "tags: [a]", "title: Hai"))
    project.add("b.md", fm("title: B", DATED, "ghi_chu:", "  x: 1", "  x: 2"))
    _, problems = read(project)
    assert problems == [
        "content/a.md:5: 'title' is given twice (lines 2 and 5) in the front matter\n"
        "    hint: keep one of them: YAML would silently use only the last",
        "content/b.md:6: 'x' is given twice (lines 5 and 6) in the front matter\n"
        "    hint: keep one of them: YAML would silently use only the last",
    ]


@pytest.mark.parametrize("text", [
    "title: Một\ntitle: Hai\n", "menu: " + _nested(3000) + "\n", _alias_bomb() + "\n", "per_page: !!int '5'\n",
], ids=["duplicate", "nested", "alias-bomb", "tag"])
def test_config_yaml_refuses_the_same_structures(project: Project, text: str) -> None:
    project.write_config(text)
    with pytest.raises(BuildFailed) as failed:
        load_config(project.root / "config.yaml")
    [problem] = failed.value.problems
    assert problem.line is not None and problem.hint and "YAML syntax error" not in problem.message


@pytest.mark.parametrize("slug", ["con", "nul", "prn", "aux", "com1", "lpt9"])
def test_windows_reserved_slug_is_an_error(project: Project, slug: str) -> None:
    project.add("a.md", fm("title: Tên", DATED, f"slug: {slug}"))
    _, problems = read(project)
    assert problems == [
        f"content/a.md:4: slug '{slug}' is a name Windows reserves for devices: the page's folder could not be "
        "checked out or unzipped there\n"
        f"    hint: choose another slug, e.g. '{slug}-1' or words from the title"]


def test_titles_and_tags_that_slug_to_reserved_names_get_a_suffix(project: Project) -> None:
    project.add("a.md", fm("title: CON", DATED, "tags: [Con, Lpt1]"))
    project.add("b.md", fm("title: Nul", "date: 2021-08-02"))
    Builder(project.config()).build()
    assert (project.public / "2021" / "08" / "con-1" / "index.html").is_file()
    assert (project.public / "2021" / "08" / "nul-1" / "index.html").is_file()
    assert (project.public / "tags" / "con-1" / "index.html").is_file()
    assert (project.public / "tags" / "lpt1-1" / "index.html").is_file()
    names = {part.lower() for p in project.public.rglob("*") for part in p.relative_to(project.public).parts}
    assert not names & {"con", "nul", "lpt1"}


def test_yamlutil_reports_lines_in_the_file() -> None:
    document, error = yamlutil.load("title: A\ntags: [a, b]\nmenu:\n  x: 1\n", first_line=2)
    assert error is None and document is not None
    assert document.lines == {"title": 2, "tags": 3, "tags[0]": 3, "tags[1]": 3, "menu": 4, "menu.x": 5}
    assert document.texts == {"title": "A", "tags": ["a", "b"]}
