"""Videos and maps in articles: a provider's address alone on its line becomes a click-to-load facade.

Readers are mostly on phones and slow networks, and an agency should not hand its readers to a
third party unasked: the facade (a figure with the title, a play <button> and a plain link to the
provider's page) loads nothing from the provider; themes/default/static/js/embed.js swaps in the
iframe when the reader clicks. Without JavaScript the plain link still works.

Every address is parsed against a strict pattern per provider (host, path, id, the few query
parameters the provider's own share buttons add); anything else, an unknown host, extra path, quotes,
stays a plain link. The iframe address is rebuilt here from the validated parts, never copied, and is
checked again by the sanitiser (`embed_attribute`) and by embed.js.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, unquote_plus, urlsplit

from .errors import closest

PROVIDERS = ("youtube", "facebook", "google_maps")  # the names `embeds:` in config.yaml accepts

# Strings of the facade, in the site's language: (default title, play verb, link text). The body's
# HTML is made and cached when the article is read, before any theme is involved, so these live here
# beside the footnotes' back-link title (markdown_render._BACKLINK_TITLE) rather than in the theme's i18n.
STRINGS = {
    "vi": {"youtube": ("Video trên YouTube", "Phát video", "Xem video trên YouTube"),
           "facebook": ("Video trên Facebook", "Phát video", "Xem video trên Facebook"),
           "google_maps": ("Bản đồ Google", "Hiện bản đồ", "Xem bản đồ trên Google Maps")},
    "en": {"youtube": ("Video on YouTube", "Play video", "Watch on YouTube"),
           "facebook": ("Video on Facebook", "Play video", "Watch on Facebook"),
           "google_maps": ("Google map", "Show map", "Open in Google Maps")},
}

# The only iframe addresses a facade may carry, one pattern per provider. embed.js holds the same three
# (tests/test_embeds.py checks that every address made here passes them).
_PB = r"[A-Za-z0-9!._*:+~%-]{1,4000}"
SOURCES = {
    "youtube": re.compile(r"https://www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]{11}\?autoplay=1(?:&start=\d{1,6})?"),
    "facebook": re.compile(r"https://www\.facebook\.com/plugins/video\.php\?href=[A-Za-z0-9%._-]{1,300}"
                           r"&show_text=false&autoplay=true"),
    "google_maps": re.compile(rf"https://www\.google\.com/maps/embed\?pb={_PB}"
                              r"|https://www\.google\.com/maps\?q=[A-Za-z0-9%._~-]{1,600}(?:&z=\d{1,2})?"
                              r"&hl=(?:vi|en)&output=embed"),
}


@dataclass(frozen=True, slots=True)
class Embed:
    """A validated address: the provider, the iframe's address, and the provider's page for the plain link."""

    provider: str
    src: str
    page: str


@dataclass(frozen=True, slots=True)
class ShortLink:
    """A Google Maps short link: which map it is cannot be known without asking Google over the network."""

    address: str


# Characters of an address as an editor copies it from a browser (Vietnamese letters too, as a maps place
# name may be pasted); no quotes, spaces, angle brackets, backslashes or invisible characters.
_ADDRESS = re.compile("https?://[A-Za-z0-9\\-._~:/?#\\[\\]@!$&()*+,;=%\u00c0-\u024f\u1e00-\u1eff]+", re.IGNORECASE)
_YT_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YT_TIME = re.compile(r"(?:(\d{1,2})h)?(?:(\d{1,3})m)?(?:(\d{1,5})s?)?")
_TRACKING = re.compile(r"[A-Za-z0-9_.%=-]{0,200}")  # values of share-button parameters, which are dropped
_FB_PAGE = re.compile(r"/([A-Za-z0-9.-]{1,80})/videos/(\d{5,25})/?")
_FB_CODE = re.compile(r"/([A-Za-z0-9_-]{5,20})/?")
_COORD = r"-?\d{1,3}(?:\.\d{1,15})?"
_AT = rf"@({_COORD}),({_COORD})(?:,(\d{{1,2}}(?:\.\d+)?)z|,\d{{1,6}}(?:\.\d+)?[ma])?"
_DATA = rf"(?:/data={_PB})?/?"
_MAPS_PATHS = (re.compile(rf"/maps/place/([^/@]{{1,300}})(?:/{_AT})?{_DATA}"),
               re.compile(rf"/maps/search/([^/@]{{1,300}})(?:/{_AT})?{_DATA}"),
               re.compile(rf"/maps/(){_AT}{_DATA}"))
_MAPS_HOSTS = frozenset({"www.google.com", "google.com", "maps.google.com", "www.google.com.vn", "google.com.vn"})
_MAPS_SHARE = frozenset({"entry", "g_ep", "hl", "authuser", "coh", "skid", "shorturl", "g_st"})


def parse_address(address: str, language: str = "vi") -> Embed | ShortLink | None:
    """The embed an address stands for, ShortLink for a maps short link, None for anything else."""
    if not _ADDRESS.fullmatch(address):
        return None
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https") or parts.fragment or "@" in parts.netloc \
            or parts.netloc.lower() != host:  # no user, no port, no spelling the host two ways
        return None
    query = parse_qsl(parts.query, keep_blank_values=True)
    if len({name for name, _ in query}) != len(query):
        return None
    params = dict(query)
    if host in ("www.youtube.com", "youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"):
        return _youtube(host, parts.path, params)
    if host in ("www.facebook.com", "facebook.com", "m.facebook.com", "web.facebook.com", "fb.watch"):
        return _facebook(host, parts.path, params)
    if host == "maps.app.goo.gl" or (host == "goo.gl" and parts.path.startswith("/maps/")):
        return ShortLink(address)
    if host in _MAPS_HOSTS:
        return _maps(parts.path, params, language)
    return None


def _youtube(host: str, path: str, params: dict[str, str]) -> Embed | None:
    if host == "youtu.be":
        video = path[1:]
    elif path == "/watch":
        video = params.pop("v", "")
    elif path.startswith(("/shorts/", "/embed/")) and path.count("/") == 2:
        video = path.split("/")[2]
    else:
        return None
    if host == "www.youtube-nocookie.com" and not path.startswith("/embed/"):
        return None
    start = params.pop("t", None) or params.pop("start", None)
    seconds = _seconds(start) if start is not None else 0
    shared = {"si", "feature", "pp", "ab_channel", "list", "index", "autoplay", "rel"}
    if not _YT_ID.fullmatch(video) or seconds is None or not _dropped(params, shared):
        return None
    at = f"&start={seconds}" if seconds else ""
    return Embed("youtube", f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1{at}",
                 f"https://www.youtube.com/watch?v={video}" + (f"&t={seconds}s" if seconds else ""))


def _seconds(text: str) -> int | None:
    """'90', '90s', '1m30s', '1h2m3s' -> seconds; None if it is none of these."""
    match = _YT_TIME.fullmatch(text)
    if not text or match is None:
        return None
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    return total if total < 1_000_000 else None


def _dropped(params: dict[str, str], allowed: Iterable[str]) -> bool:
    """Whether every parameter left is a share button's own (dropped from the addresses made here)."""
    return set(params) <= set(allowed) and all(_TRACKING.fullmatch(value) for value in params.values())


