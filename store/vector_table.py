"""The searchable vec0 table: its settings, writes, KNN queries and rebuilds.

It holds, per chunk, the Matryoshka-truncated vector in the configured type plus `kind` and
`date` as vec0 metadata columns, so those filters run inside the KNN scan instead of after it.
sqlite-vec 0.1.9 facts shape the code: no INSERT OR REPLACE (we delete then insert), k <= 4096,
metadata columns cannot hold NULL (undated documents get a sentinel), and blobs must be typed
with vec_int8()/vec_bit() or they are read as float32.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sqlean as sqlite3

from store.errors import ModelMismatch, StoreError
from store.schema import get_setting, put_setting
from store.vectors import (
    BINARY_BUCKETS,
    default_int8_scale,
    encode,
    fitted_int8_scale,
    sql_wrapper,
    truncate_dim,
    unpack_full,
    vec0_column,
)

TABLE = "chunk_vectors"
UNDATED = -(2**62)  # vec0 metadata cannot be NULL; far below any real date
MAX_K = 4096
BUCKET_SLACK = 1.5  # each bucket returns 1.5x its fair share, so uneven spreads still fit


@dataclass(frozen=True, slots=True)
class VectorSettings:
    """How the vec0 table is built; read from the file so every process agrees."""

    dim: int
    vector_type: str
    int8_scale: float
    model_id: str | None


def load_settings(conn: sqlite3.Connection) -> VectorSettings | None:
    """The settings stored in the file, or None before the vec0 table exists."""
    dim = get_setting(conn, "dim")
    if dim is None:
        return None
    return VectorSettings(
        dim=int(dim),
        vector_type=get_setting(conn, "vector_type") or "float32",
        int8_scale=float(get_setting(conn, "int8_scale") or default_int8_scale(int(dim))),
        model_id=get_setting(conn, "model_id"),
    )


def require_model(
    conn: sqlite3.Connection, model_id: str, settings: VectorSettings | None = None
) -> None:
    """Raise `ModelMismatch` if the table holds chunks embedded by another model than
    `model_id` (an index without chunks holds nobody's vectors)."""
    settings = settings or load_settings(conn)
    if settings is None or settings.model_id in (None, model_id):
        return
    if conn.execute("SELECT 1 FROM chunks LIMIT 1").fetchone() is None:
        return
    db_file = conn.execute("PRAGMA database_list").fetchone()[2]
    raise ModelMismatch(Path(db_file), settings.model_id, model_id)


def create(conn: sqlite3.Connection, dim: int, vector_type: str, int8_scale: float) -> None:
    """(Re)create the empty vec0 table and record its settings (inside a transaction)."""
    column = vec0_column(dim, vector_type)
    bucket = "bucket INTEGER PARTITION KEY, " if vector_type == "binary" else ""
    conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
    conn.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING vec0({bucket}{column}, kind TEXT, date INTEGER)"
    )
    put_setting(conn, "dim", str(dim))
    put_setting(conn, "vector_type", vector_type)
    put_setting(conn, "int8_scale", repr(int8_scale))


def insert(
    conn: sqlite3.Connection,
    settings: VectorSettings,
    rows: Sequence[tuple[int, str, int | None]],
    full_vectors: np.ndarray,
) -> None:
    """Insert (chunk_id, kind, date) rows with their full vectors, truncated to the table's dim."""
    if not rows:
        return
    blobs = encode(
        truncate_dim(full_vectors, settings.dim), settings.vector_type, settings.int8_scale
    )
    wrap = sql_wrapper(settings.vector_type)
    if settings.vector_type == "binary":
        conn.executemany(
            f"INSERT INTO {TABLE} (rowid, bucket, embedding, kind, date) "
            f"VALUES (?, ?, {wrap}, ?, ?)",
            (
                (cid, cid % BINARY_BUCKETS, blob, kind, UNDATED if date is None else date)
                for (cid, kind, date), blob in zip(rows, blobs, strict=True)
            ),
        )
        return
    conn.executemany(
        f"INSERT INTO {TABLE} (rowid, embedding, kind, date) VALUES (?, {wrap}, ?, ?)",
        (
            (cid, blob, kind, UNDATED if date is None else date)
            for (cid, kind, date), blob in zip(rows, blobs, strict=True)
        ),
    )


def delete(conn: sqlite3.Connection, chunk_ids: Iterable[int]) -> None:
    """Remove chunks' vectors (vec0 has no cascade; callers delete these with the chunks)."""
    conn.executemany(f"DELETE FROM {TABLE} WHERE rowid = ?", ((cid,) for cid in chunk_ids))


@dataclass(frozen=True, slots=True)
class KnnFilter:
    """Constraints vec0 evaluates during the scan."""

    kinds: tuple[str, ...] = ()
    date_from: int | None = None
    date_to: int | None = None
    allowed_ids: Sequence[int] | None = None  # pre-filtered chunk ids (sender, path)


