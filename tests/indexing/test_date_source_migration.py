"""Migration 7 on an index built before notes had a date source: documents kept, dates filled.

The schema-6 index is made the way the old code left it: undated notes had NULL dates and
there was no date_source column. After the migration the next sync reads those notes again
and dates them (heading, mtime) without embedding a single chunk again.
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from store import Index, schema
from store.connection import connect
from tests.fakes import FakeEmbedder

MTIME = datetime(2024, 11, 5, 8, 0, tzinfo=UTC).timestamp()
NOTES = {
    "boden.md": "---\ndate: 2023-03-14\n---\n# Boden\n\nDielen im Flur neu verlegt.\n",
    "zahnarzt.md": "# Zahnarzt – zuletzt am 14. Januar 2025\n\nKontrolle, alles gut.\n",
    "wlan.md": "# WLAN\n\nRouter im Flurschrank.\n",
    "饺子.md": "## 饺子馅 2022年1月29日\n\n猪肉白菜。\n",
}


def _as_schema_6(db_path: Path) -> None:
    """What the previous version stored: no column, no date for notes without front matter
    (and so another content hash, which covers the date)."""
    conn = connect(db_path)
    conn.execute(
        "UPDATE documents SET date = NULL, date_text = NULL, content_hash = 'old' "
        "WHERE date_source != 'front matter'"
    )
    conn.execute("ALTER TABLE documents DROP COLUMN date_source")
    conn.execute("ALTER TABLE chunks DROP COLUMN ocr")  # migration 8's
    conn.execute("PRAGMA user_version = 6")
    conn.close()


def _rows(config: Config) -> dict[str, dict]:
    with open_index(config) as index:
        return {Path(str(r["source_path"])).name: r for r in index.documents()}


def test_an_index_without_date_source_gets_it_and_keeps_its_documents(
    config: Config, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    for name, text in NOTES.items():
        (root / name).write_text(text, encoding="utf-8")
        os.utime(root / name, (MTIME, MTIME))
    add_root(config, root)
    embedder = FakeEmbedder()
    with open_index(config) as index:
        run_sync(config, index, embedder)
        db_path = index.db_path
        chunks_before = index.stats()["chunks"]
    _as_schema_6(db_path)

    migrated = _rows(config)
    assert set(migrated) == set(NOTES), "no document is lost"
    assert migrated["boden.md"]["date_source"] == "front matter"
    assert migrated["boden.md"]["size"] > 0, "a dated note needs no second read"
    assert {migrated[n]["size"] for n in ("zahnarzt.md", "wlan.md", "饺子.md")} == {-1}

    embedder.embedded.clear()
    with open_index(config) as index:
        assert index.stats()["schema_version"] == schema.LATEST
        run_sync(config, index, embedder)
        assert index.stats()["chunks"] == chunks_before
    assert embedder.embedded == [], "dating the notes embeds nothing again"
    after = _rows(config)
    assert (after["zahnarzt.md"]["date_source"], after["zahnarzt.md"]["date"]) == (
        "title",
        int(datetime(2025, 1, 14, tzinfo=UTC).timestamp()),
    )
    assert after["饺子.md"]["date_source"] == "heading"
    assert (after["wlan.md"]["date_source"], after["wlan.md"]["date"]) == ("modified", int(MTIME))
    assert after["boden.md"]["date_source"] == "front matter"


def _schema_6_file(path: Path) -> None:
    conn = connect(path)
    schema.migrate(conn, target=6)
    conn.executemany(
        "INSERT INTO documents (id, source_path, file_path, kind, title, date, size, indexed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, 100, 0)",
        [
            (1, "/n/dated.md", "/n/dated.md", "note", "Boden", 1_700_000_000),
            (2, "/n/undated.md", "/n/undated.md", "note", "WLAN", None),
            (3, "/m/a.eml", "/m/a.eml", "mail", "Re: Boiler", 1_600_000_000),
        ],
    )
    conn.close()


def test_processes_opening_a_schema_6_index_at_once_migrate_it_once(tmp_path: Path) -> None:
    """Each opener has its own connection, as separate processes do; the migration runs in
    one IMMEDIATE transaction with its version bump, so the others find it done (a second
    ALTER TABLE would fail: the column exists)."""
    path = tmp_path / "old.sqlite"
    _schema_6_file(path)
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            start.wait()
            Index.open(path).close()
        except BaseException as exc:  # reported below; a thread's exception is lost otherwise
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Index.open(path) as index:
        assert index.stats()["schema_version"] == schema.LATEST
        rows = {row["id"]: row for row in index.documents(status=None)}
    assert [rows[n]["date_source"] for n in (1, 2, 3)] == ["front matter", None, None]
    assert [rows[n]["size"] for n in (1, 2, 3)] == [100, -1, 100]


def test_a_failing_migration_7_leaves_schema_6(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite"
    _schema_6_file(path)
    real = schema.MIGRATIONS[6]

    def broken(conn: Any) -> None:
        real(conn)
        raise RuntimeError("disk full after the back-fill")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS[:6], broken])
    with pytest.raises(RuntimeError, match="back-fill"):
        Index.open(path)
    conn = connect(path)
    assert schema.version(conn) == 6
    columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
    sizes = [row[0] for row in conn.execute("SELECT size FROM documents ORDER BY id")]
    conn.close()
    assert "date_source" not in columns and sizes == [100, 100, 100]