def _facebook(host: str, path: str, params: dict[str, str]) -> Embed | None:
    shared = {"mibextid", "rdid", "ref", "sfnsn", "s"}
    if host == "fb.watch":
        match = _FB_CODE.fullmatch(path)
        page = f"https://fb.watch/{match.group(1)}/" if match else None
    elif path in ("/watch", "/watch/"):
        video = params.pop("v", "")
        page = f"https://www.facebook.com/watch/?v={video}" if re.fullmatch(r"\d{5,25}", video) else None
    elif path == "/plugins/video.php":  # the address of a pasted <iframe>: its href is the video
        inner = parse_address(params.get("href", ""))
        return inner if isinstance(inner, Embed) and inner.provider == "facebook" else None
    else:
        match = _FB_PAGE.fullmatch(path)
        page = f"https://www.facebook.com/{match.group(1)}/videos/{match.group(2)}/" if match else None
    if page is None or not _dropped(params, shared):
        return None
    return Embed("facebook", f"https://www.facebook.com/plugins/video.php?href={quote(page, safe='')}"
                 "&show_text=false&autoplay=true", page)


def _maps(path: str, params: dict[str, str], language: str) -> Embed | None:
    zoom = ""
    if path == "/maps/embed":
        pb = params.pop("pb", "")
        if not params and re.fullmatch(_PB, pb) and _escapes_valid(pb):
            src = f"https://www.google.com/maps/embed?pb={pb}"
            return Embed("google_maps", src, src)
        return None
    if path in ("/maps", "/maps/", "/maps/search", "/maps/search/"):
        place = params.pop("q", None) or params.pop("query", None)
        if params.pop("api", "1") != "1" or place is None:
            return None
        zoom = params.pop("z", "")
        if not re.fullmatch(r"\d{0,2}", zoom):
            return None
    else:
        found = next((m for pattern in _MAPS_PATHS if (m := pattern.fullmatch(path))), None)
        if found is None or not _escapes_valid(path):
            return None
        name, lat, lng, zoom = found.group(1), found.group(2), found.group(3), found.group(4) or ""
        place = f"{lat},{lng}" if lat else unquote_plus(name)  # coordinates are exact, names ambiguous
        zoom = str(round(float(zoom))) if zoom else ""
    place = unicodedata.normalize("NFC", " ".join(place.split()))
    if not place or len(place) > 200 or any(c in place for c in "<>\"'`\\") \
            or any(unicodedata.category(c).startswith("C") for c in place) or not _dropped(params, _MAPS_SHARE):
        return None
    q = quote(place, safe="")
    at = f"&z={zoom}" if zoom and 1 <= int(zoom) <= 21 else ""
    return Embed("google_maps", f"https://www.google.com/maps?q={q}{at}&hl={'en' if language == 'en' else 'vi'}"
                 "&output=embed", f"https://www.google.com/maps/search/?api=1&query={q}")


def _escapes_valid(text: str) -> bool:
    return re.search(r"%(?![0-9A-Fa-f]{2})", text) is None and unquote(text) == unquote(unquote(text))


