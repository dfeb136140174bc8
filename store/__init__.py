"""The index: one SQLite file with documents, chunks, FTS5 text and sqlite-vec vectors.

It receives records and numpy vectors and answers searches; it knows nothing of file formats
or models, and never imports the UI.
"""

from store.errors import (
    ModelMismatch,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreLocked,
    StoreReadOnly,
    quarantine,
    rebuild_advice,
)
from store.index import DEFAULT_VECTOR_TYPE, Index
from store.records import ChunkRecord, DocumentRecord, Hit, SearchFilters, SearchMode
from store.vectors import FULL_DIM, MRL_DIMS, VECTOR_TYPES, truncate_dim

__all__ = [
    "DEFAULT_VECTOR_TYPE",
    "FULL_DIM",
    "MRL_DIMS",
    "VECTOR_TYPES",
    "ChunkRecord",
    "DocumentRecord",
    "Hit",
    "Index",
    "ModelMismatch",
    "SearchFilters",
    "SearchMode",
    "StoreCorrupt",
    "StoreError",
    "StoreFull",
    "StoreLocked",
    "StoreReadOnly",
    "quarantine",
    "rebuild_advice",
    "truncate_dim",
]