def _constraints(flt: KnnFilter, params: dict[str, object]) -> str:
    sql = ""
    if flt.kinds:
        names = []
        for i, kind in enumerate(flt.kinds):
            params[f"kind{i}"] = kind
            names.append(f":kind{i}")
        sql += f" AND kind IN ({', '.join(names)})"
    if flt.date_from is not None:
        params["date_from"] = flt.date_from
        sql += " AND date >= :date_from"
    if flt.date_to is not None:
        params["date_to"] = flt.date_to
        sql += f" AND date <= :date_to AND date > {UNDATED}"
    if flt.allowed_ids is not None:  # the list itself is bound by knn()
        sql += " AND rowid IN (SELECT value FROM json_each(:ids))"
    return sql


def _bucket_where(where: str, bucket: int, flt: KnnFilter, params: dict[str, object]) -> str:
    """One bucket's constraints; an allowed-id list is split so each bucket parses only its own."""
    if flt.allowed_ids is None:
        return f"{where} AND bucket = {bucket}"
    mine = [i for i in flt.allowed_ids if i % BINARY_BUCKETS == bucket]
    params[f"ids{bucket}"] = json.dumps(mine)
    where = where.replace("json_each(:ids)", f"json_each(:ids{bucket})")
    return f"{where} AND bucket = {bucket}"


def knn(
    conn: sqlite3.Connection,
    settings: VectorSettings,
    query_unit: np.ndarray,
    k: int,
    flt: KnnFilter,
) -> list[tuple[int, float]]:
    """Nearest chunk ids by the table's own metric, best first (binary: hamming distance)."""
    params: dict[str, object] = {
        "q": encode(query_unit, settings.vector_type, settings.int8_scale)[0]
    }
    where = f"embedding MATCH {sql_wrapper(settings.vector_type).replace('?', ':q')} AND k = :k"
    where += _constraints(flt, params)
    if settings.vector_type != "binary":
        params["k"] = min(k, MAX_K)
        if flt.allowed_ids is not None:
            params["ids"] = json.dumps(list(flt.allowed_ids))
        sql = f"SELECT rowid, distance FROM {TABLE} WHERE {where}"
    else:
        params["k"] = min(MAX_K, max(1, math.ceil(k * BUCKET_SLACK / BINARY_BUCKETS)))
        sql = " UNION ALL ".join(
            f"SELECT rowid, distance FROM {TABLE} WHERE {_bucket_where(where, b, flt, params)}"
            for b in range(BINARY_BUCKETS)
        )
    rows = conn.execute(sql, params).fetchall()
    rows.sort(key=lambda row: row[1])
    return [(int(cid), float(dist)) for cid, dist in rows]


def rebuild(conn: sqlite3.Connection, dim: int, vector_type: str, model_id: str) -> int:
    """Recreate the table at `dim`/`vector_type` from cached full vectors (no model needed)."""
    source = (
        "SELECT c.id, d.kind, d.date, e.vector FROM chunks c "
        "JOIN documents d ON d.id = c.document_id "
        "JOIN embeddings e ON e.content_hash = c.content_hash AND e.model_id = ? ORDER BY c.id"
    )
    sample = conn.execute(source + " LIMIT 20000", (model_id,)).fetchall()
    scale = default_int8_scale(dim)
    if sample:
        scale = fitted_int8_scale(truncate_dim(unpack_full([row[3] for row in sample]), dim))
    create(conn, dim, vector_type, scale)
    put_setting(conn, "model_id", model_id)
    settings = VectorSettings(dim, vector_type, scale, model_id)
    cursor = conn.execute(source, (model_id,))
    written = 0
    while batch := cursor.fetchmany(5000):
        rows = [(cid, kind, date) for cid, kind, date, _ in batch]
        insert(conn, settings, rows, unpack_full([row[3] for row in batch]))
        written += len(batch)
    return written


def rebuild_from_cache(conn: sqlite3.Connection, dim: int, vtype: str, model: str | None) -> int:
    """Rebuild at another dim / type from the cached full vectors; refuses when any chunk
    lacks one (nothing is changed then), and an empty index just gets the new table."""
    missing = conn.execute(
        "SELECT count(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM embeddings e "
        "WHERE e.content_hash = c.content_hash AND e.model_id = ?)",
        (model,),
    ).fetchone()[0]
    if missing or model is None:
        if not conn.execute("SELECT 1 FROM chunks LIMIT 1").fetchone():
            create(conn, dim, vtype, default_int8_scale(dim))
            return 0
        raise StoreError(
            f"{missing} chunks have no stored vector for model {model!r}; "
            "run `assistant index` to embed them (nothing was changed)."
        )
    return rebuild(conn, dim, vtype, model)


def create_first(conn: sqlite3.Connection, dim: int, vector_type: str) -> None:
    """Create the vec0 table; a file from schema 1 (no vec0 yet) is filled from its cache."""
    models = [row[0] for row in conn.execute("SELECT DISTINCT model_id FROM embeddings LIMIT 2")]
    if len(models) == 1:
        rebuild(conn, dim, vector_type, models[0])
    else:
        create(conn, dim, vector_type, default_int8_scale(dim))