# --- the facade -------------------------------------------------------------------------------------

def facade(embed: Embed, title: str | None, language: str) -> str:
    """The figure that stands for the embed until the reader clicks; it references nothing of the provider's
    but the plain link. No inline script or style: the site's Content-Security-Policy allows neither."""
    default, verb, link_text = STRINGS.get(language, STRINGS["vi"])[embed.provider]
    title = title or default
    e = html.escape
    return (f'<figure class="embed embed-{embed.provider.replace("_", "-")}" data-embed-src="{e(embed.src)}">\n'
            f'<figcaption class="embed-title">{e(title)}</figcaption>\n'
            f'<div class="embed-box"><button type="button" class="embed-play" aria-label="{e(verb)}: {e(title)}">'
            f'</button></div>\n'
            f'<p class="embed-source"><a href="{e(embed.page)}">{e(link_text)}</a></p>\n'
            f'</figure>')


def embed_attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: `data-embed-src` is kept only when it is an address made by `parse_address`
    (a body read back from a tampered cache cannot smuggle another frame in); other attributes pass."""
    if name != "data-embed-src":
        return value
    return value if tag == "figure" and any(p.fullmatch(value) for p in SOURCES.values()) else None


_FACADE = re.compile(r'<figure class="embed embed-[a-z-]+" data-embed-src="[^"]*">\s*'
                     r'<figcaption class="embed-title">([^<]*)</figcaption>.*?'
                     r'<p class="embed-source"><a href="([^"]*)">[^<]*</a></p>\s*</figure>', re.S)


def for_feed(body_html: str) -> str:
    """The body for an Atom feed: each facade as a plain link with its title (feed readers run no script,
    and a play button that does nothing would be a broken widget)."""
    if "data-embed-src=" not in body_html:
        return body_html
    return _FACADE.sub(lambda m: f'<p><a href="{m.group(2)}">{m.group(1)}</a></p>', body_html)


# --- the Markdown side ------------------------------------------------------------------------------

_BARE = re.compile(r" {0,3}<?(https?://[^\s<>]+?)>?[ \t]*", re.IGNORECASE)
_LINKED = re.compile(r" {0,3}\[((?:[^\[\]\\]|\\.)+)\]\(\s*<?([^\s()<>]+?)>?(?:\s+\"[^\"]*\")?\s*\)[ \t]*")
_FENCE = re.compile(r" {0,3}(```|~~~)")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
Note = Callable[[str, str, str], None]  # (text to find the line by, message, hint)


def embed_lines(md: Any, lines: list[str], providers: frozenset[str], language: str, note: Note) -> list[str]:
    """The body's lines with each embeddable address line replaced by the stashed facade, a block of its own.

    Works on source lines (a Markdown preprocessor): 'alone on its line' is a fact about the source, and
    an id with underscores must not be read as emphasis first. Lines in a ``` block are left alone.
    """
    out: list[str] = []
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        bare = None if fenced or "://" not in line else _BARE.fullmatch(line)
        linked = None if fenced or bare or "](" not in line else _LINKED.fullmatch(line)
        address = bare.group(1) if bare else linked.group(2) if linked else None
        found = parse_address(address, language) if address else None
        if isinstance(found, Embed) and found.provider in providers:
            title = " ".join(_ESCAPED.sub(r"\1", linked.group(1)).split()) if linked else None
            out += ["", md.htmlStash.store(facade(found, title, language)), ""]
            continue
        if isinstance(found, ShortLink) and "google_maps" in providers:
            note(address, f"map not embedded: {found.address} is a short link, which cannot be turned into a "
                 "map without asking Google", "in Google Maps choose Share > Embed a map and put the address "
                 "inside src=\"…\" alone on its line (https://www.google.com/maps/embed?pb=…), or the long address "
                 "from the browser's address bar (https://www.google.com/maps/place/…)")
        if bare and found is not None and not bare.group(0).lstrip().startswith("<"):
            line = f"<{address}>"  # a provider's address that is not embedded stays a working link
        out.append(line)
    return out


def iframe_hint(body: str, providers: Iterable[str], language: str = "vi") -> str | None:
    """For HTML pasted from a provider's share button: the exact line to write instead (from the first
    <iframe>'s address), or None if that iframe is not from an allowed provider."""
    match = re.search(r"<iframe\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", body, re.IGNORECASE)
    found = parse_address(html.unescape(match.group(1)), language) if match else None
    if not isinstance(found, Embed) or found.provider not in set(providers):
        return None
    return f"write this line instead of the <iframe>, alone on its line: {found.page}"


def parse_providers(value: Any) -> tuple[str, ...]:
    """config.yaml's `embeds:` -> the allowed providers; ValueError names the valid ones."""
    valid = ", ".join(PROVIDERS)
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ValueError(f"a list of providers from: {valid} (or [] for none)")
    for name in value:
        if name not in PROVIDERS:
            guess = closest(name, PROVIDERS)
            raise ValueError(f"providers from: {valid}; '{name}' is not one"
                             + (f" (did you mean '{guess}'?)" if guess else ""))
    return tuple(dict.fromkeys(value))
