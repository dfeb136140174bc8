"""Writing documents: replace, delete and record failures, each as one transaction.

A document's rows live in four places (documents, chunks, chunks_fts, chunk_vectors) and only
`chunks` cascades from `documents`; the FTS and vec0 virtual tables must be cleaned by hand.
Every path that removes chunks goes through `_drop_chunks`, which is what keeps them in step.
The embedding cache is content-addressed and deliberately outlives documents: a renamed or
moved file is deleted and re-added, and its chunks must find their vectors still cached.
`prune_embeddings` drops cache rows no chunk uses once a sync has finished.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import sqlean as sqlite3

from identity import DocumentKey, ReadFailure
from store import vector_table
from store.fts import fold, index_text
from store.records import KINDS, STATUSES, ChunkRecord, DocumentRecord
from store.schema import get_setting, put_setting
from store.vectors import check_vector, pack_full, unpack_full

_DOC_COLUMNS = (
    "source_path, kind, title, sender, recipients, date, date_text, size, mtime, "
    "content_hash, message_id, thread_id, status, reason, indexed_at, sender_folded, "
    "file_path, locator_kind, locator, duplicate_of, failure_kind, in_reply_to, refs, "
    "subject_key, reply_origin, forwarded, recipients_folded, fingerprint, date_source"
)
_DOC_COLUMN_COUNT = _DOC_COLUMNS.count(",") + 1


def _document_values(doc: DocumentRecord) -> tuple[object, ...]:
    if doc.kind not in KINDS or doc.status not in STATUSES:
        raise ValueError(f"bad kind {doc.kind!r} or status {doc.status!r}")
    if doc.date is not None and doc.date.tzinfo is None:
        raise ValueError("DocumentRecord.date must be timezone-aware")
    epoch = int(doc.date.timestamp()) if doc.date else None
    iso = doc.date.isoformat() if doc.date else None
    return (
        doc.source_path,
        doc.kind,
        doc.title,
        doc.sender,
        doc.recipients,
        epoch,
        iso,
        doc.size,
        doc.mtime,
        doc.content_hash,
        doc.message_id,
        doc.thread_id,
        doc.status,
        doc.reason,
        time.time(),
        fold(doc.sender),
        doc.file_path or doc.source_path,
        doc.locator.kind.value if doc.locator else None,
        doc.locator.value if doc.locator else None,
        doc.duplicate_of,
        doc.failure_kind.value if doc.failure_kind else None,
        doc.in_reply_to,
        json.dumps(list(doc.references)),
        doc.subject_key,
        json.dumps(list(doc.reply_origin)) if doc.reply_origin else None,
        json.dumps([list(origin) for origin in doc.forwarded], ensure_ascii=False),
        fold(doc.recipients),
        doc.fingerprint,
        doc.date_source,
    )


def _upsert_document(conn: sqlite3.Connection, doc: DocumentRecord) -> int:
    """Insert or update the document row in place, keeping its id stable."""
    placeholders = ", ".join("?" * _DOC_COLUMN_COUNT)
    updates = ", ".join(f"{c.strip()} = excluded.{c.strip()}" for c in _DOC_COLUMNS.split(",")[1:])
    row = conn.execute(
        f"INSERT INTO documents ({_DOC_COLUMNS}) VALUES ({placeholders}) "
        f"ON CONFLICT (source_path) DO UPDATE SET {updates} RETURNING id",
        _document_values(doc),
    ).fetchone()
    return int(row[0])


def _drop_chunks(conn: sqlite3.Connection, document_id: int) -> None:
    """Remove a document's chunks and their FTS and vector rows."""
    ids = [
        r[0] for r in conn.execute("SELECT id FROM chunks WHERE document_id = ?", (document_id,))
    ]
    if not ids:
        return
    conn.executemany("DELETE FROM chunks_fts WHERE rowid = ?", ((cid,) for cid in ids))
    vector_table.delete(conn, ids)
    conn.execute("DELETE FROM chunks WHERE document_id = ?", (document_id,))


def cached_vectors(
    conn: sqlite3.Connection, chunk_hashes: Iterable[str], model_id: str
) -> dict[str, np.ndarray]:
    """Full cached vectors (float32, unit length) for the hashes we already have."""
    wanted = list(dict.fromkeys(chunk_hashes))
    found: dict[str, np.ndarray] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        marks = ", ".join("?" * len(part))
        rows = conn.execute(
            f"SELECT content_hash, vector FROM embeddings WHERE model_id = ? "
            f"AND content_hash IN ({marks})",
            (model_id, *part),
        ).fetchall()
        matrix = unpack_full([blob for _, blob in rows])
        found.update((h, matrix[i]) for i, (h, _) in enumerate(rows))
    return found


def _store_new_vectors(
    conn: sqlite3.Connection, vectors: Mapping[str, np.ndarray], model_id: str, min_dim: int
) -> None:
    conn.executemany(
        "INSERT INTO embeddings (content_hash, model_id, vector) VALUES (?, ?, ?) "
        "ON CONFLICT (content_hash, model_id) DO NOTHING",
        ((h, model_id, pack_full(check_vector(v, min_dim))) for h, v in vectors.items()),
    )


