"""Migration 7 on an index built before notes had a date source: documents kept, dates filled.

The schema-6 index is made the way the old code left it: undated notes had NULL dates and
there was no date_source column. After the migration the next sync reads those notes again
and dates them (heading, mtime) without embedding a single chunk again.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from assistant.config import Config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from store import schema
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
