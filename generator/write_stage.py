"""Stages 3-4 of the build: render the pages whose fingerprint changed and write every changed file, atomically
(output.py: a new folder swapped in, or a journal of changes in place), with the output's record (written.py)."""

from __future__ import annotations

import contextlib
import errno
from typing import TYPE_CHECKING

from . import collector
from .cache import ReadCache
from .config import Config
from .errors import BuildFailed, Problem
from .inventory import OutputFile, search_files, site_files, verify_search_files
from .output import MARKER, Staging, recover
from .parallel import progress_bar, run_all
from .photos import Photos
from .plan import PlannedPage, Planner, site_info
from .search.stage import SearchOutput
from .site import Site
from .theme import Theme
from .written import Manifest, record_folder

if TYPE_CHECKING:
    from collections.abc import Callable

    from .render import CompiledTemplates

RENDER_BLOCK = 4_000  # pages rendered per batch of workers: their article bodies are loaded per batch


class SiteWriter:
    """Writes one site's output folder; kept by its Builder, with the output's record and the compiled theme."""

    def __init__(self, config: Config, read_cache: ReadCache, *, progress: bool, log: Callable[[str], None],
                 guard: contextlib.AbstractContextManager[object]) -> None:
        self.config, self.read_cache, self.progress, self.log, self.guard = config, read_cache, progress, log, guard
        self.manifest_cache: Manifest | None = None
        self.templates: CompiledTemplates | None = None  # the theme compiled (render.py), made on first use

    def manifest(self) -> Manifest:
        """The record of what the output folder holds (written.py), loaded once."""
        if self.manifest_cache is None:
            self.manifest_cache = Manifest(record_folder(self.config.paths.cache, self.config.paths.output),
                                           self.config.paths.output)
        return self.manifest_cache

    def manifest_pages(self) -> list[str]:
        return [rel for rel in self.manifest().fingerprints if rel.endswith(".html")]

    def write(self, site: Site, theme: Theme, planned: list[PlannedPage], planner: Planner, photos: Photos, *,
              jobs: int, files: list[OutputFile] | None = None, search: SearchOutput | None = None,
              prune: str = "") -> int:
        """Write every file whose fingerprint changed; carry the others over. Returns pages rendered.

        `files`, when given, are the only files that may have changed (the edit fast path); the
        rest of the output stays as the manifest describes it, but for files under `prune` that
        are not among `files`: those are deleted.
        """
        config = self.config
        output = config.paths.output
        recovered = recover(output)  # first, what a stopped build left behind
        manifest = self.manifest()
        if recovered:  # the finished commit changed files the manifest does not know about
            manifest.forget()
        partial = files is not None  # only some files given: they can only be committed in place
        if files is None:
            # A file changed or deleted in the output since it was written is made again, never carried over
            # (the edit fast path has looked already). Measured: 80 ms for the 16,833 files of 10,000 articles.
            damaged = manifest.damaged(output)
            previous = {rel: fp for rel, fp in manifest.fingerprints.items() if rel not in damaged}
            problems: list[Problem] = []
            files = site_files(self.config, site, theme, planned, problems, photos)
            files += search_files(search, self.config.urls) if search else []
            if problems:
                raise BuildFailed(problems)
            fingerprints = {f.rel: f.fingerprint for f in files}
            removed = [rel for rel in manifest.fingerprints if rel not in fingerprints]
            unchanged = previous == fingerprints
        else:  # the rest as recorded: nothing here looks at every recorded file (180,000 at 100,000 articles)
            previous = manifest.fingerprints
            fingerprints = {f.rel: f.fingerprint for f in files}
            removed = sorted(manifest.under(prune) - fingerprints.keys()) if prune else []
            unchanged = not removed and all(previous.get(rel) == fp for rel, fp in fingerprints.items())
        if unchanged and (output / MARKER).is_file():
            self.log("nothing changed: the output is up to date")
            return 0
        changed = [f for f in files if previous.get(f.rel) != f.fingerprint]
        # A small change is committed file by file through a journal; a large one (or a first build) swaps
        # the folders in one step. A swap of a small change costs seconds (see output.py for the figures).
        in_place = bool(previous) and (output / MARKER).is_file() \
            and (partial or (len(changed) + len(removed)) * 4 < len(fingerprints))
        staging = None
        try:
            staging = Staging(output)
            stale = changed if in_place else [f for f in files if not (previous.get(f.rel) == f.fingerprint
                                                                       and staging.reuse(f.rel))]
            verify_search_files(stale)
            pages = [f.page for f in stale if f.page is not None]
            from .render import CompiledTemplates, Renderer  # Jinja2 is loaded only when something is rendered

            self.templates = self.templates or CompiledTemplates()

            # Made before the workers start: they inherit it through fork.
            renderer = Renderer(config, theme, {"site": site_info(site), "urls": site.config.urls, "now": site.now,
                                                "thumbnail": planner.thumbnail}, self.templates)
            folder = staging.dir
            bar = progress_bar(len(pages), "tạo trang", self.progress)
            try:
                with collector.running():  # rendering makes cyclic garbage (Jinja2's contexts and frames)
                    # A block of pages at a time, with the bodies they show: at 100,000 articles, every body
                    # at once took 1.9 GB in this process (and its render workers inherit it).
                    for start in range(0, len(pages), RENDER_BLOCK):
                        run_all(self._complete(pages[start:start + RENDER_BLOCK], planner),
                                lambda page: renderer.write(folder, page), jobs=jobs, label="tạo trang",
                                progress=self.progress, bar=bar)
            finally:
                bar.close()
            makers = [f for f in stale if f.make is not None]
            # Bodies are loaded here, in this process: an SQLite handle must not cross a fork.
            full = self.read_cache.hydrate({a.path: a for f in makers for a in f.needs}.values())
            made = run_all(makers, lambda f: f.make(full), jobs=jobs, label="nguồn tin",  # type: ignore[misc]
                           progress=self.progress)
            for file, data in zip(makers, made, strict=True):
                staging.write(file.rel, data)
            for file in stale:
                if file.copy_from is not None:
                    staging.copy(file.copy_from, file.rel)
            with self.guard:
                if in_place:
                    staging.commit_changes(removed)
                else:
                    staging.commit()
        except BaseException as exc:  # a template error, Ctrl-C, a full disk: the staging goes, the output stays
            if staging is not None:
                staging.abort()
            if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise BuildFailed([Problem(output, None, "no space left on device while writing the site; "
                                           "the previous site is unchanged",
                                           "free some space on that disk, or choose another folder with --out")]
                                  ) from None
            raise
        self.log(f"wrote {len(stale)} files " + ("in place" if in_place else "into a new folder")
                 + (f", deleted {len(removed)}" if removed else ""))
        written = [f.rel for f in stale]  # the others are unchanged (or hard links)
        if partial:
            manifest.change(fingerprints, removed, output, written)
        else:
            manifest.save(fingerprints, output, written)
        return len(pages)

    def _complete(self, pages: list[PlannedPage], planner: Planner) -> list[PlannedPage]:
        """The pages about to be rendered, with the article bodies they show loaded."""
        full = self.read_cache.hydrate(p.context["article"] for p in pages if "article" in p.context)
        return [planner.complete(p, full[p.context["article"].path]) if "article" in p.context else p
                for p in pages]
