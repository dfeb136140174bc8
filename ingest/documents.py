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

NOTE = "note"
MAIL = "mail"
PDF = "pdf"


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


@dataclass(frozen=True)
class Document:
    """One addressable item: a note, a mail message or a PDF.

    `locator` is "" for files holding one document; inside an mbox it is the message's
    Message-ID (without angle brackets) or "#<index>" when it has none or repeats one.
    Message-IDs are stored without angle brackets. For PDFs `sender` holds the author.
    """

    source_path: str
    locator: str
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


@dataclass(frozen=True)
class ReadResult:
    """What `ingest.read` returns: documents, or (when nothing could be read) the reason."""

    documents: tuple[Document, ...]
    failure: str | None
    kind: str


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


@dataclass(frozen=True)
class Metadata:
    """The descriptive fields every reader fills in before its sections are known."""

    kind: str
    title: str
    sender: str | None = None
    recipients: tuple[str, ...] = ()
    date: datetime | None = None
    message_id: str | None = None
    thread_id: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


def failed(kind: str, reason: str) -> ReadResult:
    return ReadResult(documents=(), failure=reason, kind=kind)


def succeeded(kind: str, documents: Iterable[Document]) -> ReadResult:
    return ReadResult(documents=tuple(documents), failure=None, kind=kind)


def make_document(
    source_path: str,
    meta: Metadata,
    sections: Iterable[Section],
    notes: Iterable[str] = (),
    locator: str = "",
) -> Document:
    """Build a Document whose content hash covers its metadata and its sections."""
    kept = tuple(s for s in sections if s.display_text.strip())
    return Document(
        source_path=source_path,
        locator=locator,
        kind=meta.kind,
        title=meta.title,
        sender=meta.sender,
        recipients=meta.recipients,
        date=meta.date,
        message_id=meta.message_id,
        thread_id=meta.thread_id,
        tags=meta.tags,
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
    ]
    _feed(digest, fields)
    for section in sections:
        page = "" if section.page is None else str(section.page)
        _feed(digest, [section.heading, page, section.text, section.display_text])
    return digest.hexdigest()


def chunk_hash(title: str, text: str) -> str:
    """sha256 over (title, text) with a separator that cannot occur in either."""
    return hashlib.sha256(f"{title}\x00{text}".encode()).hexdigest()


def _feed(digest: hashlib._Hash, values: list[str]) -> None:
    for value in values:
        data = value.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
