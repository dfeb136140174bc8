"""How a source's date is written for a person: "2025-01-14", "modified 2025-01-14", "undated".

A note without a stated date is dated by its file's mtime (ingest.note_dates), which says when
the file was last saved, not when anything in it happened. Every place that shows a source's
date (CLI evidence, --json, exports, the app, the answer model's source header) writes it
through here, so an mtime is never shown as if somebody had written it down.
"""

from __future__ import annotations

from datetime import datetime

from ingest.note_dates import MODIFIED
from store import Hit

UNDATED = "undated"


def date_label(date: datetime | None, source: str | None, *, minutes: bool = False) -> str:
    """The day (or day and minute) of `date`, prefixed "modified" when it is a file's mtime."""
    if date is None:
        return UNDATED
    text = date.isoformat(sep=" ", timespec="minutes") if minutes else date.date().isoformat()
    return f"modified {text}" if source == MODIFIED else text


def hit_date(hit: Hit, *, minutes: bool = False) -> str:
    """`date_label` of a search hit."""
    return date_label(hit.date, hit.date_source, minutes=minutes)
