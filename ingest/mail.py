"""The mail reader: one RFC 822 message (a Maildir file, an .eml, or one message of an mbox).

A message becomes one Document: the headers people search by (sender, recipients, date,
subject, thread) as metadata; the body as one section whose embedded text has quotes and
signature removed while the displayed text stays whole; then one section per readable
attachment. Encrypted bodies cannot be read here, so such a message keeps its headers and
says so in its text and notes rather than vanishing from the index.
"""

from __future__ import annotations

from dataclasses import replace
from email import message_from_bytes
from email.message import Message
from pathlib import Path

from identity import FailureKind, ReadFailure
from ingest.documents import MAIL, Document, Metadata, ReadResult, Section, failed, succeeded
from ingest.documents import make_document as _make_document
from ingest.limits import DEFAULT_LIMITS, ReadLimits
from ingest.mail_attachments import attachment_sections
from ingest.mail_body import read_body
from ingest.mail_depth import MAX_DEPTH, flatten_deep_parts
from ingest.mail_encoded import drop_encoded_blocks
from ingest.mail_flattened import restore_breaks
from ingest.mail_headers import (
    addresses,
    message_date,
    message_id,
    parent_ids,
    subject_text,
    thread_id,
)
from ingest.mail_parts import PGP_MESSAGE, MailParts, split_message
from ingest.mail_size import PartSizeGuard
from ingest.opening import open_regular
from ingest.outline import trim_blank_lines

NO_SUBJECT = "(no subject)"
_HEADER_NAMES = ("from", "to", "subject", "date", "message-id", "received", "mime-version")


class MailUnreadable(Exception):
    """The message cannot be read at all; the message is the reason shown to the user."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.failure = ReadFailure(FailureKind.MALFORMED, detail)


def read_message_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> ReadResult:
    """One message; attachments over the limit are cut out as the file streams in."""
    guard = PartSizeGuard(limits.max_attachment_bytes)
    with open_regular(path) as stream:
        for line in stream:
            guard.add(line)
    data = guard.finish()
    if not data.strip():
        return failed(MAIL, ReadFailure.empty())
    try:
        document = message_document(data, str(path.absolute()), limits, guard.notes)
    except MailUnreadable as exc:
        return failed(MAIL, exc.failure)
    return succeeded(MAIL, [document])


def message_document(
    data: bytes,
    source_path: str,
    limits: ReadLimits = DEFAULT_LIMITS,
    size_notes: list[str] | None = None,
) -> Document:
    """The Document of one message; raises MailUnreadable.

    `size_notes` say which oversized parts were cut out of `data` before it got here.
    """
    try:
        message, parts, depth_notes = _parsed(data)
        meta = _metadata(message)
        sections, notes, meta = _sections(message, parts, limits, meta)
        notes[:0] = [*(size_notes or []), *depth_notes]
    except MailUnreadable:
        raise
    except Exception as exc:  # the email package raises assorted errors on pathological input
        raise MailUnreadable(f"malformed message: {type(exc).__name__}: {exc}"[:200]) from exc
    return _make_document(source_path, meta, sections, notes)


def _parsed(data: bytes) -> tuple[Message, MailParts, list[str]]:
    """The parsed message and its parts; too deep a MIME tree is flattened (`mail_depth`)."""
    try:
        message = message_from_bytes(data)  # compat32: see mail_headers
        _require_mail_headers(message)
        return message, split_message(message), []
    except RecursionError:
        message = message_from_bytes(flatten_deep_parts(data))
        _require_mail_headers(message)
        note = f"MIME parts nested deeper than {MAX_DEPTH} levels: read as one level"
        return message, split_message(message), [note]


def _require_mail_headers(message: Message) -> None:
    if not _has_mail_headers(message):
        raise MailUnreadable("not a mail message (no RFC 822 headers)")


def _has_mail_headers(message: Message) -> bool:
    names = {key.lower() for key in message}
    return any(name in names for name in _HEADER_NAMES)


def _metadata(message: Message) -> Metadata:
    own_id = message_id(message)
    sender = addresses(message, "From") or addresses(message, "Sender")
    in_reply_to, references = parent_ids(message)
    return Metadata(
        kind=MAIL,
        title=subject_text(message) or NO_SUBJECT,
        sender=sender[0] if sender else None,
        recipients=addresses(message, "To", "Cc", "Bcc"),
        date=message_date(message),
        message_id=own_id,
        thread_id=thread_id(message, own_id),
        in_reply_to=in_reply_to,
        references=references,
    )


def _sections(
    message: Message, parts: MailParts, limits: ReadLimits, meta: Metadata
) -> tuple[list[Section], list[str], Metadata]:
    """The body's sections (own words, then forwarded messages) and the attachments';
    `meta` gains the origins the body names (the message replied to, the forwarded ones)."""
    subject = subject_text(message)
    notes: list[str] = list(parts.notes)
    sections: list[Section] = []
    cleaned = drop_encoded_blocks(trim_blank_lines(parts.body))
    body = trim_blank_lines(restore_breaks(cleaned.text))
    notes.extend(cleaned.notes)
    if parts.encryption:
        notes.append(f"encrypted ({parts.encryption}): the body cannot be read")
        body = _encrypted_notice(parts.encryption, body)
    if body:
        read = read_body(subject, body)
        sections.extend(read.sections)
        meta = replace(meta, reply_origin=read.reply_origin, forwarded=read.forwarded)
    for attachment in parts.attachments:
        extra, problems = attachment_sections(attachment, limits)
        sections.extend(extra)
        notes.extend(problems)
    if not sections:
        notes.append("no readable text")
    return sections, notes, meta


def _encrypted_notice(kind: str, readable: str) -> str:
    """What an encrypted message shows and embeds instead of its body."""
    notice = f"[Encrypted message ({kind}): the body cannot be read without the key.]"
    if PGP_MESSAGE in readable:
        return notice
    return f"{notice}\n\n{readable}" if readable else notice
