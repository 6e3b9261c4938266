"""`tintuc nginx`: an nginx `server {}` for the built site, serving it as `tintuc deploy` publishes it.

The same Cache-Control by the same rules (deploy_config.cache_control: the site's own `deploy: cache_control`
first, then static/ and hashed search files immutable, pages and feeds short, the rest a day), the old
addresses of `aliases:` as real 301s (read from the build's `_redirects`, which redirects.py writes), the
site's 404 page, gzip, and security headers with a Content-Security-Policy the default theme satisfies.

Everything that comes from the site (paths, aliases, cache rules) is written as a quoted nginx string,
so no text of an article can end a directive or open a block; a path that would be read as an nginx
variable (`$`) is refused. nginx's add_header trap is avoided by repeating the security headers in every
location that sets its own Cache-Control (a location with any add_header drops all of the server's).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .config import Config, load_config
from .deploy_config import DAY, IMMUTABLE, SHORT, CacheRule
from .errors import BuildFailed, UsageError
from .output import MARKER, built_base_url, real_output

EXIT_OK, EXIT_FAILED = 0, 1
# The frames a reader's click on an embed's facade loads, by the provider names of `embeds:` in config.yaml.
EMBED_ORIGINS = {"youtube": "https://www.youtube-nocookie.com", "facebook": "https://www.facebook.com",
                 "google_maps": "https://www.google.com"}
DEFAULT_EMBEDS = ("youtube", "facebook", "google_maps")
# Debian's /etc/nginx/mime.types (nginx 1.22) has avif and webp but not the web app manifest.
EXTRA_TYPES = {"application/manifest+json": "webmanifest"}
# Types written as UTF-8 text, as deploy_config.content_type labels them; text/html is always in both lists
# (nginx warns about a duplicate when it is named).
TEXT_TYPES = ("text/xml", "text/plain", "text/css", "text/javascript", "application/javascript",
              "application/json", "application/xml", "application/rss+xml", "application/atom+xml",
              "application/manifest+json", "image/svg+xml")
_LISTEN = re.compile(r"(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):)?\d{1,5}")
_SERVER_NAME = re.compile(r"[A-Za-z0-9.*_-]+|_")
_URL_PATH = re.compile(r"/[A-Za-z0-9_.~/%-]*")  # what urllib.parse.quote leaves in a path


@dataclass(frozen=True, slots=True)
class Redirect:
    old: str  # the old address's path as nginx compares it: percent-escapes decoded ('/tin tức/a.html')
    new: str  # where it moved, percent-encoded ('/2021/08/hoi-nghi/')


@dataclass(frozen=True, slots=True)
class ServerSpec:
    """What the configuration is made from; `server_config` turns it into text."""

    root: str  # the built site's folder on the server, absolute, no trailing slash
    base_path: str  # '/' or '/tin-tuc/'
    listen: str = "80"
    server_name: str = "_"
    not_found: str | None = "404.html"  # the site's 404 page (a site path), if the build wrote one
    redirects: tuple[Redirect, ...] = ()
    cache_rules: tuple[CacheRule, ...] = ()
    search_folder: str = "search"
    frame_origins: tuple[str, ...] = tuple(EMBED_ORIGINS[name] for name in DEFAULT_EMBEDS)
    title: str = ""
    base_url: str = ""


def quoted(value: str) -> str:
    """`value` as one double-quoted nginx string: nginx undoes exactly these two escapes, and inside quotes
    a space, ';', '{', '}', '#' or a newline is an ordinary character."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _no_variables(value: str, what: str) -> str:
    if "$" in value or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise UsageError(f"{what} {value!r}: nginx would read '$' as a variable (and a control character "
                         "cannot be written); choose a path without them")
    return value


