"""The site configuration: `config.yaml` validated into one frozen object passed down the pipeline."""

from __future__ import annotations

import os
import stat
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import yamlutil
from .deploy_config import DeploySettings, parse_deploy
from .embeds import PROVIDERS, parse_providers
from .errors import BuildFailed, Problem, Severity, closest
from .identity import Identity, logo_problem, parse_identity, share_image_problem, with_logo_size
from .markdown_render import safe_url
from .photos import PhotoLimits
from .taxonomy import DEFAULT_TAXONOMIES, parse_taxonomies
from .urls import Urls, parse_urls


@dataclass(frozen=True, slots=True)
class MenuLink:
    title: str
    url: str  # a site path ("gioi-thieu/") or an absolute URL


@dataclass(frozen=True, slots=True)
class Paths:
    content: Path
    output: Path
    themes: Path
    cache: Path


@dataclass(frozen=True, slots=True)
class Config:
    root: Path
    title: str
    description: str
    base_url: str
    language: str
    timezone: ZoneInfo
    per_page: int
    theme: str
    permalink: str
    menu: tuple[MenuLink, ...]
    paths: Paths
    author: str | None
    publisher: str
    feed_size: int
    related_count: int
    source: Path | None = None
    drafts: bool = False
    future: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    identity: Identity = Identity()
    urls: Urls = Urls()  # every address of the site (generator/urls.py), taxonomies included
    deploy: DeploySettings | None = None  # where `tintuc deploy` publishes (generator/deploy_config.py)
    photos: PhotoLimits = PhotoLimits()  # when an original photo is warned about (generator/photos.py)
    embeds: tuple[str, ...] = PROVIDERS  # providers whose addresses become click-to-load facades (embeds.py)

    @property
    def taxonomies(self):  # type: ignore[no-untyped-def]  # tuple[Taxonomy, ...]
        return self.urls.taxonomies

    @property
    def base_path(self) -> str:
        """The URL path the site lives under: '/' or '/tin-tuc/'."""
        return urlsplit(self.base_url).path or "/"


# --- validators: each returns the clean value or raises ValueError with the expected form -----------

def _text(value: Any) -> str:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ValueError("a text string")
    return str(value).strip()


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("a whole number of 1 or more")
    return value


def parse_base_url(value: Any) -> str:
    """The site's address with a trailing slash; ValueError names the expected form."""
    url = _text(value)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("an absolute http(s) URL such as https://so-y-te.example.gov.vn/tin-tuc/")
    return url if url.endswith("/") else url + "/"


def _timezone(value: Any) -> ZoneInfo:
    try:
        return ZoneInfo(_text(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("an IANA time zone name such as Asia/Ho_Chi_Minh") from None


def _language(value: Any) -> str:
    lang = _text(value)
    if lang not in ("vi", "en"):
        raise ValueError("one of: vi, en")
    return lang


_PERMALINK_FIELDS = ("year", "month", "day", "slug")


def _permalink(value: Any) -> str:
    pattern = _text(value)
    if "{slug}" not in pattern:
        raise ValueError("a pattern containing {slug}, such as /{year}/{month}/{slug}/")
    try:
        # Only bare fields: '{slug.__class__}' or '{year!r}' would reach into Python objects.
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(pattern)
                  if name is not None]
    except ValueError:
        fields = [("", "", None)]
    if any(name not in _PERMALINK_FIELDS or spec or conversion for name, spec, conversion in fields):
        raise ValueError("a pattern using only {year}, {month}, {day} and {slug}") from None
    # Every page must land inside the output folder: '..' would write beside it.
    if "\\" in pattern or any(part in ("", ".", "..") for part in pattern.strip("/").split("/")):
        raise ValueError("a pattern of folder names separated by single '/', without '.' or '..'")
    return pattern


def _menu(value: Any) -> tuple[MenuLink, ...]:
    if not isinstance(value, list):
        raise ValueError("a list of entries like '- {title: Giới thiệu, url: /gioi-thieu/}'")
    links = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"title", "url"}:
            raise ValueError("a list of entries each with exactly 'title' and 'url'")
        url = _text(item["url"])
        if safe_url(url) is None:  # the theme links it as given: no script addresses in the menu either
            raise ValueError(f"a menu address that is a page of the site or an http(s), mailto: or tel: address, "
                             f"not {url!r}")
        links.append(MenuLink(_text(item["title"]), url))
    return tuple(links)


