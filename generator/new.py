"""`tintuc new`: start an article file with its front matter filled in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml

from .config import Config
from .dates import parse_date
from .errors import UsageError
from .text import nfc, slugify


def new_article(config: Config, title: str, tags: list[str], date: str | None,
                now: datetime | None = None) -> Path:
    """Write content/{year}/{slug}.md and return its path; never overwrites."""
    title = nfc(title.strip())
    slug = slugify(title)
    if not title or not slug:
        raise UsageError("the title must contain letters or digits")
    if date is None:
        moment = (now or datetime.now(config.timezone)).astimezone(config.timezone).replace(second=0, microsecond=0)
        date_text = moment.strftime("%Y-%m-%d %H:%M")
    else:
        try:
            published = parse_date(date, config.timezone)
        except ValueError as exc:
            raise UsageError(f"--date: {exc}; write it as 2021-08-01 15:44 or 01/08/2021") from None
        if published is None:
            raise UsageError("--date: a new article needs a real date")
        moment = published.moment
        date_text = moment.strftime("%Y-%m-%d %H:%M") if published.has_time else moment.strftime("%Y-%m-%d")
    path = config.paths.content / f"{moment.year:04d}" / f"{slug}.md"
    if path.exists():
        raise FileExistsError(f"{path} already exists; choose another title or edit that file")
    fields: dict[str, object] = {"title": title, "date": date_text}
    if tags:
        fields["tags"] = [nfc(t.strip()) for t in tags if t.strip()]
    if config.author:
        fields["author"] = config.author
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite, even in a race
        handle.write(f"---\n{front}---\n\nViết đoạn mở đầu ở đây: đoạn này là tóm tắt trong danh sách tin.\n")
    return path
