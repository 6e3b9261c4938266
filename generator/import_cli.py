"""The `tintuc import` sub-command: options, per-file report, exit codes. The work is in generator.importer."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from .importer.address import OldSite
    from .taxonomy import Taxonomy

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE = 0, 1, 2
DEFAULT_OUT = Path("content/imported")
SETTINGS = ("topics", "places")  # the keys of config.yaml's 'import:'
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "0.0.0.0"})


class ImportUsageError(Exception):
    """A wrong option or input path (exit 2)."""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `import` on the `tintuc` sub-command parsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import", help="turn old articles (text, saved web pages, Word files) into Markdown articles",
        description="Read raw news text (copied from agency web pages, in UTF-8, UTF-16, Windows-1258, "
                    "TCVN3 or VNI), saved web pages (.html, .htm: the story is taken out of the page, and its "
                    "metadata gives title, date, author and address where the text does not) and Word files "
                    "(.docx: headings, lists, tables, and images written beside the article; both need "
                    "pip install 'tintuc[import]'), "
                    "and write one Markdown article with front matter per file: title, "
                    "date, author, topic tags, province, summary, photo captions, with the page's "
                    "navigation and counters removed. A line giving the page's own address (alone, or "
                    "after 'Nguồn:', 'Link gốc:', 'URL:', 'Địa chỉ bài viết:') is taken out of the text "
                    "and kept: as an alias (old address) on the old site, else as 'source:'. Each file's "
                    "report says what was found and what an editor must "
                    "check; the same notes are kept in the article's 'review:' field, and an article "
                    "with review notes is held back from publishing until an editor removes them. An "
                    "article already in the archive (the same page address, the same title on the same "
                    "day, or a near-identical text) is skipped and reported. Inputs are never changed, "
                    "and existing articles are kept unless --force is given.",
        epilog="Exit status: 0 done, 1 some file could not be read, 2 wrong options or a missing input.")
    parser.add_argument("inputs", nargs="+", type=Path, metavar="FILE_OR_FOLDER",
                        help="raw text files, web pages or Word files, or folders whose .txt, .html, .htm and .docx "
                             "files (in sub-folders too) are imported")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help="folder for the new articles (default: content/imported); file names are "
                             "slugs of the titles")
    parser.add_argument("--year", type=int, default=None, metavar="YYYY",
                        help="year for dates written without one ('Chiều ngày 25/3'); without it such "
                             "articles get 'date: unknown' and a review note")
    parser.add_argument("--tags", default="", metavar="T,...",
                        help="comma-separated tags to add to every article, besides the topics found in "
                             "the text (the province goes to 'provinces:', or the field set by "
                             "'import: places:')")
    parser.add_argument("--old-site", default=None, metavar="URL",
                        help="address of the site being migrated, such as https://soyte.example.gov.vn/: a "
                             "page address the text gives on that host becomes an alias of the article (the "
                             "build writes a redirect there), one elsewhere its 'source:' (default: the "
                             "configuration's base_url)")
    parser.add_argument("--dry-run", action="store_true",
                        help="report what would be written, and write nothing")
    parser.add_argument("--force", action="store_true",
                        help="overwrite articles that already exist in the output folder")
    parser.add_argument("--allow-duplicates", action="store_true",
                        help="write articles even when the archive already has them (by default they are "
                             "skipped and listed: compared with every article under the site's content "
                             "folder and with the other files of this run)")
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="site configuration: 'import: topics:' replaces the default topic keywords, "
                             "'import: places:' names the field for place names (default: provinces), its "
                             "'language:' is the language of the review notes and the report (vi or en; "
                             "default: vi), and its base_url is the old site unless --old-site is given (default: "
                             "config.yaml in the current folder, if any)")
    return parser


@dataclass(frozen=True, slots=True)
class Settings:
    """What the site's configuration tells the importer."""

    topics: dict[str, tuple[str, ...]] | None  # None: the built-in topic keywords
    places: str  # the front-matter field for place names
    config_file: Path | None  # None: no configuration found
    taxonomies: tuple[Taxonomy, ...] = ()  # the site's, when a configuration was found
    base_url: str | None = None
    content: Path = Path("content")  # the archive the imported articles join
    language: str = "vi"  # the site's: review notes and the report are written in it (tintuc's default: vi)


def _settings(config_file: Path | None) -> Settings:
    from .config import load_config
    from .errors import BuildFailed
    from .importer.tagging import DEFAULT_PLACES, validate_places, validate_topics

    if config_file is None:
        if not Path("config.yaml").is_file():
            return Settings(None, DEFAULT_PLACES, None)
        config_file = Path("config.yaml")
    try:
        config = load_config(config_file)
    except BuildFailed as exc:
        raise ImportUsageError("; ".join(p.format(Path.cwd()) for p in exc.problems)) from None
    settings = config.extra.get("import")
    settings = {} if settings is None else settings
    if not isinstance(settings, dict):
        raise ImportUsageError(f"{config_file}: 'import:' must be a mapping with 'topics:' and/or 'places:'")
    unknown = [str(k) for k in settings if k not in SETTINGS]
    if unknown:
        raise ImportUsageError(f"{config_file}: unknown key 'import.{unknown[0]}' (valid: {', '.join(SETTINGS)})")
    try:
        topics = validate_topics(settings["topics"]) if "topics" in settings else None
    except ValueError as exc:
        raise ImportUsageError(f"{config_file}: import.topics: {exc}") from None
    try:
        places = validate_places(settings.get("places", DEFAULT_PLACES))
    except ValueError as exc:
        raise ImportUsageError(f"{config_file}: import.places: {exc}") from None
    return Settings(topics, places, config_file, tuple(config.taxonomies), config.base_url, config.paths.content,
                    config.language)


