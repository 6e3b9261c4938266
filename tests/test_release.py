"""A release that installs (issue 14): the version in one place, the release workflow, and the built wheel.

The slow test builds the sdist and the wheel as .github/workflows/release.yml does (`python -m build`),
checks them with twine as PyPI would, makes a new site whose requirements.txt pip-compile locks against
that wheel, and installs the lock with `--require-hashes` in a fresh virtual environment: the command and
`python -m tintuc` of that environment then check and build the site, away from this source tree.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
import tintuc
import yaml
from test_new_site import actionlint
from tintuc.cli import main
from tintuc.new_site import new_site

REPO = Path(__file__).resolve().parent.parent
RELEASE = REPO / ".github" / "workflows" / "release.yml"
CHECK = REPO / "scripts" / "check_release.py"
SHA_PIN = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load(path: Path) -> dict[Any, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def check_release(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(cwd / "scripts" / "check_release.py"), *args], cwd=cwd,
                          capture_output=True, text=True, check=False, timeout=60)


# ---- one version ---------------------------------------------------------------------------------------------


def test_the_version_is_written_once_and_everything_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "tintuc.__version__"}
    assert importlib.metadata.version("tintuc") == tintuc.__version__
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"tintuc {tintuc.__version__}"
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{tintuc.__version__}] - " in changelog


def fake_project(root: Path, version: str, entry: str) -> Path:
    (root / "generator").mkdir(parents=True)
    (root / "scripts").mkdir()
    shutil.copy(CHECK, root / "scripts" / "check_release.py")
    (root / "generator" / "__init__.py").write_text(f'__version__ = "{version}"\n', encoding="utf-8")
    (root / "CHANGELOG.md").write_text(f"# Changelog\n\n{entry}\n\n- a change\n", encoding="utf-8")
    dist = root / "dist"
    dist.mkdir()
    for name in (f"tintuc-{version}-py3-none-any.whl", f"tintuc-{version}.tar.gz"):
        (dist / name).write_bytes(b"")
    return root


def test_the_release_check_accepts_a_matching_tag_and_a_dated_entry(tmp_path: Path) -> None:
    root = fake_project(tmp_path, "1.2.0", "## [1.2.0] - 2026-12-07")
    done = check_release("v1.2.0", "dist", cwd=root)
    assert done.returncode == 0 and done.stderr == "", done.stderr


@pytest.mark.parametrize(("tag", "entry", "stray", "says"), [
    ("v1.3.0", "## [1.2.0] - 2026-12-07", None, "is not 'v1.2.0'"),
    ("v1.2.0", "## [1.2.0] - unreleased", None, "is dated 'unreleased'"),
    ("v1.2.0", "## [1.1.0] - 2026-01-02", None, "has no entry '## [1.2.0]"),
    ("v1.2.0", "## [1.2.0] - 2026-12-07", "tintuc-1.1.0-py3-none-any.whl", "expected exactly"),
])
def test_the_release_check_refuses_and_says_what_to_fix(tmp_path: Path, tag: str, entry: str,
                                                          stray: str | None, says: str) -> None:
    root = fake_project(tmp_path, "1.2.0", entry)
    if stray:
        (root / "dist" / stray).write_bytes(b"")
    done = check_release(tag, "dist", cwd=root)
    assert done.returncode == 1
    assert says in done.stderr, done.stderr


# ---- the workflows -------------------------------------------------------------------------------------------


def test_the_release_workflow_lints_clean() -> None:
    problems = actionlint(RELEASE)
    assert problems == [], "\n".join(f"{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in problems)


def test_the_release_builds_on_a_version_tag_and_publishes_with_trusted_publishing() -> None:
    flow = load(RELEASE)
    triggers = flow.get("on", flow.get(True))
    assert triggers == {"push": {"tags": ["v*.*.*"]}}
    assert flow["permissions"] == {"contents": "read"}
    build, publish = flow["jobs"]["build"], flow["jobs"]["publish"]
    script = "\n".join(step.get("run", "") for step in build["steps"])
    for needed in ("python -m build", "twine check --strict", "scripts/check_release.py", "pip install dist/*.whl",
                   "new-site smoke", "tintuc\" build"):
        assert needed in script, needed
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    uploader = publish["steps"][-1]
    assert uploader["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert "with" not in uploader, "trusted publishing needs no password or token"
    assert "${{" not in script.replace("${{ github.ref_name }}", ""), "expressions go through env:"


@pytest.mark.parametrize("workflow", ["release", "new-site pages"])
def test_every_action_is_pinned_to_a_commit_with_its_version(workflow: str, tmp_path: Path) -> None:
    if workflow == "release":
        path = RELEASE
    else:
        site = new_site(tmp_path / "kho")
        path = site.root / ".github" / "workflows" / "pages.yml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines
    assert [line for line in lines if not SHA_PIN.match(line)] == []


def test_the_new_site_asks_dependabot_for_pip_and_actions(tmp_path: Path) -> None:
    site = new_site(tmp_path / "kho")
    config = load(site.root / ".github" / "dependabot.yml")
    assert config["version"] == 2
    assert {(u["package-ecosystem"], u["directory"]) for u in config["updates"]} == {("pip", "/"),
                                                                                    ("github-actions", "/")}
    assert (site.root / "requirements.in").read_text(encoding="utf-8").strip().endswith(
        f"tintuc=={tintuc.__version__}")


def test_new_site_offline_or_unreleased_still_makes_the_site_and_says_how_to_lock(tmp_path: Path) -> None:
    """A lock that cannot be made (here: a wheel folder without tintuc, and no such release on the index the
    machine uses, or no network at all) leaves the plain pin and explains; the site is made all the same."""
    empty = tmp_path / "wheels"
    empty.mkdir()
    site = new_site(tmp_path / "kho", tintuc_spec="tintuc==0.0.0.dev0", locking=True, find_links=(str(empty),))
    assert not site.locked.ok
    assert "pip-compile --generate-hashes" in site.locked.detail
    assert (site.root / "requirements.txt").read_text(encoding="utf-8").strip().endswith("tintuc==0.0.0.dev0")
    assert not (site.root / "requirements.lock.tmp").exists()


def test_a_git_requirement_is_not_locked_and_says_why(tmp_path: Path) -> None:
    site = new_site(tmp_path / "kho", tintuc_spec="tintuc @ git+https://gitlab.example.vn/it/tintuc@main",
                    locking=True)
    assert not site.locked.ok and "not a release from a package index" in site.locked.detail


# ---- the built distribution ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sdist and wheel from a copy of the tree (a build writes *.egg-info and build/ next to the sources)."""
    source = tmp_path_factory.mktemp("src") / "tintuc"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "public", ".tintuc-cache", ".*_cache", ".hypothesis", "__pycache__",
        "*.egg-info", "build", "dist"))
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(source)], capture_output=True,
                          text=True, check=False, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "deprecated" not in (done.stdout + done.stderr).lower(), "the build warns: fix pyproject.toml"
    return out


