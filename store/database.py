"""The index file for another data owner: its own tables, its own numbered migrations.

The store owns documents, chunks, FTS text and vectors, numbered by `PRAGMA user_version`
(store/schema.py). Some data that is not the store's belongs in the same file all the same:
the assistant's saved conversations keep snapshots of their sources, and one file holds
everything of a person's. Such an owner defines its tables and their migrations itself and
applies them with `open_database(path, owner, migrations)`; each owner's version is a row of
`_migrations`, so every history is numbered on its own (simonw/llm keeps one history per
plugin the same way) and the store's own schema never learns about the others.

A `Database` hands the owner connections configured exactly like the store's (WAL, busy
timeout, sqlite-vec), one per thread, retries a held lock, and turns SQLite failures into
`StoreError`s, so a save and a running sync share the file as two writers of the store do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import sqlean as sqlite3

from store.connection import (
    ConnectionPool,
    private_parent,
    read_snapshot,
    with_retry,
    write_transaction,
)
from store.errors import StoreError, guarded, rebuild_advice

T = TypeVar("T")
Migration = Callable[[sqlite3.Connection], None]

_VERSIONS = (
    "CREATE TABLE IF NOT EXISTS _migrations (owner TEXT PRIMARY KEY, version INTEGER NOT NULL) "
    "WITHOUT ROWID"
)


class Database:
    """A thread-safe handle on the index file for tables the store does not own."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self._pool = ConnectionPool(self.db_path)

    @guarded
    def write(self, action: Callable[[sqlite3.Connection], T]) -> T:
        """Run `action` in one IMMEDIATE transaction, retried while another writer holds on."""
        conn = self._pool.get()

        def attempt() -> T:
            with write_transaction(conn):
                return action(conn)

        return with_retry(attempt)

    @guarded
    def read(self, action: Callable[[sqlite3.Connection], T]) -> T:
        """Run `action` in one read transaction (a consistent snapshot of the file)."""
        conn = self._pool.get()

        def attempt() -> T:
            with read_snapshot(conn):
                return action(conn)

        return with_retry(attempt)

    @guarded
    def migrate(self, owner: str, migrations: Sequence[Migration]) -> int:
        """Bring `owner`'s tables to the latest of its `migrations`; returns that version."""
        conn = self._pool.get()
        return with_retry(lambda: apply_migrations(conn, owner, migrations, self.db_path))

    def close(self) -> None:
        """Close every thread's connection."""
        self._pool.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_database(db_path: Path, owner: str, migrations: Sequence[Migration]) -> Database:
    """Open the index file (created 0600 in a 0700 folder if new) with `owner`'s tables
    migrated to the latest version."""
    private_parent(Path(db_path))
    database = Database(db_path)
    try:
        database.migrate(owner, migrations)
    except BaseException:
        database.close()
        raise
    return database


def owner_version(conn: sqlite3.Connection, owner: str) -> int:
    """The version of `owner`'s tables recorded in the file (0: none applied yet)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_migrations'").fetchone():
        return 0
    row = conn.execute("SELECT version FROM _migrations WHERE owner = ?", (owner,)).fetchone()
    return int(row[0]) if row else 0


def apply_migrations(
    conn: sqlite3.Connection,
    owner: str,
    migrations: Sequence[Migration],
    db_path: Path = Path("index"),
) -> int:
    """Apply `owner`'s migrations above its recorded version, each in its own transaction
    together with the version bump (a failing step leaves the previous version; two
    processes opening at once migrate once). Never edit a released migration: append one."""
    latest = len(migrations)
    if owner_version(conn, owner) > latest:
        raise StoreError(
            f"The {owner} tables in {db_path} were written by a newer version of the assistant "
            f"({owner} version {owner_version(conn, owner)}, this one knows {latest}).",
            "Upgrade, or " + rebuild_advice(db_path),
        )
    while (current := owner_version(conn, owner)) < latest:
        with write_transaction(conn):
            if owner_version(conn, owner) != current:  # another process migrated meanwhile
                continue
            migrations[current](conn)
            conn.execute(_VERSIONS)
            conn.execute(
                "INSERT INTO _migrations (owner, version) VALUES (?, ?) "
                "ON CONFLICT (owner) DO UPDATE SET version = excluded.version",
                (owner, current + 1),
            )
    return latest