def _old_site(option: str | None, settings: Settings) -> OldSite | None:
    """--old-site, else the configured base_url (unless it is a local preview address, never a migrated site)."""
    from .importer.address import old_site

    if option is not None:
        try:
            return old_site(option, "--old-site")
        except ValueError as exc:
            raise ImportUsageError(f"--old-site: {exc}") from None
    if settings.base_url is None or urlsplit(settings.base_url).hostname in LOCAL_HOSTS:
        return None
    return old_site(settings.base_url, "base_url")


def _taxonomy_item(taxonomy: Taxonomy) -> list[str]:
    """One taxonomy as a config.yaml list item that declares it as it is."""
    from .importer.writer import quote

    lines = [f"  - key: {taxonomy.key}",
             f"    name: {{vi: {quote(taxonomy.name_vi)}, en: {quote(taxonomy.name_en)}}}"]
    if taxonomy.path != taxonomy.key.replace("_", "-"):
        lines.append(f"    path: {taxonomy.path}")
    lines.extend(f"    {flag}: false" for flag in ("feeds", "pages") if not getattr(taxonomy, flag))
    if taxonomy.per_page is not None:
        lines.append(f"    per_page: {taxonomy.per_page}")
    if taxonomy.weight != 1:
        lines.append(f"    weight: {taxonomy.weight:g}")
    return lines


def undeclared_notice(settings: Settings) -> str | None:
    """The one notice for a place field the site does not declare: without it the places are never shown."""
    from .taxonomy import Taxonomy

    if settings.config_file is None or settings.places in {t.key for t in settings.taxonomies}:
        return None
    if settings.places == "provinces":
        new = Taxonomy("provinces", "Địa phương", "Places", "dia-phuong")
    else:
        new = Taxonomy(settings.places, "Địa phương", "Places", settings.places.replace("_", "-"))
    block = ["taxonomies:", *(line for t in (*settings.taxonomies, new) for line in _taxonomy_item(t))]
    return (f"note: {settings.config_file} declares no taxonomy '{settings.places}', so the places written to "
            f"'{settings.places}:' get no pages, feeds or search filter. To declare it, make the "
            f"'taxonomies:' list of {settings.config_file} this one (it keeps the site's other taxonomies):\n"
            + "\n".join(block) + "\n(or set 'import: {places: tags}' to put places among the topics)")


def _archive(content: Path, out: Path) -> Any:
    """The articles the imported ones must not repeat: the site's content folder, and --out if elsewhere."""
    from .importer import Archive

    archive = Archive.scan(content)
    if out.is_dir() and not out.resolve().is_relative_to(content.resolve()):
        archive.merge(Archive.scan(out))
    return archive


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _check(args: argparse.Namespace) -> None:
    missing = [str(p) for p in args.inputs if not p.exists()]
    if missing:
        raise ImportUsageError("no such file or folder: " + ", ".join(missing))
    if args.year is not None and not 1900 <= args.year <= 2100:
        raise ImportUsageError(f"--year {args.year}: expected a year such as 2020")
    if args.out.exists() and not args.out.is_dir():
        raise ImportUsageError(f"--out {args.out}: not a folder")


def run(args: argparse.Namespace) -> int:
    """Import, print one report per file and a summary; return the exit status."""
    from .importer import import_paths
    from .importer.notes import Notes
    from .parallel import default_jobs

    try:
        _check(args)
        settings = _settings(args.config)
        site = _old_site(args.old_site, settings)
    except ImportUsageError as exc:
        print(f"tintuc import: {exc}", file=sys.stderr)
        return EXIT_USAGE
    tags = [t.strip() for t in args.tags.split(",") if t.strip()]
    archive = None if args.allow_duplicates else _archive(settings.content, args.out)
    report = import_paths(args.inputs, args.out, year=args.year, tags=tags, dry_run=args.dry_run,
                          force=args.force, topics=settings.topics, places=settings.places, old_site=site,
                          archive=archive, jobs=default_jobs(), progress=sys.stderr.isatty(),
                          language=settings.language)
    notes = Notes(settings.language)
    labels = {"exists": "report_exists", "dry-run": "report_dry_run"}
    for item in report.files:
        if item.status == "unreadable":
            print(notes.say("report_unreadable", source=item.source, error=item.error), file=sys.stderr)
            continue
        if item.duplicate is not None:
            print(notes.say("report_duplicate", source=item.source, path=_shown(item.duplicate.of),
                            reason=item.duplicate.said(notes)))
            continue
        print(notes.say(labels.get(item.status, "report_file"), source=item.source, output=item.output))
        for line in item.found:
            print(notes.say("report_found", line=line))
        for line in item.review:
            print(notes.say("report_review", line=line))
    done = report.count("dry-run") if args.dry_run else report.count("written")
    print(notes.say("summary_dry_run" if args.dry_run else "summary", files=len(report.files), done=done,
                    kept=report.count("exists"), duplicates=report.count("duplicate"),
                    unreadable=len(report.unreadable), review=report.need_review))
    notice = undeclared_notice(settings)
    if notice and report.count("unreadable") < len(report.files):
        print(notice)
    return EXIT_UNREADABLE if report.unreadable else EXIT_OK
