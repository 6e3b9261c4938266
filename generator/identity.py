"""The agency behind the site: `identity:` in config.yaml, shown in the header, the footer and JSON-LD.

Vietnamese agency portals carry these details in their footer (Decree 72/2013/NĐ-CP asks a licensed
news site to show its licence, governing agency and the person responsible).
"""

from __future__ import annotations

import dataclasses
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from .errors import Problem
from .markdown_render import safe_url

LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
SHARE_TYPES = (".png", ".jpg", ".jpeg")  # what every link preview reads (no SVG)
SHARE_MIN = 200
LOGO_HEIGHT = 40  # CSS pixels in the header; the width follows the image's proportions
LOGO_HINT = ("put the image into the project's static/ folder (copied into the site as it is) and give its "
             "path there, e.g. 'logo: logo.svg' for static/logo.svg")


@dataclass(frozen=True, slots=True)
class SocialLink:
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class Identity:
    name: str | None = None  # the agency's name ("Sở Y tế tỉnh …"); the site title when absent
    governing_agency: str | None = None  # "Cơ quan chủ quản"
    licence: str | None = None  # "Giấy phép số …"
    responsible: str | None = None  # "Người chịu trách nhiệm"
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    logo: str | None = None  # a file of the project's static/ folder, as a site path without '/' ("logo.png")
    social: tuple[SocialLink, ...] = ()
    # The picture Facebook and Zalo show for a page that has no photo of its own (og:image): a PNG or
    # JPEG of static/, ideally 1200×630.
    share_image: str | None = None
    # The logo's display size in the header (width, height), read from the file by `with_logo_size`.
    logo_size: tuple[int, int] | None = None

    @property
    def phone_href(self) -> str | None:
        """The phone as a tel: address: digits only (a leading '+' kept), as dialers expect."""
        if not self.phone:
            return None
        return "tel:" + ("+" if self.phone.startswith("+") else "") + re.sub(r"\D", "", self.phone)

    @property
    def logo_href(self) -> str | None:
        """The logo's site path as it goes into an address: 'biểu trưng.png' percent-encoded."""
        return quote(self.logo) if self.logo else None

    @property
    def share_image_href(self) -> str | None:
        return quote(self.share_image) if self.share_image else None

    @property
    def has_details(self) -> bool:
        """Whether the footer has anything of the agency to show."""
        return any((self.name, self.governing_agency, self.licence, self.responsible, self.address,
                    self.phone, self.email, self.social))


_TEXT_KEYS = ("name", "governing_agency", "licence", "responsible", "address", "phone", "email", "logo",
              "share_image")
_KEYS = (*_TEXT_KEYS, "social")
# A plain address: what a mailto: link needs, nothing a browser could read as more (no spaces, '?', ',').
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?[0-9 ().-]+")


def parse_identity(value: Any) -> Identity:
    """`identity:` validated; ValueError names the expected form (as config.py's validators do)."""
    if not isinstance(value, dict):
        raise ValueError("a mapping with any of: " + ", ".join(_KEYS))
    unknown = [str(k) for k in value if k not in _KEYS]
    if unknown:
        raise ValueError(f"a mapping with any of: {', '.join(_KEYS)} (unknown key {unknown[0]!r})")
    texts = {key: _text(key, value.get(key)) for key in _TEXT_KEYS}
    if texts["email"] is not None and not _EMAIL.fullmatch(texts["email"]):
        raise ValueError(f"'email' as a plain address such as vanphong@soyte.example.gov.vn, not {texts['email']!r}")
    if texts["phone"] is not None and not _valid_phone(texts["phone"]):
        raise ValueError(f"'phone' as one number of digits, spaces, '.', '-', '(', ')' and a leading '+', "
                         f"such as 0205 3870 000, not {texts['phone']!r}")
    if texts["logo"] is not None:
        texts["logo"] = _logo_path(texts["logo"])
    if texts["share_image"] is not None:
        texts["share_image"] = _logo_path(texts["share_image"], "share_image", SHARE_TYPES)
    return Identity(**texts, social=_social(value.get("social")))


