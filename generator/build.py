"""The build pipeline: read content -> model the site -> plan pages -> render -> write, atomically."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from generator.cache import CachedRead, Manifest, ReadCache
from generator.config import Config
from generator.content import ReadSettings, discover, read_article
from generator.errors import BuildFailed, Problem
from generator.feeds import atom_feed, robots, sitemap
from generator.markdown_render import copied_name, make_markdown
from generator.model import Article
from generator.output import Staging
from generator.parallel import run_all
from generator.plan import PlannedPage, Planner, site_info
from generator.render import Renderer
from generator.site import Site, build_site
from generator.theme import Theme, load_theme


@dataclass(frozen=True, slots=True)
class BuildResult:
    articles: int
    pages: int  # HTML pages in the site
    rendered: int  # of which rendered in this build (the rest were unchanged)
    seconds: float
    output: Path
    warnings: tuple[Problem, ...]


class Builder:
    """Builds one site; keep it alive (as the dev server does) and later builds reuse its caches."""

    def __init__(self, config: Config, *, jobs: int = 1, progress: bool = False,
                 log: Callable[[str], None] = lambda _: None) -> None:
        self.config = config
        self.jobs = jobs
        self.progress = progress
        self.log = log
        self.settings = ReadSettings(config.timezone, config.permalink, config.base_path, config.language)
        self.read_cache = ReadCache(config.paths.cache, self.settings.fingerprint())

    def build(self) -> BuildResult:
        started = time.perf_counter()
        config = self.config
        theme = load_theme(config)
        documents, problems = self.read_content()
        site, url_problems = build_site(documents, config, datetime.now(config.timezone))
        problems += url_problems
        if any(p.is_error for p in problems):
            raise BuildFailed(sorted(problems, key=lambda p: (str(p.path), p.line or 0)))
        self.log(f"read {len(documents)} files: {len(site.articles)} dated, {len(site.undated)} undated, "
                 f"{len(site.pages)} pages, {len(site.tags)} tags")
        planned = list(Planner(site, theme.strings, theme.fingerprint).pages())
        rendered = self.write(site, theme, planned)
        self.read_cache.save()
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
        for path in discover(content_dir):
            rel = path.relative_to(content_dir).as_posix()
            stat = path.stat()
            hit = cached.get(rel)
            if hit and hit.mtime_ns == stat.st_mtime_ns and hit.size == stat.st_size:
                fresh[rel] = hit
                articles.append(hit.article)
                problems.extend(hit.warnings)
            else:
                to_read.append(path)
        settings = self.settings

        def read_one(path: Path) -> tuple[Path, int, int, Article | None, list[Problem]]:
            raw = path.read_bytes()
            stat = path.stat()
            article, found = read_article(path, raw, content_dir, settings, _markdown(settings.language))
            return path, stat.st_mtime_ns, stat.st_size, article, found

        for path, mtime_ns, size, article, found in run_all(to_read, read_one, jobs=self.jobs,
                                                             label="đọc bài", progress=self.progress):
            problems.extend(found)
            if article is not None:
                articles.append(article)
                fresh[article.rel] = CachedRead(mtime_ns, size, article.content_hash, article,
                                                tuple(p for p in found if not p.is_error))
        self.read_cache.entries = fresh
        return articles, problems

    # --- stages 3-4: render and write --------------------------------------------------------------

    def write(self, site: Site, theme: Theme, planned: list[PlannedPage]) -> int:
        config = self.config
        manifest = Manifest(config.paths.cache, config.paths.output)
        staging = Staging(config.paths.output)
        fingerprints: dict[str, str] = {}
        try:
            def keep(rel: str, fingerprint: str) -> bool:
                fingerprints[rel] = fingerprint
                return manifest.fingerprints.get(rel) == fingerprint and staging.reuse(rel)

            stale = [page for page in planned if not keep(page.file, page.fingerprint)]
            # Built here, inherited by the worker processes through fork.
            renderer = Renderer(config, theme, {"site": site_info(site)})
            folder = staging.dir

            def render_one(page: PlannedPage) -> None:
                html = renderer.render(page.template, page.context)
                (folder / page.file).parent.mkdir(parents=True, exist_ok=True)
                (folder / page.file).write_bytes(html.encode("utf-8"))

            run_all(stale, render_one, jobs=self.jobs, label="tạo trang", progress=self.progress)
            self._write_feeds(site, staging, keep)
            for name, source in theme.assets.items():
                if not keep(f"static/{name}", _file_fingerprint(source)):
                    staging.copy(source, f"static/{name}")
            for doc in site.all_articles + site.pages:
                for src in doc.images:
                    source = doc.source.parent / src
                    rel = doc.path + copied_name(src)
                    if not keep(rel, _file_fingerprint(source)):
                        staging.copy(source, rel)
            staging.write("sitemap.xml", sitemap(site, [p.path for p in planned if p.path != "404.html"]))
            staging.write("robots.txt", robots(site))
            staging.commit()
        except BaseException:
            staging.abort()
            raise
        manifest.save(fingerprints)
        return len(stale)

    def _write_feeds(self, site: Site, staging: Staging, keep: Callable[[str, str], bool]) -> None:
        feeds = [("feed.xml", site.articles, site.config.title)]
        feeds += [(tag.feed_path, tag.articles, f"{tag.name} — {site.config.title}") for tag in site.tags]
        for path, articles, title in feeds:
            entries = [a for a in articles if a.date][: site.config.feed_size]
            fingerprint = hashlib.blake2b(repr((title, site.config.base_url, site.config.description,
                                                [(a.content_hash, a.path, [t.name for t in a.tags])
                                                 for a in entries])).encode(), digest_size=16).hexdigest()
            if not keep(path, fingerprint):
                staging.write(path, atom_feed(site, articles, path, title))


def _file_fingerprint(path: Path) -> str:
    stat = path.stat()
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


# One Markdown converter per process and language, built on first use (it is costly to set up).
_MARKDOWN: dict[str, object] = {}


def _markdown(language: str):  # type: ignore[no-untyped-def]
    if language not in _MARKDOWN:
        _MARKDOWN[language] = make_markdown(language)
    return _MARKDOWN[language]
