"""The mbox reader: many messages in one file, each one addressable by a locator.

A message starts at a "From " line at the top of the file or after a blank line (the
mboxo/mboxrd convention), and lines that were escaped as ">From " are unescaped. The file
is read line by line, so only one message's bytes are held at a time. Each message gets its
Message-ID as locator, or "#<position>" (0-based) when it has none or repeats an earlier one,
so the sync can store and cite every message separately.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from ingest.documents import MAIL, Document, ReadResult, failed, succeeded
from ingest.mail import MailUnreadable, message_document

_ESCAPED_FROM = re.compile(rb"^>(>*From )")
_BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^"\s;]+)"?', re.IGNORECASE)


def read_mbox(path: Path) -> ReadResult:
    documents: list[Document] = []
    skipped = 0
    seen: set[str] = set()
    source = str(path.absolute())
    with path.open("rb") as stream:
        for position, data in enumerate(split_mbox(stream)):
            try:
                document = message_document(data, source)
            except MailUnreadable:
                skipped += 1
                continue
            documents.append(replace(document, locator=_locator(document, position, seen)))
    if not documents:
        return failed(MAIL, "no readable messages in mbox" if skipped else "empty file")
    if skipped:
        first = documents[0]
        note = f"{skipped} other message(s) in this mbox could not be read"
        documents[0] = replace(first, notes=(*first.notes, note))
    return succeeded(MAIL, documents)


def split_mbox(stream: BinaryIO) -> Iterator[bytes]:
    """The raw bytes of each message, without its "From " separator line.

    Writers that forget to escape "From " inside a message exist (a `git format-patch`
    attachment starts with one), so no split happens inside an unclosed MIME multipart.
    """
    lines: list[bytes] = []
    previous_blank = True
    closing: bytes | None = None  # the closing boundary we are waiting for, if any
    for line in stream:
        if line.startswith(b"From ") and previous_blank and closing is None:
            if any(part.strip() for part in lines):
                yield b"".join(lines)
            lines = []
            closing = b""  # unknown until the headers are read
        else:
            lines.append(_ESCAPED_FROM.sub(rb"\1", line))
            closing = _update_closing(closing, lines, line)
        previous_blank = not line.strip()
    if any(part.strip() for part in lines):
        yield b"".join(lines)


def _update_closing(closing: bytes | None, lines: list[bytes], line: bytes) -> bytes | None:
    """Track the top-level multipart boundary: found after the headers, cleared when closed."""
    if closing == b"" and not line.strip():  # end of the headers
        boundary = _BOUNDARY.search(b"".join(lines))
        return b"--" + boundary.group(1) + b"--" if boundary else None
    if closing and line.rstrip() == closing:
        return None
    return closing


def _locator(document: Document, position: int, seen: set[str]) -> str:
    message_id = document.message_id
    if message_id and message_id not in seen:
        seen.add(message_id)
        return message_id
    return f"#{position}"
