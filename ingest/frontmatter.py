"""YAML front matter of Markdown notes, and turning its loose values into typed metadata.

Note apps disagree about front matter: `tags` is a list in Obsidian, a comma- or
space-separated string elsewhere, sometimes `#`-prefixed; `date` is a YAML date, an ISO
string or a German `24.12.2023`. Everything here is forgiving: a value that cannot be read
is dropped with a note instead of failing the whole note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import yaml

_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


@dataclass(frozen=True)
class FrontMatter:
    title: str | None
    tags: tuple[str, ...]
    date: datetime | None
    notes: tuple[str, ...]


EMPTY = FrontMatter(title=None, tags=(), date=None, notes=())


def split_front_matter(text: str) -> tuple[FrontMatter, str]:
    """Return the parsed front matter and the text that follows it."""
    match = _FENCE.match(text)
    if match is None:
        return EMPTY, text
    body = text[match.end() :]
    try:
        data = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        return FrontMatter(None, (), None, ("front matter is not valid YAML",)), body
    if not isinstance(data, dict):
        return EMPTY, text
    return _from_mapping(data), body


def _from_mapping(data: dict[Any, Any]) -> FrontMatter:
    notes: list[str] = []
    title = data.get("title")
    raw_date = next((data[k] for k in ("date", "created") if data.get(k) is not None), None)
    when = to_datetime(raw_date) if raw_date is not None else None
    if raw_date is not None and when is None:
        notes.append(f"front matter date not understood: {raw_date!r}")
    return FrontMatter(
        title=(str(title).strip() or None) if title is not None else None,
        tags=to_tags(data.get("tags", data.get("tag", data.get("keywords")))),
        date=when,
        notes=tuple(notes),
    )


def to_tags(value: object) -> tuple[str, ...]:
    """Tags from a list, or from a string separated by commas or whitespace; deduplicated."""
    if value is None:
        return ()
    items = value if isinstance(value, list | tuple) else re.split(r"[,\s]+", str(value))
    tags: list[str] = []
    for item in items:
        tag = str(item).strip().lstrip("#").strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def to_datetime(value: object) -> datetime | None:
    """A timezone-aware datetime from YAML's date/datetime or common strings; naive -> UTC."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=UTC)
    text = str(value).strip()
    german = _GERMAN_DATE.fullmatch(text)
    if german:
        day, month, year = (int(g) for g in german.groups())
        return _safe_datetime(year, month, day)
    try:
        return to_datetime(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        return None


def _safe_datetime(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None
