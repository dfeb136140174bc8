"""What the sync needs from an embedder and the answer path from an answer model, as types.

The sync calls three things and nothing else: the model id (cached vectors are keyed on it),
token counting (the chunker sizes chunks with it) and document embedding. Typing `Syncer`
against this protocol lets the session hand it an `Embedder` wrapped in the indexing gate, and
tests hand it a fake, without a cast.

The answer path (assistant.ask.answer, the session, the CLI) likewise needs five things of an
answer model: its settings (the context budget), its id, `load`, token counting and streaming.
The local `Generator` (a GGUF run by llama.cpp here) and the `ServerGenerator` (a llama.cpp
server on the LAN) both are one, so nothing above them knows which backend answers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.config import GeneratorConfig
from assistant.runtime.embedder import DocumentText
from assistant.runtime.prefill import PrefillReport


class DocumentEmbedder(Protocol):
    """Something that embeds documents for the index."""

    @property
    def model_id(self) -> str: ...

    def count_tokens(self, prompt: str) -> int: ...

    def embed_documents(
        self, items: Sequence[DocumentText], *, truncate: bool = False
    ) -> np.ndarray: ...


class QueryEmbedder(Protocol):
    """What retrieval needs to embed a question: an `Embedder`, or the server's
    `IdleCoreQueries` around one."""

    @property
    def model_id(self) -> str: ...

    def embed_query(self, query: str, dim: int | None = None) -> np.ndarray: ...


@dataclass(frozen=True)
class Message:
    role: str  # "system" | "user" | "assistant"
    content: str


class AnswerModel(Protocol):
    """Something that streams answers: the local `Generator` or the `ServerGenerator`."""

    @property
    def settings(self) -> GeneratorConfig: ...

    @property
    def model_id(self) -> str: ...

    def load(self) -> None: ...

    def count_tokens(self, text: str) -> int: ...

    def stream(
        self,
        messages: list[Message],
        cancel: threading.Event | None = None,
        on_prefill: PrefillReport | None = None,
    ) -> Iterator[str]: ...
