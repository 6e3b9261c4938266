"""`tintuc new` and `tintuc check` as an editor runs them."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import Project, article, free_port
from tintuc.new import new_article


def run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tintuc", *args], cwd=project.root, text=True,
                          capture_output=True, timeout=120, check=False)


def test_new_fills_the_front_matter_and_never_overwrites(project: Project) -> None:
    project.write_config("title: A\nauthor: Phòng Truyền thông\n")
    now = datetime(2026, 3, 5, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    path = new_article(project.config(), "Hội nghị giao ban quý I", ["Covid-19", " Lạng Sơn"], None, now=now)
    assert path == project.root / "content" / "2026" / "hoi-nghi-giao-ban-quy-i.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Hội nghị giao ban quý I\ndate: 2026-03-05 09:30\n"
                           "tags: [Covid-19, Lạng Sơn]\nauthor: Phòng Truyền thông\n---\n")
    done = run(project, "new", "Hội nghị giao ban quý I", "--date", "05/03/2026")
    assert done.returncode == 1 and "already exists" in done.stderr
    assert path.read_text(encoding="utf-8") == text
    done = run(project, "new", "Bài khác", "--date", "2021-08-01 15:44")
    assert done.returncode == 0 and done.stdout.strip() == "content/2021/bai-khac.md"
    assert run(project, "new", "Bài", "--date", "hôm nay").returncode == 2
    assert run(project, "build", "-q").returncode == 0  # what `new` writes builds as it is


def test_check_reports_errors_links_and_review_notes_without_writing(project: Project) -> None:
    project.add("2021/a.md", article(title="A", body="Xem [bài B](/2021/08/b/) và [bài mất](/2021/08/khong-co/)."))
    project.add("2021/b.md", article(title="B"))
    project.add("2021/d.md", article(title="D", review="['Kiểm tra lại ngày đăng']"))  # held back, still reported
    project.add("2021/c.md", article(title="C", date="sai"))
    done = run(project, "check")
    assert done.returncode == 1
    assert "content/2021/a.md:5: broken link: /2021/08/khong-co/" in done.stdout
    assert "/2021/08/b/" not in done.stdout.replace("/2021/08/khong-co/", "")
    assert "content/2021/d.md:4: warning: review note: Kiểm tra lại ngày đăng" in done.stdout
    assert "content/2021/c.md:3: 'date' is not a date" in done.stdout
    assert not project.public.exists()
    github = run(project, "check", "--format", "github").stdout.splitlines()
    assert "::error file=content/2021/c.md,line=3::'date' is not a date: cannot read 'sai' as a date. " \
        "write it as 2021-08-01, 2021-08-01 15:44, 01/08/2021 or 'unknown'" in github
    assert any(line.startswith("::warning file=content/2021/d.md,line=4::review note") for line in github)
    found = json.loads(run(project, "check", "--format", "json").stdout)
    assert {"file": "content/2021/c.md", "line": 3, "severity": "error"}.items() <= found[-1].items() or \
        any(f["file"] == "content/2021/c.md" and f["severity"] == "error" for f in found)
    (project.root / "content" / "2021" / "c.md").unlink()
    (project.root / "content" / "2021" / "a.md").write_text(article(title="A"), encoding="utf-8")
    assert run(project, "check").returncode == 0


def test_serve_stops_cleanly_on_ctrl_c_and_follows_config_changes(project: Project) -> None:
    import http.client

    project.add("a.md", article(title="Bài một"))
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tintuc", "serve", "--port", str(port), "-q"],
                               cwd=project.root, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert "Serving at http://127.0.0.1:" in process.stdout.readline()  # type: ignore[union-attr]

        def home() -> str:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/")
            return connection.getresponse().read().decode("utf-8")

        assert "Thử nghiệm" in home()
        project.write_config("title: Tên mới của trang\nbase_url: https://example.gov.vn/\n")
        deadline = time.monotonic() + 20
        while "Tên mới của trang" not in home() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Tên mới của trang" in home()
        assert f'href="http://127.0.0.1:{port}/' in home()  # served with the local base URL
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Traceback" not in err


def test_check_writes_a_gitlab_code_quality_report(project: Project, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from tintuc.cli import main

    project.add("2021/loi.md", "---\ntitle: Lỗi\ndate: 2021-13-45\n---\nThân bài.\n")
    monkeypatch.chdir(project.root)
    assert main(["check", "--format", "gitlab"]) == 1
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["severity"] == "major" and entry["check_name"] == "tintuc-error"
    assert entry["location"] == {"path": "content/2021/loi.md", "lines": {"begin": 3}}
    assert "date" in entry["description"] and len(entry["fingerprint"]) == 64
