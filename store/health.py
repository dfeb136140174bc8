"""What `assistant doctor` asks of the store: does this SQLite binding do what the index needs?

The doctor owns the report (findings, wording, fixes); the store owns the facts it reports
on: which binding it connects with, that sqlite-vec loads into it, and that FTS5 splits words
with the tokenizer the index is created with. Keeping those here means nothing outside the
store needs its connection or schema modules.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import sqlite_vec

from store import connection
from store.schema import FTS_TOKENIZER


def read_only_index(db_path: Path) -> bool:
    """True when the index can be opened only read-only (immutable): its folder cannot be
    written and no -wal / -shm exist. Search works; indexing and saving do not."""
    return connection.read_only_folder(db_path)


def sqlite_binding() -> ModuleType:
    """The sqlite3 module the store really connects with (sqlean-py, not the stdlib's)."""
    return connection.sqlite3


def sqlite_vec_version(binding: ModuleType | None = None) -> str | None:
    """The sqlite-vec version loaded into a fresh in-memory connection, or None when the
    binding was built without extension loading (then no index can be opened)."""
    sqlite = binding or sqlite_binding()
    conn = sqlite.connect(":memory:")
    try:
        if not hasattr(conn, "enable_load_extension"):
            return None
        conn.enable_load_extension(True)
        sqlite_vec.load(conn)
        return str(conn.execute("SELECT vec_version()").fetchone()[0])
    finally:
        conn.close()


def fts_tokenizer_works(binding: ModuleType | None = None) -> bool:
    """True when FTS5 with the index's tokenizer finds a German word in a German sentence;
    raises the binding's `Error` when FTS5 or the tokenizer is missing."""
    sqlite = binding or sqlite_binding()
    conn = sqlite.connect(":memory:")
    try:
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{FTS_TOKENIZER}')")
        conn.execute("INSERT INTO t VALUES ('Der Fußboden wurde repariert')")
        return bool(conn.execute("SELECT count(*) FROM t WHERE t MATCH 'repariert'").fetchone()[0])
    finally:
        conn.close()
