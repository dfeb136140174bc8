"""Numbered schema migrations keyed on `PRAGMA user_version`, and the settings table.

Each migration runs in its own IMMEDIATE transaction together with the version bump, so a
crash or a failing step leaves the file at the previous version, never half-migrated; two
processes opening an old file at once migrate it once. Never edit a released migration: append
a new one. The vec0 table is not part of the history: it is derived data, (re)built from the
cached full vectors whenever the configured dim or vector type changes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sqlean as sqlite3

from identity import legacy
from store.connection import write_transaction
from store.fts import fold, index_text
from store.vectors import pack_full

# How chunks_fts splits words; `assistant doctor` checks this binding's FTS5 supports it.
FTS_TOKENIZER = "unicode61 remove_diacritics 2"

_V1_TABLES = """
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    source_path TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('note', 'mail', 'pdf')),
    title TEXT NOT NULL DEFAULT '',
    sender TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '',
    date INTEGER,            -- unix seconds (UTC); filters and recency compare this
    date_text TEXT,          -- ISO 8601 with the original UTC offset, for display
    size INTEGER NOT NULL DEFAULT 0,
    mtime REAL NOT NULL DEFAULT 0,
    content_hash TEXT NOT NULL DEFAULT '',
    message_id TEXT,
    thread_id TEXT,
    status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'failed')),
    reason TEXT,
    indexed_at REAL NOT NULL
);
CREATE INDEX documents_by_date ON documents (date);
CREATE INDEX documents_by_thread ON documents (thread_id) WHERE thread_id IS NOT NULL;
CREATE INDEX documents_by_message ON documents (message_id) WHERE message_id IS NOT NULL;
CREATE TABLE chunks (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    page INTEGER,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    token_count INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    UNIQUE (document_id, ordinal)
);
CREATE INDEX chunks_by_hash ON chunks (content_hash);
CREATE TABLE embeddings (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL,
    model_id TEXT NOT NULL,
    vector BLOB NOT NULL,
    UNIQUE (content_hash, model_id)
);
"""


def _v1_base_tables(conn: sqlite3.Connection) -> None:
    """Documents, chunks and the embedding cache (then stored as float32)."""
    for statement in _V1_TABLES.split(";\n"):  # no executescript: it would COMMIT
        if statement.strip():
            conn.execute(statement)


def _v2_full_text(conn: sqlite3.Connection) -> None:
    """FTS5 over chunk titles and text, with the CJK bigram rewrite; backfilled from chunks."""
    conn.execute(
        "CREATE VIRTUAL TABLE chunks_fts USING fts5(title, text, content='', "
        f"contentless_delete=1, tokenize='{FTS_TOKENIZER}')"
    )
    rows = conn.execute("SELECT id, title, text FROM chunks").fetchall()
    conn.executemany(
        "INSERT INTO chunks_fts (rowid, title, text) VALUES (?, ?, ?)",
        ((cid, index_text(title), index_text(text)) for cid, title, text in rows),
    )


def _v3_half_precision_cache(conn: sqlite3.Connection) -> None:
    """Store cached full vectors as unit-length float16: half the bytes, rankings unchanged."""
    rows = conn.execute("SELECT id, vector FROM embeddings").fetchall()
    conn.executemany(
        "UPDATE embeddings SET vector = ? WHERE id = ?",
        ((pack_full(np.frombuffer(blob, dtype=np.float32)), row_id) for row_id, blob in rows),
    )


def _v4_folded_sender(conn: sqlite3.Connection) -> None:
    """A case-folded copy of the sender, so sender filters run in C, not a Python UDF.

    Measured at 100k chunks: the filter spent 60-80 ms calling casefold() once per row.
    """
    conn.execute("ALTER TABLE documents ADD COLUMN sender_folded TEXT NOT NULL DEFAULT ''")
    rows = conn.execute("SELECT id, sender FROM documents WHERE sender != ''").fetchall()
    conn.executemany(
        "UPDATE documents SET sender_folded = ? WHERE id = ?",
        ((fold(sender), row_id) for row_id, sender in rows),
    )


_V5_COLUMNS = (
    "file_path TEXT NOT NULL DEFAULT ''",  # the file on disk
    "locator_kind TEXT",  # with `locator`: the message inside the file, NULL for a whole file
    "locator TEXT",
    "duplicate_of TEXT",  # the key (source_path) of the document this row repeats
    "failure_kind TEXT",  # why a failed row has no text; `reason` keeps the sentence
)


def _v5_document_identity(conn: sqlite3.Connection) -> None:
    """File path, locator, duplicate-of and failure kind as columns instead of strings that
    code split back out of `source_path` and `reason`; existing rows are back-filled."""
    for column in _V5_COLUMNS:
        conn.execute(f"ALTER TABLE documents ADD COLUMN {column}")
    rows = conn.execute("SELECT id, source_path, kind, status, reason FROM documents").fetchall()
    conn.executemany(
        "UPDATE documents SET file_path = ?, locator_kind = ?, locator = ?, duplicate_of = ?, "
        "failure_kind = ? WHERE id = ?",
        (_v5_values(*row) for row in rows),
    )
    conn.execute("CREATE INDEX documents_by_file ON documents (file_path)")


def _v5_values(row_id: int, key: str, kind: str, status: str, reason: str | None) -> tuple:
    file_path, locator = legacy.split_key(key, kind)
    failed = status == "failed"
    failure = legacy.failure_kind(reason or "") if failed else None
    duplicate_of = legacy.duplicate_of(reason or "") if failed else None
    return (
        file_path,
        locator.kind.value if locator else None,
        locator.value if locator else None,
        duplicate_of,
        failure.value if failure else None,
        row_id,
    )


_V6_COLUMNS = (
    "in_reply_to TEXT",  # the parent the In-Reply-To header names
    "refs TEXT NOT NULL DEFAULT '[]'",  # JSON list: the References chain, oldest first
    "subject_key TEXT NOT NULL DEFAULT ''",  # subject without Re:/AW:/Fwd:, folded
    "reply_origin TEXT",  # JSON {sender, date, subject}: the message a reply quotes
    "forwarded TEXT NOT NULL DEFAULT '[]'",  # JSON list of the originals a forward carries
    "recipients_folded TEXT NOT NULL DEFAULT ''",  # for "what did I send to Ina"
    "fingerprint TEXT",  # the same message by content, whatever its Message-ID
    "thread_key TEXT",  # the thread, once threading has run (store.threads)
    "thread_parent INTEGER",  # the document this one replies to, when it is indexed
    "thread_position INTEGER",  # 1-based, in thread order (parents before replies, by date)
    "thread_size INTEGER",
)


def _v6_threads(conn: sqlite3.Connection) -> None:
    """Columns for threads, forwards, recipients and content duplicates of mail.

    Mail rows get the racy size (see assistant.indexing.stamps), so the next sync reads
    their files again and fills the new columns; their chunks hash as before, so no chunk is
    embedded again.
    """
    for column in _V6_COLUMNS:
        conn.execute(f"ALTER TABLE documents ADD COLUMN {column}")
    rows = conn.execute("SELECT id, recipients FROM documents WHERE recipients != ''").fetchall()
    conn.executemany(
        "UPDATE documents SET recipients_folded = ? WHERE id = ?",
        ((fold(recipients), row_id) for row_id, recipients in rows),
    )
    conn.execute("CREATE INDEX documents_by_thread_key ON documents (thread_key, thread_position)")
    conn.execute(
        "CREATE INDEX documents_by_fingerprint ON documents (fingerprint) "
        "WHERE fingerprint IS NOT NULL"
    )
    conn.execute("UPDATE documents SET size = -1 WHERE kind = 'mail'")


def _v7_date_source(conn: sqlite3.Connection) -> None:
    """Where a note's date came from (ingest.note_dates), so an mtime is shown as one.

    Dated notes could only have had their date from front matter (or an Org #+DATE line), so
    they are back-filled with that. Undated notes may state a date in their title or first
    heading, and all have an mtime; both need the file, so they get the racy size (see
    assistant.indexing.stamps): the next sync reads them again, their chunks hash as before
    and no chunk is embedded again. The statements run inside `migrate`'s IMMEDIATE
    transaction with the version bump, so two processes opening the old file migrate it once.
    """
    conn.execute("ALTER TABLE documents ADD COLUMN date_source TEXT")
    conn.execute(
        "UPDATE documents SET date_source = 'front matter' "
        "WHERE kind = 'note' AND status = 'ok' AND date IS NOT NULL"
    )
    conn.execute(
        "UPDATE documents SET size = -1 WHERE kind = 'note' AND status = 'ok' AND date IS NULL"
    )


_V1_KIND_CHECK = "CHECK (kind IN ('note', 'mail', 'pdf'))"
_V8_KIND_CHECK = "CHECK (kind IN ('note', 'mail', 'pdf', 'image'))"


def _v8_scans(conn: sqlite3.Connection) -> None:
    """Image documents, and which chunks OCR read (ingest.ocr), so evidence can say so.

    SQLite cannot alter a CHECK constraint, and rebuilding `documents` would cascade into its
    chunks; widening the list of kinds does not change how any row is stored, so the table's
    schema text is edited in place, the way sqlite.org's ALTER TABLE page describes (with the
    schema version bumped, so every other connection reloads it). The files OCR can now read
    are marked to be read again by the sync (`reread_when_changed`, on the first OCR setting).
    """
    schema_version = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute(
            "UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?",
            (_V1_KIND_CHECK, _V8_KIND_CHECK, "documents"),
        )
        conn.execute(f"PRAGMA schema_version = {schema_version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    conn.execute("ALTER TABLE chunks ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_base_tables,
    _v2_full_text,
    _v3_half_precision_cache,
    _v4_folded_sender,
    _v5_document_identity,
    _v6_threads,
    _v7_date_source,
    _v8_scans,
]
LATEST = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the file (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> int:
    """Apply every migration above the file's version up to `target`; returns the new version."""
    if version(conn) > LATEST:
        raise RuntimeError("newer schema")
    while (current := version(conn)) < target:
        with write_transaction(conn):
            if version(conn) != current:  # another process migrated meanwhile
                continue
            MIGRATIONS[current](conn)
            conn.execute(f"PRAGMA user_version = {current + 1}")
    return version(conn)


def get_setting(conn: sqlite3.Connection, key: str) -> str | None:
    """One value from the settings table."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def put_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Insert or overwrite one setting (inside the caller's transaction)."""
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
