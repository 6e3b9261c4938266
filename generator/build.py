"""The build pipeline: read content -> model the site -> plan pages -> render -> write, atomically."""

from __future__ import annotations

import contextlib
import functools
import time
import weakref
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from . import collector, patch, stamp
from .cache import ReadCache
from .cachefiles import CacheInvalid, cache_warning
from .config import Config, config_warnings
from .content import ReadSettings
from .errors import BuildFailed, Problem
from .inventory import OutputFile, feed_files, search_files, site_files
from .lock import BuildLock
from .model import Article
from .output import MARKER, siblings
from .photos import NO_PHOTOS, Photos, make_photos, search_thumbnails
from .plan import PlannedPage, Planner
from .reading import Found, read_all, reread
from .related_store import load_related, save_related
from .search.documents import Thumb
from .search.stage import SearchOutput, SearchStage
from .site import RelatedIndex, Site, build_site
from .theme import Theme, load_theme, page_ids
from .write_stage import SiteWriter


@dataclass(frozen=True, slots=True)
class BuildResult:
    articles: int
    pages: int  # HTML pages in the site
    rendered: int  # of which rendered in this build (the rest were unchanged)
    seconds: float
    output: Path
    warnings: tuple[Problem, ...]
    held: int = 0  # articles left out for their open `review:` notes (Article.held)
    in_place: bool = False  # the edit fast path: the edited articles swapped into the last model


