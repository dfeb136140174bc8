"""Hybrid retrieval: vec0 KNN and FTS5 BM25, fused with Reciprocal Rank Fusion.

RRF needs only ranks, so it fuses a cosine distance and a BM25 score without calibrating one
against the other. Filters on `kind` and `date` run inside both scans; sender, recipient, path
and thread filters live on documents, so they are turned into the allowed chunk ids first: a
small set is scored exactly in numpy from the cached vectors, a large one is handed to vec0 as
`rowid IN (...)`.
Quantised vectors only choose candidates; the final vector order always comes from the
float vectors (the int8/binary rescoring step), so quantisation costs little recall.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import numpy as np
import sqlean as sqlite3

from store import vector_table
from store.fts import fold, match_expression
from store.records import SearchFilters
from store.vectors import cosine_distances, truncate_dim, unpack_full

# An any-term match must score at least this share of the best any-term match.
OR_RELATIVE_FLOOR = 0.4
RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of the very top ranks
# bm25 column weights: a title (heading path, subject) match says more than a body match.
# Chosen, not tuned: there are no relevance judgements to tune against yet.
TITLE_WEIGHT, TEXT_WEIGHT = 2.0, 1.0
# At or below this many allowed chunks, score them exactly in numpy from the cache (~15 us a
# chunk); above it vec0's rowid filter is cheaper (5k chunks at 100k: 47 vs 87 ms, measured).
EXACT_LIMIT = 2_000
OVERSAMPLE = {"float32": 1, "int8": 2, "binary": 8}


def _epoch(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("filter dates must be timezone-aware")
    return int(moment.timestamp())


def _document_where(filters: SearchFilters, params: dict[str, object]) -> str:
    """SQL conditions on `d` (documents) for every filter; '1' when there are none."""
    terms = ["1"]
    for i, kind in enumerate(filters.kinds):
        params[f"dk{i}"] = kind
    if filters.kinds:
        terms.append(f"d.kind IN ({', '.join(f':dk{i}' for i in range(len(filters.kinds)))})")
    if filters.date_from is not None:
        params["d_from"] = _epoch(filters.date_from)
        terms.append("d.date >= :d_from")
    if filters.date_to is not None:
        params["d_to"] = _epoch(filters.date_to)
        terms.append("d.date <= :d_to")
    if filters.sender:
        terms.append(_any_name("d.sender_folded", "d_sender", filters.sender, params))
    if filters.recipient:
        terms.append(_any_name("d.recipients_folded", "d_to", filters.recipient, params))
    if filters.path_prefix:
        params["d_prefix"] = filters.path_prefix
        terms.append("substr(d.source_path, 1, length(:d_prefix)) = :d_prefix")
    if filters.thread_keys:
        params["d_threads"] = json.dumps(list(filters.thread_keys))
        terms.append("d.thread_key IN (SELECT value FROM json_each(:d_threads))")
    if filters.document_ids:
        params["d_ids"] = json.dumps(list(filters.document_ids))
        terms.append("d.id IN (SELECT value FROM json_each(:d_ids))")
    return " AND ".join(terms)


def _any_name(column: str, name: str, wanted: str | tuple[str, ...], params: dict) -> str:
    """`column` contains one of the folded names in `wanted` (a name, or a person's names)."""
    names = [fold(n) for n in ((wanted,) if isinstance(wanted, str) else wanted) if n.strip()]
    if not names:
        return "1"
    for i, folded in enumerate(names):
        params[f"{name}{i}"] = folded
    return "(" + " OR ".join(f"instr({column}, :{name}{i}) > 0" for i in range(len(names))) + ")"


def allowed_chunk_ids(conn: sqlite3.Connection, filters: SearchFilters) -> list[int]:
    """Chunk ids whose documents pass every filter (used for the filters on documents)."""
    params: dict[str, object] = {}
    where = _document_where(filters, params)
    # CROSS JOIN keeps documents as the outer loop: the filter runs once per document and
    # chunks are found by index, instead of once per chunk (4x faster at 100k, measured).
    sql = f"SELECT c.id FROM documents d CROSS JOIN chunks c ON c.document_id = d.id WHERE {where}"
    return [row[0] for row in conn.execute(sql, params)]


def _full_vectors(
    conn: sqlite3.Connection, ids: Sequence[int], model_id: str | None
) -> tuple[list[int], np.ndarray]:
    rows = conn.execute(
        "SELECT c.id, e.vector FROM chunks c JOIN embeddings e "
        "ON e.content_hash = c.content_hash AND e.model_id = :m "
        "WHERE c.id IN (SELECT value FROM json_each(:ids))",
        {"m": model_id, "ids": json.dumps(list(ids))},
    ).fetchall()
    return [row[0] for row in rows], unpack_full([row[1] for row in rows])


def _exact(
    conn: sqlite3.Connection,
    settings: vector_table.VectorSettings,
    query_unit: np.ndarray,
    ids: Sequence[int],
    depth: int,
) -> list[tuple[int, float]]:
    """Score candidate chunks with their cached float vectors at the index dim."""
    found, matrix = _full_vectors(conn, ids, settings.model_id)
    if not found:
        return []
    distances = cosine_distances(query_unit, truncate_dim(matrix, settings.dim))
    order = np.argsort(distances, kind="stable")[:depth]
    return [(found[i], float(distances[i])) for i in order]


def vector_ranked(
    conn: sqlite3.Connection,
    query_vector: np.ndarray,
    depth: int,
    filters: SearchFilters,
    allowed: list[int] | None,
) -> list[tuple[int, float]]:
    """(chunk_id, cosine distance) best first, at most `depth` of them."""
    settings = vector_table.load_settings(conn)
    if settings is None:
        return []
    query_unit = truncate_dim(query_vector, settings.dim)
    if allowed is not None and len(allowed) <= EXACT_LIMIT:
        return _exact(conn, settings, query_unit, allowed, depth)
    flt = vector_table.KnnFilter(
        kinds=tuple(filters.kinds),
        date_from=_epoch(filters.date_from),
        date_to=_epoch(filters.date_to),
        allowed_ids=allowed,
    )
    fetch = depth * OVERSAMPLE[settings.vector_type]
    rows = vector_table.knn(conn, settings, query_unit, fetch, flt)
    if settings.vector_type == "float32":
        return rows[:depth]
    return _exact(conn, settings, query_unit, [cid for cid, _ in rows], depth)


def fts_ranked(
    conn: sqlite3.Connection,
    query_text: str,
    depth: int,
    filters: SearchFilters,
    enough: int,
    any_terms: bool = True,
) -> list[tuple[int, float]]:
    """(chunk_id, bm25) best first: all-terms matches, then the strong any-term matches.

    Hybrid search passes `any_terms=False`: on the labeled set in tests/quality, fusing
    any-term matches cost 31 points of recall@1 on cross-lingual questions (a chunk sharing
    one word with the question outranked the right one in another language), while fusing
    only all-terms matches cost nothing (benchmarks/quality.py).

    The any-term (OR) query runs only when all-terms found fewer than `enough`: FTS5 scores
    every match, and a common word matches a large share of a big index (FTS-only p50/p95 at
    1M chunks: 23/82 ms, measured). Of its matches we keep only those scoring at least
    `OR_RELATIVE_FLOOR` of the best one: a natural question ("who repaired the floor?") has
    no document with every word, and without the floor a chunk matching only "the" would
    enter the fusion at rank 2, as strong as a real lexical match.
    """
    params: dict[str, object] = {"n": depth, "tw": TITLE_WEIGHT, "xw": TEXT_WEIGHT}
    where = _document_where(filters, params)
    joins = (
        ""
        if where == "1"
        else ("JOIN chunks c ON c.id = chunks_fts.rowid JOIN documents d ON d.id = c.document_id ")
    )
    sql = (
        f"SELECT chunks_fts.rowid, bm25(chunks_fts, :tw, :xw) AS score FROM chunks_fts {joins}"
        f"WHERE chunks_fts MATCH :expr AND {where} ORDER BY score LIMIT :n"
    )
    ranked: dict[int, float] = {}
    and_expr = match_expression(query_text, "AND")
    if and_expr is not None:
        ranked.update(conn.execute(sql, {**params, "expr": and_expr}))
    or_expr = match_expression(query_text, "OR")
    if any_terms and or_expr is not None and or_expr != and_expr and len(ranked) < enough:
        matches = conn.execute(sql, {**params, "expr": or_expr}).fetchall()
        best = matches[0][1] if matches else 0.0  # bm25 is negative: lower is better
        for cid, score in matches:
            if score <= best * OR_RELATIVE_FLOOR:
                ranked.setdefault(int(cid), float(score))
    return list(ranked.items())[:depth]


def fuse(*rankings: Sequence[int], weights: Sequence[float] | None = None) -> dict[int, float]:
    """Reciprocal Rank Fusion: sum of weight / (RRF_K + rank) over the lists a chunk is in."""
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings), strict=True):
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] = scores.get(cid, 0.0) + weight / (RRF_K + rank)
    return dict(sorted(scores.items(), key=lambda item: -item[1]))
