"""Rendering: the Jinja2 environment over the theme's search path, and the filters templates use."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.config import Config
from generator.dates import Published, format_iso, format_long, format_short
from generator.plan import PlannedPage
from generator.theme import Theme


class Renderer:
    """Turns a planned page (template name + context) into HTML; one per process."""

    def __init__(self, config: Config, theme: Theme, site_context: dict[str, Any]) -> None:
        self.config = config
        self._made: set[Path] = set()  # folders already created (per process)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(theme.template_dirs),
            autoescape=jinja2.select_autoescape(["html", "xml"]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # templates do not change during a build; skip a stat per render
        )
        tz, weekdays = config.timezone, theme.weekdays
        self.env.filters["datetime_vi"] = lambda value: format_long(_published(value), weekdays, tz)
        self.env.filters["date_short"] = lambda value: format_short(_published(value), tz)
        self.env.filters["date_iso"] = lambda value: format_iso(_published(value), tz)
        asset_versions = {name: hashlib.blake2b(path.read_bytes(), digest_size=4).hexdigest()
                          for name, path in theme.assets.items()}
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

        self.env.globals.update(url=url, asset=asset, fragment=fragment, t=theme.strings, **site_context)

    def render(self, template: str, context: dict[str, Any]) -> str:
        return self.env.get_template(template).render(context)

    def write(self, folder: Path, page: PlannedPage) -> None:
        """Render a page into its file under `folder`."""
        target = folder / page.file
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        target.write_bytes(self.render(page.template, page.context).encode("utf-8"))


def _published(value: Published | datetime) -> Published:
    if isinstance(value, Published):
        return value
    if isinstance(value, datetime):
        return Published(value, True)
    raise TypeError(f"expected a date, got {value!r}")
