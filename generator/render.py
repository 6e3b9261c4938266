"""Rendering: the Jinja2 environment over the theme's search path, and the filters templates use."""

from __future__ import annotations

import functools
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from . import yamlutil
from .config import Config
from .dates import Published, format_iso, format_long, format_short
from .errors import BuildFailed, Problem
from .identity import Identity, logo_problem, with_logo_size
from .model import Article
from .plan import PlannedPage
from .theme import Theme

TEMPLATE_HINT = ("fix the template; the default theme's copy (themes/default/templates/) shows the variables "
                 "each page is given")


class Renderer:
    """Turns a planned page (template name + context) into HTML; one per process."""

    def __init__(self, config: Config, theme: Theme, site_context: dict[str, Any],
                 compiled: jinja2.BytecodeCache | None = None) -> None:
        self.config = config
        self._made: set[Path] = set()  # folders already created (per process)
        self.env = environment(theme.template_dirs, compiled)
        self._template_dirs = tuple(Path(d).resolve() for d in theme.template_dirs)
        tz, weekdays = config.timezone, theme.weekdays
        self.env.filters["datetime_vi"] = lambda value: format_long(_published(value), weekdays, tz)
        self.env.filters["date_short"] = lambda value: format_short(_published(value), tz)
        self.env.filters["date_iso"] = lambda value: format_iso(_published(value), tz)
        asset_versions = theme.versions  # content hashes; a JS module's covers the modules it imports
        base = config.base_path

        def url(path: str) -> str:
            return path if "://" in path else base + path.lstrip("/")

        def asset(name: str) -> str:
            if name not in asset_versions:
                raise jinja2.TemplateError(f"asset {name!r} is not in the theme's static folders")
            # The content hash in the query lets a host cache assets forever and still see changes.
            return f"{base}static/{name}?v={asset_versions[name]}"

        fragments: dict[tuple[str, Any], Markup] = {}

        def fragment(template: str, key: Any, **variables: Any) -> Markup:
            """Render a partial template once per (template, key) and reuse it.

            An article's entry appears on about five lists (home, tags, year, month); rendering it
            once per build instead of once per list saves a third of the time spent on list pages.
            The key must identify everything the fragment shows (here, within one build).
            """
            if (template, key) not in fragments:
                fragments[(template, key)] = Markup(self.env.get_template(template).render(variables))
            return fragments[(template, key)]

        # `now` is the build's moment (see `_scheduled`), fixed per build so every page agrees; the
        # builder may pass its own in `site_context`, the one it chose the visible articles with.
        names = {"now": datetime.now(tz), "identity": _sized_identity(config), **site_context}
        self.env.globals.update(url=url, asset=asset, fragment=fragment, t=theme.strings, **names)

    def render(self, template: str, context: dict[str, Any]) -> str:
        """The page's HTML; a theme's mistake is a BuildFailed naming the template file and line."""
        try:
            return self.env.get_template(template).render(context)
        except BuildFailed:
            raise
        except jinja2.TemplateSyntaxError as exc:
            raise BuildFailed([syntax_problem(exc, template)]) from None
        except Exception as exc:
            where = self._template_frame(exc)
            if where is None and not isinstance(exc, jinja2.TemplateError):
                raise  # not raised by a template: a bug in tintuc
            path, line = where if where is not None else (Path(template), None)
            raise BuildFailed([Problem(path, line, _message(exc), TEMPLATE_HINT)]) from None

    def _template_frame(self, exc: BaseException) -> tuple[Path, int | None] | None:
        """The innermost template line the error passed through (an included partial's, if it
        was raised there). Jinja2 rewrites the traceback so that template code shows as frames
        whose file name is the template's."""
        found = None
        for frame in traceback.extract_tb(exc.__traceback__):
            path = Path(frame.filename).resolve()
            if path.suffix and any(path.is_relative_to(d) for d in self._template_dirs):
                found = (path, frame.lineno)
        return found

    def write(self, folder: Path, page: PlannedPage) -> None:
        """Render a page into its file under `folder`."""
        target = folder / page.file
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        target.write_bytes(self.render(page.template, page.context).encode("utf-8"))


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once for the life of a builder (the dev server's): Jinja2 files each under the
    template's name and a checksum of its source, so an edited template is compiled again. Compiling the
    theme took ~0.1 s of every edit's rebuild."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def environment(template_dirs: list[str] | tuple[str, ...],
                compiled: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """The Jinja2 environment of a theme: its search path, escaping, strict variables, and the
    filters and tests that need nothing of the site (so compiling a template finds them too)."""
    env = jinja2.Environment(
        bytecode_cache=compiled,
        loader=jinja2.FileSystemLoader(list(template_dirs)),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build; skip a stat per render
    )
    # For share links: the whole address as one query value ('/', ':', '?' and '&' escaped too).
    env.filters["urlquote"] = lambda value: quote(str(value), safe="")
    env.tests["scheduled"] = _scheduled
    env.globals["now"] = datetime.now(UTC)  # the Renderer sets the build's own moment
    env.globals["thumbnail"] = lambda article: None  # a build passes its photos' (plan.Planner.thumbnail)
    return env


def compile_problems(theme: Theme) -> list[Problem]:
    """Every template of the theme that cannot be read or compiled (each name's winning file only:
    a shadowed template is never used). Variables are only known at render time."""
    return list(_compile_problems(theme.fingerprint, tuple(theme.template_dirs)))


# Compiling every template costs ~0.1 s: the dev server loads the theme at each rebuild, so the
# result is kept per theme fingerprint (which changes with any template's bytes).
@functools.lru_cache(maxsize=4)
def _compile_problems(fingerprint: str, template_dirs: tuple[str, ...]) -> tuple[Problem, ...]:
    env = environment(template_dirs)
    problems = []
    for name in env.list_templates():
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(syntax_problem(exc, name))
        except (UnicodeDecodeError, OSError) as exc:
            source = _template_file(template_dirs, name)
            problems.append(Problem(source, None, f"cannot read the template: {exc}",
                                    "save it as UTF-8 text"))
    return tuple(problems)


def syntax_problem(exc: jinja2.TemplateSyntaxError, name: str) -> Problem:
    path = Path(exc.filename).resolve() if exc.filename else Path(name)
    return Problem(path, exc.lineno, f"template syntax: {exc.message}", TEMPLATE_HINT)


def _template_file(template_dirs: tuple[str, ...], name: str) -> Path:
    for folder in template_dirs:
        if (Path(folder) / name).is_file():
            return (Path(folder) / name).resolve()
    return Path(name)


def _message(exc: BaseException) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template {exc.name!r} not found"
    if isinstance(exc, jinja2.TemplateError):
        return exc.message or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"


@jinja2.pass_environment
def _scheduled(env: jinja2.Environment, article: Article) -> bool:
    """`article is scheduled`: dated after the build's moment, so shown only by a build with --future."""
    return article.date is not None and article.date.moment > env.globals["now"]


def _sized_identity(config: Config) -> Identity:
    """The agency's identity with the logo's display size (the header's <img> needs width and height).

    load_config has checked the file when it knows the project's folder; a Config made otherwise is
    checked here, with the same message at `identity.logo`'s line.
    """
    identity = config.identity
    if not identity.logo or identity.logo_size is not None:
        return identity
    try:
        return with_logo_size(identity, config.root)
    except ValueError:
        config_file = config.source or config.root / "config.yaml"
        problem = logo_problem(identity, config.root, config_file, _key_line(config.source, "identity.logo"))
        assert problem is not None
        raise BuildFailed([problem]) from None


def _key_line(source: Path | None, key: str) -> int | None:
    if source is None:
        return None
    try:
        return yamlutil.key_lines(source.read_text(encoding="utf-8-sig")).get(key)
    except (OSError, UnicodeDecodeError):
        return None


def _published(value: Published | datetime) -> Published:
    if isinstance(value, Published):
        return value
    if isinstance(value, datetime):
        return Published(value, True)
    raise TypeError(f"expected a date, got {value!r}")
