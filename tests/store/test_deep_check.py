"""The deep check finds values changed behind SQLite's back; a sound index passes it."""

from __future__ import annotations

import numpy as np
import pytest

from store import Index, vector_table
from tests.store.store_helpers import add, chunk_hash


def text_hash(title: str, text: str) -> str:
    return chunk_hash(text)  # how store_helpers hashes a chunk


def filled(index: Index) -> Index:
    for i in range(6):
        add(index, f"/n/{i}.md", [f"the boiler key number {i} hangs by the door", f"fuse {i}"])
    return index


def sql(index: Index, statement: str, *args: object) -> None:
    index._pool.get().execute(statement, args)


def test_a_sound_index_passes(index: Index) -> None:
    assert filled(index).integrity_check(text_hash) == []


def test_a_changed_chunk_text_is_found_by_its_hash_and_its_words(index: Index) -> None:
    filled(index)
    sql(index, "UPDATE chunks SET text = 'the boiler kez' WHERE id = 1")
    assert index.integrity_check() == []  # the pages are sound
    problems = index.integrity_check(text_hash)
    assert "1 chunks whose text no longer matches its content hash (ids 1)" in problems
    assert "1 FTS rows that no longer match their chunk's words (ids 1)" in problems


def test_a_damaged_cached_vector_is_found(index: Index) -> None:
    filled(index)
    blob = index._pool.get().execute("SELECT vector FROM embeddings WHERE id = 2").fetchone()[0]
    doubled = (np.frombuffer(blob, np.float16) * 2).astype(np.float16).tobytes()
    sql(index, "UPDATE embeddings SET vector = ? WHERE id = 2", doubled)
    sql(index, "UPDATE embeddings SET vector = ? WHERE id = 3", b"short")
    problems = index.integrity_check(text_hash)
    assert any(p.startswith("2 cached vectors that are damaged") for p in problems), problems


@pytest.mark.parametrize("vector_type", ["float32", "int8", "binary"])
def test_a_searchable_vector_off_its_cached_copy_is_found(tmp_path, vector_type: str) -> None:
    with Index.open(tmp_path / "i.sqlite", dim=256, vector_type=vector_type) as index:
        filled(index)
        assert index.integrity_check(text_hash) == []
        settings = index.settings
        conn = index._pool.get()
        vector_table.delete(conn, [4])
        rng = np.random.default_rng(4)
        other = rng.standard_normal((1, 768)).astype(np.float32)
        other /= np.linalg.norm(other)
        vector_table.insert(conn, settings, [(4, "note", 0)], other)
        problems = index.integrity_check(text_hash)
        assert problems == ["1 searchable vectors that differ from their cached vector (ids 4)"]
