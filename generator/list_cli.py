"""`tintuc list drafts|future|review`: the articles an editor still has to look at.

The content is read exactly as `tintuc build` and `tintuc check` read it (Builder.read_content, with
the build's cache when there is one), so the list never disagrees with what a build publishes: an
article listed as a draft is one the build leaves out. Nothing is written into the output folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .config import Config, load_config
from .dates import Published, format_iso
from .errors import BuildFailed, Problem
from .model import Article
from .text import nfc

EXIT_OK, EXIT_CONTENT = 0, 1

# Each kind: the front-matter field whose line an entry points at, and what the count line counts.
KINDS = {"drafts": "draft", "future": "date", "review": "review"}

_EPILOG = """\
kinds:
  drafts   articles and pages with 'draft: true' (the build leaves them out unless --drafts);
           a draft with errors is listed too, with its problems
             tintuc list drafts
  future   articles dated after now in the site's time zone (published by the first build after
           their date; shown before that only with --future), soonest first
             tintuc list future --format json
  review   articles and pages with a 'review:' field: notes 'tintuc import' left for an editor,
           each printed under its article; remove a note once it is checked
             tintuc list review --config other-site/config.yaml

Each line: FILE:LINE (of the field), the date ('unknown' when lost), the title.
Exit status: 0 listed (also when nothing is), 1 the content could not be read (every problem is
printed, as 'tintuc check' prints them), 2 wrong options or no config.yaml."""


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "list", help="list drafts, scheduled articles or articles with review notes",
        description="List the articles an editor has to look at: drafts, articles scheduled for later,\n"
                    "or articles carrying the importer's review notes. The content is read as 'tintuc\n"
                    "build' reads it (with its cache, if there is one); nothing is built, and the output\n"
                    "folder is not touched.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=tuple(KINDS), metavar="KIND",
                        help="drafts, future or review (see below)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (default) or json: an array of {path, line, title, kind, date, draft, "
                             "scheduled, review, problems}, for scripts")
    parser.add_argument("--config", type=Path, default=None, metavar="FILE", help="the site configuration")


@dataclass(frozen=True, slots=True)
class Entry:
    """One listed file: what the editor needs to find it and decide about it."""

    source: Path
    line: int | None  # of the field that put it on the list, when the front matter says
    title: str | None  # None: a draft whose errors keep it from being read
    kind: str  # 'article' or 'page'
    date: Published | None
    draft: bool
    scheduled: bool  # dated after now: the build leaves it out until then
    review: tuple[str, ...]
    problems: tuple[str, ...] = ()  # a draft with errors: why it cannot be read


def run(args: argparse.Namespace, config_file: Path) -> int:
    try:
        config = load_config(config_file)
        documents, problems = _read(config)
    except BuildFailed as failed:
        problems = list(failed.problems)
        documents = []
    if any(p.is_error for p in problems):
        _report(problems)
        return EXIT_CONTENT
    now = datetime.now(config.timezone)
    entries = select(args.kind, documents, problems, config, now)
    if args.format == "json":
        print(json.dumps([_json(e, config) for e in entries], ensure_ascii=False, indent=2))
    else:
        print(format_text(args.kind, entries, config))
    return EXIT_OK


def _read(config: Config) -> tuple[list[Article], list[Problem]]:
    """Every content file as the build reads it, under the build lock (as check reads it)."""
    from .build import Builder
    from .parallel import default_jobs

    builder = Builder(config, jobs=default_jobs())
    try:
        with builder.locked():
            return builder.read_content()
    finally:
        builder.close()


def _report(problems: list[Problem]) -> None:
    root = Path.cwd()
    for problem in sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.message)):
        print(problem.format(root), file=sys.stderr)
    errors = sum(1 for p in problems if p.is_error)
    print(f"tintuc list: {errors} error(s) in the content or configuration; nothing is listed until they "
          "are fixed", file=sys.stderr)


def select(kind: str, documents: list[Article], problems: list[Problem], config: Config,
           now: datetime) -> list[Entry]:
    """The entries of one kind, in the order they are printed."""
    field = KINDS[kind]
    if kind == "drafts":
        chosen = [d for d in documents if d.draft]
    elif kind == "future":
        chosen = [d for d in documents if _scheduled(d, now)]
    else:
        chosen = [d for d in documents if _notes(d)]
    entries = [_entry(d, field, now) for d in chosen]
    if kind == "drafts":
        entries += _unreadable_drafts(documents, problems, config)
    if kind == "future":
        return sorted(entries, key=lambda e: (e.date.moment if e.date else now, _rel(e.source, config)))
    return sorted(entries, key=lambda e: _rel(e.source, config))


def _scheduled(doc: Article, now: datetime) -> bool:
    """Dated after now: left out of the build until then (pages are shown whatever their date)."""
    return doc.kind == "article" and doc.date is not None and doc.date.moment > now


def _notes(doc: Article) -> tuple[str, ...]:
    """The review notes: `review:` holds a list of notes, or one note (as check reads it)."""
    value = doc.extra.get("review")
    items = value if isinstance(value, list) else [value]
    return tuple(nfc(item if isinstance(item, str) else json.dumps(item, ensure_ascii=False, default=str))
                 for item in items if item is not None and item != "")


def _entry(doc: Article, field: str, now: datetime) -> Entry:
    lines = _field_lines(doc.source)
    return Entry(doc.source, lines.get(field), nfc(doc.title), doc.kind, doc.date, doc.draft,
                 _scheduled(doc, now), _notes(doc))


def _unreadable_drafts(documents: list[Article], problems: list[Problem], config: Config) -> list[Entry]:
    """Drafts with errors: the build leaves them out with their errors turned into warnings, and they
    come back as no article. A content file with warnings and no article is one of them, since any
    other file's errors stay errors (and nothing is listed then)."""
    read = {d.source for d in documents}
    content = config.paths.content
    found: dict[Path, list[Problem]] = {}
    for problem in problems:
        if problem.path not in read and problem.path.is_relative_to(content) and problem.path.is_file():
            found.setdefault(problem.path, []).append(problem)
    entries = []
    for source, its in found.items():
        its.sort(key=lambda p: (p.line or 0, p.message))
        line = _field_lines(source).get("draft") or its[0].line
        notes = tuple((f"line {p.line}: " if p.line else "") + p.message.removeprefix("in a draft: ") for p in its)
        page = source.relative_to(content).parts[0] == "pages"
        entries.append(Entry(source, line, None, "page" if page else "article", None, True, False, (), notes))
    return entries


