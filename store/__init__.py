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
from store.index import DEFAULT_DIM, DEFAULT_VECTOR_TYPE, Index
from store.records import ChunkRecord, DocumentRecord, Hit, SearchFilters, SearchMode

__all__ = [
    "DEFAULT_DIM",
    "DEFAULT_VECTOR_TYPE",
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
]