_PATH_KEYS = ("content", "output", "themes", "cache")


def _paths(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError("a mapping with any of: " + ", ".join(_PATH_KEYS))
    unknown = [k for k in value if k not in _PATH_KEYS]
    if unknown:
        guess = closest(str(unknown[0]), _PATH_KEYS)
        raise ValueError(
            f"a mapping with any of: {', '.join(_PATH_KEYS)} (unknown key {unknown[0]!r}"
            + (f"; did you mean {guess!r}?)" if guess else ")")
        )
    return {k: _text(v) for k, v in value.items()}


@dataclass(frozen=True, slots=True)
class _Option:
    validate: Callable[[Any], Any]
    default: Any
    # Validated from the text as written: `title: Yes` is the title "Yes", not True.
    as_written: bool = False


OPTIONS: dict[str, _Option] = {
    "title": _Option(_text, "Tin tức", as_written=True),
    "description": _Option(_text, "", as_written=True),
    "base_url": _Option(parse_base_url, "http://127.0.0.1:8000/", as_written=True),
    "language": _Option(_language, "vi", as_written=True),
    "timezone": _Option(_timezone, "Asia/Ho_Chi_Minh", as_written=True),
    "per_page": _Option(_positive_int, 10),
    "theme": _Option(_text, "default", as_written=True),
    "permalink": _Option(_permalink, "/{year}/{month}/{slug}/", as_written=True),
    "menu": _Option(_menu, []),
    "paths": _Option(_paths, {}),
    "author": _Option(_optional_text, None, as_written=True),
    "publisher": _Option(_optional_text, None, as_written=True),
    "feed_size": _Option(_positive_int, 20),
    "related_count": _Option(_positive_int, 5),
    "identity": _Option(parse_identity, {}),
    "taxonomies": _Option(parse_taxonomies, None),
    "urls": _Option(parse_urls, {}),
    "deploy": _Option(parse_deploy, None),
    "photos": _Option(PhotoLimits.parse, {}),
    "embeds": _Option(parse_providers, list(PROVIDERS)),
    # Read by other stages (the importer's topic keywords, search settings): free-form here.
    "import": _Option(lambda v: v, None),
}


def load_config(path: Path | None, root: Path | None = None) -> Config:
    """Read and validate config.yaml; every problem is reported at once with its line."""
    raw: dict[str, Any] = {}
    lines: dict[str, int] = {}
    written: dict[str, Any] = {}
    if path is not None:
        source = path.resolve()
        try:
            # Asked first: opening a named pipe would wait forever.
            if not stat.S_ISREG(os.stat(source).st_mode):
                raise BuildFailed([Problem(path, None, "the configuration is not a regular file",
                                           "config.yaml must be an ordinary text file")])
            text = source.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise BuildFailed([Problem(path, None, "configuration file not found",
                                       "create config.yaml or pass --config FILE")]) from None
        except OSError as exc:
            raise BuildFailed([Problem(path, None, f"the configuration cannot be read: {exc.strerror or exc}",
                                       "check the file's permissions")]) from None
        except UnicodeDecodeError as exc:
            raise BuildFailed([Problem(path, None, f"not UTF-8 text (byte {exc.start})",
                                       "save config.yaml as UTF-8")]) from None
        document, error = yamlutil.load(text)
        if error:
            if error.syntax:
                raise BuildFailed([Problem(path, error.line, f"YAML syntax error: {error.message}",
                                           "check indentation and quote values containing ':' or '#'")])
            raise BuildFailed([Problem(path, error.line, error.message, error.hint)])
        assert document is not None
        data = {} if document.data is None else document.data
        if not isinstance(data, dict):
            raise BuildFailed([Problem(path, 1, "the configuration must be a mapping of keys to values",
                                       "write one 'key: value' per line")])
        raw, lines, written = data, document.lines, document.texts
        root = root or source.parent
    else:
        source = None
    root = (root or Path.cwd()).resolve()

    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        option = OPTIONS.get(str(key))
        if option is None:
            guess = closest(str(key), tuple(OPTIONS))
            hint = f"did you mean '{guess}'?" if guess else "valid keys: " + ", ".join(OPTIONS)
            problems.append(Problem(path or root, lines.get(str(key)), f"unknown key '{key}'", hint))
            continue
        if option.as_written and isinstance(written.get(key), str):
            value = written[key]
        try:
            values[key] = option.validate(value)
        except ValueError as exc:
            # A validator may name the nested key at fault (its own line) and a hint that replaces the
            # echo of the value (deploy_config: a value that could be a secret is never printed).
            sub = getattr(exc, "key", None)
            line = lines.get(f"{key}.{sub}") if sub else None
            problems.append(Problem(path or root, line or lines.get(str(key)),
                                    f"'{key}' has the wrong form: expected {exc}",
                                    getattr(exc, "hint", None) or f"got {value!r}"))
    if values.get("identity") is not None and values["identity"].logo:
        # The logo is a file of the project: missing or unreadable is the configuration's problem, at its line.
        problem = logo_problem(values["identity"], root, path or root, lines.get("identity.logo"))
        if problem is None:
            values["identity"] = with_logo_size(values["identity"], root)
        else:
            problems.append(problem)
    if values.get("identity") is not None:
        problem = share_image_problem(values["identity"], root, path or root, lines.get("identity.share_image"))
        if problem is not None:
            problems.append(problem)
    if problems:
        raise BuildFailed(problems)

    def get(key: str) -> Any:
        if key in values:
            return values[key]
        default = OPTIONS[key].default
        return None if default is None else OPTIONS[key].validate(default)

    urls = Urls(get("permalink"), values.get("taxonomies", DEFAULT_TAXONOMIES), **values.get("urls", {}))
    clash = _clashing_roots(urls)
    if clash:
        raise BuildFailed([Problem(path or root, lines.get("taxonomies") or lines.get("urls"), clash,
                                   "give each taxonomy and list its own folder name")])
    paths = {"content": "content", "output": "public", "themes": "themes", "cache": ".tintuc-cache"}
    paths.update(values.get("paths", {}))
    title = get("title")
    return Config(
        root=root,
        title=title,
        description=get("description"),
        base_url=get("base_url"),
        language=get("language"),
        timezone=get("timezone"),
        per_page=get("per_page"),
        theme=get("theme"),
        permalink=get("permalink"),
        menu=get("menu"),
        paths=Paths(**{k: (root / v) for k, v in paths.items()}),
        author=get("author"),
        publisher=get("publisher") or title,
        feed_size=get("feed_size"),
        related_count=get("related_count"),
        source=source,
        extra={"import": values.get("import")},
        identity=get("identity"),
        urls=urls,
        deploy=values.get("deploy"),
        photos=get("photos"),
        embeds=get("embeds"),
    )


def config_warnings(config: Config) -> list[Problem]:
    """What a build and a check say about the configuration without stopping."""
    if config.base_path == "/":
        return []
    # Crawlers read robots.txt only at a host's root: the site's own, under its subpath, is never read.
    origin = config.base_url[:len(config.base_url) - len(config.base_path) + 1]
    line = yamlutil.key_lines(config.source.read_text(encoding="utf-8-sig")).get("base_url") \
        if config.source is not None and config.source.is_file() else None
    return [Problem(config.source or config.root, line,
                    f"the site lives under {config.base_path}: its robots.txt ({config.base_url}robots.txt) is "
                    f"never read by crawlers, which look only at {origin}robots.txt",
                    f"add the line 'Sitemap: {config.base_url}{config.urls.sitemap}' to the robots.txt at the "
                    f"host's root (on a GitHub project site, in the user or organisation site's repository)",
                    Severity.WARNING)]


def _clashing_roots(urls: Urls) -> str | None:
    """Two lists of the site in one folder ('taxonomies: [{key: x, path: search}]') would overwrite each other."""
    owners: dict[str, str] = {}
    named = [(f"the taxonomy '{t.key}'", t.path.split("/", 1)[0]) for t in urls.taxonomies]
    named += [(f"urls.{key}", getattr(urls, key)) for key in ("archives", "undated", "search")]
    named += [("the theme's files", "static")]
    for owner, folder in named:
        if folder in owners:
            return f"{owner} and {owners[folder]} both use the folder /{folder}/"
        owners[folder] = owner
    return None
