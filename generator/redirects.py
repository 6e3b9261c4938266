"""Addresses that last: a redirect page at each earlier address of an article (`aliases:`), and the same
list as a `_redirects` file for hosts that read one (Netlify, Cloudflare Pages; Hugo writes the same pair).

A static host cannot answer with a real 301, so the page at the old address does what Hugo's alias pages
do: a `<meta http-equiv="refresh">` for browsers, `<link rel="canonical">` so search engines move their
record to the new address, and a plain link for everything else. An alias ending in `.html`/`.htm` is
written as that file; any other alias as a folder with an index.html (`/tin-tuc/123.aspx` becomes
`tin-tuc/123.aspx/index.html`, which hosts serve at the old address, after a redirect to the slash form).
"""

from __future__ import annotations

import html
import urllib.parse

from .config import Config
from .model import Article

_MOVED = {"vi": "Trang này đã chuyển tới", "en": "This page has moved to"}


def alias_file(alias: str) -> str:
    """The output file that answers at the site path `alias`."""
    if alias.endswith("/"):
        return alias + "index.html"
    if alias.lower().endswith((".html", ".htm")):
        return alias
    return alias + "/index.html"


def redirect_page(config: Config, article: Article) -> bytes:
    target = html.escape(config.base_url + article.path)
    title = html.escape(article.title)
    moved = _MOVED.get(config.language, _MOVED["en"])
    return (f'<!DOCTYPE html>\n<html lang="{config.language}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{title}</title>\n<link rel="canonical" href="{target}">\n'
            f'<meta name="robots" content="noindex">\n<meta http-equiv="refresh" content="0; url={target}">\n'
            f'</head>\n<body>\n<p>{moved}: <a href="{target}">{title}</a></p>\n</body>\n</html>\n').encode()


def redirects_list(config: Config, documents: tuple[Article, ...]) -> bytes:
    """`_redirects`: one `old new 301` line per alias, addresses percent-encoded (the format splits on spaces)."""
    lines = []
    for doc in documents:
        for alias in doc.aliases:
            old = urllib.parse.quote(config.base_path + alias)
            new = urllib.parse.quote(config.base_path + doc.path)
            lines.append(f"{old} {new} 301")
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8") if lines else b""