def test_twine_accepts_the_sdist_and_the_wheel(dist: Path) -> None:
    files = sorted(p.name for p in dist.iterdir())
    assert files == [f"tintuc-{tintuc.__version__}-py3-none-any.whl", f"tintuc-{tintuc.__version__}.tar.gz"]
    done = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())],
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    checked = check_release(f"v{tintuc.__version__}", str(dist))
    assert "expected exactly" not in checked.stderr and "is not 'v" not in checked.stderr, checked.stderr


def test_the_wheel_installs_the_package_as_tintuc_with_its_data(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"tintuc", "tintuc_themes", f"tintuc-{tintuc.__version__}.dist-info"}
    for needed in ("tintuc/__main__.py", "tintuc/data/gazetteer.yaml", "tintuc/data/site_template/dot-gitignore",
                   "tintuc/data/site_template/dot-github/dependabot.yml", "tintuc/data/site_template/requirements.in",
                   "tintuc_themes/default/templates/base.html",
                   f"tintuc-{tintuc.__version__}.dist-info/licenses/LICENSE"):
        assert needed in names, needed
    entry_points = zipfile.ZipFile(wheel).read(f"tintuc-{tintuc.__version__}.dist-info/entry_points.txt").decode()
    assert "tintuc = tintuc.cli:main" in entry_points


def test_a_new_sites_locked_requirements_install_the_wheel_that_builds_it(dist: Path, tmp_path: Path) -> None:
    site = new_site(tmp_path / "kho", base_url="https://example.github.io/tin-tuc/", locking=True,
                    find_links=(str(dist),))
    assert site.locked.ok, site.locked.detail
    lock = (site.root / "requirements.txt").read_text(encoding="utf-8")
    assert f"tintuc=={tintuc.__version__} \\" in lock and "--hash=sha256:" in lock
    assert "pip-compile --generate-hashes --allow-unsafe --strip-extras requirements.in" in lock
    assert str(dist) not in lock and str(tmp_path) not in lock, "no local path may leak into the lock"
    pins = re.findall(r"^([A-Za-z0-9._-]+)==\S+ \\$", lock, flags=re.M)
    assert all(f"{name}==" in lock for name in ("jinja2", "whoosh-reloaded", "pillow", "pyyaml"))
    assert len(pins) == len(set(pins))

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bin_dir = venv / "bin"
    done = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--require-hashes",
                           "--find-links", str(dist), "-r", "requirements.txt"], cwd=site.root, text=True,
                          capture_output=True, check=False, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    for command in ([str(bin_dir / "tintuc"), "--version"], [str(bin_dir / "python"), "-m", "tintuc", "--version"]):
        done = subprocess.run(command, cwd=tmp_path, env=env, text=True, capture_output=True, check=False, timeout=60)
        assert done.stdout.strip() == f"tintuc {tintuc.__version__}", done.stderr
    where = subprocess.run([str(bin_dir / "python"), "-c", "import tintuc, importlib.util; print(tintuc.__file__); "
                            "print(importlib.util.find_spec('generator'))"], cwd=tmp_path, env=env, text=True,
                           capture_output=True, check=True, timeout=60).stdout.splitlines()
    assert where[0].startswith(str(venv)) and where[1] == "None", where
    for args in (["check"], ["build"]):
        done = subprocess.run([str(bin_dir / "tintuc"), *args], cwd=site.root, env=env, text=True,
                              capture_output=True, check=False, timeout=300)
        assert done.returncode == 0, f"tintuc {' '.join(args)}\n{done.stdout}{done.stderr}"
    assert (site.root / "public" / "index.html").is_file()
