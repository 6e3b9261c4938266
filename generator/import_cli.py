"""The `tintuc import` sub-command: options, per-file report, exit codes. The work is in generator.importer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE = 0, 1, 2
DEFAULT_OUT = Path("content/imported")


class ImportUsageError(Exception):
    """A wrong option or input path (exit 2)."""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `import` on the `tintuc` sub-command parsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import", help="turn raw news text files into Markdown articles",
        description="Read raw news text (copied from agency web pages, in UTF-8, UTF-16, Windows-1258, "
                    "TCVN3 or VNI) and write one Markdown article with front matter per file: title, "
                    "date, author, tags, summary, photo captions, with the page's navigation and "
                    "counters removed. Each file's report says what was found and what an editor must "
                    "check; the same notes are kept in the article's 'review:' field. Inputs are never "
                    "changed, and existing articles are kept unless --force is given.",
        epilog="Exit status: 0 done, 1 some file could not be read, 2 wrong options or a missing input.")
    parser.add_argument("inputs", nargs="+", type=Path, metavar="FILE_OR_FOLDER",
                        help="raw text files, or folders whose .txt files (in sub-folders too) are imported")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help="folder for the new articles (default: content/imported); file names are "
                             "slugs of the titles")
    parser.add_argument("--year", type=int, default=None, metavar="YYYY",
                        help="year for dates written without one ('Chiều ngày 25/3'); without it such "
                             "articles get 'date: unknown' and a review note")
    parser.add_argument("--tags", default="", metavar="T,...",
                        help="comma-separated tags to add to every article, besides the province and "
                             "topics found in the text")
    parser.add_argument("--dry-run", action="store_true",
                        help="report what would be written, and write nothing")
    parser.add_argument("--force", action="store_true",
                        help="overwrite articles that already exist in the output folder")
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="site configuration whose 'import: topics:' replaces the default topic "
                             "keywords (default: config.yaml in the current folder, if any)")
    return parser


def _topics(config_file: Path | None) -> dict[str, tuple[str, ...]] | None:
    from generator.config import load_config
    from generator.errors import BuildFailed
    from generator.importer.tagging import validate_topics

    if config_file is None:
        if not Path("config.yaml").is_file():
            return None
        config_file = Path("config.yaml")
    try:
        settings = load_config(config_file).extra.get("import")
    except BuildFailed as exc:
        raise ImportUsageError("; ".join(p.format(Path.cwd()) for p in exc.problems)) from None
    if settings is None:
        return None
    if not isinstance(settings, dict) or "topics" not in settings:
        raise ImportUsageError(f"{config_file}: 'import:' must be a mapping with a 'topics:' mapping")
    try:
        return validate_topics(settings["topics"])
    except ValueError as exc:
        raise ImportUsageError(f"{config_file}: import.topics: {exc}") from None


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
    from generator.importer import import_paths

    try:
        _check(args)
        topics = _topics(args.config)
    except ImportUsageError as exc:
        print(f"tintuc import: {exc}", file=sys.stderr)
        return EXIT_USAGE
    tags = [t.strip() for t in args.tags.split(",") if t.strip()]
    report = import_paths(args.inputs, args.out, year=args.year, tags=tags, dry_run=args.dry_run,
                          force=args.force, topics=topics)
    labels = {"exists": " (exists, kept: use --force to replace)", "dry-run": " (dry run, not written)"}
    for item in report.files:
        if item.status == "unreadable":
            print(f"{item.source} → not imported: {item.error}", file=sys.stderr)
            continue
        print(f"{item.source} → {item.output}{labels.get(item.status, '')}")
        for line in item.found:
            print(f"    found: {line}")
        for line in item.review:
            print(f"    review: {line}")
    verb = "would write" if args.dry_run else "wrote"
    done = report.count("dry-run") if args.dry_run else report.count("written")
    print(f"{len(report.files)} file(s): {verb} {done}, kept {report.count('exists')} existing, "
          f"{len(report.unreadable)} unreadable; {report.need_review} need an editor's review")
    return EXIT_UNREADABLE if report.unreadable else EXIT_OK
