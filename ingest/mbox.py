"""The mbox reader: many messages in one file, each one addressable by a locator.

A message starts at a "From " line at the top of the file or after a blank line that looks
like a separator: `From <sender> <asctime date>`, with a month name, a time and a four-digit
year after the sender (mutt checks the same shape before it believes a "From " line). A body
line such as "From here on..." that a writer forgot to escape then stays in its message.

Escaped body lines are unescaped the mboxrd way: one ">" comes off every ">...>From " line.
An mboxo writer escapes only "From " and leaves ">From " alone, so the two variants differ
only for a body line that began with ">From " before writing; no header tells them apart.
Read as mboxrd, an mboxo file loses one ">" from a line that had two or more (rare); read
as mboxo, an mboxrd file would gain one on every quoted "From " line (common in replies),
so mboxrd is the reading that loses less.

The file is read line by line (twice: see `split_mbox`), so only one message's bytes are held
at a time. Each message gets a
`Locator`: its Message-ID, or its 0-based position when it has none or repeats an earlier one,
so the sync can store and cite every message separately.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from identity import FailureKind, Locator, LocatorKind, ReadFailure
from ingest.documents import MAIL, Document, ReadResult, failed, succeeded
from ingest.limits import DEFAULT_LIMITS, ReadLimits
from ingest.mail import MailUnreadable, message_document
from ingest.mail_size import PartSizeGuard
from ingest.opening import open_regular

_ESCAPED_FROM = re.compile(rb"^>(>*From )")
_SEPARATOR = re.compile(rb'^From (?:"[^"]*"|\S*) +(?P<date>.*\S)\s*$')
_MONTH = re.compile(rb"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", re.IGNORECASE)
_TIME = re.compile(rb"\b\d{1,2}:\d{2}\b")
_YEAR = re.compile(rb"\b\d{4}\b")
_BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^"\s;]+)"?', re.IGNORECASE)


def read_mbox(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> ReadResult:
    documents: list[Document] = []
    skipped = 0
    seen: set[str] = set()
    source = str(path.absolute())
    with open_regular(path) as stream:
        for position, (data, notes) in enumerate(split_mbox(stream, limits.max_attachment_bytes)):
            try:
                document = message_document(data, source, limits, notes)
            except MailUnreadable:
                skipped += 1
                continue
            documents.append(replace(document, part=_locator(document, position, seen)))
    if not documents:
        if not skipped:
            return failed(MAIL, ReadFailure.empty())
        return failed(MAIL, ReadFailure(FailureKind.MALFORMED, "no readable messages in mbox"))
    if skipped:
        first = documents[0]
        note = f"{skipped} other message(s) in this mbox could not be read"
        documents[0] = replace(first, notes=(*first.notes, note))
    return succeeded(MAIL, documents)


def split_mbox(stream: BinaryIO, max_part_bytes: int) -> Iterator[tuple[bytes, list[str]]]:
    """The raw bytes of each message, without its "From " separator line, and notes on
    the oversized attachments cut out of it (see `mail_size`).

    Writers that forget to escape "From " inside a message exist (a `git format-patch`
    attachment starts with a separator-shaped line), so no split happens inside a MIME
    multipart that is closed further down the file. One that is never closed (a truncated
    message) does not swallow the rest of the mbox: a first pass notes where each closing
    boundary line last occurs, so the split knows, when it meets a separator, whether the
    open multipart will still be closed after it.
    """
    start = stream.tell()
    last_closing = _last_closing_lines(stream)
    stream.seek(start)
    guard = PartSizeGuard(max_part_bytes)
    previous_blank, offset = True, 0
    closing: bytes | None = None  # the closing boundary we are waiting for, if any
    for line in stream:
        offset += len(line)
        still_open = closing == b"" or (closing and last_closing.get(closing, 0) > offset)
        if previous_blank and not still_open and is_separator(line):
            if any(part.strip() for part in guard.lines):
                yield guard.finish(), guard.notes
            guard = PartSizeGuard(max_part_bytes)
            closing = b""  # unknown until the headers are read
        else:
            guard.add(_ESCAPED_FROM.sub(rb"\1", line))
            closing = _update_closing(closing, guard.lines, line)
        previous_blank = not line.strip()
    if any(part.strip() for part in guard.lines):
        yield guard.finish(), guard.notes


def _last_closing_lines(stream: BinaryIO) -> dict[bytes, int]:
    """Each line that could close a multipart ("--boundary--"), with the offset after the
    last place it occurs (offsets counted from where `stream` stood)."""
    found: dict[bytes, int] = {}
    offset = 0
    for line in stream:
        offset += len(line)
        if line.startswith(b"--"):
            marker = line.rstrip()
            if len(marker) > 4 and marker.endswith(b"--"):
                found[marker] = offset
    return found


def is_separator(line: bytes) -> bool:
    """A "From " line shaped like an mbox separator: a sender, then a date with a time."""
    found = _SEPARATOR.match(line) if line.startswith(b"From ") else None
    if found is None:
        return False
    date = found.group("date")
    return all(pattern.search(date) for pattern in (_MONTH, _TIME, _YEAR))


def _update_closing(closing: bytes | None, lines: list[bytes], line: bytes) -> bytes | None:
    """Track the top-level multipart boundary: found after the headers, cleared when closed."""
    if closing == b"" and not line.strip():  # end of the headers
        boundary = _BOUNDARY.search(b"".join(lines))
        return b"--" + boundary.group(1) + b"--" if boundary else None
    if closing and line.rstrip() == closing:
        return None
    return closing


def _locator(document: Document, position: int, seen: set[str]) -> Locator:
    message_id = document.message_id
    if message_id and message_id not in seen:
        seen.add(message_id)
        return Locator(LocatorKind.MESSAGE_ID, message_id)
    return Locator(LocatorKind.MESSAGE_NUMBER, str(position))
