"""The build pipeline: read content -> model the site -> plan pages -> render -> write, atomically."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator import patch
from generator.cache import CachedRead, Manifest, ReadCache, load_pickle, save_pickle
from generator.config import Config
from generator.content import ReadSettings, discover, read_article
from generator.errors import BuildFailed, Problem
from generator.markdown_render import copied_name, make_markdown
from generator.model import Article
from generator.output import MARKER, Staging, recover
from generator.parallel import run_all
from generator.plan import PlannedPage, Planner, site_info
from generator.search.stage import SearchOutput, SearchStage
from generator.site import RelatedIndex, Site, build_site
from generator.theme import Theme, load_theme


@dataclass(frozen=True, slots=True)
class BuildResult:
    articles: int
    pages: int  # HTML pages in the site
    rendered: int  # of which rendered in this build (the rest were unchanged)
    seconds: float
    output: Path
    warnings: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class _File:
    """One file of the output: how to make it, and a fingerprint of everything it is made from."""

    rel: str
    fingerprint: str
    page: PlannedPage | None = None
    make: Callable[[dict[str, Article]], bytes] | None = None  # given the articles with bodies
    needs: tuple[Article, ...] = ()  # articles whose HTML bodies `make` uses
    copy_from: Path | None = None


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


class Builder:
    """Builds one site; keep it alive (as the dev server does) and later builds reuse its caches."""

    def __init__(self, config: Config, *, jobs: int = 1, progress: bool = False,
                 log: Callable[[str], None] = lambda _: None) -> None:
        self.config = config
        self.jobs = jobs
        self.progress = progress
        self.log = log
        self.settings = ReadSettings(config.timezone, config.permalink, config.base_path, config.language)
        self.read_cache = ReadCache(config.paths.cache, self.settings.fingerprint(), config.timezone)
        self.related: RelatedIndex | None = None
        # Saving the parse cache after every build costs ~0.3 s on 10,000 articles; the dev server
        # turns this off and calls save_caches() when it stops.
        self.persist = True
        self.changes: list[tuple[Article | None, Article]] = []  # (before, after) of files read again
        self.removed: list[str] = []  # files gone since the last build
        self._last: tuple[Site, str] | None = None  # the last model and theme, for the edit fast path
        self.search = SearchStage(config.paths.cache, config.timezone, progress=progress)
        self._manifest_cache: Manifest | None = None

    def save_caches(self) -> None:
        self.read_cache.save()
        if self._last is not None and self._last[0].related_index is not self.related:
            self.related = self._last[0].related_index
            save_pickle(self.config.paths.cache / "related.pickle", self.related)

    def build(self) -> BuildResult:
        started = lap = time.perf_counter()
        config = self.config

        def timed(stage: str) -> None:
            nonlocal lap
            now = time.perf_counter()
            self.log(f"{stage}: {now - lap:.2f} s")
            lap = now

        theme = load_theme(config)
        documents, problems = self.read_content()
        timed(f"read {len(documents)} files")
        if not any(p.is_error for p in problems):
            quick = self._edit_in_place(theme, problems, started)
            if quick is not None:
                timed(f"edit in place ({quick.rendered} rendered)")
                return quick
        if self.related is None:
            self.related = load_pickle(config.paths.cache / "related.pickle")
        site, url_problems = build_site(documents, config, datetime.now(config.timezone), self.related)
        problems += url_problems
        if any(p.is_error for p in problems):
            raise BuildFailed(sorted(problems, key=lambda p: (str(p.path), p.line or 0)))
        timed(f"model: {len(site.articles)} dated, {len(site.undated)} undated, {len(site.pages)} pages, "
              f"{len(site.tags)} tags")
        search = self.search.update(site.all_articles, self.read_cache.hydrate, self.jobs)
        timed(f"search index: {search.analysed} analysed" + (", term shards written" if search.rebased else ""))
        planner = Planner(site, theme.strings, theme.fingerprint, search.manifest)
        planned = list(planner.pages())
        timed(f"plan {len(planned)} pages")
        rendered = self.write(site, theme, planned, planner, search=search)
        timed(f"write ({rendered} rendered)")
        self._last = (site, theme.fingerprint)
        if self.persist:
            self.save_caches()
        timed("save cache")
        return BuildResult(len(site.all_articles), len(planned), rendered, time.perf_counter() - started,
                           config.paths.output, tuple(p for p in problems if not p.is_error))

    # --- stage 1: read ---------------------------------------------------------------------------

    def read_content(self) -> tuple[list[Article], list[Problem]]:
        """Every content file as an Article; unchanged files come from the cache, the rest in parallel."""
        content_dir = self.config.paths.content
        if not content_dir.is_dir():
            raise BuildFailed([Problem(content_dir, None, "the content folder does not exist",
                                       "create it and add articles, or set 'paths: {content: …}'")])
        self.read_cache.load()
        cached = self.read_cache.entries
        fresh: dict[str, CachedRead] = {}
        articles: list[Article] = []
        problems: list[Problem] = []
        to_read: list[Path] = []
        for rel, full, stat in discover(content_dir):
            hit = cached.get(rel)
            if hit and hit.mtime_ns == stat.st_mtime_ns and hit.size == stat.st_size:
                fresh[rel] = hit
                articles.append(hit.article)
                problems.extend(hit.warnings)
            else:
                to_read.append(Path(full))
        settings = self.settings

        def read_one(path: Path) -> tuple[int, int, Article | None, list[Problem]]:
            stat = path.stat()
            article, found = read_article(path, path.read_bytes(), content_dir, settings,
                                          _markdown(settings.language))
            return stat.st_mtime_ns, stat.st_size, article, found

        new: list[Article] = []
        self.changes = []
        for mtime_ns, size, article, found in run_all(to_read, read_one, jobs=self.jobs,
                                                      label="đọc bài", progress=self.progress):
            problems.extend(found)
            if article is not None:
                new.append(article)
                fresh[article.rel] = CachedRead(mtime_ns, size, article, tuple(p for p in found if not p.is_error))
                before = cached.get(article.rel)
                self.changes.append((before.article if before else None, article))
        self.removed = [rel for rel in cached if rel not in fresh]
        self.read_cache.update(fresh, new)
        return articles + new, problems

    # --- the fast path for edits -------------------------------------------------------------------

    def _edit_in_place(self, theme: Theme, problems: list[Problem], started: float) -> BuildResult | None:
        """Rebuild only the edited articles' pages and feeds, if the edits change nothing else."""
        if self._last is None or self._last[1] != theme.fingerprint or self.removed or not self.changes:
            return None
        if not (self.config.paths.output / MARKER).is_file() or not self._manifest().fingerprints:
            return None  # the output was removed or never written: build it whole
        site, _ = self._last
        swap = patch.edited_in_place(site, self.changes)
        if swap is None:
            return None
        site = patch.swapped(site, swap)
        search = self.search.update(site.all_articles, self.read_cache.hydrate, self.jobs)
        planner = Planner(site, theme.strings, theme.fingerprint, search.manifest)
        pages = [planner.page_for(article) for article in swap.values()] + [planner.search_page()]
        files = [_File(p.file, p.fingerprint, page=p) for p in pages]
        files += self._feed_files(site, touching=set(swap)) + _search_files(search)
        rendered = self.write(site, theme, pages, planner, files=files, prune="search/")
        self._last = (site, theme.fingerprint)
        if self.persist:
            self.read_cache.save()
        return BuildResult(len(site.all_articles), len(self._manifest_pages()), rendered, time.perf_counter() - started,
                           self.config.paths.output, tuple(p for p in problems if not p.is_error))

    # --- stages 3-4: render and write --------------------------------------------------------------

    def _manifest(self) -> Manifest:
        if self._manifest_cache is None:
            self._manifest_cache = Manifest(self.config.paths.cache, self.config.paths.output)
        return self._manifest_cache

    def _manifest_pages(self) -> list[str]:
        return [rel for rel in self._manifest().fingerprints if rel.endswith(".html")]

    def write(self, site: Site, theme: Theme, planned: list[PlannedPage], planner: Planner,
              files: list[_File] | None = None, search: SearchOutput | None = None, prune: str = "") -> int:
        """Write every file whose fingerprint changed; carry the others over. Returns pages rendered.

        `files`, when given, are the only files that may have changed (the edit fast path); the
        rest of the output stays as the manifest describes it, but for files under `prune` that
        are not among `files`: those are deleted.
        """
        config = self.config
        recovered = recover(config.paths.output)  # first, what a stopped build left behind
        manifest = self._manifest()
        if recovered:  # the finished commit changed files the manifest does not know about
            manifest.fingerprints = {}
        previous = manifest.fingerprints
        partial = files is not None  # only some files given: they can only be committed in place
        if files is None:
            files = self._files(site, theme, planned) + (_search_files(search) if search else [])
            fingerprints = {f.rel: f.fingerprint for f in files}
            removed = [rel for rel in previous if rel not in fingerprints]
        else:
            given = {f.rel: f.fingerprint for f in files}
            removed = [rel for rel in previous if prune and rel.startswith(prune) and rel not in given]
            fingerprints = {**{r: f for r, f in previous.items() if r not in removed}, **given}
        if previous == fingerprints and (config.paths.output / MARKER).is_file():
            self.log("nothing changed: the output is up to date")
            return 0
        changed = [f for f in files if previous.get(f.rel) != f.fingerprint]
        # A small change is committed file by file; a large one (or a first build) swaps folders.
        in_place = bool(previous) and (config.paths.output / MARKER).is_file() \
            and (partial or (len(changed) + len(removed)) * 4 < len(fingerprints))
        staging = Staging(config.paths.output)
        try:
            stale = changed if in_place else [f for f in files if not (previous.get(f.rel) == f.fingerprint
                                                                       and staging.reuse(f.rel))]
            pages = self._complete([f.page for f in stale if f.page is not None], planner)
            from generator.render import Renderer  # Jinja2 is loaded only when something is rendered

            renderer = Renderer(config, theme, {"site": site_info(site)})  # inherited by workers via fork
            folder = staging.dir
            run_all(pages, lambda page: renderer.write(folder, page), jobs=self.jobs, label="tạo trang",
                    progress=self.progress)
            makers = [f for f in stale if f.make is not None]
            # Bodies are loaded here, in this process: an SQLite handle must not cross a fork.
            full = self.read_cache.hydrate({a.path: a for f in makers for a in f.needs}.values())
            made = run_all(makers, lambda f: f.make(full), jobs=self.jobs, label="nguồn tin",  # type: ignore[misc]
                           progress=self.progress)
            for file, data in zip(makers, made, strict=True):
                staging.write(file.rel, data)
            for file in stale:
                if file.copy_from is not None:
                    staging.copy(file.copy_from, file.rel)
            if in_place:
                staging.commit_changes(removed)
            else:
                staging.commit()
        except BaseException:
            staging.abort()
            raise
        self.log(f"wrote {len(stale)} files " + ("in place" if in_place else "into a new folder")
                 + (f", deleted {len(removed)}" if removed else ""))
        manifest.save(fingerprints)
        return len(pages)

    def _complete(self, pages: list[PlannedPage], planner: Planner) -> list[PlannedPage]:
        """The pages about to be rendered, with the article bodies they show loaded."""
        full = self.read_cache.hydrate(p.context["article"] for p in pages if "article" in p.context)
        return [planner.complete(p, full[p.context["article"].path]) if "article" in p.context else p
                for p in pages]

    def _files(self, site: Site, theme: Theme, planned: list[PlannedPage]) -> list[_File]:
        from generator import feeds  # feedgen pulls in lxml: imported only when a build writes

        files = [_File(p.file, p.fingerprint, page=p) for p in planned]
        files += self._feed_files(site)
        for name, source in theme.assets.items():
            files.append(_File(f"static/{name}", _file_fingerprint(source), copy_from=source))
        for doc in site.all_articles + site.pages:
            for src in doc.images:
                source = doc.source.parent / src
                files.append(_File(doc.path + copied_name(src), _file_fingerprint(source), copy_from=source))
        page_paths = [p.path for p in planned if not (p.context.get("page") and p.context["page"].noindex)]
        sitemap = feeds.sitemap(site, page_paths)
        robots = feeds.robots(site)
        files.append(_File("sitemap.xml", _digest(sitemap), make=lambda _: sitemap))
        files.append(_File("robots.txt", _digest(robots), make=lambda _: robots))
        return files

    def _feed_files(self, site: Site, touching: set[str] | None = None) -> list[_File]:
        """The Atom feeds (site-wide and per tag); with `touching`, only those carrying these articles."""
        from generator import feeds

        config = self.config
        files = []
        lists = [("feed.xml", site.articles, config.title)]
        lists += [(tag.feed_path, tag.articles, f"{tag.name} — {config.title}") for tag in site.tags]
        for path, articles, title in lists:
            entries = [a for a in articles if a.date][: config.feed_size]
            if touching is not None and not any(a.path in touching for a in entries):
                continue
            fingerprint = _digest(title, config.base_url, config.description, config.publisher,
                                  [(a.content_hash, a.path, [t.name for t in a.tags]) for a in entries])

            def make(full: dict[str, Article], path: str = path, entries: list[Article] = entries,
                     title: str = title) -> bytes:
                return feeds.atom_feed(site, tuple(full[a.path] for a in entries), path, title)

            files.append(_File(path, fingerprint, make=make, needs=tuple(entries)))
        return files


def _search_files(search: SearchOutput) -> list[_File]:
    """The compiled search index: names carry a hash of the content, so the name is the fingerprint."""
    return [_File(f"search/{name}", name, copy_from=search.folder / name) for name in search.files]


def _file_fingerprint(path: Path) -> str:
    stat = path.stat()
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


# One Markdown converter per process and language, built on first use (it is costly to set up).
_MARKDOWN: dict[str, object] = {}


def _markdown(language: str):  # type: ignore[no-untyped-def]
    if language not in _MARKDOWN:
        _MARKDOWN[language] = make_markdown(language)
    return _MARKDOWN[language]
