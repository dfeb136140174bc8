"""Embedder pieces that need no model: prompts, Matryoshka truncation, the GGUF check."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ModelError
from assistant.runtime import embedder
from assistant.runtime.embedder import (
    check_embedding_gguf,
    document_prompt,
    query_prompt,
)
from store import truncate_dim


def test_prompts_match_the_model_card() -> None:
    assert query_prompt("wer?") == "task: search result | query: wer?"
    assert document_prompt("Text", "Rechnung") == "title: Rechnung | text: Text"
    assert document_prompt("文本", None) == "title: none | text: 文本"
    assert document_prompt("t", "   ") == "title: none | text: t"


def test_truncate_slices_then_renormalises() -> None:
    rng = np.random.default_rng(0)
    full = rng.normal(size=(3, 768)).astype(np.float32)
    for dim in (768, 512, 256, 128):
        cut = truncate_dim(full, dim)
        assert cut.shape == (3, dim)
        np.testing.assert_allclose(np.linalg.norm(cut, axis=1), 1.0, rtol=1e-5)
        # Direction of the kept prefix is unchanged.
        prefix = full[:, :dim] / np.linalg.norm(full[:, :dim], axis=1, keepdims=True)
        np.testing.assert_allclose(cut, prefix, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError):
        truncate_dim(full, 300)


def test_truncate_keeps_zero_vectors_finite() -> None:
    assert np.all(np.isfinite(truncate_dim(np.zeros((1, 768)), 128)))


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ({"general.architecture": "llama"}, "not EmbeddingGemma"),
        ({"general.architecture": "gemma-embedding"}, "lacks EmbeddingGemma's dense layers"),
    ],
)
def test_unsuitable_gguf_is_refused(monkeypatch, metadata: dict, message: str) -> None:
    monkeypatch.setattr(embedder, "read_gguf_metadata", lambda _p: metadata)
    with pytest.raises(ModelError, match=message):
        check_embedding_gguf(Path("x.gguf"))


def test_not_a_gguf_is_a_model_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.gguf"
    bogus.write_bytes(b"this is not a gguf file")
    with pytest.raises(ModelError, match="not a readable GGUF"):
        check_embedding_gguf(bogus)
