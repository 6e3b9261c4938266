"""Themes: a search path of folders (the chosen theme, then the default) for templates, assets, strings."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .config import Config
from .errors import BuildFailed, Problem
from .sources import local_file_problem


def _builtin_themes() -> Path:
    """The default theme: the repository's top-level themes/ (a source tree or an editable install),
    or, in a built install, the same folder shipped as the data package `tintuc_themes`
    (pyproject.toml maps it)."""
    beside = Path(__file__).resolve().parent.parent / "themes"
    if beside.is_dir():
        return beside
    import tintuc_themes  # type: ignore[import-not-found]  # a namespace package: no __init__.py

    return Path(next(iter(tintuc_themes.__path__)))


# A site's own themes/default shadows the built-in one file by file, like any other theme.
BUILTIN_THEMES = _builtin_themes()
REQUIRED_STRINGS = ("weekdays", "locale")


@dataclass(frozen=True, slots=True)
class Theme:
    folders: tuple[Path, ...]  # most specific first
    strings: dict[str, Any]  # translations of the site's language, merged over the folders
    assets: dict[str, Path]  # static name ('css/style.css') -> the file that wins
    fingerprint: str  # changes when any template, asset or string changes

    @property
    def template_dirs(self) -> list[str]:
        return [str(f / "templates") for f in self.folders if (f / "templates").is_dir()]

    @property
    def weekdays(self) -> list[str]:
        return list(self.strings["weekdays"])


def theme_folders(config: Config) -> tuple[Path, ...]:
    names = [config.theme] if config.theme == "default" else [config.theme, "default"]
    folders: list[Path] = []
    for name in names:
        for base in (config.paths.themes, BUILTIN_THEMES):
            folder = base / name
            if folder.is_dir() and folder.resolve() not in [f.resolve() for f in folders]:
                folders.append(folder)
    return tuple(folders)


_LITERAL_ID = re.compile(r'\bid="([^"{}<>\s]+)"')


def page_ids(config: Config) -> frozenset[str]:
    """The ids the theme's templates write as they are (`id="noi-dung"`, the skip link's target): an
    article may not set one of them with `{: #…}`, or two elements of a page would share it."""
    ids: set[str] = set()
    for folder in theme_folders(config):
        templates = folder / "templates"
        for file in sorted(templates.rglob("*.html")) if templates.is_dir() else []:
            try:
                ids.update(_LITERAL_ID.findall(file.read_text(encoding="utf-8", errors="replace")))
            except OSError:
                continue  # load_theme reports an unreadable theme file
    return frozenset(ids)


def _unsafe_files(folder: Path) -> list[Problem]:
    """Theme files that would publish or read something from outside the theme: links leading out of it
    (`static/env.txt -> /proc/self/environ` would copy the build's environment, CI secrets included,
    into the site) and anything that is not a regular file (a named pipe would hang the build)."""
    real_folder = folder.resolve()
    problems = []
    for file in sorted(folder.rglob("*")):
        if file.is_dir() and not file.is_symlink():
            continue
        trouble = local_file_problem(file, real_folder, allow_hidden=True, folder_name="the theme folder")
        if trouble:
            problems.append(Problem(file, None, f"theme file {trouble}",
                                    "a theme may hold only its own files: copy the file into the theme folder "
                                    "instead of linking to it"))
    return problems


def load_theme(config: Config) -> Theme:
    folders = theme_folders(config)
    if not folders or (config.theme != "default" and not (config.paths.themes / config.theme).is_dir()):
        raise BuildFailed([Problem(config.source or config.root, None, f"theme '{config.theme}' not found",
                                   f"create {config.paths.themes / config.theme} or set 'theme: default'")])
    unsafe = [problem for folder in folders for problem in _unsafe_files(folder)]
    if unsafe:
        raise BuildFailed(unsafe)
    digest = hashlib.blake2b(digest_size=16)
    strings: dict[str, Any] = {}
    assets: dict[str, Path] = {}
    for folder in reversed(folders):  # least specific first, so later folders override
        strings_file = folder / "i18n" / f"{config.language}.yaml"
        if strings_file.is_file():
            data = yaml.safe_load(strings_file.read_text(encoding="utf-8")) or {}
            if not isinstance(data, dict):
                raise BuildFailed([Problem(strings_file, 1, "a translation file must map keys to strings",
                                           "write one 'key: text' per line")])
            strings.update(data)
        static = folder / "static"
        for file in sorted(static.rglob("*")) if static.is_dir() else []:
            if file.is_file():
                assets[file.relative_to(static).as_posix()] = file
    missing = [key for key in REQUIRED_STRINGS if key not in strings]
    if missing:
        raise BuildFailed([Problem(folders[-1] / "i18n" / f"{config.language}.yaml", None,
                                   f"translation strings missing: {', '.join(missing)}",
                                   "copy them from themes/default/i18n/")])
    for folder in folders:
        digest.update(str(folder).encode())
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                digest.update(file.relative_to(folder).as_posix().encode())
                digest.update(file.read_bytes())
    theme = Theme(folders, strings, assets, digest.hexdigest())
    from .render import compile_problems  # Jinja2 is imported only by a build that needs it

    problems = compile_problems(theme)
    if problems:
        raise BuildFailed(problems)
    return theme
