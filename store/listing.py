"""Document listings for the sync and the UI: all, failed, one file's, one Message-ID's.

Rows come back as plain dicts of the `documents` columns so callers need no SQL. Lookups by
path use the UNIQUE index on `source_path` as a range, never a scan: the sync asks once per
file, and a scan per file would make a 100k-file sync quadratic.
"""

from __future__ import annotations

import sqlean as sqlite3

_COLUMNS = (
    "id, source_path, kind, title, sender, recipients, date, date_text, size, mtime, "
    "content_hash, message_id, thread_id, status, reason, indexed_at"
)
# Sorts after every character a path can contain (UTF-8 compares bytewise in SQLite).
TOP = "\U0010ffff"
OF_FILE = "source_path = ? OR (source_path >= ? AND source_path < ?)"


def rows(conn: sqlite3.Connection, where: str = "1", params: tuple = ()) -> list[dict[str, object]]:
    """Documents matching `where`, ordered by path."""
    cursor = conn.execute(
        f"SELECT {_COLUMNS} FROM documents WHERE {where} ORDER BY source_path", params
    )
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def by_status(conn: sqlite3.Connection, status: str | None) -> list[dict[str, object]]:
    """All documents, or only those with `status` ('ok' / 'failed')."""
    return rows(conn, "status = ?", (status,)) if status else rows(conn)


def of_file(conn: sqlite3.Connection, path: str, separator: str) -> list[dict[str, object]]:
    """The document stored under `path` and any stored as `path + separator + locator`."""
    inner = path + separator
    return rows(conn, OF_FILE, (path, inner, inner + TOP))


def by_message_id(conn: sqlite3.Connection, message_id: str) -> list[dict[str, object]]:
    """Every document carrying this Message-ID (a mail kept in two folders, say)."""
    return rows(conn, "message_id = ?", (message_id,))


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
