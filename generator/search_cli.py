"""`tintuc search QUERY`: query the Whoosh index the last build made, from the command line."""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

from .config import Config, load_config
from .errors import UsageError

EXIT_OK, EXIT_NONE = 0, 1


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    search = commands.add_parser(
        "search", help="search the articles from the command line",
        description="Search the index the last 'tintuc build' made, with the rules and the ranking of "
                    "the site's search page (the same results in the same order): words with or without "
                    "accents, all of them required; the last word also matches as a prefix; \"quoted "
                    "words\" as a phrase. Exit 1 when nothing matches.",
        epilog='Examples: tintuc search "hội nghị"    tintuc search "dai bieu" --year 2021 --json')
    search.add_argument("query", help="the words to look for, in quotes if there are several")
    search.add_argument("--tag", default=None, metavar="TAG", help="only articles with this tag (name or key: "
                        "\"Covid-19\" or covid-19); a term of another taxonomy as TAXONOMY:TERM "
                        "(\"categories:Thông báo\")")
    search.add_argument("--year", type=int, default=None, metavar="YEAR", help="only articles published that year")
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance",
                        help="relevance (default) or date (newest first)")
    search.add_argument("--limit", type=int, default=10, metavar="N", help="show at most N results (default 10)")
    search.add_argument("--json", action="store_true", help="print the results as JSON (url, title, date, "
                        "tags, score), with the total count")
    search.add_argument("--config", type=Path, default=None, metavar="FILE", help="the site configuration")


def run(args: argparse.Namespace, config_file: Path | None) -> int:
    from whoosh import index as whoosh_errors

    from .search.query import MAX_WORDS, is_capped, parse
    from .search.searcher import search
    from .search.stage import SearchStage
    from .search.whoosh_index import version

    if args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    if not parse(args.query):
        raise UsageError('the query has no words to search for: give one or more, e.g. tintuc search "hội nghị"')
    config = load_config(config_file)
    folder = SearchStage(config.paths.cache, config.timezone).index_folder
    try:
        current = json.loads((folder / "version.json").read_text(encoding="utf-8")) == version()
    except (OSError, ValueError):
        raise UsageError(f"no search index in {folder}: run 'tintuc build' first") from None
    if not current:
        raise UsageError(f"the search index in {folder} was made by another version of tintuc: "
                         "run 'tintuc build' to make it anew")
    try:
        tag = _checked_filters(folder, _filter_key(args.tag, config) if args.tag is not None else None,
                               args.tag, args.year)
        if is_capped(args.query):
            print(f"note: only the first {MAX_WORDS} different words of the query were searched for",
                  file=sys.stderr)
        results = search(folder, args.query, tag=tag, year=args.year, limit=args.limit, sort=args.sort)
    except (pickle.UnpicklingError, EOFError, whoosh_errors.IndexError):  # planted, truncated, foreign format
        raise UsageError(f"the search index in {folder} is damaged: run 'tintuc build' to make it anew") from None
    if args.json:
        print(json.dumps({"query": args.query, "total": results.total, "hits": [
            {"url": config.base_path + h.url, "title": h.title, "date": h.date,
             "tags": [t for t in h.tags if ":" not in t],  # the other taxonomies' filter keys are not tags
             "score": h.score} for h in results.hits]}, ensure_ascii=False, indent=2))
    elif not results.hits:
        shown = args.query if len(args.query) <= 80 else args.query[:80] + "…"
        print(f"No article matches {shown!r}.", file=sys.stderr)
    else:
        for number, hit in enumerate(results.hits, 1):
            print(f"{number:>3}. {hit.title}\n     {config.base_url}{hit.url}  {hit.date}  score {hit.score:.4f}")
        shown = len(results.hits)
        print(f"{results.total} article(s) found" + (f", first {shown} shown" if shown < results.total else ""))
    return EXIT_OK if results.total else EXIT_NONE


def _filter_key(written: str, config: Config) -> str:
    """`--tag` as the index's filter key: a tag's key, or 'taxonomy:term' for another taxonomy."""
    from .search.documents import search_key
    from .text import tag_key

    taxonomy, _, term = written.partition(":")
    if term and taxonomy.strip() in {t.key for t in config.taxonomies}:
        return search_key(taxonomy.strip(), tag_key(term))
    return tag_key(written)


def _checked_filters(folder: Path, tag: str | None, written: str | None, year: int | None) -> str | None:
    """The tag key to filter on; an unknown tag or year is a usage error, never a filter dropped."""
    from .errors import closest
    from .search.searcher import facets

    tags, years = facets(folder)
    if tag is not None and tag not in tags:
        guess = closest(tag, tags) if tag else None
        hint = f"; did you mean {guess!r}?" if guess else (f"; tags are e.g. {', '.join(sorted(tags)[:5])}"
                                                            if tags else "; the site has no tags")
        raise UsageError(f"--tag {written!r}: no article has this tag{hint}")
    if year is not None and year not in years:
        span = f"the archive has articles from {years[0]} to {years[-1]}" if years else "no article has a date"
        raise UsageError(f"--year {year}: no article was published that year; {span}")
    return tag
