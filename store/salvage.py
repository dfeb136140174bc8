"""Reading what is still readable out of a damaged index, and who else has it open.

`assistant rebuild` moves a damaged index aside and builds a fresh one; data that cannot be
rebuilt from the files (saved conversations) is copied over first. The damaged file is read
through SQLite only, on a read-only connection of its own, table by table and, when a whole
table cannot be read, row by row: a broken page then costs the rows on it, not the table.

Before anything is moved, `holders` (store/holders.py) lists the other processes that have
the file open, so a rebuild never pulls the file from under a running `watch` or app.
"""

from __future__ import annotations

from pathlib import Path

import sqlean as sqlite3

from store.errors import StoreError
from store.holders import holders

__all__ = ["holders", "readable_rows"]

MAX_ROW_PROBES = 200_000  # a row-by-row pass stops here: enough for any person's conversations


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; `immutable` when the WAL cannot be read (no -shm, read-only)."""
    for options in ("mode=ro", "mode=ro&immutable=1"):
        conn = sqlite3.connect(f"file:{path}?{options}", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.DatabaseError:
            conn.close()
    raise StoreError(f"{path} cannot be read at all.")


def _whole(conn: sqlite3.Connection, table: str, columns: str) -> list[tuple]:
    return conn.execute(f"SELECT {columns} FROM {table}").fetchall()


def _one_by_one(conn: sqlite3.Connection, table: str, columns: str, key: str) -> list[tuple]:
    """Rows read one key at a time; unreadable ones are skipped."""
    try:
        top = conn.execute(f"SELECT max({key}) FROM {table}").fetchone()[0] or 0
    except sqlite3.DatabaseError:
        return []
    rows = []
    for value in range(1, min(int(top), MAX_ROW_PROBES) + 1):
        try:
            rows += conn.execute(f"SELECT {columns} FROM {table} WHERE {key} = ?", (value,))
        except sqlite3.DatabaseError:
            continue
    return rows


def readable_rows(path: Path, tables: dict[str, tuple[str, str]]) -> dict[str, list[tuple]]:
    """For each `table: (columns, integer key)`, the rows SQLite can still read from `path`
    ([] for a table that is missing or unreadable)."""
    conn = _open_read_only(path)
    try:
        found: dict[str, list[tuple]] = {}
        for table, (columns, key) in tables.items():
            try:
                found[table] = _whole(conn, table, columns)
            except sqlite3.DatabaseError:
                found[table] = _one_by_one(conn, table, columns, key)
        return found
    finally:
        conn.close()
