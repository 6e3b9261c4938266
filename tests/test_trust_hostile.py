"""The backbone of the trust tests: many hostile inputs, one rule for all of them.

Each case is a file an editor, an importer or an attacker could put into `content/`, or a
`config.yaml` they could write. A real `tintuc build` and `tintuc check` run on it in a subprocess
(so a hang is a failure, not a stuck test run), over a site that was built cleanly before, and:

- exit 0 or 1, never a traceback, "internal error" (exit 3) or a hang;
- on exit 1 the problem names the file, and the previous site is left exactly as it was;
- on exit 0 nothing from outside the project is published (a canary planted in the build's
  environment and in a file outside the project never reaches the output) and no page or feed
  carries an event-handler attribute or a script URL.

The focused tests beside this one (test_trust_markup, test_trust_content, test_trust_output,
test_trust_commands) assert the exact message or outcome of each case.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, Project, article
from tintuc.build import Builder

CANARY = "CANARY-7f3a91-do-not-publish"
TIMEOUT = 90


def fm(*lines: str, body: str = "Nội dung bài viết.") -> str:
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


DATED = "date: 2021-08-01 15:44"


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        prev = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines)


# (id, expected outcome, relative path under content/, file content). The outcome is what the issue or the
# README requires: "error" (exit 1 naming the file), "ok" (built, perhaps with warnings), or "either" where
# both a clear error and a safe build are right answers.
CONTENT_CASES: list[tuple[str, str, str, str | bytes]] = [
    ("empty-file", "error", "2021/rong.md", ""),
    ("only-dashes", "error", "2021/gach.md", "---\n"),
    ("unclosed-front-matter", "error", "2021/mo.md", "---\ntitle: Tiêu đề\ndate: 2021-08-01\n"),
    ("binary-garbage", "error", "2021/rac.md", bytes(range(256)) * 4),
    ("only-nul-bytes", "error", "2021/nul.md", b"\x00" * 4096),
    ("utf16-with-bom", "error", "2021/utf16.md", fm("title: Hội nghị", DATED).encode("utf-16")),
    ("bom-and-crlf", "ok", "2021/crlf.md", ("\ufeff" + fm("title: Hội nghị", DATED)).replace("\n", "\r\n")),
    ("empty-body", "ok", "2021/than-rong.md", "---\ntitle: Không có thân bài\ndate: 2021-08-01\n---"),
    ("title-yes", "ok", "2021/yes.md", fm("title: Yes", DATED)),
    ("title-list", "error", "2021/list.md", fm("title: [a, b]", DATED)),
    ("title-mapping", "error", "2021/map.md", fm("title: {a: b}", DATED)),
    ("title-null", "error", "2021/null.md", fm("title: ~", DATED)),
    ("title-nul-char", "ok", "2021/nul-title.md", fm('title: "Hội\\0nghị"', DATED)),
    ("body-control-chars", "ok", "2021/control.md",
     fm("title: Điều khiển", DATED, body="Một\x01hai\x1bba\x7f\x85bốn")),
    ("huge-title", "either", "2021/dai.md", fm("title: " + "Hội nghị " * 20000, DATED)),
    ("one-megabyte-line", "ok", "2021/dong-dai.md", fm("title: Dòng dài", DATED, body="chữ" * 350_000)),
    ("one-megabyte-paragraph-of-markup", "error", "2021/dinh-dang.md",
     fm("title: Định dạng dày đặc", DATED, body="*a* [b](c) " * 100_000)),
    ("tags-mapping", "error", "2021/tags-map.md", fm("title: Thẻ", DATED, "tags: {a: b}")),
    ("tags-only-punctuation", "error", "2021/tags-dau.md", fm("title: Thẻ", DATED, "tags: ['!!!', '...']")),
    ("five-hundred-tags", "ok", "2021/nhieu-the.md",
     fm("title: Nhiều thẻ", DATED, "tags: [" + ", ".join(f"Chủ đề {n}" for n in range(500)) + "]")),
    ("more-than-a-thousand-tags", "error", "2021/qua-nhieu-the.md",
     fm("title: Quá nhiều thẻ", DATED, "tags: [" + ", ".join(f"Chủ đề {n}" for n in range(1001)) + "]")),
    ("date-list", "error", "2021/date-list.md", fm("title: Ngày", "date: [1]")),
    ("date-impossible-day", "error", "2021/ngay-30-2.md", fm("title: Ngày không có", "date: 2026-02-30")),
    ("date-impossible-month", "error", "2021/thang-13.md", fm("title: Tháng không có", "date: 2026-13-02")),
    ("date-impossible-time", "error", "2021/gio.md", fm("title: Giờ không có", "date: 2021-08-01 25:61")),
    ("date-year-9999", "error", "2021/nam-9999.md", fm("title: Năm xa", "date: 9999-12-31T23:59:00-12:00")),
    ("date-year-1", "error", "2021/nam-1.md", fm("title: Năm đầu", "date: 0001-01-01T00:00:00+14:00")),
    ("slug-traversal", "error", "2021/slug-len.md", fm("title: Lên thư mục", DATED, "slug: ../../etc")),
    ("slug-empty", "ok", "2021/slug-rong.md", fm("title: Rỗng", DATED, 'slug: ""')),
    ("slug-windows-reserved", "error", "2021/con.md", fm("title: Con", DATED, "slug: con")),
    ("title-windows-reserved", "ok", "2021/nul-ten.md", fm("title: NUL", DATED)),
    ("weight-infinite", "error", "pages/trang.md", fm("title: Trang", "weight: 1e999")),
    ("duplicate-keys", "error", "2021/trung.md", fm("title: Một", DATED, "title: Hai")),
    ("deeply-nested-extra", "error", "2021/long-sau.md", fm("title: Lồng sâu", DATED, "ghi_chu: " + _nested(3000))),
    ("alias-bomb-extra", "error", "2021/bom.md", fm("title: Bom", DATED, _alias_bomb())),
    ("image-proc-environ", "error", "2021/env.md",
     fm("title: Môi trường", DATED, body="![a](../../../../../../../../proc/self/environ)")),
    ("image-outside-project", "error", "2021/ngoai.md",
     fm("title: Ngoài dự án", DATED, body="![a](../../../secret.txt)")),
    ("image-field-outside", "error", "2021/anh-ngoai.md", fm("title: Ảnh ngoài", DATED, "image: ../../../secret.txt")),
    ("image-file-url", "ok", "2021/tuyet-doi.md",
     fm("title: Tuyệt đối", DATED, body="![a](file:///proc/self/environ)")),
    ("attr-list-onerror", "ok", "2021/onerror.md",
     fm("title: Ảnh", DATED, body='![x](/a.png){: onerror="alert(1)"}')),
    ("attr-list-onfocus", "ok", "2021/onfocus.md",
     fm("title: Đoạn", DATED, body='Một đoạn văn.\n{: autofocus onfocus="alert(1)" style="x"}')),
    ("javascript-entity-links", "ok", "2021/js.md", fm("title: Liên kết", DATED, body="\n\n".join(
        f"[{n}]({url})" for n, url in enumerate(
            ["java&#115;cript:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
             "javascript&colon;alert(1)", "java&#10;script:alert(1)", "java&Tab;script:alert(1)",
             "JaVaScRiPt:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>"])))),
    ("raw-html-script", "ok", "2021/script.md",
     fm("title: Mã", DATED, body='<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')),
    ("file-over-ten-megabytes", "error", "2021/lon.md", fm("title: Lớn", DATED, body="a" * 11_000_000)),
    ("empty-body-newline", "ok", "2021/than-rong-2.md", "---\ntitle: Không thân\ndate: 2021-08-01\n---\n"),
    ("date-offset-99-hours", "error", "2021/lech.md", fm("title: Lệch", "date: 2021-08-01 10:00+99:00")),
    ("impossible-date-in-extra", "ok", "2021/phu.md", fm("title: Phụ", DATED, "het_han: 2026-02-30")),
    ("weight-enormous", "error", "pages/rat-lon.md", fm("title: Rất lớn", "weight: 99999999999999999999999")),
    ("integer-of-5000-digits", "error", "2021/so.md", fm("title: Số", DATED, "ma_so: " + "7" * 5000)),
    ("yaml-python-object-tag", "error", "2021/py.md",
     fm("title: Py", DATED, "x: !!python/object/apply:os.system [id]")),
    ("yaml-int-tag-on-text", "error", "2021/int.md", fm("title: Int", DATED, "x: !!int chu")),
    ("nested-200000-levels", "error", "2021/rat-sau.md", fm("title: Rất sâu", DATED, "ghi_chu: " + _nested(200_000))),
    ("recursive-alias", "error", "2021/vong.md", fm("title: Vòng", DATED, "x: &x [*x]")),
    ("non-scalar-key", "error", "2021/khoa.md", fm("? [a, b]\n: 1", "title: Khoá", DATED)),
    ("image-field-file-url", "error", "2021/file-url.md", fm("title: File", DATED, "image: file:///etc/passwd")),
    ("broken-draft", "ok", "2021/nhap.md", fm("title: Bản nháp", "date: không phải ngày", "draft: true")),
]

# (id, expected outcome, the whole config.yaml)
CONFIG_CASES: list[tuple[str, str, str | bytes]] = [
    ("not-a-mapping", "error", "- a\n- b\n"),
    ("binary", "error", bytes(range(256))),
    ("yaml-syntax", "error", "title: [unclosed\n"),
    ("per-page-zero", "error", "per_page: 0\n"),
    ("per-page-negative", "error", "per_page: -3\n"),
    ("per-page-text", "error", "per_page: mười\n"),
    ("timezone-unknown", "error", "timezone: Mars/Olympus\n"),
    ("timezone-traversal", "error", "timezone: ../../etc/passwd\n"),
    ("base-url-javascript", "error", "base_url: javascript:alert(1)\n"),
    ("permalink-unknown-field", "error", "permalink: /{nope}/\n"),
    ("permalink-traversal", "error", "permalink: /../../{slug}/\n"),
    ("permalink-format-attack", "error", "permalink: '/{slug.__class__}/'\n"),
    ("theme-traversal", "error", "theme: ../../etc\n"),
    ("language-unknown", "error", "language: xx\n"),
    ("title-yes", "ok", "title: Yes\n"),
    ("duplicate-keys", "error", "title: Một\ntitle: Hai\n"),
    ("deeply-nested", "error", "title: T\nmenu: " + _nested(3000) + "\n"),
    ("alias-bomb", "error", _alias_bomb() + "\n"),
    ("menu-javascript", "error", "menu:\n  - {title: X, url: 'javascript:alert(1)'}\n"),
]


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TINTUC_TEST_CANARY": CANARY, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "tintuc", *args], cwd=project.root, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)


def _built_site(tmp_path: Path) -> Project:
    """A small site built once, cleanly, with a secret file lying beside the project."""
    (tmp_path / "secret.txt").write_text(CANARY, encoding="utf-8")
    project = Project(tmp_path / "site")
    project.add("2021/hoi-nghi.md", article(title="Hội nghị giao ban", tags="[Covid-19]",
                                            body="Hội nghị giao ban công tác y tế."))
    project.add("pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nTrang giới thiệu.\n")
    Builder(project.config()).build()
    return project


_EVENT_ATTR = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"(?:href|src|action|formaction)\s*=\s*[\"']?\s*(?:javascript|vbscript|data):", re.IGNORECASE)


def _assert_published_site_is_safe(public: Path) -> None:
    for path in public.rglob("*"):
        if not path.is_file() or path.suffix not in (".html", ".xml", ".json", ".txt", ""):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(public)
        assert CANARY not in text, f"{where} publishes a file or variable from outside the project"
        if path.suffix not in (".html", ".xml"):
            continue  # search data and text files are not markup: the search page escapes what it shows
        if path.suffix == ".xml":  # well-formed whatever the article held; feeds carry the HTML escaped once
            ElementTree.parse(path)
            text = html.unescape(text)
        assert not _EVENT_ATTR.search(text), f"{where} carries an event-handler attribute"
        assert not _SCRIPT_URL.search(text), f"{where} carries a script URL"
    for path in public.rglob("*"):
        if path.is_file() and path.suffix not in (".html", ".xml", ".json", ".txt", ".css", ".js", ".svg"):
            assert CANARY.encode() not in path.read_bytes(), f"{path.relative_to(public)} is a file from outside"


def _assert_outcome(result: subprocess.CompletedProcess[str], blame: str | None) -> None:
    output = result.stdout + result.stderr
    assert result.returncode in (0, 1), f"exit {result.returncode}:\n{output[-3000:]}"
    assert "Traceback" not in output, output[-3000:]
    assert "internal error" not in output, output[-3000:]
    if result.returncode == 1 and blame is not None:
        assert blame in result.stderr or blame in result.stdout, f"the problem does not name {blame}:\n{output[-2000:]}"


def _check_case(project: Project, blame: str | None, expected: str = "either") -> None:
    before = _tree(project.public)
    built = _run(project, "build", "--jobs", "1")
    _assert_outcome(built, blame)
    if expected != "either":
        assert built.returncode == (1 if expected == "error" else 0), (built.stdout + built.stderr)[-3000:]
    if built.returncode == 1:
        assert _tree(project.public) == before, "a failed build changed the published site"
    _assert_published_site_is_safe(project.public)
    _assert_outcome(_run(project, "check"), blame)


@pytest.mark.parametrize(("expected", "rel", "data"), [c[1:] for c in CONTENT_CASES],
                         ids=[c[0] for c in CONTENT_CASES])
def test_hostile_content_file(tmp_path: Path, expected: str, rel: str, data: str | bytes) -> None:
    project = _built_site(tmp_path)
    project.add(rel, data)
    _check_case(project, Path(rel).name, expected)


@pytest.mark.parametrize(("expected", "data"), [c[1:] for c in CONFIG_CASES], ids=[c[0] for c in CONFIG_CASES])
def test_hostile_config(tmp_path: Path, expected: str, data: str | bytes) -> None:
    project = _built_site(tmp_path)
    (project.root / "config.yaml").write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    _check_case(project, "config.yaml", expected)


def _fifo(content: Path) -> str:
    os.mkfifo(content / "2021" / "ong.md")
    return "ong.md"


def _symlink_loop(content: Path) -> str:
    os.symlink("vong-b.md", content / "2021" / "vong-a.md")
    os.symlink("vong-a.md", content / "2021" / "vong-b.md")
    return "vong-a.md"


def _dangling(content: Path) -> str:
    os.symlink("khong-co.md", content / "2021" / "treo.md")
    return "treo.md"


def _linked_outside_file(content: Path) -> str:
    os.symlink(content.parent.parent / "secret.txt", content / "2021" / "bi-mat.md")
    return "bi-mat.md"


def _linked_outside_folder(content: Path) -> str:
    outside = content.parent.parent / "ngoai"
    outside.mkdir()
    (outside / "bai.md").write_text(article(title="Bài từ ngoài", body=CANARY), encoding="utf-8")
    os.symlink(outside, content / "ngoai")
    return "ngoai"


def _linked_image_outside(content: Path) -> str:
    os.symlink(content.parent.parent / "secret.txt", content / "2021" / "anh.jpg")
    (content / "2021" / "co-anh.md").write_text(article(title="Có ảnh", body="![ảnh](anh.jpg)"), encoding="utf-8")
    return "co-anh.md"


def _folder_named_like_article(content: Path) -> str | None:
    (content / "2021" / "thu-muc.md").mkdir()
    return None  # nothing to blame: a folder is just a folder


SPECIAL_FILES: list[tuple[str, Callable[[Path], str | None]]] = [
    ("named-pipe", _fifo), ("symlink-loop", _symlink_loop), ("dangling-symlink", _dangling),
    ("symlinked-article-outside", _linked_outside_file), ("symlinked-folder-outside", _linked_outside_folder),
    ("symlinked-image-outside", _linked_image_outside), ("folder-named-like-article", _folder_named_like_article),
]


@pytest.mark.parametrize("make", [c[1] for c in SPECIAL_FILES], ids=[c[0] for c in SPECIAL_FILES])
def test_hostile_special_file(tmp_path: Path, make: Callable[[Path], str | None]) -> None:
    project = _built_site(tmp_path)
    blame = make(project.root / "content")
    _check_case(project, blame, "either" if blame is None else "error")


def test_every_hostile_file_at_once_is_reported_in_one_run(tmp_path: Path) -> None:
    """All problems in one run: an editor fixes them in one pass, not one build at a time."""
    project = _built_site(tmp_path)
    failing = []
    for _, expected, rel, data in CONTENT_CASES:
        project.add(rel, data)
        if expected == "error":
            failing.append(Path(rel).name)
    before = _tree(project.public)
    result = _run(project, "build", "--jobs", "2")
    _assert_outcome(result, None)
    assert result.returncode == 1
    assert _tree(project.public) == before
    missing = [name for name in failing if name not in result.stderr]
    assert not missing, f"the build did not report {missing}"
    checked = _run(project, "check")
    _assert_outcome(checked, None)
    missing = [name for name in failing if name not in checked.stdout + checked.stderr]
    assert not missing, f"check did not report {missing}"