def align_style_hashes() -> tuple[str, ...]:
    """CSP hashes of the only inline styles the site writes: Python-Markdown's table column alignment."""
    from .markdown_render import ALLOWED_ATTRIBUTE_VALUES

    styles = sorted(ALLOWED_ATTRIBUTE_VALUES["td"]["style"])
    return tuple("'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in styles)


def content_security_policy(frame_origins: tuple[str, ...]) -> str:
    """Only the site's own scripts, styles, images and data (the default theme needs nothing else: no inline
    script, no style attribute but the aligned table cells, allowed by hash), frames from the embed providers
    only, and no page of the site inside another site's frame."""
    styles = " ".join(("'self'", "'unsafe-hashes'", *align_style_hashes()))
    return "; ".join((
        "default-src 'self'", "script-src 'self'", f"style-src {styles}", "img-src 'self' data:",
        "frame-src " + (" ".join(frame_origins) or "'none'"), "object-src 'none'", "base-uri 'self'",
        "form-action 'self'", "frame-ancestors 'self'"))


def security_headers(spec: ServerSpec) -> list[tuple[str, str]]:
    return [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("X-Frame-Options", "SAMEORIGIN"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
            ("Content-Security-Policy", content_security_policy(spec.frame_origins))]


def _regex_glob(rule: CacheRule) -> str:
    """deploy_config.glob_regex's pattern for PCRE: '.' also crosses newlines there (re.DOTALL)."""
    return "(?s:" + rule.regex.pattern + ")"


def cache_locations(spec: ServerSpec) -> list[tuple[str, str]]:
    """(PCRE over the site path, Cache-Control) in deploy_config.cache_control's order; nginx tries regex
    locations in the order they are written and takes the first that matches. A folder's address is
    matched as its index.html: nginx's index module redirects to that file internally, then matches again."""
    rules = [(_regex_glob(rule), rule.value) for rule in spec.cache_rules]
    rules.append(("static/.*", IMMUTABLE))
    rules.append((re.escape(spec.search_folder) + r"/[^/]+\.[0-9a-f]{8,}\.json", IMMUTABLE))
    rules.append((r".*\.(?i:html?|xml|rss|atom)|robots\.txt|_redirects", SHORT))
    return rules


def server_config(spec: ServerSpec) -> str:
    """The text of the configuration: one `server {}`, to include in nginx's `http {}` block."""
    base = spec.base_path
    subpath = base != "/"
    root = _no_variables(spec.root.rstrip("/") or "/", "--root")
    headers = security_headers(spec)

    def add_headers(indent: str, cache: str | None) -> list[str]:
        pairs = ([("Cache-Control", _no_variables(cache, "Cache-Control"))] if cache else []) + headers
        return [f"{indent}add_header {name} {quoted(value)} always;" for name, value in pairs]

    def files(indent: str) -> list[str]:  # where a regex location's file is: its capture under the root
        return [f"{indent}alias {quoted(root + '/$1')};"] if subpath else []

    out = [f"# nginx configuration for {spec.title or 'the site'} ({spec.base_url or base}), written by "
           "`tintuc nginx`.",
           "# Put it in /etc/nginx/sites-available/, link it from sites-enabled/ (or /etc/nginx/conf.d/NAME.conf),",
           "# then `nginx -t` and `systemctl reload nginx`. Generate it again after changing base_url, aliases",
           "# or deploy.cache_control; content changes need only `tintuc build` (the folder is replaced whole).",
           "# HTTPS: add `listen 443 ssl;` with ssl_certificate/ssl_certificate_key (certbot --nginx does it),",
           "# and then a Strict-Transport-Security header beside the others.",
           "server {",
           f"    listen {spec.listen};",
           f"    server_name {spec.server_name};"]
    if not subpath:
        out.append(f"    root {quoted(root)};")
    out += ["    index index.html;",
            "    server_tokens off;",
            "    absolute_redirect off;  # redirects name the path only: right behind a proxy that terminates TLS",
            "    charset utf-8;",
            "    charset_types " + " ".join(TEXT_TYPES) + ";",
            "    # A `types` block here replaces the http block's list, so Debian's is included again first.",
            "    include /etc/nginx/mime.types;",
            "    types {"]
    out += [f"        {kind} {ext};" for kind, ext in EXTRA_TYPES.items()]
    out += ["    }",
            "    gzip on;",
            "    gzip_vary on;",
            "    gzip_comp_level 5;",
            "    gzip_min_length 256;",
            "    gzip_types " + " ".join(TEXT_TYPES) + ";",
            "    # Serves FILE.gz beside FILE when it exists. tintuc build writes no precompressed files today,",
            "    # so this costs one failed open() per request and is ready for when it does.",
            "    gzip_static on;"]
    if spec.not_found:
        out.append(f"    error_page 404 {quoted(base + spec.not_found)};")
    out.append("    # On every answer (the 301s below too); each location with its own add_header repeats them.")
    out += add_headers("    ", None)
    out += ["", "    # tintuc's own bookkeeping files in the output folder are not part of the site.",
            f"    location ^~ {quoted(base + '.tintuc')} {{ return 404; }}"]
    if subpath:
        out.append(f"    location = {quoted(base.rstrip('/'))} {{ return 301 {quoted(base)}; }}")
    if spec.redirects:
        out += ["", "    # Earlier addresses of articles (aliases:), moved for good."]
        for redirect in spec.redirects:
            out.append(f"    location = {quoted(redirect.old)} {{ return 301 {quoted(redirect.new)}; }}")
    out += ["", "    # Cache-Control as `tintuc deploy` sets it; the first matching location wins."]
    for pattern, cache in cache_locations(spec):
        regex = "^" + re.escape(base) + "(" + pattern + ")$"
        out.append(f"    location ~ {quoted(regex)} {{")
        out += files("        ") + add_headers("        ", cache) + ["    }"]
    out.append(f"    location {quoted(base)} {{")
    if subpath:
        out.append(f"        alias {quoted(root + '/')};")
    out += add_headers("        ", DAY) + ["    }", "}"]
    return "\n".join(out) + "\n"


def read_redirects(output: Path, base_path: str) -> tuple[Redirect, ...]:
    """The build's `_redirects` ('/old /new 301', percent-encoded, as redirects.redirects_list writes it)."""
    path = output / "_redirects"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3 or not all(_URL_PATH.fullmatch(p) for p in parts[:2]) or not parts[0].startswith(base_path):
            raise UsageError(f"{path}:{number}: not a redirect line tintuc writes ('/old /new 301'): run tintuc "
                             "build again")
        old = urllib.parse.unquote(parts[0])
        found.append(Redirect(old, parts[1]))
        # The same address with or without the final '/' (the redirect page's folder): one hop, not two.
        if old.endswith("/") and old != base_path:
            found.append(Redirect(old.rstrip("/"), parts[1]))
        elif not old.lower().endswith((".html", ".htm")):
            found.append(Redirect(old + "/", parts[1]))
    return tuple(found)


def frame_origins(config: Config) -> tuple[str, ...]:
    names = getattr(config, "embeds", None)
    names = DEFAULT_EMBEDS if names is None else tuple(names)
    unknown = [name for name in names if name not in EMBED_ORIGINS]
    if unknown:
        raise UsageError(f"embeds: no frame address known for {', '.join(map(str, unknown))} (generator/nginx.py "
                         f"knows {', '.join(EMBED_ORIGINS)}); add the provider's origin to EMBED_ORIGINS")
    return tuple(dict.fromkeys(EMBED_ORIGINS[name] for name in names))


def spec_for(config: Config, output: Path, root: str | None, listen: str, server_name: str | None) -> ServerSpec:
    """The configuration of the site built in `output`, served from `root` on the server."""
    if not (output / MARKER).is_file():
        raise UsageError(f"{output} is not a site built by tintuc (no {MARKER} file): run tintuc build first; "
                         "the configuration is made from the built site (its address, aliases and 404 page)")
    base_url = built_base_url(output) or config.base_url
    base_path = urllib.parse.urlsplit(base_url).path or "/"
    if not _LISTEN.fullmatch(listen):
        raise UsageError(f"--listen {listen!r}: expected a port (8080) or ADDRESS:PORT (127.0.0.1:8080, [::]:80)")
    name = server_name or urllib.parse.urlsplit(base_url).hostname or "_"
    if not _SERVER_NAME.fullmatch(name):
        raise UsageError(f"--server-name {name!r}: expected a host name such as tintuc.example.gov.vn")
    where = root if root is not None else str(real_output(output).resolve())
    if not where.startswith("/"):
        raise UsageError(f"--root {where!r}: expected the absolute path of the site's folder on the server")
    return ServerSpec(
        root=_no_variables(where, "--root"), base_path=_no_variables(base_path, "base_url's path"),
        listen=listen, server_name=name,
        not_found=config.urls.not_found if (output / config.urls.not_found).is_file() else None,
        redirects=read_redirects(output, base_path),
        cache_rules=config.deploy.cache_control if config.deploy else (),
        search_folder=config.urls.search, frame_origins=frame_origins(config), title=config.title,
        base_url=base_url)


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub = commands.add_parser(
        "nginx", help="print an nginx configuration for the built site",
        description="Write an nginx `server {}` for the site built in the output folder: its address (a "
                    "subpath too), the 404 page, aliases as 301 redirects, Cache-Control as tintuc deploy "
                    "sets it, gzip, and security headers with a Content-Security-Policy. Build first.")
    sub.add_argument("--config", type=Path, default=None, metavar="FILE", help="the site configuration")
    sub.add_argument("--out", type=Path, default=None, metavar="FILE",
                     help="write the configuration to FILE instead of printing it")
    sub.add_argument("--site", type=Path, default=None, metavar="DIR",
                     help="the built site to describe (default: the output folder of config.yaml)")
    sub.add_argument("--root", default=None, metavar="DIR",
                     help="the site's folder on the server (default: the built folder's absolute path here)")
    sub.add_argument("--listen", default="80", metavar="[ADDRESS:]PORT",
                     help="nginx's listen (default: 80; e.g. 127.0.0.1:8080)")
    sub.add_argument("--server-name", default=None, metavar="HOST",
                     help="nginx's server_name (default: the host of the site's address)")


def run(args: argparse.Namespace, config_file: Path) -> int:
    try:
        config = load_config(config_file)
    except BuildFailed as failed:
        for problem in failed.problems:
            print(problem.format(Path.cwd()), file=sys.stderr)
        print("tintuc nginx: fix config.yaml first", file=sys.stderr)
        return EXIT_FAILED
    output = (Path.cwd() / args.site).resolve() if args.site is not None else config.paths.output
    text = server_config(spec_for(config, output, args.root, args.listen, args.server_name))
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"Wrote {args.out}; check it with `nginx -t` after putting it in place", file=sys.stderr)
    return EXIT_OK
