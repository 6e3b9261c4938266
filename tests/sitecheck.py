"""Checks over a built site used by the tests: links, HTML parsing, JSON-LD extraction."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.jsonld: list[str] = []
        self._in_jsonld = False
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        for attr in ("href", "src"):
            if attr in values:
                self.links.append(values[attr])
        if tag == "script" and values.get("type") == "application/ld+json":
            self._in_jsonld = True
        if tag == "meta" and "content" in values:
            self.meta[values.get("property") or values.get("name") or ""] = values["content"]
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href")

    def handle_endtag(self, tag: str) -> None:
        self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(data)


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def html_pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def target_file(root: Path, base_path: str, page: Path, link: str) -> tuple[Path, str] | None:
    """The file an internal link points to (and its fragment), or None for an external link."""
    url, fragment = urldefrag(link)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page, fragment
    if path.startswith("/"):
        assert path.startswith(base_path), f"{page}: link {link} is outside the base path {base_path}"
        target = root / path[len(base_path):]
    else:
        target = page.parent / path
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, fragment


def broken_links(root: Path, base_path: str = "/") -> list[str]:
    """Every internal href/src in every page must name an existing file (and fragment)."""
    broken = []
    ids: dict[Path, set[str]] = {}
    for page in html_pages(root):
        for link in parse(page).links:
            found = target_file(root, base_path, page, link)
            if found is None:
                continue
            target, fragment = found
            if not target.is_file():
                broken.append(f"{page.relative_to(root)}: {link}")
            elif fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse(target).ids
                if fragment not in ids[target]:
                    broken.append(f"{page.relative_to(root)}: {link} (no id {fragment!r})")
    return broken


def jsonld(page: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(block) for block in parse(page).jsonld]


def is_redirect(page: Path) -> bool:
    """A redirect page an alias writes (redirects.py): no metadata of its own, not in the sitemap."""
    return 'http-equiv="refresh"' in page.read_text(encoding="utf-8")
