"""Migration 5: an index written by schema 4 gets its identity and failure columns, rows kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import MODEL, embed

from identity import FailureKind, Locator, LocatorKind
from store import Index, failure_of, key_of, schema
from store.connection import connect
from store.fts import index_text
from store.vectors import pack_full

DUPLICATE = "duplicate of /m/box.mbox#msg:x@y (same Message-ID)"
DOCUMENTS = [  # id, key, kind, title, status, reason, message id: as schema 4 stored them
    (1, "/n/a#msg:b/Boden.md", "note", "Boden", "ok", None, None),
    (2, "/m/box.mbox#msg:x@y", "mail", "Angebot Dielen", "ok", None, "x@y"),
    (3, "/m/box.mbox#msg:#1", "mail", "", "failed", DUPLICATE, "x@y"),
    (4, "/p/secret.pdf", "pdf", "", "failed", "encrypted", None),
    (5, "/n/locked", "note", "", "failed", "cannot list folder: Permission denied", None),
]
CHUNKS = {1: "Die Dielen im Flur sind neu verlegt.", 2: "Ein Angebot für Eichendielen."}


def schema_4_file(path: Path) -> None:
    """A file as schema 4 left it, with documents, chunks, FTS rows and cached vectors."""
    conn = connect(path)
    schema.migrate(conn, target=4)
    conn.executemany(
        "INSERT INTO documents (id, source_path, kind, title, status, reason, message_id, "
        "indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
        DOCUMENTS,
    )
    for doc_id, text in CHUNKS.items():
        conn.execute(
            "INSERT INTO chunks (id, document_id, ordinal, text, char_start, char_end, "
            "token_count, content_hash) VALUES (?, ?, 0, ?, 0, ?, 8, ?)",
            (doc_id, doc_id, text, len(text), f"h{doc_id}"),
        )
        conn.execute(
            "INSERT INTO chunks_fts (rowid, title, text) VALUES (?, '', ?)",
            (doc_id, index_text(text)),
        )
        conn.execute(
            "INSERT INTO embeddings (content_hash, model_id, vector) VALUES (?, ?, ?)",
            (f"h{doc_id}", MODEL, pack_full(embed(text))),
        )
    conn.close()


def test_schema_4_rows_get_file_locator_duplicate_and_failure_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    schema_4_file(path)
    with Index.open(path) as index:
        assert index.stats()["schema_version"] == schema.LATEST
        rows = {row["id"]: row for row in index.documents(status=None)}
        assert [rows[i]["source_path"] for i in sorted(rows)] == [d[1] for d in DOCUMENTS]
        assert [(str(key_of(rows[i]).file_path), key_of(rows[i]).locator) for i in (1, 2, 3)] == [
            ("/n/a#msg:b/Boden.md", None),  # a note is never split, whatever its folder
            ("/m/box.mbox", Locator(LocatorKind.MESSAGE_ID, "x@y")),
            ("/m/box.mbox", Locator(LocatorKind.MESSAGE_NUMBER, "1")),
        ]
        assert rows[3]["duplicate_of"] == "/m/box.mbox#msg:x@y"
        kinds = [failure_of(rows[i]).kind for i in (3, 4, 5)]  # type: ignore[union-attr]
        assert kinds == [FailureKind.DUPLICATE, FailureKind.ENCRYPTED, FailureKind.CANNOT_LIST]
        assert failure_of(rows[1]) is None and rows[1]["duplicate_of"] is None
        assert rows[4]["reason"] == "encrypted" and rows[4]["status"] == "failed"
        (hit,) = index.search(None, "eichendielen", mode="fts")
        assert hit.key == key_of(rows[2]) and hit.file_path == Path("/m/box.mbox")
        assert index.search(embed(CHUNKS[1]), "", k=1, mode="vector")[0].document_id == 1
        assert [r["source_path"] for r in index.documents_of_file("/m/box.mbox")] == [
            "/m/box.mbox#msg:#1",
            "/m/box.mbox#msg:x@y",
        ]
        assert index.integrity_check() == []


def test_a_failing_migration_5_leaves_schema_4(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite"
    schema_4_file(path)
    real = schema.MIGRATIONS[4]

    def broken(conn) -> None:
        real(conn)
        raise RuntimeError("disk full after the back-fill")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS[:4], broken])
    with pytest.raises(RuntimeError, match="back-fill"):
        Index.open(path)
    conn = connect(path)
    assert schema.version(conn) == 4
    columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
    assert "file_path" not in columns and "duplicate_of" not in columns
    conn.close()
