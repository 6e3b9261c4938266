"""`tintuc deploy`: publish the built output folder to S3-compatible object storage, changing only what changed.

What changed is known without downloading anything. Every object tintuc uploads carries, in its metadata,
`tintuc-digest`: a SHA-256 of the file's content and of the headers it is served with (Content-Type,
Cache-Control, redirect), so a new cache rule re-uploads the files it affects. Reading that metadata
costs one HEAD request per object, which on a 10,000-article site (~17,000 objects) is most of a deploy;
so a deploy also leaves a small manifest object, `.tintuc-deploy.json` under the prefix, mapping each
key to the ETag it got and its digest. The next deploy lists the bucket (one request per 1,000 objects)
and trusts the manifest for every object whose listed ETag is still the recorded one; an object that
was changed or re-uploaded since (by hand, or by a deploy that was stopped before it wrote the manifest)
has another ETag, and only those are asked for their metadata. A lost manifest costs HEADs, never a
wrong upload.

Order, so that no page a reader can reach links to a missing object, even when a deploy is stopped
half-way: new files first (everything but pages and feeds, then the pages), then the changed ones in the
same two steps, then deletions (pages first, then what they linked to). Each step finishes before the
next starts. Until the changed pages go up, nothing that existed before links to a new page, so a new
page whose neighbour (a next/previous link, itself new) is still on its way cannot be reached yet; by
the time anything links to new pages, all of them are there; and a deleted page goes only when no page
links to it any more. A stopped deploy (a failure, a killed CI job) leaves such a mix of the old and new
site, and the next deploy finishes the work.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .config import Config, load_config
from .deploy_config import DeploySettings, cache_control, content_type
from .deploy_s3 import MANIFEST, Storage, StorageFailed
from .errors import BuildFailed, UsageError
from .output import JOURNAL, MARKER, built_base_url, real_output
from .redirects import alias_file

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
_PAGES = (".html", ".htm", ".xml", ".rss", ".atom")
_LOOPBACK = ("127.0.0.1", "localhost", "::1", "0.0.0.0")

_EPILOG = """\
config.yaml:
  deploy:
    endpoint: https://s3.example-cloud.vn   # optional; AWS itself when absent
    bucket: tin-tuc                          # required
    prefix: so-y-te                          # optional folder in the bucket
    region: hn-1                             # optional
    max_deletes: 256                         # more deletions need --force

Credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
AWS_PROFILE) or ~/.aws/credentials, never from config.yaml.
Exit status: 0 published (or nothing to do), 1 the storage refused or failed (the message says why;
run again to finish), 2 wrong options, no build, or more deletions than max_deletes without --force."""


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "deploy", help="publish the built site to S3-compatible object storage",
        description="Upload the output folder that 'tintuc build' wrote (public/ by default) to the bucket\n"
                    "named in config.yaml's 'deploy:', changing only the files that changed: new files\n"
                    "first, pages after the files they link to, deletions last. Nothing is built.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=None, metavar="FILE", help="the site configuration")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="the built folder to publish (default: 'paths.output' in config, else public/)")
    parser.add_argument("--dry-run", action="store_true",
                        help="list every upload, redirect and deletion, and change nothing")
    parser.add_argument("--force", action="store_true",
                        help="delete even more objects than 'deploy.max_deletes' allows")


@dataclass(frozen=True, slots=True)
class LocalFile:
    rel: str  # inside the output folder, '/'-separated
    path: Path
    sha256: str  # of the content
    content_type: str
    cache_control: str
    redirect: str | None  # S3's WebsiteRedirectLocation, for the page at an old address (an alias)

    @property
    def digest(self) -> str:
        """What an unchanged object must carry: the content and every header it is served with."""
        text = f"{self.sha256}\n{self.content_type}\n{self.cache_control}\n{self.redirect or ''}"
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def is_page(self) -> bool:
        return self.rel.lower().endswith(_PAGES)


@dataclass(frozen=True, slots=True)
class Plan:
    new: tuple[LocalFile, ...]
    changed: tuple[LocalFile, ...]
    deleted: tuple[str, ...]  # keys
    unchanged: int
    etags: dict[str, str]  # key -> ETag of every unchanged object (for the manifest)

    def steps(self) -> list[tuple[str, list[LocalFile]]]:
        """The uploads in the order they happen: each step is finished before the next begins."""
        return [("new files", [f for f in self.new if not f.is_page]),
                ("new pages", [f for f in self.new if f.is_page]),
                ("changed files", [f for f in self.changed if not f.is_page]),
                ("changed pages", [f for f in self.changed if f.is_page])]


def run(args: argparse.Namespace, config_file: Path) -> int:
    try:
        config = load_config(config_file)
    except BuildFailed as failed:
        root = Path.cwd()
        for problem in failed.problems:
            print(problem.format(root), file=sys.stderr)
        print("tintuc deploy: fix config.yaml first; nothing was published", file=sys.stderr)
        return EXIT_FAILED
    if config.deploy is None:
        raise UsageError(f"{config_file}: no 'deploy:' section; add one naming at least the bucket "
                         "('deploy: {bucket: tin-tuc}'), see 'Publishing' in README.md")
    output = real_output((Path.cwd() / args.out).resolve() if args.out is not None else config.paths.output)
    from .lock import BuildLock

    lock = BuildLock(config.paths.cache)  # no build may replace the folder while it is read and uploaded
    lock.acquire()
    try:
        base_path = _check_output(output, config)
        storage = Storage.connect(config.deploy)
        return _deploy(storage, config.deploy, output, base_path, config, args)
    finally:
        lock.release()


def _check_output(output: Path, config: Config) -> str:
    """Refuse what is not a finished build for the public address; return the base path it was built for."""
    if not (output / MARKER).is_file():
        raise UsageError(f"{output} is not a site built by tintuc (no {MARKER} file): run tintuc build first")
    if (output.parent / f".{output.name}.staging" / JOURNAL).is_file():  # see generator/output.py
        raise UsageError(f"the last build of {output} was stopped while it was writing: run tintuc build first")
    built = built_base_url(output)
    if built is not None and (urllib.parse.urlsplit(built).hostname or "") in _LOOPBACK:
        raise UsageError(f"{output} was built for a local preview ({built}, by tintuc serve): run tintuc build "
                         "first, so that the published pages carry the site's real address")
    return urllib.parse.urlsplit(built).path if built else config.base_path


def scan(output: Path, settings: DeploySettings, config: Config, base_path: str) -> dict[str, LocalFile]:
    """Every file of the built site, hashed, with its headers (the marker file stays home)."""
    redirects = read_redirects(output, base_path)
    found: dict[str, LocalFile] = {}
    for folder, dirs, names in os.walk(output):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            rel = path.relative_to(output).as_posix()
            if rel in (MARKER, MANIFEST) or not path.is_file():
                continue
            with path.open("rb") as handle:
                sha = hashlib.file_digest(handle, "sha256").hexdigest()
            found[rel] = LocalFile(rel, path, sha, content_type(rel),
                                   cache_control(rel, settings, config.urls.search), redirects.get(rel))
    return found


def read_redirects(output: Path, base_path: str) -> dict[str, str]:
    """The redirect page of each line of `_redirects` ('/old /new 301') -> the new address."""
    try:
        text = (output / "_redirects").read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    found = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 2 or not parts[0].startswith(base_path):
            continue
        alias = urllib.parse.unquote(parts[0])[len(urllib.parse.unquote(base_path)):]
        found[alias_file(alias)] = parts[1]
    return found


def plan(local: dict[str, LocalFile], remote: dict[str, str], digests: dict[str, str],
         settings: DeploySettings) -> Plan:
    """Compare the built files with the bucket: `remote` maps each key to its ETag, `digests` each key to
    the digest it carries."""
    new, changed, etags = [], [], {}
    keys = set()
    for rel, file in local.items():
        key = settings.key(rel)
        keys.add(key)
        if key not in remote:
            new.append(file)
        elif digests.get(key) != file.digest:
            changed.append(file)
        else:
            etags[key] = remote[key]
    manifest = settings.key(MANIFEST)
    gone = [key for key in remote if key not in keys and key != manifest]
    # Pages first: once they are gone, nothing links to the files deleted after them.
    gone.sort(key=lambda key: (not key.lower().endswith(_PAGES), key))
    return Plan(tuple(new), tuple(changed), tuple(gone), len(etags), etags)


def _deploy(storage: Storage, settings: DeploySettings, output: Path, base_path: str, config: Config,
            args: argparse.Namespace) -> int:
    started = time.monotonic()
    local = scan(output, settings, config, base_path)
    progress: _Progress | None = None  # set while uploading: a failure then leaves a mix of old and new
    try:
        remote = storage.list()
        recorded = storage.read_manifest()
        trusted = {key: digest for key, (etag, digest) in recorded.items() if remote.get(key) == etag}
        unknown = [settings.key(rel) for rel in local if settings.key(rel) in remote
                   and settings.key(rel) not in trusted]
        digests = {**trusted, **storage.digests(unknown)}
        the_plan = plan(local, remote, digests, settings)
        guard = len(the_plan.deleted) > settings.max_deletes and not args.force
        if args.dry_run:
            _print_plan(the_plan, settings)
            if guard:
                raise UsageError(_guard_message(the_plan, settings))
            return EXIT_OK
        if guard:
            raise UsageError(_guard_message(the_plan, settings))
        etags = dict(the_plan.etags)
        total = len(the_plan.new) + len(the_plan.changed)
        progress = _Progress(total)
        for _, files in the_plan.steps():
            etags.update(storage.upload(files, progress.tick))
        progress.done()
        progress = None
        storage.delete(list(the_plan.deleted))
        manifest = {settings.key(rel): (etags[settings.key(rel)], f.digest) for rel, f in local.items()}
        if manifest != recorded:
            storage.write_manifest(manifest)
    except StorageFailed as failed:
        if progress is not None:
            progress.done()
        print(f"tintuc deploy: {failed}", file=sys.stderr)
        if progress is not None and progress.count:
            print(f"tintuc deploy: stopped after {progress.count} of {progress.total} uploads; the bucket holds "
                  "old and new pages, whose links all work; run tintuc deploy again to finish", file=sys.stderr)
        return EXIT_FAILED
    seconds = time.monotonic() - started
    print(f"Deployed to {storage.address}: {total} uploaded ({len(the_plan.new)} new, {len(the_plan.changed)} "
          f"updated), {the_plan.unchanged} unchanged, {len(the_plan.deleted)} deleted in {seconds:.2f} s")
    return EXIT_OK


def _guard_message(the_plan: Plan, settings: DeploySettings) -> str:
    return (f"refusing to delete {len(the_plan.deleted)} objects (more than deploy.max_deletes = "
            f"{settings.max_deletes}); check that the output folder and 'deploy.prefix' are the intended "
            "ones (tintuc deploy --dry-run lists them), then run again with --force")


def _print_plan(the_plan: Plan, settings: DeploySettings) -> None:
    """Every action of a real run, in its order, one per line: 'new KEY', 'update KEY', 'redirect KEY ->
    ADDRESS' (a redirect page, new or updated), 'delete KEY'."""
    for step, files in the_plan.steps():
        verb = "new" if step.startswith("new") else "update"
        for file in files:
            key = settings.key(file.rel)
            print(f"redirect {key} -> {file.redirect}" if file.redirect else f"{verb} {key}")
    for key in the_plan.deleted:
        print(f"delete {key}")
    uploads = len(the_plan.new) + len(the_plan.changed)
    print(f"Dry run: {uploads} to upload ({len(the_plan.new)} new, {len(the_plan.changed)} updated), "
          f"{the_plan.unchanged} unchanged, {len(the_plan.deleted)} to delete; nothing was changed")


class _Progress:
    """The count of uploaded files on stderr: one updating line on a terminal, else (a CI log) a line per
    tenth of the uploads, at most, and never more often than every 100."""

    def __init__(self, total: int) -> None:
        self.total, self.count = total, 0
        self.tty = sys.stderr.isatty()
        self.every = max(100, total // 10)

    def tick(self) -> None:
        self.count += 1  # called from the main thread only (deploy_s3 counts finished futures there)
        if self.tty:
            print(f"\r  uploaded {self.count}/{self.total}", end="", file=sys.stderr, flush=True)
        elif self.count % self.every == 0:
            print(f"tintuc deploy: uploaded {self.count}/{self.total}", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.tty and self.total:
            print(file=sys.stderr)
