"""Changing the Matryoshka dim or the vector type rebuilds vec0 from the cache, no model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from store_helpers import MODEL, add, embed

from store import Index, StoreError, vectors

TEXTS = [f"note {d} paragraph {i}" for d in range(30) for i in range(4)]


@pytest.fixture
def full(tmp_path: Path) -> Index:
    index = Index.open(tmp_path / "index.sqlite", dim=768, vector_type="float32")
    for d in range(30):
        add(index, f"/n/{d}.md", TEXTS[d * 4 : d * 4 + 4])
    return index


def _exact(query: np.ndarray, dim: int) -> list[str]:
    matrix = vectors.truncate_dim(np.stack([embed(t) for t in TEXTS]), dim)
    return [TEXTS[i] for i in np.argsort(-(matrix @ vectors.truncate_dim(query, dim)))[:10]]


@pytest.mark.parametrize(("dim", "vector_type"), [(256, "binary"), (128, "int8"), (512, "float32")])
def test_rebuild_changes_dim_and_type_without_embedding(
    full: Index, dim: int, vector_type: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = embed("note 7 paragraph 2") + embed("note 8 paragraph 1")
    assert [h.text for h in full.search(query, "", mode="vector")] == _exact(query, 768)
    assert full.rebuild_vectors(dim, vector_type, MODEL) == len(TEXTS)
    assert (full.dim, full.vector_type) == (dim, vector_type)
    assert [h.text for h in full.search(query, "", mode="vector")] == _exact(query, dim)
    assert full.integrity_check() == []
    reopened = Index.open(full.db_path, dim=768, vector_type="float32")
    assert (reopened.dim, reopened.vector_type) == (dim, vector_type)  # the file decides
    reopened.close()


def test_a_second_handle_follows_a_rebuild(full: Index) -> None:
    reader = Index.open(full.db_path)
    query = embed("note 3 paragraph 3")
    before = reader.search(query, "", k=3, mode="vector")
    full.rebuild_vectors(256, "binary")
    after = reader.search(query, "", k=3, mode="vector")
    assert before[0].text == after[0].text == "note 3 paragraph 3"
    reader.close()


def test_rebuild_refuses_when_a_vector_is_missing(full: Index) -> None:
    full._pool.get().execute("DELETE FROM embeddings WHERE id = 5")
    with pytest.raises(StoreError, match="1 chunks have no stored vector"):
        full.rebuild_vectors(256, "binary", MODEL)
    assert (full.dim, full.vector_type) == (768, "float32")
    assert len(full.search(embed("note 0 paragraph 0"), "", k=200, mode="vector")) == len(TEXTS)


def test_rebuild_rejects_bad_settings(full: Index) -> None:
    with pytest.raises(ValueError):
        full.rebuild_vectors(100, "binary")  # not a multiple of 8
    with pytest.raises(ValueError):
        full.rebuild_vectors(256, "float64")
