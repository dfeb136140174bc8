"""The chunker with EmbeddingGemma's own tokenizer: the bounds hold for the real token counts.

Only the vocabulary is loaded (no weights), which takes about a second. A missing model file
is a failure with the fix in the message, never a skip.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_helpers import NOTES

import ingest
from ingest.documents import Metadata, Section, make_document

MODEL = Path.home() / ".cache" / "assistant" / "models" / "embeddinggemma-300m-Q8_0.gguf"


@pytest.fixture(scope="module")
def gemma_count() -> Callable[[str], int]:
    if not MODEL.is_file():
        pytest.fail(f"{MODEL} is missing: run `make setup` (or `assistant models setup`) first.")
    from llama_cpp import Llama

    vocab = Llama(model_path=str(MODEL), vocab_only=True, verbose=False)
    return lambda text: len(vocab.tokenize(text.encode("utf-8"), add_bos=False))


def mixed_text(seed: int) -> str:
    rng = random.Random(seed)
    german = (NOTES / "haus-renovierung.md").read_text(encoding="utf-8").split("---")[-1]
    chinese = (NOTES / "装修笔记.md").read_text(encoding="utf-8")
    blocks = [german, chinese] * 15
    rng.shuffle(blocks)
    return "\n\n".join(blocks)


@pytest.mark.models
def test_chunks_fit_the_real_tokenizer(gemma_count: Callable[[str], int]) -> None:
    text = mixed_text(1)
    document = make_document(
        "/n.md", Metadata(kind="note", title="Haus"), [Section("", text, text, None)]
    )
    for target, limit in ((300, 1000), (120, 150)):
        chunks = ingest.chunk(document, gemma_count, target_tokens=target, max_tokens=limit)
        assert len(chunks) > 3
        for chunk in chunks:
            assert chunk.token_count == gemma_count(chunk.text)
            assert chunk.token_count <= limit
        mean = sum(c.token_count for c in chunks) / len(chunks)
        assert target * 0.5 <= mean <= target * 1.6, mean


@pytest.mark.models
def test_real_notes_chunk_with_the_real_tokenizer(gemma_count: Callable[[str], int]) -> None:
    for path in NOTES.iterdir():
        for document in ingest.read(path).documents:
            chunks = ingest.chunk(document, gemma_count)
            assert chunks
            assert all(0 < c.token_count <= 1000 for c in chunks)
