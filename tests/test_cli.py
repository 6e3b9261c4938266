"""The `tintuc` command as a user meets it: help, exit codes, messages, the output-path guard."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Project, article
from tintuc.cli import main


def run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tintuc", *args], cwd=project.root, text=True, check=False,
                          capture_output=True, timeout=120)


@pytest.mark.parametrize("command", [[], ["build"], ["serve"]])
def test_every_command_explains_every_option(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    options = {"build": ["--config", "--out", "--drafts", "--future", "--base-url", "--quiet", "--verbose"],
               "serve": ["--port", "--config", "--out"]}.get(command[0] if command else "", ["build", "serve"])
    for option in options:
        assert option in text


def test_build_prints_a_summary_and_exits_0(project: Project) -> None:
    project.add("a.md", article())
    done = run(project, "build")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Built 1 articles, ") and "into public/" in done.stdout
    assert (project.public / "index.html").is_file()
    assert run(project, "build", "-q").stdout == ""


def test_content_errors_exit_1_with_all_problems(project: Project) -> None:
    project.add("a.md", article(date="sai"))
    project.add("b.md", "---\ndate: 2020-01-01\n---\n")
    done = run(project, "build")
    assert done.returncode == 1
    assert "content/a.md:3: 'date' is not a date" in done.stderr
    assert "content/b.md:2: missing required field 'title'" in done.stderr
    assert "2 error(s); the site was not written" in done.stderr
    assert "Traceback" not in done.stderr
    assert not project.public.exists()


def test_usage_errors_exit_2(project: Project) -> None:
    assert run(project, "build", "--nope").returncode == 2
    assert run(project, "build", "--base-url", "not a url").returncode == 2
    done = run(project, "build", "--config", "missing.yaml")
    assert done.returncode == 1 and "configuration file not found" in done.stderr


@pytest.mark.parametrize("out", [".", "content", "themes", "content/x"])
def test_refuses_to_build_over_sources(project: Project, out: str) -> None:
    (project.root / "themes").mkdir(exist_ok=True)
    project.add("a.md", article())
    done = run(project, "build", "--out", out)
    assert done.returncode == 2 and "refusing to build into" in done.stderr
    assert (project.root / "content" / "a.md").is_file()


def test_refuses_a_folder_it_did_not_write(project: Project, tmp_path: Path) -> None:
    project.add("a.md", article())
    stranger = tmp_path / "documents"
    stranger.mkdir()
    (stranger / "important.docx").write_text("x")
    done = run(project, "build", "--out", str(stranger))
    assert done.returncode == 2 and "did not write" in done.stderr
    assert (stranger / "important.docx").is_file()
    outside = tmp_path / "elsewhere"
    project.write_config(f"title: A\npaths:\n  output: {outside}\n")
    done = run(project, "build")
    assert done.returncode == 2 and "outside the project" in done.stderr
    assert run(project, "build", "--out", str(outside)).returncode == 0


def test_config_typo_is_reported_with_line(project: Project) -> None:
    project.write_config("title: A\nper_pgae: 5\n")
    done = run(project, "build")
    assert done.returncode == 1
    assert "config.yaml:2: unknown key 'per_pgae'" in done.stderr and "did you mean 'per_page'?" in done.stderr
