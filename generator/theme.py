"""Themes: a search path of folders (the chosen theme, then the default) for templates, assets, strings."""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
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
    # The content version of each asset (the `?v=` of `asset()`), and the published bytes of the JS modules
    # whose imports name other assets (see `versioned_modules`); every other asset is copied as it is.
    versions: dict[str, str] = field(default_factory=dict)
    rewritten: dict[str, bytes] = field(default_factory=dict)

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
        # Which folder, by its role, not where it is: a checkout or an environment moved elsewhere (a CI
        # runner's new Python) would otherwise change every page's fingerprint and render the site again.
        role = "site" if folder.parent == config.paths.themes else "built-in"
        digest.update(f"{role}/{folder.name}\0".encode())
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                digest.update(file.relative_to(folder).as_posix().encode())
                digest.update(file.read_bytes())
    versions, rewritten = versioned_modules(assets)
    theme = Theme(folders, strings, assets, digest.hexdigest(), versions, rewritten)
    from .render import compile_problems  # Jinja2 is imported only by a build that needs it

    problems = compile_problems(theme)
    if problems:
        raise BuildFailed(problems)
    return theme


# A relative module specifier in a static import, an `export … from` or a dynamic import(): from "./x.js".
_SPECIFIER = re.compile(r"""(\b(?:from|import)\s*\(?\s*)(["'])(\.{1,2}/[^"'?#\s]+)\2""")
_MODULE_SUFFIXES = (".js", ".mjs")


def _version(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=4).hexdigest()


def versioned_modules(assets: dict[str, Path]) -> tuple[dict[str, str], dict[str, bytes]]:
    """Every asset's version, and the theme's JS modules with their imports pointing at versioned addresses.

    A page loads its entry module as `asset(...)` (`search-page.js?v=…`), and the browser fetches what that
    module imports by the specifiers written in it. Left as `./search-engine.js`, a host that caches
    static/ for a year (tintuc deploy, the nginx configuration) would pair a new page module with last
    year's engine. So each relative import of another asset becomes `./search-engine.js?v=<version>`, and
    a module's version covers its own bytes and those of every module it reaches (cycles included): a
    change anywhere below gives every module above a new address. This replaces an inline import map,
    which a Content-Security-Policy without 'unsafe-inline' forbids.
    """
    raw = {name: path.read_bytes() for name, path in assets.items()}
    versions = {name: _version(data) for name, data in raw.items()}
    modules = [name for name in raw if name.endswith(_MODULE_SUFFIXES)]
    imports: dict[str, list[str]] = {}
    for name in modules:
        text = raw[name].decode("utf-8", errors="surrogateescape")
        found = (posixpath.normpath(posixpath.join(posixpath.dirname(name), m.group(3)))
                 for m in _SPECIFIER.finditer(text))
        imports[name] = sorted({target for target in found if target in raw})
    for name in modules:
        reached, todo = {name}, [name]
        while todo:
            for target in imports.get(todo.pop(), ()):
                if target not in reached:
                    reached.add(target)
                    todo.append(target)
        versions[name] = _version(b"".join(t.encode() + b"\0" + raw[t] for t in sorted(reached)))
    rewritten: dict[str, bytes] = {}
    for name in modules:
        if not imports[name]:
            continue
        folder = posixpath.dirname(name)

        def versioned(match: re.Match[str], folder: str = folder) -> str:
            target = posixpath.normpath(posixpath.join(folder, match.group(3)))
            if target not in versions:
                return match.group(0)  # not a theme asset: left for the browser to report
            return f"{match.group(1)}{match.group(2)}{match.group(3)}?v={versions[target]}{match.group(2)}"

        text = raw[name].decode("utf-8", errors="surrogateescape")
        rewritten[name] = _SPECIFIER.sub(versioned, text).encode("utf-8", errors="surrogateescape")
    return versions, rewritten