def _field_lines(source: Path) -> dict[str, int]:
    """Where each front-matter field of a file stands ('review[0]' for the first item of a list),
    read with the build's own front-matter reader; {} if the file cannot be read now."""
    from . import yamlutil
    from .content import decode, split_front_matter
    from .sources import UnreadableFile, read_source

    class Ignore:  # the build has reported this file's problems already
        def error(self, line: int | None, message: str, hint: str = "") -> None: ...
        def warning(self, line: int | None, message: str, hint: str = "") -> None: ...

    try:
        raw, _ = read_source(source)
    except UnreadableFile:
        return {}
    text = decode(raw, Ignore())  # type: ignore[arg-type]
    split = split_front_matter(text, Ignore()) if text is not None else None  # type: ignore[arg-type]
    if split is None:
        return {}
    document, _ = yamlutil.load(split[0], first_line=2)
    return dict(document.lines) if document is not None else {}


def _rel(path: Path, config: Config) -> str:
    """The file as the editor finds it: relative to the site's folder (content/2021/bai.md)."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def _where(entry: Entry, config: Config) -> str:
    rel = _rel(entry.source, config)
    return f"{rel}:{entry.line}" if entry.line else rel


def _date_text(entry: Entry, config: Config) -> str:
    if entry.date is None:
        if entry.title is None:
            return "?"
        return "no date" if entry.kind == "page" else "unknown"
    local = entry.date.moment.astimezone(config.timezone)
    return f"{local:%Y-%m-%d %H:%M}" if entry.date.has_time else f"{local:%Y-%m-%d}"


def format_text(kind: str, entries: list[Entry], config: Config) -> str:
    """One line per file (where, date, title and what else to know), notes indented, then the count."""
    width = min(max((len(_where(e, config)) for e in entries), default=0), 60)
    lines = []
    for entry in entries:
        title = entry.title if entry.title is not None else "(a draft with errors: it cannot be read)"
        marks = [word for word, on in (("page", entry.kind == "page"), ("draft", entry.draft and kind != "drafts"))
                 if on]
        suffix = f"  ({', '.join(marks)})" if marks else ""
        lines.append(f"{_where(entry, config):<{width}}  {_date_text(entry, config):<16}  {title}{suffix}")
        lines += [f"    - {note}" for note in (entry.review if kind == "review" else entry.problems)]
    lines.append(_count(kind, entries))
    return "\n".join(lines)


def _count(kind: str, entries: list[Entry]) -> str:
    if kind == "drafts":
        broken = sum(1 for e in entries if e.title is None)
        return f"{len(entries)} draft(s)" + (f", {broken} with errors" if broken else "")
    if kind == "future":
        return f"{len(entries)} scheduled article(s)"
    notes = sum(len(e.review) for e in entries)
    return f"{len(entries)} file(s) with {notes} review note(s)"


def _json(entry: Entry, config: Config) -> dict[str, Any]:
    return {"path": _rel(entry.source, config), "line": entry.line, "title": entry.title, "kind": entry.kind,
            "date": format_iso(entry.date, config.timezone) if entry.date else None, "draft": entry.draft,
            "scheduled": entry.scheduled, "review": list(entry.review), "problems": list(entry.problems)}