class Builder:
    """Builds one site; keep it alive (as the dev server does) and later builds reuse its caches."""

    def __init__(self, config: Config, *, jobs: int = 1, progress: bool = False,
                 log: Callable[[str], None] = lambda _: None,
                 guard: contextlib.AbstractContextManager[object] | None = None, use_stamp: bool = False) -> None:
        self.config = config
        # `tintuc build`: a build whose inputs and output are as the last build left them does nothing
        # (stamp.py). The dev server's builder does not look: its first build is what its edits start from.
        self.use_stamp = use_stamp
        # Held while the output changes; the dev server's request handler takes it too, so that
        # no request is answered in the middle of a commit.
        self.guard = guard if guard is not None else contextlib.nullcontext()
        self.jobs = jobs
        self.progress = progress
        self.log = log
        self.settings = ReadSettings(config.timezone, config.permalink, config.base_path, config.language,
                                     include_drafts=config.drafts, reserved_ids=page_ids(config),
                                     urls=config.urls, embeds=config.embeds)
        self.read_cache = ReadCache(config.paths.cache, self.settings.fingerprint(), config.timezone)
        self.related: RelatedIndex | None = None
        # Saving the parse cache after every build costs ~0.3 s on 10,000 articles; the dev server
        # turns this off and calls save_caches() when it stops.
        self.persist = True
        self.changes: list[tuple[Article | None, Article]] = []  # (before, after) of files read again
        self.removed: list[str] = []  # files gone since the last build
        self._last: tuple[Site, str] | None = None  # the last model and theme, for the edit fast path
        self.search = SearchStage(config.paths.cache, config.timezone, progress=progress)
        self.writer = SiteWriter(config, self.read_cache, progress=progress, log=log, guard=self.guard)
        self._lock = BuildLock(config.paths.cache)
        # A builder dropped without close() (a test, a script) must not keep the site locked: the lock
        # goes with the builder. Nothing the builder holds refers back to it, so that is at once.
        weakref.finalize(self, self._lock.release)
        self.read_cache.reread = functools.partial(reread, config.paths.content, self.settings)
        self._cache_warnings: list[Problem] = []  # damaged cache files found during this build
        self._photos: Photos = NO_PHOTOS  # the last full build's processed photos (the edit fast path reuses them)
        self._thumbs: dict[str, Thumb] = {}  # and the search results' thumbnails made from them
        # Whether an edit looks for output files changed by hand first (a stat of every file: 1-3 s at 100,000
        # articles). The dev server, which holds the build lock, turns it off after its first build: a page
        # changed by hand while it runs is then repaired by its next whole build, or `tintuc build`.
        self.check_output = True
        self._held = 0  # articles held back by the last full build (BuildResult.held)
        self._search_entries: tuple[Path | None, dict[str, OutputFile]] = (None, {})  # _search_files
        self._found: Found | None = None  # the last read's discovery of content/ (read_all, rediscover)

    # --- the build lock (used by cli, devserver and check) ---

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold this site's build lock for the block (check uses it around its read)."""
        held = self._lock.held
        self._lock.acquire()
        try:
            yield
        finally:
            if not held:
                self._lock.release()

    def close(self) -> None:
        """Release what this builder holds (its build lock); call it when the builder is discarded."""
        self.read_cache.bodies.close()
        self._lock.release()

    def inventory(self, site: Site, theme: Theme, planned: list[PlannedPage]) -> tuple[set[str], list[Problem]]:
        """Every file a build of `site` writes, relative to the output folder (check resolves links on it),
        and the problems the build would stop on (addresses taken twice, static/ files)."""
        photos, problems = self.photos_for(site)
        return {f.rel for f in site_files(self.config, site, theme, planned, problems, photos)}, problems

    def photos_for(self, site: Site) -> tuple[Photos, list[Problem]]:
        """The site's photos processed (photos.py): made once, found in the cache afterwards."""
        return make_photos(site.all_articles + site.pages, self.config.paths.cache / "images", self.jobs,
                           self.progress, self.config.photos)

    def warm(self) -> None:
        """Prepare what the next edit reads (the dev server, once it serves its first build)."""
        self.search.warm()

    def save_caches(self) -> None:
        self.read_cache.save()
        self.search.save()
        if self._last is not None and self._last[0].related_index is not self.related:
            self.related = self._last[0].related_index
            save_related(self.config.paths.cache, self.related)

    def _forget_search(self, exc: CacheInvalid) -> None:
        self._cache_warnings.append(cache_warning(self.search.folder, str(exc)))
        self.search.forget()

    def _warnings(self, problems: list[Problem]) -> tuple[Problem, ...]:
        """The build's warnings: the content's, then each damaged cache file set aside (once)."""
        found = self._cache_warnings + self.read_cache.warnings + self.search.warnings
        if self.writer.manifest_cache is not None:
            found += self.writer.manifest_cache.warnings
            self.writer.manifest_cache.warnings = []
        self._cache_warnings, self.read_cache.warnings, self.search.warnings = [], [], []
        return tuple(p for p in problems if not p.is_error) + tuple(found)

    def build(self, changed: Collection[str] | None = None) -> BuildResult:
        """Build the site. `changed`: the paths a file watcher saw change since this builder's last build
        (the dev server); content/ is then not walked again unless they call for it (sources.rediscover)."""
        with collector.paused():  # the collector runs only while pages are rendered (collector.py)
            return self._build(changed)

    def _build(self, changed: Collection[str] | None) -> BuildResult:
        started = lap = time.perf_counter()
        config = self.config

        def timed(stage: str) -> None:
            nonlocal lap
            now = time.perf_counter()
            self.log(f"{stage}: {now - lap:.2f} s")
            lap = now

        self._lock.acquire()  # held until this builder is closed (the end of the process for `tintuc build`)
        now = datetime.now(config.timezone)
        inputs = stamp.inputs_digest(config, now) if self.use_stamp and self._last is None else None
        if inputs is not None and (done := self._up_to_date(inputs, now, started)) is not None:
            timed("nothing changed since the last build (inputs and output as it left them)")
            return done
        stamp.forget(config)  # this build changes the output: no stamp vouches for it until it is over
        theme = load_theme(config)
        documents, problems = self.read_content(changed)
        problems += config_warnings(config)
        timed(f"read {len(documents)} files")
        if not any(p.is_error for p in problems):
            quick = self._edit_in_place(theme, problems, started)
            if quick is not None:
                timed(f"edit in place ({quick.rendered} rendered)")
                return replace(quick, held=self._held)  # `held` is part of an article's shape: as before
        held = self._held = 0 if config.drafts else sum(1 for d in documents if d.held and not d.draft)
        if self.related is None:
            self.related = load_related(self.config.paths.cache, self._cache_warnings)
        site, url_problems = build_site(documents, config, now, self.related)
        problems += url_problems
        if any(p.is_error for p in problems):
            raise BuildFailed(sorted(problems, key=lambda p: (str(p.path), p.line or 0)))
        timed(f"model: {len(site.articles)} dated, {len(site.undated)} undated, {len(site.pages)} pages, "
              f"{len(site.tags)} tags")
        photos, photo_problems = self.photos_for(site)
        problems += photo_problems
        if any(p.is_error for p in problems):
            raise BuildFailed(sorted(problems, key=lambda p: (str(p.path), p.line or 0)))
        self._photos = photos
        timed("photos")
        self._thumbs = search_thumbnails(site.all_articles, photos, config.base_path)
        self.search.persist = self.persist
        for attempt in (1, 2):
            search = self.search.update(site.all_articles, self.read_cache.hydrate, self.jobs, self._thumbs)
            timed(f"search index: {search.analysed} analysed" + (", term shards written" if search.rebased else ""))
            planner = Planner(site, theme.strings, theme.fingerprint, search.manifest, photos)
            planned = list(planner.pages())
            timed(f"plan {len(planned)} pages")
            try:
                rendered = self.writer.write(site, theme, planned, planner, self._photos, jobs=self.jobs, search=search)
                break
            except CacheInvalid as exc:  # a compiled search file damaged in the cache: index anew, once
                if attempt == 2:
                    raise
                self._forget_search(exc)
        timed(f"write ({rendered} rendered)")
        self._last = (site, theme.fingerprint)
        if self.persist:
            self.save_caches()
        timed("save cache")
        result = BuildResult(len(site.all_articles), len(planned), rendered, time.perf_counter() - started,
                             config.paths.output, self._warnings(problems), held)
        if inputs is not None:
            scheduled = [d.date.moment for d in documents if d.date is not None and d.date.moment > now]
            stamp.save(config, stamp.Stamp(inputs, stamp.cache_digest(config),
                                           min(scheduled).isoformat() if scheduled else None,
                                           result.articles, result.pages, held,
                                           # the content's warnings: a damaged cache file this build set
                                           # aside is repaired, not to be reported again by the next one
                                           tuple(p for p in problems if not p.is_error)))
        return result

    def _up_to_date(self, inputs: str, now: datetime, started: float) -> BuildResult | None:
        """The last build's result again, if the stamp vouches for its inputs and its output is intact."""
        previous = stamp.load(self.config)
        if previous is None or previous.inputs != inputs or not stamp.in_time(previous, now):
            return None
        output, manifest = self.config.paths.output, self.writer.manifest()
        if not (output / MARKER).is_file() or not manifest.fingerprints or any(p.exists() for p in siblings(output)):
            return None
        if manifest.damaged(output) or previous.cache != stamp.cache_digest(self.config):
            return None
        return BuildResult(previous.articles, previous.pages, 0, time.perf_counter() - started, output,
                           previous.warnings, previous.held)

    # --- stage 1: read ---------------------------------------------------------------------------

    def read_content(self, changed: Collection[str] | None = None) -> tuple[list[Article], list[Problem]]:
        """Every content file as an Article (reading.py); what changed since the last build is kept for the
        edit fast path. `changed`: see build()."""
        previous, self._found = self._found, None
        done = read_all(self.config.paths.content, self.settings, self.read_cache, jobs=self.jobs,
                        progress=self.progress, changed=changed, previous=previous)
        self.changes, self.removed, self._found = done.changes, done.removed, done.found
        return done.articles, done.problems

    # --- the fast path for edits -------------------------------------------------------------------

    def _edit_in_place(self, theme: Theme, problems: list[Problem], started: float) -> BuildResult | None:
        """Rebuild only the edited articles' pages and feeds, if the edits change nothing else."""
        if self._last is None or self._last[1] != theme.fingerprint or self.removed or not self.changes:
            return None
        if not (self.config.paths.output / MARKER).is_file() or not self.writer.manifest().fingerprints:
            return None  # the output was removed or never written: build it whole
        if self.check_output and self.writer.manifest().damaged(self.config.paths.output):
            return None  # files of the output were changed or deleted by hand: only a whole build repairs them
        site, _ = self._last
        swap = patch.edited_in_place(site, self.changes)
        if swap is None:
            return None
        site = patch.swapped(site, swap)
        # The lead photo is part of an article's shape (patch.shape): the thumbnails are the last full build's.
        self.search.persist = self.persist
        search = self.search.update(site.all_articles, self.read_cache.hydrate, self.jobs, self._thumbs)
        planner = Planner(site, theme.strings, theme.fingerprint, search.manifest, self._photos)
        pages = [planner.page_for(article) for article in swap.values()] + [planner.search_page()]
        files = [OutputFile(p.file, p.fingerprint, page=p) for p in pages]
        files += feed_files(self.config, site, touching=set(swap)) + self._search_files(search)
        try:
            rendered = self.writer.write(site, theme, pages, planner, self._photos, jobs=self.jobs, files=files,
                                         prune="search/")
        except CacheInvalid as exc:
            self._forget_search(exc)
            return None
        self._last = (site, theme.fingerprint)
        if self.persist:
            self.read_cache.save()
        return BuildResult(len(site.all_articles), len(self.writer.manifest_pages()), rendered,
                           time.perf_counter() - started, self.config.paths.output, self._warnings(problems),
                           in_place=True)

    def _search_files(self, search: SearchOutput) -> list[OutputFile]:
        """search_files, each file's entry kept for the next edit (30,000 files at 100,000 articles, a few of
        them new at an edit: making every entry again took 0.6 s of it)."""
        known = self._search_entries if self._search_entries[0] == search.folder else (search.folder, {})
        unknown = replace(search, files=tuple(n for n in search.files if n not in known[1]))
        made = {f.fingerprint: f for f in search_files(unknown, self.config.urls)}
        entries = {name: known[1].get(name) or made[name] for name in search.files}
        self._search_entries = (search.folder, entries)
        return list(entries.values())
