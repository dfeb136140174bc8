"""Counts and sizes of the index, for `assistant status`, the doctor and the benchmarks.

Kept out of `Index` so the handle stays about transactions, retries and errors; everything
here is one read of the file's own bookkeeping, run inside the caller's snapshot.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import sqlean as sqlite3

from store import schema, vector_table


def collect(conn: sqlite3.Connection, db_path: Path) -> dict[str, Any]:
    """Documents, failures, chunks, cached vectors, vector settings and bytes on disk."""
    settings = vector_table.load_settings(conn)

    def one(sql: str) -> object:
        return conn.execute(sql).fetchone()[0]

    return {
        "documents": one("SELECT count(*) FROM documents WHERE status = 'ok'"),
        "failed": one("SELECT count(*) FROM documents WHERE status = 'failed'"),
        "chunks": one("SELECT count(*) FROM chunks"),
        "cached_vectors": one("SELECT count(*) FROM embeddings"),
        "unused_cached_vectors": one(
            "SELECT count(*) FROM embeddings e WHERE NOT EXISTS "
            "(SELECT 1 FROM chunks c WHERE c.content_hash = e.content_hash)"
        ),
        "by_kind": dict(
            conn.execute("SELECT kind, count(*) FROM documents WHERE status = 'ok' GROUP BY kind")
        ),
        "dim": settings.dim if settings else None,
        "vector_type": settings.vector_type if settings else None,
        "model_id": settings.model_id if settings else None,
        "schema_version": schema.version(conn),
        "file_bytes": sum(
            os.path.getsize(p) for p in (db_path, Path(f"{db_path}-wal")) if os.path.exists(p)
        ),
        "checked_at": time.time(),
    }
