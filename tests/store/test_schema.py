"""Migrations from older files, a newer file, and damaged files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from store_helpers import MODEL, add, embed, make_chunks, make_doc

from store import Index, SearchFilters, StoreCorrupt, StoreError, quarantine, schema
from store.connection import connect


def _schema_1_file(path: Path) -> np.ndarray:
    """A file as schema 1 left it: no FTS, float32 cached vectors, no vec0 table."""
    conn = connect(path)
    schema.migrate(conn, target=1)
    conn.execute(
        "INSERT INTO documents (id, source_path, kind, title, sender, indexed_at) "
        "VALUES (1, '/n/old.md', 'mail', 'Alte Notiz', 'Jürgen Weiß', 0)"
    )
    vector = embed("Übergrößen im Lager")
    conn.execute(
        "INSERT INTO chunks (id, document_id, ordinal, text, char_start, char_end, token_count, "
        "content_hash) VALUES (1, 1, 0, 'Übergrößen im Lager', 0, 19, 5, 'h1')"
    )
    conn.execute(
        "INSERT INTO embeddings (content_hash, model_id, vector) VALUES ('h1', ?, ?)",
        (MODEL, vector.astype(np.float32).tobytes()),
    )
    conn.close()
    return vector


def test_schema_1_file_is_migrated_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    vector = _schema_1_file(path)
    index = Index.open(path, dim=256)
    assert index.stats()["schema_version"] == schema.LATEST == 8
    assert [h.text for h in index.search(None, "übergrössen", mode="fts")] == [
        "Übergrößen im Lager"
    ]
    cached = index.cached_vectors(["h1"], MODEL)["h1"]
    assert cached.dtype == np.float32 and cached.shape == (768,)
    assert float(cached @ (vector / np.linalg.norm(vector))) == pytest.approx(1, abs=1e-3)
    conn = index._pool.get()
    assert len(conn.execute("SELECT vector FROM embeddings").fetchone()[0]) == 768 * 2  # float16
    assert index.search(vector, "", k=1, mode="vector")[0].chunk_id == 1
    by_sender = index.search(None, "lager", filters=SearchFilters(sender="WEISS"))
    assert [h.chunk_id for h in by_sender] == [1]  # the folded sender was backfilled
    assert index.integrity_check() == []
    index.close()


def test_an_old_file_takes_images_and_ocr_chunks_after_migrating(tmp_path: Path) -> None:
    """v8 widens the documents' kind CHECK in place: the old rows stay, an image can be
    written, an unknown kind is still refused, and the file checks out whole."""
    path = tmp_path / "old.sqlite"
    _schema_1_file(path)
    index = Index.open(path, dim=256)
    chunks = [replace(make_chunks(["Gesamtbetrag: 89,90 €"])[0], ocr=True)]
    vectors = {c.content_hash: embed(c.text) for c in chunks}
    index.replace_document(make_doc("/p/quittung.jpg", "image"), chunks, vectors, MODEL)
    (hit,) = index.search(None, "gesamtbetrag", mode="fts")
    assert (hit.kind, hit.ocr) == ("image", True)
    assert index.search(None, "lager", mode="fts")[0].ocr is False  # the old chunk
    conn = index._pool.get()
    with pytest.raises(Exception, match="CHECK constraint failed"):
        conn.execute("INSERT INTO documents (source_path, kind, indexed_at) VALUES ('x', 'y', 0)")
    assert index.integrity_check() == []
    index.close()
    other = Index.open(path, dim=256)  # a fresh connection reads the edited schema
    assert {row["kind"] for row in other.documents()} == {"mail", "image"}
    other.close()


def test_a_failing_migration_leaves_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite"
    _schema_1_file(path)

    def broken(conn) -> None:
        conn.execute("DELETE FROM chunks")
        raise RuntimeError("disk full halfway")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS[:2], broken])
    with pytest.raises(RuntimeError, match="halfway"):
        Index.open(path)
    conn = connect(path)
    assert schema.version(conn) == 2  # migration 2 committed, 3 rolled back whole
    assert conn.execute("SELECT count(*) FROM chunks").fetchone()[0] == 1
    conn.close()
    monkeypatch.undo()
    with Index.open(path) as index:
        assert index.integrity_check() == []


def test_a_file_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    Index.open(path).close()
    conn = connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer version"):
        Index.open(path)


def test_a_garbage_file_gives_advice_and_can_be_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"this is not sqlite at all " * 400)
    with pytest.raises(StoreCorrupt) as caught:
        Index.open(path)
    message = str(caught.value)
    assert "damaged" in message and "assistant index" in message and str(path) in message
    moved = quarantine(path)
    assert not path.exists() and moved and moved[0].exists()
    with Index.open(path) as index:
        add(index, "/n/a.md", ["fresh start"])
        assert index.integrity_check() == []


def test_a_truncated_file_never_escapes_as_a_raw_sqlite_error(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    with Index.open(path) as index:
        for i in range(60):
            add(index, f"/n/{i}.md", [f"text number {i} " * 40])
        index._pool.get().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    try:
        with Index.open(path) as index:
            index.search(embed("x"), "text number", k=5)
            problems = index.integrity_check()
            assert problems, "half a file cannot be healthy"
    except StoreError as exc:
        assert "assistant rebuild" in str(exc)
