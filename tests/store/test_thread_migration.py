"""Migration 6: mail rows of a schema-5 index get the threading columns and are read again."""

from __future__ import annotations

from pathlib import Path

from store import Index, schema
from store.connection import connect


def test_schema_5_mail_rows_are_marked_for_a_fresh_read_and_keep_their_text(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    conn = connect(path)
    schema.migrate(conn, target=5)
    conn.executemany(
        "INSERT INTO documents (id, source_path, file_path, kind, title, recipients, date, size, "
        "indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, 100, 0)",
        [
            (1, "/m/a.eml", "/m/a.eml", "mail", "Re: Boiler", "Ina Kaiser <ina@x.example>", 0),
            (2, "/n/b.md", "/n/b.md", "note", "Boiler", "", 1_700_000_000),  # dated: kept
        ],
    )
    conn.close()
    with Index.open(path) as index:
        assert index.stats()["schema_version"] == schema.LATEST
        rows = {row["id"]: row for row in index.documents(status=None)}
    assert rows[1]["size"] == -1 and rows[2]["size"] == 100  # only mail is read again
    assert rows[1]["refs"] == "[]" and rows[1]["thread_key"] is None
    check = connect(path)
    folded = check.execute("SELECT recipients_folded FROM documents WHERE id = 1").fetchone()[0]
    check.close()
    assert folded == "ina kaiser <ina@x.example>"