def _claim_model(
    conn: sqlite3.Connection, settings: vector_table.VectorSettings, model: str
) -> None:
    """Record the model the vec0 table is built from; refuse to mix two models in it.

    An index without chunks holds nobody's vectors, so it is claimed by the next model.
    """
    vector_table.require_model(conn, model, settings)
    if settings.model_id != model:
        put_setting(conn, "model_id", model)


def replace_document(
    conn: sqlite3.Connection,
    doc: DocumentRecord,
    chunks: Sequence[ChunkRecord],
    vectors: Mapping[str, np.ndarray],
    model_id: str,
) -> int:
    """Write `doc` and its chunks, FTS rows and vectors, replacing any earlier version.

    Runs inside the caller's transaction. `vectors` may omit hashes already cached.
    """
    settings = vector_table.load_settings(conn)
    assert settings is not None, "vec0 table is created when the index is opened"
    _claim_model(conn, settings, model_id)
    _store_new_vectors(conn, vectors, model_id, settings.dim)
    hashes = [chunk.content_hash for chunk in chunks]
    full = cached_vectors(conn, hashes, model_id)
    missing = sorted(set(hashes) - full.keys())
    if missing:
        raise ValueError(f"no vector given or cached for chunk hashes {missing[:3]}")
    doc_id = _upsert_document(conn, doc)
    _drop_chunks(conn, doc_id)
    chunk_ids = [_insert_chunk(conn, doc_id, chunk) for chunk in chunks]
    _index_text(conn, doc, chunks, chunk_ids)
    epoch = int(doc.date.timestamp()) if doc.date else None
    rows = [(cid, doc.kind, epoch) for cid in chunk_ids]
    matrix = np.stack([full[h] for h in hashes]) if hashes else np.zeros((0, settings.dim))
    vector_table.insert(conn, settings, rows, matrix)
    return doc_id


def _index_text(
    conn: sqlite3.Connection, doc: DocumentRecord, chunks: Sequence[ChunkRecord], ids: list[int]
) -> None:
    """FTS rows for new chunks; a chunk without its own title is found by the document's."""
    conn.executemany(
        "INSERT INTO chunks_fts (rowid, title, text) VALUES (?, ?, ?)",
        (
            (cid, index_text(chunk.title or doc.title), index_text(chunk.text))
            for cid, chunk in zip(ids, chunks, strict=True)
        ),
    )


def _insert_chunk(conn: sqlite3.Connection, doc_id: int, chunk: ChunkRecord) -> int:
    cursor = conn.execute(
        "INSERT INTO chunks (document_id, ordinal, title, text, page, char_start, char_end, "
        "token_count, content_hash, ocr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc_id,
            chunk.ordinal,
            chunk.title,
            chunk.text,
            chunk.page,
            chunk.char_start,
            chunk.char_end,
            chunk.token_count,
            chunk.content_hash,
            int(chunk.ocr),
        ),
    )
    return int(cursor.lastrowid or 0)


def delete_document(conn: sqlite3.Connection, source_path: str) -> bool:
    """Remove a document and everything derived from it; False if it was not indexed."""
    row = conn.execute("SELECT id FROM documents WHERE source_path = ?", (source_path,)).fetchone()
    if row is None:
        return False
    _drop_chunks(conn, row[0])
    conn.execute("DELETE FROM documents WHERE id = ?", (row[0],))
    return True


def failure_record(
    key: DocumentKey,
    kind: str,
    failure: ReadFailure,
    size: int,
    mtime: float,
    duplicate_of: DocumentKey | None = None,
) -> DocumentRecord:
    """The row of a file (or message) that has no text, with its failure as columns."""
    return DocumentRecord(
        source_path=key.text,
        file_path=str(key.file_path),
        locator=key.locator,
        kind=kind,
        size=size,
        mtime=mtime,
        status="failed",
        reason=failure.detail,
        failure_kind=failure.kind,
        duplicate_of=duplicate_of.text if duplicate_of else None,
    )


def record_failure(conn: sqlite3.Connection, doc: DocumentRecord) -> int:
    """Keep a row for a file we could not read (and drop what an older version left behind)."""
    doc_id = _upsert_document(conn, doc)
    _drop_chunks(conn, doc_id)
    return doc_id


def prune_embeddings(conn: sqlite3.Connection) -> int:
    """Delete cached vectors no chunk refers to; returns how many were removed."""
    cursor = conn.execute(
        "DELETE FROM embeddings WHERE NOT EXISTS "
        "(SELECT 1 FROM chunks c WHERE c.content_hash = embeddings.content_hash)"
    )
    return cursor.rowcount


def reread_when_changed(
    conn: sqlite3.Connection, setting: str, value: str, kinds: Iterable[str]
) -> int:
    """Record `value` under `setting`; when it was different (or never recorded), give the
    rows of `kinds` the racy size (assistant.indexing.stamps) so the next sync reads their
    files again. Returns how many rows that was."""
    if get_setting(conn, setting) == value:
        return 0
    put_setting(conn, setting, value)
    listed = list(kinds)
    marks = ", ".join("?" * len(listed))
    return conn.execute(f"UPDATE documents SET size = -1 WHERE kind IN ({marks})", listed).rowcount


def restamp_file(conn: sqlite3.Connection, path: str, size: int, mtime: float) -> int:
    """Give every row read from the file `path` this size and mtime, in one statement;
    returns how many rows."""
    sql = "UPDATE documents SET size = ?, mtime = ? WHERE file_path = ?"
    return conn.execute(sql, (size, mtime, path)).rowcount
