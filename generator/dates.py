"""Dates as Vietnamese news writes them: parsing front-matter values, formatting for readers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

UNKNOWN_WORDS = {"unknown", "không rõ", "khong ro"}
# News archives, with room on both sides. Outside it, a date is a typo (0021, 20211) and year 1 or
# 9999 would overflow datetime when moved into another time zone (feeds, archives, the cache).
FIRST_YEAR, LAST_YEAR = 1900, 2200

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$"
)
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s*[ ,|]\s*(\d{1,2})[:h](\d{2}))?$")


@dataclass(frozen=True, slots=True)
class Published:
    """A moment of publication; `has_time` is False when only the day is known."""

    moment: datetime  # timezone-aware
    has_time: bool


def parse_date(value: object, tz: tzinfo) -> Published | None:
    """Parse a front-matter date. Returns None for 'unknown'; raises ValueError if unreadable."""
    published = _parse(value, tz)
    if published is None:
        return None
    if not FIRST_YEAR <= published.moment.year <= LAST_YEAR:
        raise ValueError(f"not a real date: the year {published.moment.year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    # In the site's zone, as the build cache restores it: a date written with another offset
    # ('…T23:59-12:00') must give the same feeds and pages from the cache as from a clean build.
    return Published(published.moment.astimezone(tz), published.has_time)


def _parse(value: object, tz: tzinfo) -> Published | None:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=tz)
        return Published(moment, True)
    if isinstance(value, date):
        return Published(datetime.combine(value, time(0, 0), tzinfo=tz), False)
    if not isinstance(value, str):
        raise ValueError(f"expected a date, got {value!r}")
    text = value.strip()
    if text.lower() in UNKNOWN_WORDS:
        return None
    if m := _ISO.match(text):
        year, month, day, hour, minute, second, zone = m.groups()
        return _make(int(year), int(month), int(day), hour, minute, second, zone, tz)
    if m := _DAY_FIRST.match(text):
        day, month, year, hour, minute = m.groups()
        return _make(int(year), int(month), int(day), hour, minute, None, None, tz)
    raise ValueError(f"cannot read {text!r} as a date")


def _make(year: int, month: int, day: int, hour: str | None, minute: str | None, second: str | None,
          zone: str | None, tz: tzinfo) -> Published:
    try:
        moment = datetime(year, month, day, int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tz)
        if zone:
            offset = "+00:00" if zone == "Z" else zone
            moment = datetime.fromisoformat(moment.replace(tzinfo=None).isoformat() + offset)
    except ValueError as exc:
        raise ValueError(f"not a real date or time: {exc}") from None
    return Published(moment, hour is not None)


def format_long(published: Published, weekdays: list[str], tz: tzinfo) -> str:
    """'Thứ Ba, 31/03/2020 16:58' (or without the time when only the day is known)."""
    local = published.moment.astimezone(tz)
    text = f"{weekdays[local.weekday()]}, {local:%d/%m/%Y}"
    return f"{text} {local:%H:%M}" if published.has_time else text


def format_short(published: Published, tz: tzinfo) -> str:
    return f"{published.moment.astimezone(tz):%d/%m/%Y}"


def format_iso(published: Published, tz: tzinfo) -> str:
    local = published.moment.astimezone(tz)
    return local.isoformat() if published.has_time else local.date().isoformat()
