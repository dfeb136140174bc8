"""Helpers for the store tests: a stand-in embedder and tiny deterministic documents."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from store import ChunkRecord, DocumentRecord, Index

MODEL = "test-model"


def chunk_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def embed(text: str, dim: int = 768) -> np.ndarray:
    """A stand-in embedder: a fixed random vector per text (same text, same vector)."""
    seed = int(chunk_hash(text), 16) % 2**32
    return np.random.default_rng(seed).standard_normal(dim).astype(np.float32)


def make_doc(path: str, kind: str = "note", **fields: object) -> DocumentRecord:
    fields.setdefault("title", Path(path).stem)
    fields.setdefault("date", datetime(2024, 5, 1, tzinfo=UTC))
    return DocumentRecord(source_path=path, kind=kind, **fields)  # type: ignore[arg-type]


def make_chunks(texts: list[str], title: str = "") -> list[ChunkRecord]:
    return [
        ChunkRecord(ordinal=i, text=t, title=title, content_hash=chunk_hash(t), char_end=len(t))
        for i, t in enumerate(texts)
    ]


def add(index: Index, path: str, texts: list[str], kind: str = "note", **fields: object) -> int:
    """Index a document whose chunk vectors come from `embed`."""
    chunks = make_chunks(texts)
    vectors = {c.content_hash: embed(c.text) for c in chunks}
    return index.replace_document(make_doc(path, kind, **fields), chunks, vectors, MODEL)


def table_count(index: Index, table: str) -> int:
    conn = index._pool.get()
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def write_thread(index: Index, thread_key: str, source_paths: list[str]) -> None:
    """Thread the documents at `source_paths` in that order, as threading would store them.

    A stand-in for the threading step (which fills these columns after a sync) so search and
    retrieval tests can state a thread's shape directly: each member replies to the one before.
    """
    conn = index._pool.get()
    with conn:
        ids = [
            conn.execute("SELECT id FROM documents WHERE source_path = ?", (p,)).fetchone()[0]
            for p in source_paths
        ]
        for position, (doc_id, parent) in enumerate(
            zip(ids, [None, *ids[:-1]], strict=True), start=1
        ):
            conn.execute(
                "UPDATE documents SET thread_key = ?, thread_parent = ?, thread_position = ?, "
                "thread_size = ? WHERE id = ?",
                (thread_key, parent, position, len(ids), doc_id),
            )
