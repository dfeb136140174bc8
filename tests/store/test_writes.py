"""Replace, delete and failures: one transaction each, no orphans, no repeated embeddings."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import MODEL, add, chunk_hash, embed, make_chunks, make_doc, table_count

from identity import DocumentKey, FailureKind, Locator, LocatorKind, ReadFailure
from store import Index, ModelMismatch, listing

TABLES = ("documents", "chunks", "chunks_fts_docsize", "chunk_vectors", "embeddings")


def counts(index: Index) -> dict[str, int]:
    return {table: table_count(index, table) for table in TABLES}


def test_replace_swaps_every_row_and_keeps_the_document_id(index: Index) -> None:
    first = add(index, "/n/a.md", ["alpha one", "alpha two", "alpha three"])
    second = add(index, "/n/a.md", ["beta only"])
    assert first == second
    assert counts(index) == {
        "documents": 1,
        "chunks": 1,
        "chunks_fts_docsize": 1,
        "chunk_vectors": 1,
        "embeddings": 4,  # the cache keeps the old vectors for renames until pruned
    }
    assert index.search(None, "alpha", mode="fts") == []
    assert [h.text for h in index.search(None, "beta", mode="fts")] == ["beta only"]
    assert index.integrity_check() == []


def test_delete_leaves_no_rows_and_prune_empties_the_cache(index: Index) -> None:
    add(index, "/n/a.md", ["alpha one", "alpha two"])
    add(index, "/n/b.md", ["bravo"])
    assert index.delete_document("/n/a.md") is True
    assert index.delete_document("/n/a.md") is False
    assert counts(index)["chunks"] == counts(index)["chunk_vectors"] == 1
    assert index.integrity_check() == []
    assert index.prune_embeddings() == 2
    assert counts(index)["embeddings"] == 1


def test_rename_costs_zero_embeddings(index: Index) -> None:
    texts = ["the same words", "moved to a new folder"]
    add(index, "/old/x.md", texts)
    index.delete_document("/old/x.md")
    hashes = [chunk_hash(t) for t in texts]
    cached = index.cached_vectors(hashes, MODEL)
    assert set(cached) == set(hashes)  # the caller embeds nothing ...
    chunks = make_chunks(texts)
    index.replace_document(make_doc("/new/x.md"), chunks, {}, MODEL)  # ... and passes no vectors
    assert index.integrity_check() == []
    assert index.cached_vectors(hashes, "other-model") == {}


def test_cached_vectors_are_the_normalised_inputs(index: Index) -> None:
    add(index, "/n/a.md", ["vector roundtrip"])
    got = index.cached_vectors([chunk_hash("vector roundtrip")], MODEL)
    original = embed("vector roundtrip")
    original /= (original**2).sum() ** 0.5
    assert got[chunk_hash("vector roundtrip")].shape == (768,)
    assert abs(float(got[chunk_hash("vector roundtrip")] @ original) - 1) < 1e-3


def test_failed_write_changes_nothing(index: Index) -> None:
    add(index, "/n/a.md", ["kept as it was"])
    before = counts(index)
    chunks = make_chunks(["new text", "second"])
    vectors = {chunks[0].content_hash: embed("new text")}  # second vector missing
    with pytest.raises(ValueError, match="no vector"):
        index.replace_document(make_doc("/n/a.md"), chunks, vectors, MODEL)
    assert counts(index) == before
    assert [h.text for h in index.search(None, "kept", mode="fts")] == ["kept as it was"]


def test_record_failure_replaces_old_chunks_with_a_reason(index: Index) -> None:
    add(index, "/n/report.pdf", ["readable once"], kind="pdf")
    failure = ReadFailure(FailureKind.ENCRYPTED, "encrypted PDF")
    index.record_failure(DocumentKey(Path("/n/report.pdf")), "pdf", failure, size=10, mtime=2.0)
    failures = index.failures()
    assert [(f["source_path"], f["reason"], f["status"]) for f in failures] == [
        ("/n/report.pdf", "encrypted PDF", "failed")
    ]
    assert index.documents() == []
    assert counts(index)["chunks"] == 0
    assert index.integrity_check() == []


def test_mixing_models_is_refused(index: Index) -> None:
    add(index, "/n/a.md", ["first model"])
    chunks = make_chunks(["second model"])
    with pytest.raises(ModelMismatch, match="rebuild"):
        index.replace_document(make_doc("/n/b.md"), chunks, {chunks[0].content_hash: embed("x")},
                               "another-model")  # fmt: skip


def test_naive_dates_are_rejected(index: Index) -> None:
    from datetime import datetime

    chunks = make_chunks(["when"])
    with pytest.raises(ValueError, match="timezone"):
        index.replace_document(make_doc("/n/a.md", date=datetime(2024, 1, 1)), chunks,
                               {chunks[0].content_hash: embed("when")}, MODEL)  # fmt: skip


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("DELETE FROM chunks WHERE id = 1", "FTS rows without a chunk"),
        ("DELETE FROM chunks_fts WHERE rowid = 1", "missing from FTS"),
        (
            "DELETE FROM chunk_vectors WHERE rowid = 1",
            "without a vector",
        ),
        (
            "DELETE FROM embeddings WHERE id = 1",
            "cached full vector",
        ),
        ("UPDATE documents SET status = 'failed'", "chunks of failed documents"),
    ],
)
def test_integrity_check_finds_planted_damage(index: Index, sql: str, expected: str) -> None:
    add(index, "/n/a.md", ["one", "two"])
    assert index.integrity_check() == []
    conn = index._pool.get()
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(sql)
    problems = index.integrity_check()
    assert any(expected in p for p in problems), problems


def test_listings_find_a_files_messages_and_message_ids(index: Index) -> None:
    box = "/mail/box.mbox"
    add(index, "/mail/box.mbox#msg:1", ["first"], kind="mail", message_id="<a@x>",
        file_path=box, locator=Locator(LocatorKind.MESSAGE_ID, "1"))  # fmt: skip
    add(index, "/mail/box.mbox#msg:2", ["second"], kind="mail", message_id="<b@x>",
        file_path=box, locator=Locator(LocatorKind.MESSAGE_ID, "2"))  # fmt: skip
    add(index, "/mail/box.mbox.bak", ["not the same file"], kind="mail", message_id="<a@x>")
    add(index, "/mail/box.mbox", ["the file itself"], kind="mail")
    unreadable = ReadFailure(FailureKind.READER_ERROR, "unreadable")
    index.record_failure(DocumentKey(Path("/mail/other.mbox")), "mail", unreadable, 1, 1.0)
    of_file = index.documents_of_file("/mail/box.mbox")
    assert [r["source_path"] for r in of_file] == [
        "/mail/box.mbox",
        "/mail/box.mbox#msg:1",
        "/mail/box.mbox#msg:2",
    ]
    same_id = index.documents_by_message_id("<a@x>")
    assert [r["source_path"] for r in same_id] == ["/mail/box.mbox#msg:1", "/mail/box.mbox.bak"]
    assert len(index.documents()) == 4 and len(index.documents(status=None)) == 5
    assert [r["reason"] for r in index.failures()] == ["unreadable"]


def test_path_lookups_use_the_index(index: Index) -> None:
    conn = index._pool.get()
    plan = conn.execute(
        f"EXPLAIN QUERY PLAN SELECT id FROM documents WHERE {listing.OF_FILE}", ("a",)
    ).fetchall()
    assert "SCAN documents" not in " ".join(str(row[3]) for row in plan)
    plan = conn.execute(
        f"EXPLAIN QUERY PLAN SELECT id FROM documents WHERE {listing.BELOW}", ("a", "a/", "b")
    ).fetchall()
    assert "SCAN documents" not in " ".join(str(row[3]) for row in plan)
