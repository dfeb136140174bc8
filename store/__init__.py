"""The index: one SQLite file with documents, chunks, FTS5 text and sqlite-vec vectors.

It receives records and numpy vectors and answers searches; it knows nothing of file formats
or models, and never imports the UI (nor anything of the assistant). Everything other packages
use is exported here: `Index` for the store's own data, `open_database` for another owner's
tables in the same file (with their own numbered migrations), the checks `assistant doctor`
runs, and the `StoreError` family whose messages say what to do.
"""

from store.database import Database, Migration, open_database
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
from store.folder_counts import FolderCounts
from store.health import (
    fts_tokenizer_works,
    read_only_index,
    sqlite_binding,
    sqlite_vec_version,
)
from store.index import DEFAULT_VECTOR_TYPE, Index
from store.listing import failure_of, key_of
from store.records import (
    ChunkRecord,
    DocumentRecord,
    Hit,
    SearchFilters,
    SearchMode,
    ThreadPlace,
)
from store.salvage import holders, readable_rows
from store.schema import FTS_TOKENIZER
from store.vectors import FULL_DIM, MRL_DIMS, VECTOR_TYPES, truncate_dim

__all__ = [
    "DEFAULT_VECTOR_TYPE",
    "FTS_TOKENIZER",
    "FULL_DIM",
    "MRL_DIMS",
    "VECTOR_TYPES",
    "ChunkRecord",
    "Database",
    "DocumentRecord",
    "FolderCounts",
    "Hit",
    "Index",
    "Migration",
    "ModelMismatch",
    "SearchFilters",
    "SearchMode",
    "StoreCorrupt",
    "StoreError",
    "StoreFull",
    "StoreLocked",
    "StoreReadOnly",
    "ThreadPlace",
    "failure_of",
    "fts_tokenizer_works",
    "holders",
    "key_of",
    "open_database",
    "quarantine",
    "read_only_index",
    "readable_rows",
    "rebuild_advice",
    "sqlite_binding",
    "sqlite_vec_version",
    "truncate_dim",
]
