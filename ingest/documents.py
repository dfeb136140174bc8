"""The values that flow from the readers to the chunker and on to the lead's sync code.

They are frozen so a reader's output can be hashed, cached and compared without anyone
mutating it on the way. Every reader builds its `Document` through `make_document`, so the
content hash is computed the same way for notes, mail and PDFs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from identity import DocumentKey, Locator, ReadFailure

NOTE = "note"
MAIL = "mail"
PDF = "pdf"
IMAGE = "image"  # a photo, a screenshot or a scan saved as an image file; its text is OCR's


@dataclass(frozen=True)
class Origin:
    """Who wrote a message that another one carries: a forwarded original, or the message a
    reply quotes under an Outlook-style header block (no In-Reply-To needed to know it)."""

    sender: str
    date: datetime | None = None
    subject: str = ""


@dataclass(frozen=True)
class Section:
    """A structural unit: a heading's body, a PDF page, a mail body or an attachment.

    Invariant the chunker relies on: `text` is `display_text` with whole lines removed
    (for mail: quoted replies and the signature), so chunk offsets map back to `display_text`.
    """

    heading: str
    text: str
    display_text: str
    page: int | None = None
    ocr: bool = False  # read from pixels (a scan, a photo): evidence and the viewer say so


@dataclass(frozen=True)
class Document:
    """One addressable item: a note, a mail message or a PDF.

    `part` is None for files holding one document; inside an mbox it names the message by
    its Message-ID (without angle brackets), or by its position when it has none or repeats
    one. Message-IDs are stored without angle brackets. For PDFs `sender` holds the author.
    """

    source_path: str
    kind: str
    title: str
    sender: str | None
    recipients: tuple[str, ...]
    date: datetime | None
    message_id: str | None
    thread_id: str | None
    tags: tuple[str, ...]
    sections: tuple[Section, ...]
    content_hash: str
    notes: tuple[str, ...] = ()
    # Where a note's date came from (ingest.note_dates: "front matter", "title", "heading",
    # "modified"); None for mail and PDFs, whose date is their own header's.
    date_source: str | None = None
    part: Locator | None = None
    # Threading (mail): the parent named by In-Reply-To, every ID in References (oldest
    # first), and the message a reply quotes when the headers name no parent.
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    reply_origin: Origin | None = None
    # The originals a forward carries; their text is part of this mail's sections.
    forwarded: tuple[Origin, ...] = ()

    @property
    def key(self) -> DocumentKey:
        """The document's identity: its file, and the message inside it for an mbox."""
        return DocumentKey(Path(self.source_path), self.part)

    @property
    def locator(self) -> str:
        """The part's text as keys show it ('' for a whole file)."""
        return self.part.text if self.part else ""


@dataclass(frozen=True)
class ReadResult:
    """What `ingest.read` returns: documents, or (when nothing could be read) why not."""

    documents: tuple[Document, ...]
    read_failure: ReadFailure | None
    kind: str

    @property
    def failure(self) -> str | None:
        """The reason as a person reads it, None when the file was read."""
        return self.read_failure.detail if self.read_failure else None


@dataclass(frozen=True)
class Chunk:
    """A token-bounded piece of one section, ready to embed as `title: {title} | text: {text}`.

    `char_start`/`char_end` span the chunk in its section's `display_text` (for notes and
    PDFs that is also `text`; for mail the span may enclose quoted lines that `text` omits).
    `content_hash` is sha256 over the title and the text: exactly what gets embedded.
    """

    ordinal: int
    text: str
    title: str
    page: int | None
    char_start: int
    char_end: int
    token_count: int
    content_hash: str
    section_index: int
    ocr: bool = False  # its section was read by OCR


@dataclass(frozen=True)
class Metadata:
    """The descriptive fields every reader fills in before its sections are known."""

    kind: str
    title: str
    sender: str | None = None
    recipients: tuple[str, ...] = ()
    date: datetime | None = None
    date_source: str | None = None
    message_id: str | None = None
    thread_id: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    reply_origin: Origin | None = None
    forwarded: tuple[Origin, ...] = ()


def failed(kind: str, failure: ReadFailure) -> ReadResult:
    return ReadResult(documents=(), read_failure=failure, kind=kind)


def succeeded(kind: str, documents: Iterable[Document]) -> ReadResult:
    return ReadResult(documents=tuple(documents), read_failure=None, kind=kind)


def make_document(
    source_path: str,
    meta: Metadata,
    sections: Iterable[Section],
    notes: Iterable[str] = (),
    part: Locator | None = None,
) -> Document:
    """Build a Document whose content hash covers its metadata and its sections."""
    kept = tuple(s for s in sections if s.display_text.strip())
    return Document(
        source_path=source_path,
        part=part,
        kind=meta.kind,
        title=meta.title,
        sender=meta.sender,
        recipients=meta.recipients,
        date=meta.date,
        date_source=meta.date_source,
        message_id=meta.message_id,
        thread_id=meta.thread_id,
        tags=meta.tags,
        in_reply_to=meta.in_reply_to,
        references=meta.references,
        reply_origin=meta.reply_origin,
        forwarded=meta.forwarded,
        sections=kept,
        content_hash=content_hash(meta, kept),
        notes=tuple(notes),
    )


def content_hash(meta: Metadata, sections: Iterable[Section]) -> str:
    """sha256 over the metadata and sections; the path is left out so copies hash alike."""
    digest = hashlib.sha256()
    fields = [
        meta.kind,
        meta.title,
        meta.sender or "",
        "\x1e".join(meta.recipients),
        meta.date.isoformat() if meta.date else "",
        meta.message_id or "",
        meta.thread_id or "",
        "\x1e".join(meta.tags),
        meta.in_reply_to or "",
        "\x1e".join(meta.references),
        *_origin_fields(meta.reply_origin),
        *(field for origin in meta.forwarded for field in _origin_fields(origin)),
    ]
    _feed(digest, fields)
    for section in sections:
        page = "" if section.page is None else str(section.page)
        _feed(digest, [section.heading, page, section.text, section.display_text])
        if section.ocr:  # fed only when set, so documents read before OCR hash as they did
            _feed(digest, ["ocr"])
    return digest.hexdigest()


def _origin_fields(origin: Origin | None) -> list[str]:
    if origin is None:
        return [""]
    return [origin.sender, origin.date.isoformat() if origin.date else "", origin.subject]


def chunk_hash(title: str, text: str) -> str:
    """sha256 over (title, text) with a separator that cannot occur in either."""
    return hashlib.sha256(f"{title}\x00{text}".encode()).hexdigest()


def _feed(digest: hashlib._Hash, values: list[str]) -> None:
    for value in values:
        data = value.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
