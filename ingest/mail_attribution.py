"""Attribution lines: "On <date>, <name> wrote:" above a `>` quote, in many languages.

The line belongs to the quote, not to the mail's own words, and it is the only place a
`>`-quoting reply names the message it answers (sender and date), which threading needs
when the headers lack In-Reply-To. Clients wrap it over two lines when the name is long
("On Tue, Feb 6, 2024 at 10:15 AM Bob Example\n<bob@example.org> wrote:").
"""

from __future__ import annotations

import re

from ingest.documents import Origin
from ingest.mail_header_block import parse_written_date, written_author

_END = r"\s*[:：]\s*$"
# (pattern, how the named groups are read): "date"/"who" directly, or "rest" = date then name.
_PATTERNS = [
    re.compile(
        rf"^\s*(?:on|le|el|il|em|w dniu|dne)\s+(?P<rest>.+?)\s+"
        rf"(?:wrote|a écrit|escribió|ha scritto|escreveu|napisał|napsal){_END}",
        re.IGNORECASE,
    ),
    re.compile(rf"^\s*op\s+(?P<date>.+?)\s+schreef\s+(?P<who>.+?){_END}", re.IGNORECASE),
    re.compile(rf"^\s*am\s+(?P<date>.+?)\s+schrieb\s+(?P<who>.+?){_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?P<who>.+?)\s+schrieb\s+am\s+(?P<date>.+?){_END}", re.IGNORECASE),
    re.compile(rf"^\s*den\s+(?P<date>.+?)\s+skrev\s+(?P<who>.+?){_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?P<date>\d.+?)\s+skrev\s+(?P<who>.+?){_END}", re.IGNORECASE),
    re.compile(rf"^\s*在\s*(?P<rest>.+?)\s*[,，]?\s*写道{_END}"),
    re.compile(rf"^\s*(?P<who>.+?)\s*于\s*(?P<date>.+?)\s*写道{_END}"),
    re.compile(rf"^\s*(?P<rest>.+?)\s*写道{_END}"),
    re.compile(rf"^\s*(?P<who>.+?)\s+(?:wrote|schrieb|skrev|a écrit|escribió){_END}", re.I),
]
_OPENER = re.compile(r"^\s*(?:on|am|le|el|il|em|op|den|w dniu|dne|在)\s", re.IGNORECASE)
_TIME = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:[+-]\d{4}|UTC|GMT|[A-Z]{3,4}))?"
)
_JOINERS = re.compile(r"\s(?:at|um|à|a las|alle|om|kl\.?|klockan)\s", re.IGNORECASE)
_MAX_LINE = 200


def attribution_start(lines: list[str], end: int, floor: int) -> int | None:
    """Where the attribution that ends just above `lines[end]` (a quote) starts, or None.

    One blank line may separate it from the quote; it is one line, or two when wrapped.
    """
    last = end - 1
    if last >= floor and not lines[last].strip():
        last -= 1
    if last < floor or not lines[last].rstrip().endswith((":", "：")):
        return None
    wrapped = f"{lines[last - 1].strip()} {lines[last].strip()}" if last > floor else ""
    if wrapped and _OPENER.match(lines[last - 1]) and _is_attribution(wrapped):
        return last - 1
    return last if _is_attribution(lines[last]) else None


def attribution_origin(lines: list[str], start: int, end: int) -> Origin | None:
    """The sender and date an attribution spanning `lines[start:end]` names."""
    text = " ".join(line.strip() for line in lines[start:end] if line.strip())
    for pattern in _PATTERNS:
        found = pattern.match(text)
        if found:
            return _origin(found.groupdict())
    return None


def _is_attribution(text: str) -> bool:
    return len(text) <= _MAX_LINE and any(p.match(text) for p in _PATTERNS)


def _origin(groups: dict[str, str | None]) -> Origin | None:
    date_text, who = groups.get("date") or "", groups.get("who") or ""
    rest = groups.get("rest")
    if rest:
        date_text, named = _split_date_and_name(rest)
        who = who or named
    who = written_author(who.strip(" ,，"))
    if not who:
        return None
    return Origin(sender=who, date=parse_written_date(_JOINERS.sub(" ", f" {date_text} ")))


def _split_date_and_name(rest: str) -> tuple[str, str]:
    """ "Tue, Feb 6, 2024 at 10:15 AM Bob <b@x>" -> the date part and the name part."""
    times = list(_TIME.finditer(rest))
    if times:
        cut = times[-1].end()
        return rest[:cut], rest[cut:]
    for comma in ("，", ","):
        if comma in rest:
            date_text, _, name = rest.rpartition(comma)
            return date_text, name
    return "", rest
