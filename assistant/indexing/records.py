"""What the sync hands the store: readers' documents and chunks as the store's records.

Kept apart from `sync` so that module reads as the reconcile loop and nothing else.
"""

from __future__ import annotations

import ingest
from identity import DocumentKey
from ingest.documents import MAIL, Document, Origin
from ingest.mail_fingerprint import mail_fingerprint
from ingest.mail_header_block import normalized_subject
from ingest.scan import FileInfo
from store import ChunkRecord, DocumentRecord


def to_record(doc: Document, key: DocumentKey, info: FileInfo) -> DocumentRecord:
    return DocumentRecord(
        source_path=key.text,
        file_path=str(key.file_path),
        locator=key.locator,
        kind=doc.kind,
        title=doc.title,
        sender=doc.sender or "",
        recipients=", ".join(doc.recipients),
        date=doc.date,
        date_source=doc.date_source,
        size=info.size,
        mtime=info.mtime_ns / 1e9,
        content_hash=doc.content_hash,
        message_id=doc.message_id,
        thread_id=doc.thread_id,
        status="ok",
        reason="; ".join(doc.notes) or None,
        in_reply_to=doc.in_reply_to,
        references=doc.references,
        subject_key=normalized_subject(doc.title) if doc.kind == MAIL else "",
        reply_origin=_origin(doc.reply_origin) if doc.reply_origin else None,
        forwarded=tuple(_origin(origin) for origin in doc.forwarded),
        fingerprint=mail_fingerprint(doc),
    )


def _origin(origin: Origin) -> tuple[str, str, str]:
    return (origin.sender, origin.date.isoformat() if origin.date else "", origin.subject)


def to_chunk_record(chunk: ingest.Chunk) -> ChunkRecord:
    return ChunkRecord(
        ordinal=chunk.ordinal,
        text=chunk.text,
        content_hash=chunk.content_hash,
        title=chunk.title,
        page=chunk.page,
        char_start=chunk.char_start,
        char_end=chunk.char_end,
        token_count=chunk.token_count,
        ocr=chunk.ocr,
    )
