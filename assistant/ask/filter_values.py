"""What a person types as a filter value, read the same way on the command line and in the app.

Dates are days, months or years as ISO writes them ("2024-03-15", "2024-03", "2024"), a full
ISO time, or a span back from now ("30d", "6w", "3m", "1y"). `--since 2024-03` starts with the
first moment of March and `--until 2024-03` ends with its last, so both read as "in March or
later/earlier" would be said. A date without a zone is local time, like the index's own dates.
A wrong value raises `FilterError`, whose message says what is accepted.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, time, timedelta
from pathlib import Path

from assistant.errors import AssistantError
from store.records import KINDS

DATE_FORMS = "YYYY-MM-DD, YYYY-MM, YYYY, an ISO time, or a span back from now like 30d, 6w, 3m, 1y"
_SPAN = re.compile(r"(\d{1,5})\s*([dwmy])", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"\d{4}")


class FilterError(AssistantError):
    """A filter value that cannot be read; the message names what is accepted."""

    exit_code = 2


def parse_kind(text: str) -> str:
    kind = text.strip().casefold()
    if kind not in KINDS:
        raise FilterError(f"unknown kind '{text}': use one of {', '.join(KINDS)}")
    return kind


def parse_since(text: str, now: datetime) -> datetime:
    """The first moment `text` names (a span counts back from `now`)."""
    return _bound(text, now, end=False)


def parse_until(text: str, now: datetime) -> datetime:
    """The last moment `text` names: the end of the day, month or year."""
    return _bound(text, now, end=True)


def check_window(since: datetime | None, until: datetime | None) -> None:
    """A `since` after the `until` leaves nothing to find: say so instead of searching."""
    if since is not None and until is not None and since > until:
        raise FilterError(
            f"the start {since:%Y-%m-%d} is after the end {until:%Y-%m-%d}: nothing can match"
        )


def _bound(text: str, now: datetime, *, end: bool) -> datetime:
    value = text.strip()
    span = _SPAN.fullmatch(value)
    if span:
        return _back(now, int(span.group(1)), span.group(2).casefold())
    try:
        first, last = _period(value)
    except ValueError:
        raise FilterError(f"cannot read the date '{text}': use {DATE_FORMS}") from None
    moment = last if end else first
    return moment if moment.tzinfo is not None else moment.astimezone()


def _period(value: str) -> tuple[datetime, datetime]:
    """The first and last moment of a year, a month, a day or (both the same) a time."""
    if _YEAR.fullmatch(value):
        year = int(value)
        return datetime(year, 1, 1), datetime.combine(datetime(year, 12, 31), time.max)
    month = _MONTH.fullmatch(value)
    if month:
        year, number = int(month.group(1)), int(month.group(2))
        days = calendar.monthrange(year, number)[1]  # ValueError for month 13
        return datetime(year, number, 1), datetime.combine(datetime(year, number, days), time.max)
    moment = datetime.fromisoformat(value)
    if len(value) == 10:  # a day: the whole day
        return moment, datetime.combine(moment.date(), time.max)
    return moment, moment


def _back(now: datetime, count: int, unit: str) -> datetime:
    days = {"d": 1, "w": 7, "m": 30, "y": 365}[unit] * count
    try:
        return now - timedelta(days=days)
    except OverflowError:
        raise FilterError(f"the span '{count}{unit}' reaches before the year 1") from None


def folder_prefix(text: str, roots: list[Path]) -> str:
    """The index-key prefix of a registered folder, or a folder or file below one."""
    path = Path(text).expanduser().resolve()
    if not any(path.is_relative_to(root) for root in roots):
        known = ", ".join(str(r) for r in roots) or "none yet (add one with `assistant add PATH`)"
        raise FilterError(f"{path} is not in a registered folder; registered: {known}")
    if path.is_file() or any(path == root and root.is_file() for root in roots):
        return str(path)
    return str(path).rstrip("/") + "/"