def _text(key: str, item: Any) -> str | None:
    # Only strings: YAML reads `phone: 0243 …` digits as an octal number and `name: Yes` as true, and
    # str() of those is not what the editor wrote. Quotes keep the text as written.
    if item is None:
        return None
    if not isinstance(item, str):
        raise ValueError(f"'{key}' as text in quotes (unquoted, YAML read it as {item!r}, not as written)")
    return item.strip() or None


def _valid_phone(phone: str) -> bool:
    return _PHONE.fullmatch(phone) is not None and sum(c.isdigit() for c in phone) >= 3


def _logo_path(path: str, key: str = "logo", types: tuple[str, ...] = LOGO_TYPES) -> str:
    """The logo as a site path ('images/logo.svg'); it must name a file of static/, not an address."""
    rel = path.lstrip("/")
    parts = rel.split("/")
    if "://" in path or path.startswith("//") or any(c in path for c in "\\?#:") or "" in parts \
            or any(part in (".", "..") for part in parts):
        raise ValueError(f"'{key}' as the path of an image in the project's static/ folder, such as "
                         f"{'logo.svg' if key == 'logo' else 'chia-se.png'}, not {path!r}")
    if not rel.lower().endswith(types):
        raise ValueError(f"'{key}' as an image of type {', '.join(types)}, not {path!r}")
    return rel


def _social(value: Any) -> tuple[SocialLink, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(s, dict) and set(s) == {"name", "url"} for s in value):
        raise ValueError("'social' as a list of entries each with exactly 'name' and 'url'")
    links = []
    for entry in value:
        name, url = _text("social: name", entry["name"]), _text("social: url", entry["url"])
        parts = urlsplit(url or "")
        # The footer links it as given: only a real web address, never javascript: or a relative path.
        if not name or not url or safe_url(url) is None or parts.scheme.lower() not in ("http", "https") \
                or not parts.netloc:
            raise ValueError(f"'social' entries with a name and an http(s) address such as "
                             f"https://www.facebook.com/…, not {url!r}")
        links.append(SocialLink(name, url))
    return tuple(links)


# --- the logo file: checked where the project's folder is known ------------------------------------

def with_logo_size(identity: Identity, root: Path) -> Identity:
    """The identity with its logo's display size; ValueError says what is wrong with the file."""
    if not identity.logo:
        return identity
    static = (root / "static").resolve()
    path = (static / identity.logo).resolve()
    if not path.is_relative_to(static) or not path.is_file():  # a symlink leading out of static/ too
        raise ValueError(f"no file static/{identity.logo} in the project")
    try:
        with path.open("rb") as file:
            head = file.read(64 * 1024)  # sizes are in the first bytes (a JPEG's after its metadata)
    except OSError as exc:
        raise ValueError(f"static/{identity.logo} cannot be read: {exc.strerror or exc}") from None
    size = image_size(head, path.suffix.lower())
    if size is None:
        raise ValueError(f"static/{identity.logo} is not a readable {path.suffix.lower()[1:].upper()} image "
                         f"(an SVG needs width and height, or a viewBox)")
    width, height = size
    return dataclasses.replace(identity, logo_size=(max(1, round(LOGO_HEIGHT * width / height)), LOGO_HEIGHT))


def logo_problem(identity: Identity, root: Path, config_file: Path, line: int | None) -> Problem | None:
    """The configuration problem of a missing or unreadable logo, at `identity.logo`'s line."""
    try:
        with_logo_size(identity, root)
    except ValueError as exc:
        return Problem(config_file, line, f"'identity.logo': {exc}", LOGO_HINT)
    return None


