"""Proof that the four stores of a document agree: documents, chunks, FTS rows and vectors.

The FTS5 and vec0 virtual tables cannot take part in foreign keys, so an orphan there would go
unnoticed until a search returned a chunk that no longer exists. Each check below is one set
difference between two id lists; an empty report means every chunk is findable both ways and
nothing outlived its document.
"""

from __future__ import annotations

import sqlean as sqlite3

from store import schema, vector_table
from store.errors import result_code
from store.vectors import vec0_column


def _ids(conn: sqlite3.Connection, sql: str) -> set[int]:
    return {row[0] for row in conn.execute(sql)}


def _sample(ids: set[int]) -> str:
    shown = ", ".join(str(i) for i in sorted(ids)[:5])
    return shown + (", ..." if len(ids) > 5 else "")


def _set_checks(conn: sqlite3.Connection) -> list[str]:
    chunks = _ids(conn, "SELECT id FROM chunks")
    fts = _ids(conn, "SELECT id FROM chunks_fts_docsize")
    vectors = _ids(conn, f"SELECT rowid FROM {vector_table.TABLE}")
    problems = []
    for label, ids in (
        ("FTS rows without a chunk", fts - chunks),
        ("vectors without a chunk", vectors - chunks),
        ("chunks missing from FTS", chunks - fts),
        ("chunks without a vector", chunks - vectors),
    ):
        if ids:
            problems.append(f"{len(ids)} {label} (ids {_sample(ids)})")
    return problems


def _row_checks(conn: sqlite3.Connection, model_id: str | None) -> list[str]:
    queries = {
        "chunks without a document": "SELECT c.id FROM chunks c LEFT JOIN documents d "
        "ON d.id = c.document_id WHERE d.id IS NULL",
        "chunks of failed documents": "SELECT c.id FROM chunks c JOIN documents d "
        "ON d.id = c.document_id WHERE d.status = 'failed'",
        "chunks without a cached full vector": "SELECT c.id FROM chunks c WHERE NOT EXISTS "
        "(SELECT 1 FROM embeddings e WHERE e.content_hash = c.content_hash "
        "AND (:m IS NULL OR e.model_id = :m))",
    }
    problems = []
    for label, sql in queries.items():
        ids = {row[0] for row in conn.execute(sql, {"m": model_id})}
        if ids:
            problems.append(f"{len(ids)} {label} (ids {_sample(ids)})")
    return problems


def _table_checks(conn: sqlite3.Connection) -> list[str]:
    problems = []
    if schema.version(conn) != schema.LATEST:
        problems.append(f"schema version {schema.version(conn)}, expected {schema.LATEST}")
    settings = vector_table.load_settings(conn)
    ddl = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = ?", (vector_table.TABLE,)
    ).fetchone()
    if settings is None or ddl is None:
        return [*problems, "the vector table or its settings are missing"]
    if vec0_column(settings.dim, settings.vector_type) not in ddl[0]:
        problems.append("the vector table does not match the recorded dim / vector type")
    for row in conn.execute("PRAGMA quick_check"):
        if row[0] != "ok":
            problems.append(f"sqlite: {row[0]}")
    try:
        conn.execute("INSERT INTO chunks_fts (chunks_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        if result_code(exc) != "SQLITE_READONLY":  # an immutable (read-only) file cannot run it
            problems.append(f"FTS index: {exc}")
    return problems


def check(conn: sqlite3.Connection) -> list[str]:
    """Every inconsistency found, as sentences; empty means healthy."""
    problems = _table_checks(conn)
    if any("vector table" in p for p in problems):
        return problems
    settings = vector_table.load_settings(conn)
    model_id = settings.model_id if settings else None
    return problems + _set_checks(conn) + _row_checks(conn, model_id)
