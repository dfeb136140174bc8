"""Dates as mail clients write them in header blocks and attributions, in many languages.

"Sent: Friday, April 26, 2019 4:11 PM", "Gesendet: Montag, 5. Februar 2024 10:00",
"Skickat: den 26 augusti 2021 20:42", "发送时间: 2019年4月20日 3:16". RFC 5322 dates go to the
stdlib, the common English and numeric layouts to `strptime` (fast), and the rest to
dateparser, which knows the month and day names of every language but costs some
milliseconds a call. The stdlib is not trusted with a 12-hour clock: it reads "4:11 PM" as
04:11. Written dates carry no zone, so they are taken as UTC; threading must allow for that.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_DOTTED_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_CLOCK_12H = re.compile(r"\b[AaPp]\.?[Mm]\b\.?")
_AT = re.compile(r",? at ")
# Outlook (en), Lotus Notes and Foxmail write these; strptime reads them in microseconds.
_LAYOUTS = (
    "%A, %B %d, %Y %I:%M %p",
    "%A, %B %d, %Y %I:%M:%S %p",
    "%A, %d %B %Y %H:%M",
    "%B %d, %Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
)
_LANGUAGES = ["en", "de", "sv", "fr", "es", "it", "nl", "da", "nb", "zh"]


def written_date(text: str) -> datetime | None:
    """The date `text` names, or None when it names none."""
    text = text.strip().lstrip("*").strip()
    if not text:
        return None
    parsed = None if _CLOCK_12H.search(text) else _rfc_date(text)
    if parsed is None:
        parsed = _layout_date(_AT.sub(" ", text)) or _dateparser_date(text)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _rfc_date(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _layout_date(text: str) -> datetime | None:
    for layout in _LAYOUTS:
        try:
            return datetime.strptime(text, layout)
        except ValueError:
            continue
    return None


@functools.lru_cache(maxsize=4096)
def _dateparser_date(text: str) -> datetime | None:
    from dateparser import parse

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["year", "month", "day"]}
    if _DOTTED_DATE.search(text):  # "05.02.2024" is day first wherever it is written
        settings["DATE_ORDER"] = "DMY"
    try:
        return parse(text, languages=_LANGUAGES, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd text; unknown, not fatal
        return None
