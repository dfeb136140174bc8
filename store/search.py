"""One search, end to end: the model check, filters, both retrievers, fusion and the hits.

Kept apart from the retrievers (store/retrievers.py) so the order of operations reads top to
bottom, and so the whole search runs in one read transaction: the indexer may commit between
our statements, and a hit must never name a chunk that a concurrent replace has just removed.
Ordering by date ("last time") is the caller's: it needs to know which hits are about the
same thing, which only the question can say (assistant.ask.retrieval.reorder).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import sqlean as sqlite3

from identity import Locator
from store import vector_table
from store.connection import read_snapshot
from store.records import Hit, SearchFilters, SearchMode, ThreadPlace
from store.retrievers import allowed_chunk_ids, fts_ranked, fuse, vector_ranked
from store.threads import json_list


def candidate_depth(k: int) -> int:
    """How deep each retriever looks: fusion needs more than k from each to be worth it."""
    return max(3 * k, 30)


def search(
    conn: sqlite3.Connection,
    query_vector: np.ndarray | None,
    query_text: str,
    k: int,
    filters: SearchFilters,
    mode: SearchMode,
    text_weight: float = 1.0,
    model_id: str | None = None,
) -> list[Hit]:
    """Ranked hits for a query; see `Index.search` for the contract."""
    if k <= 0:
        return []
    depth = candidate_depth(k)
    with read_snapshot(conn):
        if query_vector is not None and model_id is not None:
            vector_table.require_model(conn, model_id)
        allowed = allowed_chunk_ids(conn, filters) if filters.needs_documents else None
        if allowed is not None and not allowed:
            return []
        vector_hits: list[tuple[int, float]] = []
        text_hits: list[tuple[int, float]] = []
        if mode is not SearchMode.FTS and query_vector is not None:
            vector_hits = vector_ranked(conn, query_vector, depth, filters, allowed)
        if mode is not SearchMode.VECTOR and query_text.strip():
            text_hits = fts_ranked(
                conn, query_text, depth, filters, enough=k, any_terms=mode is SearchMode.FTS
            )
        fused = fuse(
            [cid for cid, _ in vector_hits],
            [cid for cid, _ in text_hits],
            weights=(1.0, text_weight),
        )
        return _hydrate(conn, list(fused)[:k], fused, vector_hits, text_hits)


_HIT_SQL = """
SELECT c.id, d.id, d.source_path, d.kind, d.title, c.title, d.sender, d.recipients,
       d.date_text, d.message_id, d.thread_id, c.text, c.ordinal, c.page, c.char_start, c.char_end,
       d.file_path, d.locator_kind, d.locator,
       d.thread_key, d.thread_position, d.thread_size, d.forwarded, d.date_source, c.ocr,
       (SELECT s.title FROM documents s
        WHERE s.thread_key = d.thread_key AND s.thread_position = 1 LIMIT 1)
FROM chunks c JOIN documents d ON d.id = c.document_id
WHERE c.id IN (SELECT value FROM json_each(:ids))
"""


def _hydrate(
    conn: sqlite3.Connection,
    pool: Sequence[int],
    fused: dict[int, float],
    vector_hits: list[tuple[int, float]],
    text_hits: list[tuple[int, float]],
) -> list[Hit]:
    """Hits for `pool`, in pool order, with every score that explains the ranking."""
    vec = {cid: (rank, dist) for rank, (cid, dist) in enumerate(vector_hits, start=1)}
    fts = {cid: (rank, score) for rank, (cid, score) in enumerate(text_hits, start=1)}
    rows = {row[0]: row for row in conn.execute(_HIT_SQL, {"ids": json.dumps(list(pool))})}
    return [_hit(rows[cid], fused[cid], vec.get(cid), fts.get(cid)) for cid in pool]


def _hit(
    row: tuple, score: float, vec: tuple[int, float] | None, fts: tuple[int, float] | None
) -> Hit:
    (cid, doc_id, path, kind, title, chunk_title, sender, recipients, date_text,
     message_id, thread_id, text, ordinal, page, char_start, char_end,
     file_path, locator_kind, locator,
     thread_key, thread_position, thread_size, forwarded, date_source, ocr,
     thread_subject) = row  # fmt: skip
    return Hit(
        chunk_id=cid,
        document_id=doc_id,
        source_path=path,
        file_path=Path(file_path),
        locator=Locator.of(locator_kind, locator),
        kind=kind,
        title=title,
        chunk_title=chunk_title,
        sender=sender,
        recipients=recipients,
        date=datetime.fromisoformat(date_text) if date_text else None,
        message_id=message_id,
        thread_id=thread_id,
        text=text,
        ordinal=ordinal,
        page=page,
        char_start=char_start,
        char_end=char_end,
        score=score,
        vector_rank=vec[0] if vec else None,
        vector_distance=vec[1] if vec else None,
        bm25_rank=fts[0] if fts else None,
        bm25=fts[1] if fts else None,
        thread=_thread_place(thread_key, thread_subject or title, thread_position, thread_size),
        forwarded_from=_forwarded_senders(forwarded),
        date_source=date_source,
        ocr=bool(ocr),
    )


def _forwarded_senders(text: str | None) -> tuple[str, ...]:
    """The senders of the originals a forward carries (the `forwarded` JSON column)."""
    return tuple(str(o[0]) for o in json_list(text) if isinstance(o, list) and o and o[0])


def _thread_place(
    key: str | None, subject: str, position: int | None, size: int | None
) -> ThreadPlace | None:
    if key is None or position is None or size is None:
        return None
    return ThreadPlace(key, subject, position, size)
