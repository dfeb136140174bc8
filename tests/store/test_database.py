"""Other data owners' tables in the index file: their own numbered migrations, the store's
connections and errors (store.open_database)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlean as sqlite3

from store import Index, StoreError, StoreLocked, open_database


def _notes_v1(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")


def _notes_v2(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0")


def _tags_v1(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE tags (name TEXT PRIMARY KEY)")


def _owners(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(str(db))
    try:
        return dict(conn.execute("SELECT owner, version FROM _migrations"))
    finally:
        conn.close()


def test_each_owner_numbers_its_own_history_beside_the_store(tmp_path: Path) -> None:
    db = tmp_path / "home" / "index.sqlite"
    with Index.open(db) as index:
        store_version = index.stats()["schema_version"]
    with open_database(db, "notes", [_notes_v1]) as notes:
        notes.write(lambda c: c.execute("INSERT INTO notes (text) VALUES ('kept')"))
    with open_database(db, "tags", [_tags_v1]):
        pass
    with open_database(db, "notes", [_notes_v1, _notes_v2]) as notes:
        rows = notes.read(lambda c: c.execute("SELECT text, pinned FROM notes").fetchall())
    assert rows == [("kept", 0)]
    assert _owners(db) == {"notes": 2, "tags": 1}
    with Index.open(db) as index:
        assert index.stats()["schema_version"] == store_version
        assert index.integrity_check() == []
    assert (db.stat().st_mode & 0o777, db.parent.stat().st_mode & 0o777) == (0o600, 0o700)


def test_a_failing_step_leaves_the_previous_version(tmp_path: Path) -> None:
    db = tmp_path / "index.sqlite"
    open_database(db, "notes", [_notes_v1]).close()

    def broken(conn: sqlite3.Connection) -> None:
        _notes_v2(conn)
        raise RuntimeError("halfway")

    with pytest.raises(RuntimeError, match="halfway"):
        open_database(db, "notes", [_notes_v1, broken])
    assert _owners(db) == {"notes": 1}
    with open_database(db, "notes", [_notes_v1, _notes_v2]) as notes:
        assert notes.read(lambda c: c.execute("SELECT pinned FROM notes").fetchall()) == []


def test_a_newer_history_is_refused_and_sqlite_errors_become_store_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "index.sqlite"
    open_database(db, "notes", [_notes_v1, _notes_v2]).close()
    with pytest.raises(StoreError, match="newer version"):
        open_database(db, "notes", [_notes_v1])
    with open_database(db, "notes", [_notes_v1, _notes_v2]) as notes:
        with pytest.raises(StoreError, match="could not be used"):
            notes.read(lambda c: c.execute("SELECT * FROM missing").fetchall())
        monkeypatch.setattr("store.connection.RETRY_SECONDS", 0.0)
        notes.read(lambda c: c.execute("PRAGMA busy_timeout = 0"))  # this thread's connection
        other = sqlite3.connect(str(db), isolation_level=None, timeout=0)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreLocked):
                notes.write(lambda c: c.execute("INSERT INTO notes (text) VALUES ('x')"))
        finally:
            other.execute("ROLLBACK")
            other.close()
