"""Document listings for the sync and the UI: all, failed, one file's, one Message-ID's,
one content fingerprint's.

Rows come back as plain dicts of the `documents` columns so callers need no SQL; `key_of` and
`failure_of` read a row's identity and failure as typed values. Lookups by path use the index
on `file_path` (a range for a folder), never a scan: the sync asks once per file, and a scan
per file would make a 100k-file sync quadratic.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import sqlean as sqlite3

from identity import DocumentKey, Locator, ReadFailure
from store.records import ChunkRecord

_COLUMNS = (
    "id, source_path, kind, title, sender, recipients, date, date_text, size, mtime, "
    "content_hash, message_id, thread_id, status, reason, indexed_at, file_path, "
    "locator_kind, locator, duplicate_of, failure_kind, in_reply_to, refs, subject_key, "
    "reply_origin, forwarded, fingerprint, thread_key, thread_parent, thread_position, "
    "thread_size, date_source"
)
# Sorts after every character a path can contain (UTF-8 compares bytewise in SQLite).
_TOP = "\U0010ffff"
OF_FILE = "file_path = ?"
BELOW = "file_path = ? OR (file_path >= ? AND file_path < ?)"


def rows(
    conn: sqlite3.Connection, where: str = "1", params: tuple = (), order: str = "source_path"
) -> list[dict[str, object]]:
    """Documents matching `where`, ordered by path (or by `order`)."""
    cursor = conn.execute(
        f"SELECT {_COLUMNS} FROM documents WHERE {where} ORDER BY {order}", params
    )
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def by_status(conn: sqlite3.Connection, status: str | None) -> list[dict[str, object]]:
    """All documents, or only those with `status` ('ok' / 'failed')."""
    return rows(conn, "status = ?", (status,)) if status else rows(conn)


def of_file(conn: sqlite3.Connection, path: str) -> list[dict[str, object]]:
    """The documents read from the file `path`: the file itself, or each of its messages."""
    return rows(conn, OF_FILE, (path,))


def below(conn: sqlite3.Connection, path: str) -> list[dict[str, object]]:
    """The documents of the file `path`, or of every file below the folder `path`."""
    inner = path.rstrip("/") + "/"
    return rows(conn, BELOW, (path, inner, inner + _TOP))


def by_key(conn: sqlite3.Connection, source_path: str) -> dict[str, object] | None:
    """The document stored under the key text `source_path`, failed ones included."""
    found = rows(conn, "source_path = ?", (source_path,))
    return found[0] if found else None


def chunks_of(conn: sqlite3.Connection, source_path: str) -> list[ChunkRecord]:
    """The stored chunks of one document in order: its text as the index holds it."""
    cursor = conn.execute(
        "SELECT c.ordinal, c.text, c.content_hash, c.title, c.page, c.char_start, c.char_end, "
        "c.token_count, c.ocr FROM chunks c JOIN documents d ON d.id = c.document_id "
        "WHERE d.source_path = ? ORDER BY c.ordinal",
        (source_path,),
    )
    return [ChunkRecord(*row) for row in cursor]


def thread_members(conn: sqlite3.Connection, thread_key: str) -> list[dict[str, object]]:
    """The indexed mails of one thread in thread order (see ThreadPlace.position)."""
    return rows(
        conn,
        "thread_key = ? AND status = 'ok'",
        (thread_key,),
        order="thread_position, date, source_path",
    )


def key_of(row: Mapping[str, object]) -> DocumentKey:
    """The typed identity of a listed row."""
    locator = Locator.of(_text(row, "locator_kind"), _text(row, "locator"))
    return DocumentKey(Path(str(row["file_path"])), locator)


def failure_of(row: Mapping[str, object]) -> ReadFailure | None:
    """Why a listed row has no text (None for a document that was read)."""
    return ReadFailure.of(_text(row, "failure_kind"), _text(row, "reason"))


def _text(row: Mapping[str, object], column: str) -> str | None:
    value = row.get(column)
    return None if value is None else str(value)


def by_message_id(conn: sqlite3.Connection, message_id: str) -> list[dict[str, object]]:
    """Every document carrying this Message-ID (a mail kept in two folders, say)."""
    return rows(conn, "message_id = ?", (message_id,))


def by_fingerprint(conn: sqlite3.Connection, fingerprint: str) -> list[dict[str, object]]:
    """Every document whose content fingerprint is `fingerprint` (one mail, other IDs)."""
    return rows(conn, "fingerprint = ?", (fingerprint,))


def fingerprint(conn: sqlite3.Connection) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Every document as (status, content hash, its chunk hashes in order), keyed by path.

    Two indexes of the same files must have equal fingerprints whatever history led to them
    (a watcher after a churn of edits vs a fresh full index): the tests compare exactly this.
    """
    chunks: dict[int, list[str]] = {}
    for document_id, chunk_hash in conn.execute(
        "SELECT document_id, content_hash FROM chunks ORDER BY document_id, ordinal"
    ):
        chunks.setdefault(document_id, []).append(chunk_hash)
    return {
        path: (status, content_hash or "", tuple(chunks.get(doc_id, ())))
        for doc_id, path, status, content_hash in conn.execute(
            "SELECT id, source_path, status, content_hash FROM documents"
        )
    }
