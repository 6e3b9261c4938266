"""The `tintuc` command: argument parsing, messages, exit codes. No build logic lives here."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from . import __version__
from .config import Config, load_config, parse_base_url
from .errors import BuildFailed, UsageError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
NO_CONFIG = "no config.yaml here: run tintuc in your site's folder, or create one with `tintuc new-site`"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tintuc",
        description="Build a static news-archive site from Markdown articles with YAML front matter.",
        epilog="Run 'tintuc COMMAND --help' for the options of each command.",
    )
    parser.add_argument("--version", action="version", version=f"tintuc {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def site_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--config", type=Path, default=None, metavar="FILE",
                         help="the site configuration (default: config.yaml in the current folder; "
                              "the project folder is the one holding it)")
        sub.add_argument("--drafts", action="store_true", help="include articles marked 'draft: true'")
        sub.add_argument("--future", action="store_true", help="include articles dated in the future")
        sub.add_argument("--jobs", type=int, default=None, metavar="N",
                         help="worker processes for reading and rendering (default: one per core)")
        noise = sub.add_mutually_exclusive_group()
        noise.add_argument("-q", "--quiet", action="store_true", help="print only errors")
        noise.add_argument("-v", "--verbose", action="store_true",
                           help="print each stage, and a traceback if tintuc itself fails")

    build = commands.add_parser("build", help="build the site into the output folder",
                                description="Read content/, check it, and write the whole site into the "
                                            "output folder (public/ by default). The previous output is "
                                            "replaced only when the build succeeds. Only what changed is "
                                            "rendered again; when nothing changed at all (tintuc, config, "
                                            "content/, the theme and static/ as the last build saw them, its "
                                            "output and cache intact, the same day) the build says so and "
                                            "stops at once.")
    site_options(build)
    build.add_argument("--out", type=Path, default=None, metavar="DIR",
                       help="output folder (default: 'paths.output' in config, else public/); a folder "
                            "outside the project is allowed only when named here")
    build.add_argument("--base-url", default=None, metavar="URL",
                       help="the address the site is published at, overriding 'base_url' in config "
                            "(e.g. https://example.github.io/tin-tuc/)")

    serve = commands.add_parser("serve", help="build, serve on 127.0.0.1, rebuild and reload on every change",
                                description="Build the site with a local base URL, serve it at "
                                            "http://127.0.0.1:PORT/, and watch content/, the theme and "
                                            "config.yaml: each change rebuilds what it affects and every open "
                                            "browser tab reloads; content errors show in the terminal and over "
                                            "the page while the last good site stays served. Ctrl-C stops. "
                                            "It builds into a preview folder in the cache, not into "
                                            "public/: a tintuc build before or after it carries its pages "
                                            "over instead of rendering them again.")
    site_options(serve)
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS",
                       help="address to listen on (default: 127.0.0.1, this computer only)")
    serve.add_argument("--out", type=Path, default=None, metavar="DIR",
                       help="output folder (default: the preview folder in the cache, .tintuc-cache/preview/site, "
                            "so that public/ keeps what tintuc build made)")

    new = commands.add_parser("new", help="start a new article file",
                              description="Create content/YEAR/SLUG.md with the front matter filled in (title, "
                                          "the current date and time in the site's time zone, tags, the "
                                          "author from config) and print its path. Never overwrites a file.")
    new.add_argument("title", help="the article's title, in quotes: \"Hội nghị giao ban quý I\"")
    new.add_argument("--tags", default="", metavar="T,...", help="comma-separated tags: \"Covid-19, Lạng Sơn\"")
    new.add_argument("--date", default=None, metavar="DATE",
                     help="publication date instead of now: 2021-08-01 15:44 or 01/08/2021")
    new.add_argument("--config", type=Path, default=None, metavar="FILE", help="the site configuration")

    check = commands.add_parser("check", help="check the content without writing the site",
                                description="Validate everything a build would (front matter, dates, "
                                            "duplicate URLs, missing images, misspelt field names) plus broken "
                                            "links in articles and importer review notes. Exit 1 on errors.")
    check.add_argument("--strict", action="store_true",
                       help="treat open review notes (the 'review:' field 'tintuc import' writes) as errors, so "
                            "CI fails until an editor has cleared them; without it they are warnings, and the "
                            "articles that carry them are held back from publishing anyway")
    check.add_argument("--config", type=Path, default=None, metavar="FILE", help="the site configuration")
    check.add_argument("--format", choices=("text", "json", "github", "gitlab"), default="text",
                       help="text (default), json, github (GitHub Actions annotations on the changed lines) or "
                            "gitlab (a Code Quality report for merge requests: tintuc check --format gitlab > "
                            "gl-code-quality-report.json)")

    from .new_site import DEFAULT_BASE_URL, DEFAULT_SPEC, DEFAULT_TITLE

    new_site = commands.add_parser(
        "new-site", help="create a new archive repository, ready to push and publish",
        description="Create DIR as a new archive: config.yaml, content/ with one example article on how to "
                    "write articles, requirements.in and its hash-pinned lock requirements.txt, README.md, "
                    ".gitignore, .github/dependabot.yml, and the CI files that check, build and publish the "
                    "site on every push and every hour: .github/workflows/pages.yml (GitHub Pages) and "
                    ".gitlab-ci.yml (GitLab Pages). DIR must be new or empty; nothing is written otherwise.")
    new_site.add_argument("dir", type=Path, metavar="DIR", help="the folder to create (new or empty)")
    new_site.add_argument("--title", default=DEFAULT_TITLE, help=f"the site's name (default: {DEFAULT_TITLE})")
    new_site.add_argument("--base-url", default=DEFAULT_BASE_URL, metavar="URL",
                          help="the address the site will be published at, written into config.yaml "
                               f"(default: the placeholder {DEFAULT_BASE_URL}; the CI workflows pass the "
                               "real address to 'tintuc build --base-url' anyway)")
    new_site.add_argument("--tintuc-spec", default=DEFAULT_SPEC, metavar="SPEC",
                          help="what requirements.in asks for: the default is this version from PyPI "
                               f"('{DEFAULT_SPEC}'); give another pip requirement (a fork, a branch, a wheel "
                               "URL) to install tintuc from elsewhere (such a requirement is not locked)")
    new_site.add_argument("--no-lock", dest="lock", action="store_false",
                          help="do not lock requirements.txt; by default it is locked with pip-compile "
                               "(pip-tools): tintuc and every package it needs pinned to exact versions and "
                               "hashes, which needs the package index (the network). Offline, the site is "
                               "made all the same and the command to lock it later is printed")

    from . import deploy, import_cli, list_cli, nginx, search_cli

    import_cli.add_parser(commands)
    search_cli.add_parser(commands)
    list_cli.add_parser(commands)
    deploy.add_parser(commands)
    nginx.add_parser(commands)
    return parser


def _config_file(args: argparse.Namespace) -> Path | None:
    """--config, else config.yaml in the current folder if there is one (else all defaults)."""
    if args.config is not None:
        return _given_config(Path(args.config))
    return Path("config.yaml") if Path("config.yaml").is_file() else None


def _site_config(args: argparse.Namespace) -> Path:
    """The configuration of the site a command works on; without one, stop (a usage error).

    Commands that write into the site (build, serve, new, check's cache) would otherwise create
    content/, public/ and .tintuc-cache/ in whatever folder they were started in.
    """
    found = _config_file(args)
    if found is None:
        raise UsageError(NO_CONFIG)
    return found


def _given_config(path: Path) -> Path:
    if path.is_dir():
        raise UsageError(f"--config {path}: is a folder; give the site's config.yaml")
    return path  # a missing file is reported by load_config, as a configuration error


def _load(args: argparse.Namespace, base_url: str | None) -> Config:
    config = load_config(_site_config(args))
    paths = config.paths
    if args.out is not None:
        paths = dataclasses.replace(paths, output=(Path.cwd() / args.out).resolve())
    changes: dict[str, object] = {"paths": paths, "drafts": args.drafts, "future": args.future}
    if base_url is not None:
        try:
            changes["base_url"] = parse_base_url(base_url)
        except ValueError as exc:
            raise UsageError(f"--base-url: expected {exc}") from None
    return dataclasses.replace(config, **changes)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    """Run one command; every command's outcome becomes an exit code here, and only here."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except KeyboardInterrupt:
        return _interrupted()
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return _dispatch(parser, args)
    except UsageError as exc:
        print(f"tintuc: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BuildFailed as exc:
        _report(exc)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        return _interrupted()
    except Exception:
        if getattr(args, "verbose", False):
            raise
        print("tintuc: internal error (a bug in tintuc, not in your content); run again with -v for "
              "the traceback and report it", file=sys.stderr)
        return EXIT_BUG


def _interrupted() -> int:
    print("tintuc: stopped (Ctrl-C)", file=sys.stderr)
    return EXIT_INTERRUPTED


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    commands = {"build": _build, "serve": _serve, "new": _new, "check": _check, "new-site": _new_site,
                "import": _import, "search": _search, "list": _list, "deploy": _deploy,
                "nginx": _nginx}
    if args.command not in commands:
        parser.error(f"unknown command {args.command}")
    return commands[args.command](args)


def _import(args: argparse.Namespace) -> int:
    from . import import_cli

    return import_cli.run(args)


def _search(args: argparse.Namespace) -> int:
    from . import search_cli

    return search_cli.run(args, _site_config(args))


def _list(args: argparse.Namespace) -> int:
    from . import list_cli

    return list_cli.run(args, _site_config(args))


def _deploy(args: argparse.Namespace) -> int:
    from . import deploy

    return deploy.run(args, _site_config(args))


def _nginx(args: argparse.Namespace) -> int:
    from . import nginx

    return nginx.run(args, _site_config(args))


def _report(exc: BuildFailed) -> None:
    root = Path.cwd()
    for problem in exc.problems:
        print(problem.format(root), file=sys.stderr)
    errors = sum(1 for p in exc.problems if p.is_error)
    print(f"tintuc: {errors} error(s); the site was not written (the previous output is unchanged)",
          file=sys.stderr)


def _run_build(args: argparse.Namespace, config: Config):  # type: ignore[no-untyped-def]
    from .build import Builder
    from .output import check_output_path
    from .parallel import default_jobs

    check_output_path(config, explicit=args.out is not None)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    log = (lambda line: print(f"  {line}", file=sys.stderr)) if args.verbose else (lambda _: None)
    builder = Builder(config, jobs=args.jobs or default_jobs(),
                      progress=not args.quiet and sys.stdout.isatty(), log=log, use_stamp=True)
    try:
        result = builder.build()
    finally:
        builder.close()  # the build lock: released however the build ends
    root = Path.cwd()
    for warning in result.warnings:
        if not args.quiet:
            print(warning.format(root), file=sys.stderr)
    if not args.quiet:
        try:
            shown = result.output.relative_to(root)
        except ValueError:
            shown = result.output
        print(f"Built {result.articles} articles, {result.pages} pages ({result.rendered} rendered) "
              f"in {result.seconds:.2f} s into {shown}/")
        if result.held:
            print(f"{result.held} article(s) held back from publishing: their 'review:' notes are still open "
                  "(tintuc list review; remove a note once checked)")
    return result


def _build(args: argparse.Namespace) -> int:
    _run_build(args, _load(args, args.base_url))
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .devserver import browsable_host, local_config, serve_and_watch
    from .output import check_output_path
    from .parallel import default_jobs

    if not 0 < args.port < 65536:
        raise UsageError("--port must be between 1 and 65535")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    _site_config(args)  # before anything is built or bound: no site, no server

    def load() -> Config:
        config = local_config(_load(args, None), browsable_host(args.bind), args.port, preview=args.out is None)
        check_output_path(config, explicit=True)  # the preview folder is tintuc's own, wherever the cache is
        return config

    serve_and_watch(load, args.port, args.bind, args.quiet, args.jobs or default_jobs(), verbose=args.verbose)
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .new import new_article

    config = load_config(_site_config(args))
    try:
        path = new_article(config, args.title, args.tags.split(","), args.date)
    except FileExistsError as exc:
        print(f"tintuc: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .build import Builder
    from .check import check_site, format_problems

    builder = Builder(load_config(_site_config(args)))
    try:
        result = check_site(builder, strict=args.strict)
    finally:
        builder.close()
    text = format_problems(result.problems, args.format, Path.cwd())
    if text:
        print(text)
    if args.format == "text":
        warnings = len(result.problems) - result.errors
        print(f"tintuc check: {result.errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_CONTENT if result.errors else EXIT_OK


def _new_site(args: argparse.Namespace) -> int:
    from .new_site import new_site

    site = new_site(args.dir, args.title, args.base_url, args.tintuc_spec, locking=args.lock)
    shown = args.dir  # as the user wrote it
    print(f"Created a new archive in {shown}/:")
    for rel in site.files:
        print(f"  {rel}")
    if site.locked.ok:
        print("requirements.txt is locked: exact versions and hashes of tintuc and everything it needs.")
    elif args.lock:
        print(f"note: requirements.txt is not locked: {site.locked.detail}", file=sys.stderr)
    print(f"""
Next steps:
  cd {shown}
  python3 -m venv .venv && . .venv/bin/activate && pip install -r requirements.txt   # or use your tintuc
  tintuc serve                      # preview at http://127.0.0.1:8000/; edit {site.example}
  git init -b main && git add . && git commit -m "Kho tin mới"
GitHub Pages:
  create an empty repository, then: git remote add origin https://github.com/ORG/REPO.git && git push -u origin main
  Settings -> Pages -> Build and deployment -> Source: GitHub Actions. Every push to main is checked, built and
  published; the address shows in the Actions run and in Settings -> Pages.
GitLab Pages:
  push to the project's default branch; the 'pages' job publishes it (the address: Deploy -> Pages).""")
    return EXIT_OK
