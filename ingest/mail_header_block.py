"""Header blocks written into a mail body: the quoted original of a reply, the forwarded one.

Outlook puts "-----Original Message-----" and then "From: / Sent: / To: / Subject:" above the
message it replies to or forwards; Gmail and Apple Mail write "From: / Date: / Subject: / To:"
under their forward line; clients in other languages write "Von: / Gesendet: / An: / Betreff:",
"Från: / Skickat: / Till: / Ämne:" or "发件人: / 发送时间: / 收件人: / 主题:". The quote detector,
the forward reader and threading all need the same block read the same way, so it is read here
once: who wrote the carried message, when (as written, and as a date when it parses), and
its subject. Subjects are also normalised here ("Re: AW: WG: Fwd:" removed) for threading.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# Field labels per language; a label may be wrapped in "*" (Gmail's plain text of bold).
_LABELS = {
    "from": ("from", "von", "från", "fra", "van", "de", "da", "od", "发件人", "寄件者"),
    "date": (
        "sent",
        "date",
        "gesendet",
        "datum",
        "skickat",
        "sendt",
        "verzonden",
        "envoyé",
        "enviado",
        "inviato",
        "发送时间",
        "日期",
        "时间",
    ),
    "to": ("to", "an", "till", "til", "aan", "à", "para", "a", "收件人"),
    "cc": ("cc", "kopie", "kopia", "抄送"),
    "subject": (
        "subject",
        "betreff",
        "ämne",
        "emne",
        "onderwerp",
        "objet",
        "asunto",
        "oggetto",
        "主题",
        "主旨",
    ),
}
_FIELD_OF = {label: field for field, labels in _LABELS.items() for label in labels}
_FIELD = re.compile(r"^\s*\*?([^\W\d_][^:：*]{0,14}?)\*?\s*[:：]\*?\s?(.*)$")
_CONTINUATION = re.compile(r"^[ \t]+\S")
_MAX_BLOCK_LINES = 16
# Reply and forward prefixes in subjects, many languages and the "[list]" tags lists add.
_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|sv|vs|ant|odp|wg|fw|fwd|tr|rv|doorst|antw|答复|回复|转发)"
    r"(?:\[\d+\]|\(\d+\))?\s*[:：]|\[[^\]]{1,40}\])\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class HeaderBlock:
    """One header block found in a body: its fields as written and where it ends."""

    start: int
    end: int  # index of the first line after the block (and after its blank line)
    sender: str
    date_text: str
    to: str
    cc: str
    subject: str

    @property
    def date(self) -> datetime | None:
        return parse_written_date(self.date_text)


def header_block_at(lines: list[str], start: int) -> HeaderBlock | None:
    """The header block that starts at `lines[start]` (its From line), or None.

    A block needs a From field and at least one of date/subject/to within its first lines;
    one "From: ..." line in running text is not a block.
    """
    fields: dict[str, str] = {}
    index, last = start, None
    while index < len(lines) and index - start < _MAX_BLOCK_LINES:
        line = lines[index]
        found = _FIELD.match(line)
        field = _FIELD_OF.get(found.group(1).strip().casefold()) if found else None
        if found and field and field not in fields:
            fields[field] = found.group(2).strip()
            last = field
        elif last and _CONTINUATION.match(line) and last in ("to", "cc"):
            fields[last] += " " + line.strip()
        else:
            break
        index += 1
    if fields.get("from") is None or not (set(fields) & {"date", "subject", "to"}):
        return None
    if lines[start].strip() and _FIELD_OF.get(_label(lines[start])) != "from":
        return None
    while index < len(lines) and not lines[index].strip():
        index += 1
    return HeaderBlock(
        start=start,
        end=index,
        sender=fields.get("from", ""),
        date_text=fields.get("date", ""),
        to=fields.get("to", ""),
        cc=fields.get("cc", ""),
        subject=fields.get("subject", ""),
    )


def is_from_line(line: str) -> bool:
    """Whether `line` could open a header block (a From field in any language)."""
    return _FIELD_OF.get(_label(line)) == "from"


def _label(line: str) -> str:
    found = _FIELD.match(line)
    return found.group(1).strip().casefold() if found else ""


def normalized_subject(subject: str) -> str:
    """The subject without reply/forward prefixes and list tags, case-folded and with
    whitespace collapsed: the key subject-only threading groups by."""
    text = subject
    while True:
        shorter = _SUBJECT_PREFIX.sub("", text, count=1)
        if shorter == text:
            break
        text = shorter
    return " ".join(text.split()).casefold()


def parse_written_date(text: str) -> datetime | None:
    """A date as a mail client wrote it in a header block, in any of the languages above.

    RFC 5322 dates parse directly; "Montag, 3. Mai 2021 10:15", "den 12 mars 2020 10:15" and
    "2020年3月12日 10:15" go through dateparser. Naive results are taken as UTC.
    """
    text = text.strip()
    if not text:
        return None
    parsed: datetime | None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        parsed = _dateparser_date(text)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@functools.lru_cache(maxsize=4096)
def _dateparser_date(text: str) -> datetime | None:
    from dateparser import parse

    try:
        return parse(
            text,
            languages=["en", "de", "sv", "fr", "es", "it", "nl", "da", "nb", "zh"],
            settings={"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["year", "month", "day"]},
        )
    except Exception:  # dateparser raises assorted errors on odd text; unknown, not fatal
        return None
