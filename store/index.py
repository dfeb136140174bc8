"""`Index`: the store's one public object, a thread-safe handle on the index file.

It owns a connection per thread, runs migrations on open, wraps every write in one IMMEDIATE
transaction that is retried while another process holds the lock, and turns SQLite failures
into `StoreError`s that tell the person what to do. The work itself lives in the modules it
calls; this class only decides transactions, retries and error translation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import sqlean as sqlite3

from identity import DocumentKey, ReadFailure
from store import deep_check, erase, integrity, schema, search, stats, vector_table, writes
from store.connection import (
    ConnectionPool,
    connect,
    private_parent,
    read_snapshot,
    with_retry,
    write_transaction,
)
from store.errors import StoreError, guarded, rebuild_advice
from store.index_reads import DocumentReads
from store.records import ChunkRecord, DocumentRecord, Hit, SearchFilters, SearchMode
from store.vectors import FULL_DIM, VECTOR_TYPES, vec0_column

T = TypeVar("T")
DEFAULT_VECTOR_TYPE = VECTOR_TYPES[0]


class Index(DocumentReads):
    """The SQLite index: documents, chunks, FTS5 text and sqlite-vec vectors in one file.

    Listing documents, threads and duplicates comes from `DocumentReads` (store/index_reads.py).
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self._pool = ConnectionPool(self.db_path)

    @classmethod
    def open(
        cls, db_path: Path, dim: int = FULL_DIM, vector_type: str = DEFAULT_VECTOR_TYPE
    ) -> Index:
        """Open (creating or migrating) the index at `db_path`.

        `dim` and `vector_type` apply when the file is new; an existing file keeps its own
        (see `dim` / `vector_type`), and `rebuild_vectors` changes them without the model.
        """
        vec0_column(dim, vector_type)  # validates both before touching the disk
        index = cls(db_path)
        try:
            index._prepare(dim, vector_type)
        except BaseException:
            index.close()
            raise
        return index

    @guarded
    def _prepare(self, dim: int, vector_type: str) -> None:
        private_parent(self.db_path)
        conn = self._pool.get()
        found = with_retry(lambda: schema.version(conn))
        if found > schema.LATEST:
            raise StoreError(
                f"The index {self.db_path} was written by a newer version of the assistant "
                f"(schema {found}, this one knows {schema.LATEST}). Upgrade, or "
                + rebuild_advice(self.db_path)
            )
        with_retry(lambda: schema.migrate(conn))

        def create_vectors() -> None:
            with write_transaction(conn):
                if vector_table.load_settings(conn) is None:
                    vector_table.create_first(conn, dim, vector_type)

        with_retry(create_vectors)

    def _write(self, action: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._pool.get()

        def attempt() -> T:
            with write_transaction(conn):
                return action(conn)

        return with_retry(attempt)

    def _read(self, action: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._pool.get()

        def attempt() -> T:
            with read_snapshot(conn):
                return action(conn)

        return with_retry(attempt)

    @property
    def settings(self) -> vector_table.VectorSettings:
        """The dim, vector type, int8 scale and model id the file was built with."""
        settings = self._read(vector_table.load_settings)
        assert settings is not None
        return settings

    @property
    def dim(self) -> int:
        """The Matryoshka dim of the searchable vectors."""
        return self.settings.dim

    @property
    def vector_type(self) -> str:
        """'float32', 'int8' or 'binary'."""
        return self.settings.vector_type

    @guarded
    def replace_document(
        self,
        doc: DocumentRecord,
        chunks: list[ChunkRecord],
        vectors: Mapping[str, np.ndarray],
        model_id: str,
    ) -> int:
        """Write a document with its chunks, FTS rows and vectors in one transaction.

        `vectors` maps chunk content hashes to full (`FULL_DIM`) embeddings; hashes already
        cached for `model_id` may be left out. Returns the document id (stable across replaces).
        """
        return self._write(lambda c: writes.replace_document(c, doc, chunks, vectors, model_id))

    @guarded
    def cached_vectors(self, chunk_hashes: Iterable[str], model_id: str) -> dict[str, np.ndarray]:
        """Full vectors already stored (unit length, float32), so callers skip embedding them."""
        hashes = list(chunk_hashes)
        return self._read(lambda c: writes.cached_vectors(c, hashes, model_id))

    @guarded
    def delete_document(self, source_path: str) -> bool:
        """Remove a document and all its rows; False when it was not in the index."""
        return self._write(lambda c: writes.delete_document(c, source_path))

    @guarded
    def reread_when_changed(self, setting: str, value: str, kinds: Iterable[str]) -> int:
        """After a change of how files of `kinds` are read (OCR switched on or off, a new
        engine), mark them to be read again by the next sync; how many rows that marked."""
        kinds = tuple(kinds)
        return self._write(lambda c: writes.reread_when_changed(c, setting, value, kinds))

    @guarded
    def restamp_file(self, path: str, size: int, mtime: float) -> int:
        """Set the size and mtime of all of one file's rows at once (an mbox read to its end)."""
        return self._write(lambda c: writes.restamp_file(c, path, size, mtime))

    @guarded
    def forget(self, source_paths: Iterable[str], *, compact_next: bool = False) -> erase.Erased:
        """Erase documents and every row derived from them, cached vectors included;
        `compact_next` records that `compact` must follow (see `compaction_pending`)."""
        paths = list(source_paths)
        return self._write(lambda c: erase.erase_documents(c, paths, compact_next=compact_next))

    @guarded
    def compaction_pending(self) -> bool:
        """A forget's compaction has not succeeded yet: deleted text may be in free pages."""
        return self._read(erase.compaction_pending)

    @guarded
    def compact(self) -> bool:
        """Rewrite the file so deleted text leaves no bytes behind; see `erase.compact`."""
        conn = self._pool.get()
        return with_retry(lambda: erase.compact(conn))

    @guarded
    def record_failure(
        self,
        key: DocumentKey,
        kind: str,
        failure: ReadFailure,
        size: int,
        mtime: float,
        duplicate_of: DocumentKey | None = None,
    ) -> None:
        """Remember a file that could not be read, and why, so the UI can show it."""
        doc = writes.failure_record(key, kind, failure, size, mtime, duplicate_of)
        self._write(lambda c: writes.record_failure(c, doc))

    @guarded
    def prune_embeddings(self) -> int:
        """Drop cached vectors no chunk uses any more (call after a full sync, not during)."""
        return self._write(writes.prune_embeddings)

    @guarded
    def search(
        self,
        query_vector: np.ndarray | None,
        query_text: str,
        k: int = 10,
        filters: SearchFilters | None = None,
        mode: SearchMode | str = SearchMode.HYBRID,
        text_weight: float = 1.0,
        model_id: str | None = None,
    ) -> list[Hit]:
        """Ranked hits: vector KNN and BM25 fused with RRF, filtered, best first.

        `query_vector` is the full query embedding (truncated here) or None for text only;
        `text_weight` scales the full-text list's share of the fusion (vector's is 1).
        `model_id` names the model that embedded the query: a query from another model than
        the index was built with raises `ModelMismatch` instead of ranking at random.
        """
        conn = self._pool.get()
        flt = filters or SearchFilters()
        return with_retry(
            lambda: search.search(
                conn, query_vector, query_text, k, flt, SearchMode(mode), text_weight, model_id
            )
        )

    @guarded
    def require_model(self, model_id: str) -> None:
        """Raise `ModelMismatch` unless the index's vectors are `model_id`'s (or it has none)."""
        self._read(lambda c: vector_table.require_model(c, model_id))

    @guarded
    def rebuild_vectors(self, dim: int, vector_type: str, model_id: str | None = None) -> int:
        """Rebuild the vec0 table at another dim / type from cached vectors; no model needed."""
        if vector_type not in VECTOR_TYPES:
            raise ValueError(f"vector_type must be one of {VECTOR_TYPES}")
        vec0_column(dim, vector_type)
        model = model_id or self.settings.model_id
        return self._write(lambda c: vector_table.rebuild_from_cache(c, dim, vector_type, model))

    @guarded
    def integrity_check(self, chunk_hash: deep_check.ChunkHash | None = None) -> list[str]:
        """Every inconsistency between documents, chunks, FTS and vectors; [] when healthy.
        With `chunk_hash` (how chunk content hashes are made) also the deep check: every
        stored text and vector against its hash or second copy (store/deep_check.py).

        Runs on a fresh connection: one that has read FTS5 while another process wrote can
        report "malformed inverted index" from quick_check although the file is sound (seen
        here with SQLite 3.50.4 for every FTS5 content mode; a new connection says ok).
        """
        conn = connect(self.db_path)
        try:
            problems = with_retry(lambda: _in_snapshot(conn, integrity.check))
            if chunk_hash is None or any("sqlite:" in p for p in problems):
                return problems
            return problems + with_retry(
                lambda: _in_snapshot(conn, lambda c: deep_check.deep_check(c, chunk_hash))
            )
        finally:
            conn.close()

    @guarded
    def stats(self) -> dict[str, Any]:
        """Counts and sizes for `assistant status` and the benchmarks."""
        return self._read(lambda c: stats.collect(c, self.db_path))

    def close(self) -> None:
        """Close every thread's connection."""
        self._pool.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _in_snapshot(conn: sqlite3.Connection, action: Callable[[sqlite3.Connection], T]) -> T:
    with read_snapshot(conn):
        return action(conn)
