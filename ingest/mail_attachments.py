"""Turning a message's text, PDF, picture and forwarded-mail attachments into sections of
the message (pictures and scanned PDF pages through OCR).

An invoice PDF or a forwarded message is usually the reason a mail is worth finding, so
attachments are indexed as part of their message, each under the heading
"attachment: <name>" so the chunk title tells the embedder (and the reader) where it came
from. A broken attachment is a note on the message, never a failure of the message.
"""

from __future__ import annotations

from ingest.decoding import decode_bytes, looks_binary, normalize_text
from ingest.documents import Section
from ingest.html_text import html_to_text
from ingest.limits import DEFAULT_LIMITS, ReadLimits, too_large
from ingest.mail_encoded import drop_encoded_blocks, is_binary_payload
from ingest.mail_headers import header_text
from ingest.mail_parts import Attachment, split_message
from ingest.ocr import read_image
from ingest.outline import trim_blank_lines
from ingest.pdf import PageCounts, PdfUnreadable, no_text_failure, page_notes, pdf_bytes_pages
from ingest.scans import clean, merged, ocr_pages

# Below this an attached picture is a logo or an icon, not a photo or scan worth OCR's time.
MIN_PICTURE_BYTES = 8 * 1024


def attachment_sections(
    attachment: Attachment, limits: ReadLimits = DEFAULT_LIMITS
) -> tuple[list[Section], list[str]]:
    """The sections one attachment contributes, and notes about what could not be read."""
    heading = f"attachment: {attachment.name}"
    size, limit = len(attachment.payload), limits.max_attachment_bytes
    if size > limit:  # not base64, or it slipped past the raw-size guard (mail_size)
        return [], [f"{heading}: not indexed, {too_large(size, limit, 'max_attachment_mb')}"]
    if attachment.message is not None:
        return _forwarded_sections(attachment), []
    if _is_pdf(attachment):
        return _pdf_sections(attachment, heading, limits)
    if attachment.content_type.startswith("image/"):
        return _picture_sections(attachment, heading, limits)
    if is_binary_payload(attachment.payload, attachment.charset):
        return [], [f"{heading}: binary data in a text part, not indexed"]
    cleaned = drop_encoded_blocks(_text(attachment))
    text = trim_blank_lines(cleaned.text)
    return ([Section(heading, text, text, None)] if text else []), list(cleaned.notes)


def _is_pdf(attachment: Attachment) -> bool:
    return (
        attachment.content_type == "application/pdf"
        or attachment.name.lower().endswith(".pdf")
        or attachment.payload.startswith(b"%PDF-")
    )


def _pdf_sections(
    attachment: Attachment, heading: str, limits: ReadLimits
) -> tuple[list[Section], list[str]]:
    counts = PageCounts()
    try:
        pages = [
            Section(heading, text, text, number)
            for number, text in pdf_bytes_pages(attachment.payload, counts, limits)
        ]
    except PdfUnreadable as exc:
        return [], [f"{heading}: {exc}"]
    scans = ocr_pages(attachment.payload, counts, limits, heading)
    sections = merged(pages, scans.sections)
    if not sections:
        return [], [f"{heading}: {(scans.failure() or no_text_failure(counts)).detail}"]
    notes = page_notes(counts) + scans.notes(counts.total)
    return sections, [f"{heading}: {note}" for note in notes]


def _picture_sections(
    attachment: Attachment, heading: str, limits: ReadLimits
) -> tuple[list[Section], list[str]]:
    """An attached photo or scan, read by OCR; small pictures (signatures' logos) are left."""
    if len(attachment.payload) < MIN_PICTURE_BYTES or not limits.ocr.enabled:
        return [], []
    if limits.between_pages is not None:
        limits.between_pages()
    outcome = read_image(attachment.payload, limits.ocr)
    if outcome.failure:
        return [], [f"{heading}: not read by OCR: {outcome.failure}"]
    text = clean(outcome.text)
    return ([Section(heading, text, text, None, ocr=True)] if text else []), []


def _forwarded_sections(attachment: Attachment) -> list[Section]:
    inner = attachment.message
    assert inner is not None
    subject = header_text(inner, "Subject")
    sender = header_text(inner, "From")
    heading = f"attachment: {subject or attachment.name}"
    body = trim_blank_lines(split_message(inner).body)
    if sender and body:
        body = f"From: {sender}\n\n{body}"
    return [Section(heading, body, body, None)] if body else []


def _text(attachment: Attachment) -> str:
    if looks_binary(attachment.payload):
        return ""
    text = normalize_text(decode_bytes(attachment.payload, attachment.charset).text)
    if attachment.content_type == "text/html" or attachment.name.lower().endswith(".html"):
        text = html_to_text(text)
    return trim_blank_lines(text)
