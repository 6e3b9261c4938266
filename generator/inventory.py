"""Every file of the output: how to make it, and a fingerprint of everything it is made from.

The build writes a file only when its fingerprint changed since the manifest of the last build;
`tintuc check` resolves links against the same list, so it never calls a real page broken.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from .cachefiles import CacheInvalid
from .config import Config
from .errors import Problem
from .markdown_render import copied_name
from .model import Article
from .output import MARKER, static_folder
from .photos import NO_PHOTOS, Photo, Photos, is_photo
from .photos import digest as photo_digest
from .plan import PlannedPage
from .search.stage import SearchOutput, matches_name
from .site import Site
from .theme import Theme
from .urls import Urls


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the output: how to make it, and a fingerprint of everything it is made from."""

    rel: str
    fingerprint: str
    page: PlannedPage | None = None
    make: Callable[[dict[str, Article]], bytes] | None = None  # given the articles with bodies
    needs: tuple[Article, ...] = ()  # articles whose HTML bodies `make` uses
    copy_from: Path | None = None
    alias_of: Article | None = None  # a redirect page: the article whose earlier address it answers


def digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def site_files(config: Config, site: Site, theme: Theme, planned: list[PlannedPage],
               problems: list[Problem], photos: Photos = NO_PHOTOS) -> list[OutputFile]:
    """Every file of the site but the search index; problems with the project's static/ go into `problems`."""
    from . import feeds  # feedgen pulls in lxml: imported only when a build writes

    files = [OutputFile(p.file, p.fingerprint, page=p) for p in planned]
    files += feed_files(config, site)
    for name, source in theme.assets.items():
        if name in theme.rewritten:  # a JS module importing versioned addresses (theme.versioned_modules)
            data = theme.rewritten[name]
            files.append(OutputFile(f"static/{name}", digest(data), make=lambda _, data=data: data))
        else:
            files.append(OutputFile(f"static/{name}", file_fingerprint(source), copy_from=source))
    for doc in site.all_articles + site.pages:
        processed = {photo.src: photo for photo in photos.of(doc.path)}
        for src in doc.images:
            if is_photo(src):  # its processed files, never the original (see photos.py)
                if src in processed:
                    files += photo_files(doc.path, processed[src])
                continue
            source = doc.source.parent / src
            files.append(OutputFile(doc.path + copied_name(src), file_fingerprint(source), copy_from=source))
    page_paths = [p.path for p in planned if not (p.context.get("page") and p.context["page"].noindex)]
    sitemap = feeds.sitemap(site, page_paths)
    robots = feeds.robots(site)
    files.append(OutputFile(config.urls.sitemap, digest(sitemap), make=lambda _: sitemap))
    files.append(OutputFile(config.urls.robots, digest(robots), make=lambda _: robots))
    files += redirect_files(config, site)
    problems.extend(address_collisions(files, site))
    return files + static_files(config, {f.rel for f in files}, problems)


def photo_files(page: str, photo: Photo) -> list[OutputFile]:
    """A photo's processed files beside its page, and the largest fallback under the original name."""
    p = photo.processed
    files = [OutputFile(page + v.file, photo_digest(photo, v), copy_from=p.cache_dir / v.cached) for v in p.files()]
    if photo.name not in {v.file for v in p.files()}:
        original = photo.original_name_file
        files.append(OutputFile(page + photo.name, photo_digest(photo, original),
                                copy_from=p.cache_dir / original.cached))
    return files


def redirect_files(config: Config, site: Site) -> list[OutputFile]:
    """A redirect page per alias, and `_redirects` listing them all (none when no article has aliases)."""
    from . import redirects

    documents = tuple(d for d in site.all_articles + site.pages if d.aliases)
    files = []
    for doc in documents:
        page = redirects.redirect_page(config, doc)
        for alias in doc.aliases:
            files.append(OutputFile(redirects.alias_file(alias), digest(page), make=lambda _, page=page: page,
                                    alias_of=doc))
    listing = redirects.redirects_list(config, documents)
    if listing:
        files.append(OutputFile(config.urls.redirects, digest(listing), make=lambda _: listing))
    return files


