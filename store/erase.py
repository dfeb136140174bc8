"""Forgetting documents completely, down to the bytes of the file.

`writes.delete_document` is what a sync needs: the rows go, but the embedding cache keeps the
vectors (a moved file finds them again) and SQLite keeps freed pages and FTS5 segments as they
are. When a person asks to forget a file, none of that may stay: its cached vectors go too
(unless another document still has a chunk with the same content hash), and `compact`
rewrites the file so no free page, FTS5 segment or WAL frame still holds the old text.
Measured with sqlite-vec 0.1.9 and SQLite 3.50: vec0 clears a deleted vector at once, freed
pages keep text until VACUUM, and FTS5 keeps a deleted chunk's terms in its segments until an
'optimize' merges them, whatever the contentless_delete setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlean as sqlite3

from store.schema import get_setting, put_setting
from store.writes import delete_document

COMPACTION_PENDING = "compaction_pending"


@dataclass(frozen=True)
class Erased:
    """What one forget removed."""

    documents: int
    chunks: int
    cached_vectors: int


def erase_documents(
    conn: sqlite3.Connection, source_paths: Sequence[str], *, compact_next: bool = False
) -> Erased:
    """Delete these documents, their chunks, FTS rows, vectors and their now-unused cached
    vectors (inside the caller's transaction). `compact_next` records, in the same
    transaction, that a `compact` is owed: until one succeeds, the deleted text may still be
    in free pages, so a run killed before or during its VACUUM is visibly unfinished."""
    if compact_next:
        put_setting(conn, COMPACTION_PENDING, "1")
    hashes: set[str] = set()
    documents = chunks = 0
    for path in source_paths:
        found = conn.execute(
            "SELECT c.content_hash FROM chunks c JOIN documents d ON d.id = c.document_id "
            "WHERE d.source_path = ?",
            (path,),
        ).fetchall()
        hashes.update(row[0] for row in found)
        chunks += len(found)
        documents += delete_document(conn, path)
    unused = [
        (h,)
        for h in hashes
        if not conn.execute("SELECT 1 FROM chunks WHERE content_hash = ?", (h,)).fetchone()
    ]
    before = conn.total_changes
    conn.executemany("DELETE FROM embeddings WHERE content_hash = ?", unused)
    return Erased(documents, chunks, conn.total_changes - before)


def compact(conn: sqlite3.Connection) -> bool:
    """Merge the FTS5 segments, VACUUM and empty the WAL; False if another connection's
    read kept the WAL from being emptied (its old frames may then still hold deleted text).

    Must run outside a transaction; it rewrites the whole file, so it takes as long as copying it.
    """
    conn.execute("INSERT INTO chunks_fts (chunks_fts) VALUES ('optimize')")
    conn.execute("VACUUM")
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy == 0:  # only now is no old page left in the file or the WAL
        with conn:
            conn.execute("DELETE FROM settings WHERE key = ?", (COMPACTION_PENDING,))
    return busy == 0


def compaction_pending(conn: sqlite3.Connection) -> bool:
    """A forget asked for a `compact` that has not succeeded yet (killed, or a reader)."""
    return get_setting(conn, COMPACTION_PENDING) is not None
