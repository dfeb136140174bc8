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

import re
from dataclasses import dataclass
from datetime import datetime

from ingest.mail_dates import written_date

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
    # Fields a block may carry that say nothing about who wrote it or when.
    "other": (
        "reply-to",
        "antwort an",
        "svara till",
        "importance",
        "wichtigkeit",
        "prioritet",
        "priority",
        "attachments",
        "anlagen",
        "bilagor",
        "sensitivity",
        "附件",
        "重要性",
    ),
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
_MAX_WRAPPED_LINES = 2
# Thunderbird's forward block opens with Subject, Apple's may open with Date.
_OPENING_FIELDS = (
    "from",
    "subject",
    "date",
)  # a From or To value Outlook wrapped over further unlabelled lines
# Lotus Notes names the writer and the time on one line ("Jane Doe <jd@x.com> on 01/09/2000
# 05:12 PM") or on two (the name, then the time), then lists To:/cc:/Subject: fields.
_NOTES_TIME = r"\d{1,2}/\d{1,2}/\d{2,4},? \d{1,2}:\d{2}(?::\d{2})? ?(?:[AaPp][Mm])?"
_NOTES_ORIGIN = re.compile(rf"^\s*(?P<who>\S.*?)\s+on\s+(?P<when>{_NOTES_TIME})\s*$")
_NOTES_TIME_LINE = re.compile(rf"^\s*(?P<when>{_NOTES_TIME})\s*$")
_NOTES_FIELDS = ("to", "cc", "subject")
# "List <list@x> On Behalf Of Jane Doe": the person is the one named last.
_ON_BEHALF = re.compile(r"\s(?:on behalf of|im auftrag von|för|代表)\s+", re.IGNORECASE)
_MAILTO = re.compile(r"\s*(?:<mailto:[^<>]*>|\[mailto:(?P<address>[^\]\s]+)\])")
_QUOTED_NAME = re.compile(r'"([^"]*)"')
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

    @property
    def author(self) -> str:
        """Who wrote the carried message: the sender without the list it came through
        ("List On Behalf Of Jane Doe") and without Outlook's mailto: copies of the address."""
        return written_author(self.sender)


def header_block_at(lines: list[str], start: int) -> HeaderBlock | None:
    """The header block that starts at `lines[start]` (its From line, or the Subject or Date
    line of a block that names its From further down), or None.

    A block needs a From field and at least one of date/subject/to within its first lines;
    one "From: ..." line in running text is not a block. A Lotus Notes origin line
    ("Name on 01/09/2000 05:12 PM", or a name line and a time line) stands for From and Date.
    """
    if start >= len(lines):
        return None
    fields: dict[str, str] = {}
    index = _notes_origin(lines, start, fields)
    if index is None:
        if _FIELD_OF.get(_label(lines[start])) not in _OPENING_FIELDS:
            return None
        index = start
    index = _read_fields(lines, index, start, fields)
    if fields.get("from") is None or not (set(fields) & {"date", "subject", "to"}):
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


def _read_fields(lines: list[str], index: int, start: int, fields: dict[str, str]) -> int:
    """Read "Label: value" lines into `fields` from `index`; the index after the last one."""
    last = None
    while index < len(lines) and index - start < _MAX_BLOCK_LINES:
        line = lines[index]
        found = _FIELD.match(line)
        field = _FIELD_OF.get(found.group(1).strip().casefold()) if found else None
        if found and field == "other":
            pass
        elif found and field and field not in fields:
            fields[field] = found.group(2).strip()
            last = field
        elif last in ("from", "to", "cc") and _wraps(lines, index, start):
            fields[last] += " " + line.strip()
        else:
            break
        index += 1
    return index


def _wraps(lines: list[str], index: int, start: int) -> bool:
    """Whether `lines[index]` continues the field above: indented, or an unlabelled line
    that a labelled field follows within a line or two (Outlook wraps long From values)."""
    line = lines[index]
    if _CONTINUATION.match(line):
        return True
    if not line.strip() or _FIELD.match(line) or index - start > 2:
        return False
    ahead = lines[index + 1 : index + 1 + _MAX_WRAPPED_LINES]
    for following in ahead:
        if not following.strip():
            return False
        if _FIELD_OF.get(_label(following)) in ("date", "to", "subject", "cc"):
            return True
    return False


def _notes_origin(lines: list[str], start: int, fields: dict[str, str]) -> int | None:
    """Read a Lotus Notes origin into `fields`; the index of the first field line after it."""
    origin = _NOTES_ORIGIN.match(lines[start])
    if origin and not _FIELD.match(lines[start]):
        fields["from"], fields["date"] = origin["who"], origin["when"]
        next_index = start + 1
    elif start + 1 < len(lines) and (time_line := _NOTES_TIME_LINE.match(lines[start + 1])):
        name = lines[start].strip()
        if not name or _FIELD.match(lines[start]) or len(name) > 80:
            return None
        fields["from"], fields["date"] = name, time_line["when"]
        next_index = start + 2
    else:
        return None
    if next_index < len(lines) and _FIELD_OF.get(_label(lines[next_index])) in _NOTES_FIELDS:
        return next_index
    fields.clear()
    return None


def is_from_line(line: str) -> bool:
    """Whether `line` could open a header block (a From field in any language, or a Lotus
    Notes "Name on 01/09/2000 05:12 PM" line)."""
    return _FIELD_OF.get(_label(line)) == "from" or bool(_NOTES_ORIGIN.match(line))


def written_author(sender: str) -> str:
    """A header block's sender as a person: "X On Behalf Of Jane" is Jane, and the
    "<mailto:...>" / "[mailto:...]" copies Outlook adds are gone (the address stays)."""
    parts = _ON_BEHALF.split(sender)
    person = parts[-1] if parts[-1].strip() else sender
    addresses = [m["address"] for m in _MAILTO.finditer(person) if m["address"]]
    person = _QUOTED_NAME.sub(r"\1", _MAILTO.sub("", person)).strip()
    if addresses and "@" not in person:
        person = f"{person} <{addresses[0]}>" if person else addresses[0]
    return " ".join(person.split())


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
    """A date as a mail client wrote it in a header block, in any of the languages above
    (see `mail_dates`). Naive results are taken as UTC."""
    return written_date(text)
