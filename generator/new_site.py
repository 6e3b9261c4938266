"""`tintuc new-site`: a fresh archive repository, ready to push and to be published by CI.

The files are real files under `generator/data/site_template/`. Dotfiles are stored there without
their leading dot (`dot-gitignore`, `dot-github/`) so that packaging and editors never hide or skip
them; a folder named `YEAR` becomes the current year. A few `@NAME@` markers in the text files are
filled in (the title, the address, the tintuc requirement, the example article's date). Then, when asked,
requirements.txt is locked with hashes (generator/site_lock.py) before the folder takes its name.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from . import __version__
from .config import load_config, parse_base_url
from .errors import BuildFailed, UsageError
from .site_lock import Locked, lock, lockable
from .text import nfc

TEMPLATE = Path(__file__).resolve().parent / "data" / "site_template"
TINTUC_REPO = "https://github.com/tintuc/tintuc"
DEFAULT_SPEC = f"tintuc=={__version__}"  # this very version, from PyPI
DEFAULT_TITLE = "Tin tức"
# A reserved example domain: obviously a placeholder, yet a valid address (the CI workflows pass the real one).
DEFAULT_BASE_URL = "https://example.github.io/tin-tuc/"
TIMEZONE = "Asia/Ho_Chi_Minh"  # the template's config.yaml; the example article is dated in it
_DOT = "dot-"
_MARKER = re.compile(r"@[A-Z_]+@")


@dataclass(frozen=True, slots=True)
class NewSite:
    root: Path
    files: tuple[str, ...]  # relative paths, POSIX style, in the order they are worth reading
    example: str  # the example article, relative to root
    locked: Locked  # requirements.txt: hash-pinned, or why not and how to lock it later


def new_site(target: Path, title: str = DEFAULT_TITLE, base_url: str = DEFAULT_BASE_URL,
             tintuc_spec: str = DEFAULT_SPEC, now: datetime | None = None, *, locking: bool = False,
             find_links: tuple[str, ...] = ()) -> NewSite:
    """Create the archive in `target` (absent or empty); nothing is written if anything is wrong.

    With `locking`, requirements.txt becomes a hash-pinned lock (needs the package index; `find_links` adds
    local folders of wheels); if that fails the site is still made, and `locked` says why."""
    target = target.resolve()  # 'tintuc new-site .' in an empty folder: its name and parent are needed
    title = nfc(title.strip())
    if not title or _is_multiline(title):
        raise UsageError("--title must be one line of text")
    try:
        base_url = parse_base_url(base_url)
    except ValueError as exc:
        raise UsageError(f"--base-url: expected {exc}") from None
    tintuc_spec = tintuc_spec.strip()
    if not tintuc_spec or _is_multiline(tintuc_spec):
        raise UsageError("--tintuc-spec must be one requirement line, such as "
                         f"'{DEFAULT_SPEC}'")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder; choose a new folder name")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty; new-site only creates a new archive in a new or empty folder")

    moment = (now or datetime.now(ZoneInfo(TIMEZONE))).astimezone(ZoneInfo(TIMEZONE))
    values = {
        "@TITLE@": title, "@BASE_URL@": base_url, "@TINTUC_SPEC@": tintuc_spec, "@TINTUC_HOME@": TINTUC_REPO,
        "@DATE@": moment.strftime("%Y-%m-%d %H:%M"), "@YEAR@": f"{moment.year:04d}",
    }
    # config.yaml takes YAML strings: JSON's quoted strings are valid YAML and keep any title intact.
    yaml_values = {**values, "@TITLE@": json.dumps(title, ensure_ascii=False),
                   "@BASE_URL@": json.dumps(base_url)}

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.new-site-{os.getpid()}"
    staging.mkdir()  # with the usual permissions, unlike a temporary folder
    try:
        files = []
        for source in sorted(p for p in TEMPLATE.rglob("*") if p.is_file()):
            rel = _destination(source.relative_to(TEMPLATE), values["@YEAR@"])
            text = source.read_text(encoding="utf-8")
            text = _fill(text, yaml_values if rel == "config.yaml" else values, source)
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            files.append(rel)
        _self_check(staging)
        locked = Locked(False, "not asked to lock (--no-lock)")
        if locking and not lockable(tintuc_spec):
            locked = Locked(False, f"{tintuc_spec!r} is not a release from a package index (name==version), "
                                   "so pip cannot check its hash; requirements.txt installs it unlocked")
        elif locking:
            locked = lock(staging, find_links)
        if target.is_dir():  # empty, as checked above; kept (it may be the shell's current folder)
            for entry in sorted(staging.iterdir()):
                entry.rename(target / entry.name)
            staging.rmdir()
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    example = f"content/{values['@YEAR@']}/huong-dan-viet-bai-cho-kho-tin.md"
    if locked.ok:
        files = sorted(set(files))  # requirements.txt was already listed: it was rewritten, not added
    return NewSite(target, tuple(sorted(files, key=_reading_order)), example, locked)


def _is_multiline(text: str) -> bool:
    return len(text.splitlines()) > 1 or any(ord(c) < 32 for c in text)


def _destination(rel: Path, year: str) -> str:
    parts = ["." + p[len(_DOT):] if p.startswith(_DOT) else p for p in rel.parts]
    return "/".join(year if p == "YEAR" else p for p in parts)


def _fill(text: str, values: dict[str, str], source: Path) -> str:
    unknown = set(_MARKER.findall(text)) - set(values)
    if unknown:  # a template bug, not a user error
        raise RuntimeError(f"{source}: unknown marker {sorted(unknown)[0]}")
    return _MARKER.sub(lambda found: values[found.group()], text)


def _self_check(root: Path) -> None:
    """The written config.yaml must load; a failure here is a bug in the template."""
    try:
        load_config(root / "config.yaml")
    except BuildFailed as failed:
        raise RuntimeError("the new site's config.yaml is invalid: "
                           + "; ".join(p.format(root) for p in failed.problems)) from None


def _reading_order(rel: str) -> tuple[int, str]:
    first = ("config.yaml", "content/", "requirements.in", "requirements.txt", "README.md", ".gitignore")
    for rank, prefix in enumerate(first):
        if rel.startswith(prefix):
            return rank, rel
    return len(first), rel
