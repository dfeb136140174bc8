"""Which date a hit stands for when a question asks "when did I last ..." or "in 2023".

A mail's date is its own header's and a note's may be stated (front matter, title, heading),
but a note whose text gave no date is dated by its file's mtime (ingest.note_dates: source
"modified"). An mtime only bounds the events a note records from above: a copy, a sync or a
fresh clone resets it, so all such notes look "newest". Two rules follow:

- When the chunk itself states dates ("zuletzt am 14. Januar 2025"), the latest of them that
  is not after the mtime is the hit's date: the writer's word beats the file system's.
- A bare mtime claims nothing in "last time" orderings: such a note sorts like an undated
  source (after every stated date, in relevance order among the others), exactly as it did
  before notes had mtime dates. Letting it compete would make the most recently copied
  note the answer to every "when did I last" question (measured: ranking bare mtimes above
  undated sources lost a held-out timeline question its first place).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from ingest.note_dates import MODIFIED, stated_dates
from store import Hit

# Time zones and slightly fast clocks are not "future"; a note's stated date may also be
# "today" while its file was saved a few hours earlier in UTC.
CLOCK_SLACK_SECONDS = 86_400


def effective_date(hit: Hit) -> datetime | None:
    """The hit's date for date questions: a date stated in an mtime-dated chunk wins."""
    if hit.date is None or hit.date_source != MODIFIED:
        return hit.date
    stated = _stated_before(hit, hit.date)
    return max(stated) if stated else hit.date


def is_stated(hit: Hit) -> bool:
    """Whether the hit's date is one somebody wrote down (not a bare mtime)."""
    if hit.date is None:
        return False
    return hit.date_source != MODIFIED or bool(_stated_before(hit, hit.date))


def recency_key(hit: Hit) -> tuple[int, float]:
    """Sort key for "newest first" (reverse=True): stated dates, then the undated and bare
    mtimes alike (a stable sort keeps their relevance order). A date after tomorrow (a wrong
    clock, a 9999 spam date) says nothing about recency, so it sorts like an undated hit
    instead of winning every time."""
    when = effective_date(hit)
    if when is None or when.timestamp() > time.time() + CLOCK_SLACK_SECONDS:
        return (0, float("-inf"))
    if not is_stated(hit):
        return (0, float("-inf"))
    return (1, when.timestamp())


def _stated_before(hit: Hit, bound: datetime) -> list[datetime]:
    limit = bound + timedelta(seconds=CLOCK_SLACK_SECONDS)
    text = f"{hit.chunk_title}\n{hit.text}"
    return [when for when in stated_dates(text) if when <= limit]
