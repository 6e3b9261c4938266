"""The agency behind the site: `identity:` in config.yaml, shown in the header, the footer and JSON-LD.

Vietnamese agency portals carry these details in their footer (Decree 72/2013/NĐ-CP asks a licensed
news site to show its licence, governing agency and the person responsible).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
    logo: str | None = None  # a file of the project's static/ folder, as a site path ("logo.png")
    social: tuple[SocialLink, ...] = ()


_TEXT_KEYS = ("name", "governing_agency", "licence", "responsible", "address", "phone", "email", "logo")


def parse_identity(value: Any) -> Identity:
    """`identity:` validated; ValueError names the expected form (as config.py's validators do)."""
    if not isinstance(value, dict):
        raise ValueError("a mapping with any of: " + ", ".join((*_TEXT_KEYS, "social")))
    unknown = [str(k) for k in value if k not in (*_TEXT_KEYS, "social")]
    if unknown:
        raise ValueError(f"a mapping with any of: {', '.join((*_TEXT_KEYS, 'social'))} (unknown key {unknown[0]!r})")
    texts: dict[str, str | None] = {}
    for key in _TEXT_KEYS:
        item = value.get(key)
        if item is not None and (isinstance(item, bool) or not isinstance(item, (str, int, float))):
            raise ValueError(f"'{key}' as a text string")
        texts[key] = None if item is None else str(item).strip() or None
    social = value.get("social") or []
    if not isinstance(social, list) or not all(isinstance(s, dict) and set(s) == {"name", "url"} for s in social):
        raise ValueError("'social' as a list of entries each with exactly 'name' and 'url'")
    return Identity(**texts, social=tuple(SocialLink(str(s["name"]), str(s["url"])) for s in social))


def publisher_jsonld(identity: Identity, publisher: str, base_url: str) -> dict[str, Any]:
    """The JSON-LD `publisher` of every article: the agency, as schema.org's GovernmentOrganization."""
    data: dict[str, Any] = {"@type": "GovernmentOrganization", "name": identity.name or publisher, "url": base_url}
    if identity.logo:
        data["logo"] = {"@type": "ImageObject", "url": base_url + identity.logo.lstrip("/")}
    for key, field_name in (("address", "address"), ("telephone", "phone"), ("email", "email")):
        if getattr(identity, field_name):
            data[key] = getattr(identity, field_name)
    if identity.governing_agency:
        data["parentOrganization"] = {"@type": "GovernmentOrganization", "name": identity.governing_agency}
    if identity.social:
        data["sameAs"] = [s.url for s in identity.social]
    return data
