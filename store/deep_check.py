"""The deep check: is what the index holds still what was written, byte for byte?

`PRAGMA integrity_check` proves the B-trees are well formed, not that the bytes in them are
the ones written: a flipped byte inside a chunk's text or a cached vector leaves every page
valid (seen here: 300 flipped bytes, integrity_check "ok", chunk texts changed). Each stored
value that has a second copy or a key derived from it is compared with it instead:
- a chunk's text and title against its content hash (sha256, computed by the caller's
  `chunk_hash`: the store does not know how documents are hashed);
- each cached full vector's length, finiteness and unit length (they are stored normalised);
- each searchable vec0 vector against the one re-encoded from its cached full vector;
- each FTS row's token counts against a fresh tokenisation of its chunk (a scratch table).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import sqlean as sqlite3

from store import vector_table
from store.fts import index_text
from store.schema import FTS_TOKENIZER
from store.vectors import FULL_DIM, encode, truncate_dim, unpack_full

ChunkHash = Callable[[str, str], str]
BATCH = 2000
NORM_TOLERANCE = 2e-3  # float16 rounding of a unit vector moves its norm by ~1e-4


def _sample(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in sorted(ids)[:5])
    return shown + (", ..." if len(ids) > 5 else "")


def _said(count_label: str, ids: list[int]) -> list[str]:
    return [f"{len(ids)} {count_label} (ids {_sample(ids)})"] if ids else []


def _batches(conn: sqlite3.Connection, sql: str) -> Iterator[list[tuple]]:
    cursor = conn.execute(sql)
    while batch := cursor.fetchmany(BATCH):
        yield batch


def changed_chunks(conn: sqlite3.Connection, chunk_hash: ChunkHash) -> list[str]:
    """Chunks whose title and text no longer hash to their stored content hash."""
    bad = [
        cid
        for batch in _batches(conn, "SELECT id, title, text, content_hash FROM chunks")
        for cid, title, text, stored in batch
        if chunk_hash(title, text) != stored
    ]
    return _said("chunks whose text no longer matches its content hash", bad)


def _bad_cached(rows: list[tuple]) -> list[int]:
    sized = [(rid, blob) for rid, blob in rows if isinstance(blob, bytes)]
    bad = [rid for rid, blob in rows if not isinstance(blob, bytes) or len(blob) != FULL_DIM * 2]
    good = [(rid, blob) for rid, blob in sized if len(blob) == FULL_DIM * 2]
    if not good:
        return bad
    vectors = unpack_full([blob for _, blob in good]).astype(np.float32)
    with np.errstate(all="ignore"):
        norms = np.linalg.norm(vectors, axis=1)
    broken = ~np.isfinite(vectors).all(axis=1) | (np.abs(norms - 1.0) > NORM_TOLERANCE)
    return bad + [good[i][0] for i in np.flatnonzero(broken)]


def damaged_cache(conn: sqlite3.Connection) -> list[str]:
    """Cached full vectors of the wrong length, with NaN/inf, or no longer unit length."""
    bad = [
        rid
        for batch in _batches(conn, "SELECT id, vector FROM embeddings")
        for rid in _bad_cached(batch)
    ]
    return _said("cached vectors that are damaged (wrong length, not finite or not unit)", bad)


def _disagrees(settings: vector_table.VectorSettings, stored: bytes, cached: bytes) -> bool:
    unit = truncate_dim(unpack_full([cached]).astype(np.float32), settings.dim)
    expected = encode(unit, settings.vector_type, settings.int8_scale)[0]
    if len(stored) != len(expected):
        return True
    if settings.vector_type == "float32":
        return not np.allclose(
            np.frombuffer(stored, np.float32), np.frombuffer(expected, np.float32), atol=1e-5
        )
    if settings.vector_type == "int8":
        diff = np.frombuffer(stored, np.int8).astype(int) - np.frombuffer(expected, np.int8)
        return bool(np.abs(diff).max(initial=0) > 1)
    flipped = np.unpackbits(np.frombuffer(stored, np.uint8) ^ np.frombuffer(expected, np.uint8))
    return int(flipped.sum()) > max(2, settings.dim // 100)  # a zero component may go either way


def vectors_off_cache(conn: sqlite3.Connection) -> list[str]:
    """Searchable vectors that differ from their chunk's cached full vector, re-encoded."""
    settings = vector_table.load_settings(conn)
    if settings is None or settings.model_id is None:
        return []
    sql = (
        f"SELECT v.rowid, v.embedding, e.vector FROM {vector_table.TABLE} v "
        "JOIN chunks c ON c.id = v.rowid JOIN embeddings e ON e.content_hash = c.content_hash "
        f"AND e.model_id = {_quoted(settings.model_id)}"
    )
    bad = []
    for batch in _batches(conn, sql):
        for rid, stored, cached in batch:
            if not isinstance(cached, bytes) or len(cached) != FULL_DIM * 2:
                continue  # reported by damaged_cache
            if not isinstance(stored, bytes) or _disagrees(settings, stored, cached):
                bad.append(rid)
    return _said("searchable vectors that differ from their cached vector", bad)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def fts_off_chunks(conn: sqlite3.Connection) -> list[str]:
    """FTS rows whose per-column token counts differ from a fresh tokenisation of the chunk."""
    conn.execute(
        "CREATE VIRTUAL TABLE temp.deep_fts USING fts5(title, text, content='', "
        f"contentless_delete=1, tokenize='{FTS_TOKENIZER}')"
    )
    try:
        # A chunk without a title of its own is indexed under its document's (store/writes.py).
        sql = (
            "SELECT c.id, CASE WHEN c.title != '' THEN c.title ELSE d.title END, c.text "
            "FROM chunks c JOIN documents d ON d.id = c.document_id"
        )
        for batch in _batches(conn, sql):
            conn.executemany(
                "INSERT INTO temp.deep_fts (rowid, title, text) VALUES (?, ?, ?)",
                [(cid, index_text(title), index_text(text)) for cid, title, text in batch],
            )
        bad = [
            row[0]
            for row in conn.execute(
                "SELECT f.id FROM chunks_fts_docsize f JOIN temp.deep_fts_docsize d "
                "ON d.id = f.id WHERE d.sz IS NOT f.sz"
            )
        ]
    finally:
        conn.execute("DROP TABLE temp.deep_fts")
    return _said("FTS rows that no longer match their chunk's words", bad)


def deep_check(conn: sqlite3.Connection, chunk_hash: ChunkHash) -> list[str]:
    """Every value found changed since it was written, as sentences; empty means intact."""
    return (
        changed_chunks(conn, chunk_hash)
        + damaged_cache(conn)
        + vectors_off_cache(conn)
        + fts_off_chunks(conn)
    )
