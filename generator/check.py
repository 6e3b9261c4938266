"""`tintuc check`: everything a build would validate, without writing the site.

Beyond the build's own checks (front matter, dates, duplicate URLs, missing images, near-miss field
names), it reports links in article bodies to site pages that do not exist, and articles that still
carry the importer's `review` notes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .build import Builder
from .config import config_warnings
from .errors import BuildFailed, Problem, Severity
from .model import Article
from .plan import PlannedPage, Planner, site_info
from .site import Site, build_site
from .theme import Theme, load_theme

_HREF = re.compile(r'<a [^>]*href="([^"]*)"')


@dataclass(frozen=True, slots=True)
class CheckResult:
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)


# Every build writes the search page; check does not compile the index, so the page is planned with
# a stand-in for the manifest's name (only its address matters here).
_SEARCH_MANIFEST = "manifest.json"


def check_site(builder: Builder, strict: bool = False) -> CheckResult:
    """Everything a build would report, and broken links and review notes, without writing the site.

    Review notes are warnings (the articles are held back from publishing until the notes are gone);
    with `strict` they are errors, so that CI can refuse a merge that still has some."""
    with builder.locked():
        return _check(builder, strict)


def review_problems(documents: list[Article], strict: bool) -> list[Problem]:
    """One problem per open `review:` note, at the field's line, held articles included."""
    severity = Severity.ERROR if strict else Severity.WARNING
    return [Problem(doc.source, _field_line(doc.source, "review"), f"review note: {note}",
                    "check it, then remove the note from 'review:'; the article is published once none is left",
                    severity)
            for doc in documents for note in doc.review_notes]


def _check(builder: Builder, strict: bool) -> CheckResult:
    config = builder.config
    try:
        theme = load_theme(config)
        documents, problems = builder.read_content()
        problems += config_warnings(builder.config)
    except BuildFailed as failed:
        return CheckResult(tuple(failed.problems))
    site, url_problems = build_site(documents, config, datetime.now(config.timezone))
    problems += url_problems
    planner = Planner(site, theme.strings, theme.fingerprint, _SEARCH_MANIFEST)
    planned = list(planner.pages())
    if not any(p.is_error for p in problems):  # a model with errors may not render: those come first
        problems += _render_problems(builder, site, theme, planner, planned)
    # The build's own list of what it writes: every file there is a valid link target.
    files, inventory_problems = builder.inventory(site, theme, planned)
    problems += inventory_problems
    for doc in site.all_articles + site.pages:
        problems += _link_problems(builder, doc, files)
    problems += review_problems(documents, strict)
    ordered = sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.message))
    return CheckResult(tuple(ordered))


def _render_problems(builder: Builder, site: Site, theme: Theme, planner: Planner,
                     planned: list[PlannedPage]) -> list[Problem]:
    """Render one page of each template, in memory: a variable a template misspells is only seen
    when it renders (a whole render would cost as much as a build)."""
    from .render import Renderer

    renderer = Renderer(builder.config, theme, {"site": site_info(site), "urls": site.config.urls, "now": site.now})
    first: dict[str, PlannedPage] = {}
    for page in planned:
        first.setdefault(page.template, page)
    found: list[Problem] = []
    for page in first.values():
        if "article" in page.context:
            article = page.context["article"]
            page = planner.complete(page, builder.read_cache.hydrate([article])[article.path])
        try:
            renderer.render(page.template, page.context)
        except BuildFailed as failed:
            found += [p for p in failed.problems if p not in found]
    return found


def _link_problems(builder: Builder, doc: Article, files: set[str]) -> list[Problem]:
    base = builder.config.base_path
    html = builder.read_cache.hydrate([doc])[doc.path].body_html
    found = []
    for href in _HREF.findall(html):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = unquote(parts.path)
        if path.startswith("/"):
            if not path.startswith(base):
                continue
            target = path[len(base):]
        else:
            target = str(Path(doc.path, path)).replace("\\", "/") + ("/" if path.endswith("/") else "")
            target = _normalise(target)
        if _exists(target, files):
            continue
        line = _line_of(doc.source, href)
        found.append(Problem(doc.source, line, f"broken link: {href} (no such page on this site)",
                             "link to an article's URL (e.g. /2021/08/slug/), a tag (/tags/…/) or fix the path"))
    return found


def _exists(target: str, files: set[str]) -> bool:
    """Whether a link's site path names a file of the build: a file, or a folder's index.html."""
    if target in files:
        return True
    folder = target if target.endswith("/") or not target else target + "/"
    return (folder + "index.html") in files if folder != "/" else "index.html" in files


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts) + ("/" if path.endswith("/") and parts else "")


def _line_of(source: Path, needle: str) -> int | None:
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _field_line(source: Path, field: str) -> int | None:
    return _line_of(source, f"{field}:")


def format_problems(problems: tuple[Problem, ...], style: str, root: Path) -> str:
    if style == "json":
        return json.dumps([{"file": _rel(p.path, root), "line": p.line, "severity": p.severity.value,
                            "message": p.message, "hint": p.hint} for p in problems], ensure_ascii=False, indent=2)
    if style == "gitlab":
        # GitLab's Code Quality report (a subset of Code Climate's format): shown on merge requests.
        return json.dumps([{
            "description": f"{p.message}. {p.hint}" if p.hint else p.message,
            "check_name": "tintuc-" + ("error" if p.is_error else "warning"),
            "fingerprint": hashlib.sha256(f"{_rel(p.path, root)}:{p.line}:{p.message}".encode()).hexdigest(),
            "severity": "major" if p.is_error else "minor",
            "location": {"path": _rel(p.path, root), "lines": {"begin": p.line or 1}},
        } for p in problems], ensure_ascii=False, indent=2)
    if style == "github":
        # GitHub Actions workflow commands: shown as annotations on the changed lines of a pull request.
        lines = []
        for p in problems:
            kind = "error" if p.is_error else "warning"
            where = f"file={_rel(p.path, root)}" + (f",line={p.line}" if p.line else "")
            text = f"{p.message}. {p.hint}" if p.hint else p.message
            lines.append(f"::{kind} {where}::{_escape_github(text)}")
        return "\n".join(lines)
    return "\n".join(p.format(root) for p in problems)


def _escape_github(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
