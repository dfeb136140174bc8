"""Stand-ins for the models, for fast unit tests of the code around them.

`FakeEmbedder` has the Embedder's interface and counts its calls; its vectors are derived from
a hash of the text, so equal texts get equal vectors and tests can check what was embedded.
Anything about retrieval *quality* is tested with the real model in tests/integration.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.runtime.embedder import DocumentText, document_prompt, query_prompt
from store import Hit, truncate_dim

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]|\w+|[^\w\s]")


class FakeEmbedder:
    model_id = "fake-embedder"
    dim = 768
    max_tokens = 2048

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def load(self) -> None:
        """Nothing to load (the real Embedder loads its GGUF here)."""

    def count_tokens(self, text: str) -> int:
        return len(_TOKEN.findall(text)) + 2

    def _vector(self, prompt: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(prompt.encode()).digest()[:8], "little")
        return np.random.default_rng(seed).normal(size=768).astype(np.float32)

    def embed_documents(self, items: Sequence[DocumentText], *, truncate: bool = False):
        prompts = [document_prompt(i.text, i.title) for i in items]
        self.embedded += prompts
        return truncate_dim(np.stack([self._vector(p) for p in prompts]), 768)

    def embed_query(
        self, query: str, dim: int | None = None, *, threads: int | None = None
    ) -> np.ndarray:
        return truncate_dim(self._vector(query_prompt(query)), dim or self.dim)


def make_hit(text: str = "text", **fields: object) -> Hit:
    """A store Hit for tests of what is done with search results; `fields` override defaults."""
    defaults: dict[str, object] = {
        "chunk_id": 1,
        "document_id": 1,
        "source_path": "/notes/note.md",
        "kind": "note",
        "title": "Note",
        "chunk_title": "",
        "sender": "",
        "recipients": "",
        "date": None,
        "message_id": None,
        "thread_id": None,
        "ordinal": 0,
        "page": None,
        "char_start": 0,
        "char_end": len(text),
        "score": 1.0,
        "vector_distance": 0.3,
    }
    defaults["file_path"] = Path(str(fields.get("source_path", defaults["source_path"])))
    defaults["locator"] = None
    return Hit(text=text, **{**defaults, **fields})  # type: ignore[arg-type]