def share_image_problem(identity: Identity, root: Path, config_file: Path, line: int | None) -> Problem | None:
    """A missing, unreadable or too small `identity.share_image` (Facebook refuses pictures under 200×200)."""
    if not identity.share_image:
        return None
    static = (root / "static").resolve()
    path = (static / identity.share_image).resolve()
    where = f"static/{identity.share_image}"
    if not path.is_relative_to(static) or not path.is_file():
        return Problem(config_file, line, f"'identity.share_image': no file {where} in the project", LOGO_HINT)
    try:
        with path.open("rb") as file:
            size = image_size(file.read(64 * 1024), path.suffix.lower())
    except OSError as exc:
        return Problem(config_file, line, f"'identity.share_image': {where} cannot be read: {exc.strerror or exc}",
                       LOGO_HINT)
    if size is None:
        return Problem(config_file, line, f"'identity.share_image': {where} is not a readable image", LOGO_HINT)
    if size[0] < SHARE_MIN or size[1] < SHARE_MIN:
        return Problem(config_file, line, f"'identity.share_image': {where} is {size[0]:.0f}×{size[1]:.0f} pixels; "
                       f"Facebook and Zalo show no picture under {SHARE_MIN}×{SHARE_MIN}",
                       "use a picture of 1200×630 pixels (what a shared link shows in full)")
    return None


def image_size(head: bytes, suffix: str) -> tuple[float, float] | None:
    """Width and height of an image from its first bytes, or None when they cannot be read."""
    readers = {".png": _png_size, ".jpg": _jpeg_size, ".jpeg": _jpeg_size, ".webp": _webp_size, ".svg": _svg_size}
    try:
        size = readers[suffix](head)
    except (struct.error, ValueError, IndexError, KeyError):
        return None
    return size if size and size[0] > 0 and size[1] > 0 else None


def _png_size(head: bytes) -> tuple[float, float] | None:
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def _jpeg_size(head: bytes) -> tuple[float, float] | None:
    if head[:2] != b"\xff\xd8":
        return None
    at = 2
    while at + 9 < len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        length = struct.unpack(">H", head[at + 2:at + 4])[0]
        # Start-of-frame markers (C0–CF but C4, C8, CC) carry height then width.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", head[at + 5:at + 9])
            return width, height
        at += 2 + length
    return None


def _webp_size(head: bytes) -> tuple[float, float] | None:
    if head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return None
    chunk = head[12:16]
    if chunk == b"VP8X":  # extended: 24-bit width-1 and height-1
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    if chunk == b"VP8L":  # lossless: 14-bit width-1 and height-1 after a signature byte
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 ":  # lossy: 14-bit sizes after the frame tag and start code
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


_SVG_TAG = re.compile(rb"<svg\b([^>]*)>", re.IGNORECASE)
_SVG_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*")


def _svg_size(head: bytes) -> tuple[float, float] | None:
    # The root tag's attributes only, read as text: no XML parser over a file from the project (entities).
    tag = _SVG_TAG.search(head)
    if tag is None:
        return None
    attributes = dict(re.findall(r'([\w:-]+)\s*=\s*["\']([^"\']*)["\']', tag.group(1).decode("utf-8", "replace")))
    width, height = (_SVG_LENGTH.fullmatch(attributes.get(key, "")) for key in ("width", "height"))
    if width and height:
        return float(width.group(1)), float(height.group(1))
    box = attributes.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        return float(box[2]), float(box[3])
    return None


def publisher_jsonld(identity: Identity, publisher: str, base_url: str) -> dict[str, Any]:
    """The JSON-LD `publisher` of every article: the agency, as schema.org's GovernmentOrganization."""
    data: dict[str, Any] = {"@type": "GovernmentOrganization", "name": identity.name or publisher, "url": base_url}
    if identity.logo:
        data["logo"] = {"@type": "ImageObject", "url": base_url + (identity.logo_href or "")}
    for key, field_name in (("address", "address"), ("telephone", "phone"), ("email", "email")):
        if getattr(identity, field_name):
            data[key] = getattr(identity, field_name)
    if identity.governing_agency:
        data["parentOrganization"] = {"@type": "GovernmentOrganization", "name": identity.governing_agency}
    if identity.social:
        data["sameAs"] = [s.url for s in identity.social]
    return data
