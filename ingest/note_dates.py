"""A note's date, and where it came from, so a person can tell a stated date from an mtime.

Most notes have no front matter. Their date is, in order of trust: the front matter's
`date`, a date stated in the title or file name ("Zahnarzt 2025-01-14.md"), one stated in the
first heading, and last the file's modification time. The first three are what the writer
said; an mtime only says when the file was last saved (a copy, a sync or a clone resets it),
so it is recorded as `MODIFIED` and shown as "modified 2025-01-14", never as a plain date.

Dates are read in the forms people write them: ISO 2025-01-14, German 14.01.2025 and
"14. Januar 2025", English "January 14, 2025" / "14 January 2025", Chinese 2025年1月14日.
A pattern is a regex, not dateparser: this runs for every note of every sync, and a regex
never turns "Mai" in a sentence into a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

FRONT_MATTER = "front matter"
TITLE = "title"
HEADING = "heading"
MODIFIED = "modified"
SOURCES = (FRONT_MATTER, TITLE, HEADING, MODIFIED)

_MONTHS = {
    **dict.fromkeys(("januar", "jänner", "january", "jan"), 1),
    **dict.fromkeys(("februar", "feber", "february", "feb"), 2),
    **dict.fromkeys(("märz", "maerz", "march", "mar", "mär"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("dezember", "december", "dez", "dec"), 12),
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?P<y>(?:19|20)\d\d)"
# Each pattern names its groups so one function reads them all; (?<!\d) / (?!\d) keep a
# date from being cut out of a longer number (an invoice 202501140).
_PATTERNS = (
    re.compile(rf"(?<!\d){_YEAR}-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)"),
    re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.{_YEAR}(?!\d)"),
    re.compile(
        rf"(?<![\w])(?P<d>\d{{1,2}})\.?\s+(?P<mn>{_MONTH})\.?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?<![\w])(?P<mn>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
        r"(?P<y>(?:19|20)\d\d)(?!\d)",
        re.IGNORECASE,
    ),
    re.compile(rf"{_YEAR}\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]"),
)


def stated_dates(text: str) -> Iterator[datetime]:
    """Every calendar date written in `text`, in the order found (midnight UTC)."""
    found: list[tuple[int, datetime]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            when = _from_match(match)
            if when is not None:
                found.append((match.start(), when))
    for _, when in sorted(found, key=lambda item: item[0]):
        yield when


def first_stated_date(text: str) -> datetime | None:
    """The first date written in `text`, None when there is none."""
    return next(stated_dates(text), None)


def _from_match(match: re.Match[str]) -> datetime | None:
    groups = match.groupdict()
    month_name = groups.get("mn")
    month = _MONTHS.get(month_name.casefold()) if month_name else int(groups["m"])
    if month is None:
        return None
    try:
        return datetime(int(groups["y"]), month, int(groups["d"]), tzinfo=UTC)
    except ValueError:  # 31.02.2025
        return None


def note_date(
    front: datetime | None,
    titles: tuple[str, ...],
    heading: str | None,
    mtime: float | None,
) -> tuple[datetime | None, str | None]:
    """(date, source) by the order of trust in the module doc; (None, None) when nothing
    gives one (a note read from bytes without a file). `titles` are the title and the
    file name, either of which may state the date."""
    if front is not None:
        return front, FRONT_MATTER
    for title in titles:
        if (when := first_stated_date(title)) is not None:
            return when, TITLE
    if heading and (when := first_stated_date(heading)) is not None:
        return when, HEADING
    if mtime is not None and mtime > 0:
        return datetime.fromtimestamp(int(mtime), tz=UTC), MODIFIED
    return None, None