def address_collisions(files: list[OutputFile], site: Site) -> list[Problem]:
    """Two files of the site at one address: reported at the article or alias that takes it, with its line."""
    owners: dict[str, list[OutputFile]] = {}
    for file in files:
        owners.setdefault(file.rel, []).append(file)
    problems = []
    for rel, taken in owners.items():
        if len(taken) < 2:
            continue
        # An alias is the newcomer at an address: it alone is reported when it takes a real page's.
        blamed = [f for f in taken if f.alias_of is not None] or taken
        for file in blamed:
            others = [_what(other) for other in taken if other is not file]
            if file.alias_of is not None:
                doc = file.alias_of
                problems.append(Problem(doc.source, doc.aliases_line, f"the alias /{rel.removesuffix('index.html')} "
                                        f"is also {others[0]}", "remove that alias, or change the other address"))
            elif file.page is not None and "article" in file.page.context:
                doc = file.page.context["article"]
                problems.append(Problem(doc.source, doc.url_line, f"the address /{doc.path} is also {others[0]}",
                                        "give this article another 'slug:' (or change the permalink pattern)"))
    return problems


def _what(file: OutputFile) -> str:
    if file.alias_of is not None:
        return f"an alias of {file.alias_of.rel}"
    if file.page is not None and "article" in file.page.context:
        return f"the address of {file.page.context['article'].rel}"
    if file.page is not None:
        return f"a page the site makes ({file.page.template})"
    return f"a file the site makes ({file.rel})"


def static_files(config: Config, generated: set[str], problems: list[Problem]) -> list[OutputFile]:
    """The project's static/ folder, copied as it is; a file that would replace a generated one is an error."""
    folder = static_folder(config)
    files: list[OutputFile] = []
    if (config.root / "static").is_symlink():  # it would publish whatever folder it points to
        problems.append(Problem(config.root / "static", None, "static/ is a symbolic link: its files would be "
                                "published from outside the project", "make static/ a real folder of the project"))
        return files
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names + [d for d in dirs if Path(top, d).is_symlink()]):
            source = Path(top, name)
            rel = source.relative_to(folder).as_posix()
            if source.is_symlink() or not source.is_file():
                problems.append(Problem(source, None, "not a regular file: static/ is copied as it is, and "
                                        "only plain files are", "put the file itself here, not a link"))
            elif rel in generated or rel == MARKER:
                problems.append(Problem(source, None, f"has the same name as a file tintuc generates ({rel})",
                                        "rename or remove it: static/ may only add files to the site"))
            else:
                files.append(OutputFile(rel, file_fingerprint(source), copy_from=source))
    return files


def feed_files(config: Config, site: Site, touching: set[str] | None = None) -> list[OutputFile]:
    """The Atom feeds (site-wide and per tag); with `touching`, only those carrying these articles."""
    from . import feeds

    files = []
    lists = [(config.urls.feed, site.articles, config.title)]
    lists += [(term.feed_path, term.articles, f"{term.name} — {config.title}")
              for group in site.taxonomies for term in group.terms if term.feed_path]
    for path, articles, title in lists:
        entries = list(islice((a for a in articles if a.date), config.feed_size))  # the first few, not all
        if touching is not None and not any(a.path in touching for a in entries):
            continue
        fingerprint = digest(title, config.base_url, config.description, config.publisher,
                             [(a.content_hash, a.path, [t.name for t in a.tags]) for a in entries])

        def make(full: dict[str, Article], path: str = path, entries: list[Article] = entries,
                 title: str = title) -> bytes:
            return feeds.atom_feed(site, tuple(full[a.path] for a in entries), path, title)

        files.append(OutputFile(path, fingerprint, make=make, needs=tuple(entries)))
    return files


def search_files(search: SearchOutput, urls: Urls) -> list[OutputFile]:
    """The compiled search index: names carry a hash of the content, so the name is the fingerprint."""
    return [OutputFile(urls.search_file(name), name, copy_from=search.folder / name) for name in search.files]


def verify_search_files(files: list[OutputFile]) -> None:
    """Check compiled search files against the hash in their names before publishing them."""
    for file in files:
        if file.copy_from is not None and file.fingerprint == file.copy_from.name \
                and not matches_name(file.copy_from):  # a search file: its name is its fingerprint
            raise CacheInvalid(f"{file.copy_from.name} does not match its hash")


def file_fingerprint(path: Path) -> str:
    stat = path.stat()
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"
