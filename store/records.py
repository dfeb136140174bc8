"""The plain values that cross the store's boundary.

The store knows nothing of file formats or models: the ingest side hands it these records and
numpy vectors, and search hands back `Hit`s. Keeping them as frozen dataclasses with no behaviour
makes them cheap to build in tests and safe to pass between the indexer and the TUI threads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from identity import DocumentKey, FailureKind, Locator

KINDS = ("note", "mail", "pdf", "image")
STATUSES = ("ok", "failed")


class SearchMode(StrEnum):
    """Which retrievers feed a search; benchmarks compare them, the app uses HYBRID."""

    HYBRID = "hybrid"
    VECTOR = "vector"
    FTS = "fts"


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One source file (a note, a mail message, a PDF) as the store keeps it.

    `source_path` is the unique key (`DocumentKey.text`); `file_path` is the file on disk
    when it differs (None: the key is the file), `locator` the message inside it.
    """

    source_path: str
    kind: str
    title: str = ""
    sender: str = ""
    recipients: str = ""
    date: datetime | None = None
    # Where a note's date came from (ingest.note_dates); None: the item's own (mail, PDF).
    date_source: str | None = None
    size: int = 0
    mtime: float = 0.0
    content_hash: str = ""
    message_id: str | None = None
    thread_id: str | None = None
    status: str = "ok"
    reason: str | None = None
    file_path: str | None = None
    locator: Locator | None = None
    duplicate_of: str | None = None  # the key of the document this one repeats
    failure_kind: FailureKind | None = None
    # Mail threading and forwards (see store.schema v6); origins are (sender, ISO date or "",
    # subject) so the store needs no type of the readers'.
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    subject_key: str = ""
    reply_origin: tuple[str, str, str] | None = None
    forwarded: tuple[tuple[str, str, str], ...] = ()
    fingerprint: str | None = None


@dataclass(frozen=True, slots=True)
class ChunkRecord:
    """One embeddable piece of a document; `content_hash` keys its cached embedding."""

    ordinal: int
    text: str
    content_hash: str
    title: str = ""
    page: int | None = None
    char_start: int = 0
    char_end: int = 0
    token_count: int = 0
    ocr: bool = False  # the text was read from pixels (ingest.ocr)


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Restrictions a question implies ("mail from Anna in March"); all optional, all ANDed."""

    kinds: tuple[str, ...] = ()
    date_from: datetime | None = None
    date_to: datetime | None = None
    # A name or address found in From (`sender`) or To/Cc/Bcc (`recipient`), case-folded and
    # matched as a substring; a tuple names one person several ways (the user's own addresses
    # and names) and matches when any of them does.
    sender: str | tuple[str, ...] | None = None
    recipient: str | tuple[str, ...] | None = None
    path_prefix: str | None = None
    # Only these threads (`ThreadPlace.key`) or these documents (`Hit.document_id`): the
    # search inside one thread that answers "who replied first".
    thread_keys: tuple[str, ...] = ()
    document_ids: tuple[int, ...] = ()

    @property
    def needs_documents(self) -> bool:
        """True when a filter can only be checked against the documents table, not vec0."""
        return bool(
            self.sender
            or self.recipient
            or self.path_prefix
            or self.thread_keys
            or self.document_ids
        )


@dataclass(frozen=True, slots=True)
class ThreadPlace:
    """Where a mail stands in its thread: "message 3 of 7 in 'Subject'" (position 1 starts it)."""

    key: str
    subject: str
    position: int
    size: int

    @property
    def label(self) -> str:
        """How the evidence names the place: "message 3 of 7 in 'Boiler'" (counted the way
        the viewer and `assistant show` number a thread's messages), "starts 'Boiler'
        (7 messages)"; "" for a mail on its own."""
        if self.size <= 1:
            return ""
        if self.position == 1:
            return f"starts '{self.subject}' ({self.size} messages)"
        return f"message {self.position} of {self.size} in '{self.subject}'"


@dataclass(frozen=True, slots=True)
class Hit:
    """A ranked search result: the chunk, its document's metadata and why it ranked."""

    chunk_id: int
    document_id: int
    source_path: str  # the document's unique key, as its `key.text`
    file_path: Path  # the file on disk (an mbox for each of its messages)
    locator: Locator | None  # the message inside `file_path`, None for a whole file
    kind: str
    title: str
    chunk_title: str
    sender: str
    recipients: str
    date: datetime | None
    message_id: str | None
    thread_id: str | None
    text: str
    ordinal: int
    page: int | None
    char_start: int
    char_end: int
    score: float
    vector_distance: float | None = None
    vector_rank: int | None = None
    bm25: float | None = None
    bm25_rank: int | None = None
    thread: ThreadPlace | None = None
    forwarded_from: tuple[str, ...] = ()  # senders of the originals a forward carries
    date_source: str | None = None  # "modified": `date` is the file's mtime, not a stated date
    ocr: bool = False  # the chunk's text was read by OCR from a scan or a picture

    @property
    def key(self) -> DocumentKey:
        return DocumentKey(self.file_path, self.locator)
