"""Questions first: indexing steps aside while a question is answered, and stops on exit.

On a 2-core machine an answer model and a sync's embedder cannot both run at full speed:
llama.cpp's threads spin at every barrier, so a sync running beside an answer slowed a SmolLM2
answer from well under a second to about a minute (measured in tmux, see benchmarks/tui.py).
Separate thread counts alone do not fix it. The indexer therefore waits at a gate before each
chunk it embeds while any question is in flight; the chunk already being embedded finishes
(a fraction of a second). The same gate lets the app (or `assistant watch`) stop a sync at the
next chunk when it quits, instead of the process waiting for the whole sync to finish.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from assistant.errors import AssistantError
from assistant.runtime.embedder import DocumentText
from assistant.runtime.protocols import DocumentEmbedder
from ingest import ocr_worker
from ingest.limits import ReadStopped

POLL_SECONDS = 0.25  # how often a waiting indexer checks whether it was stopped


class IndexingStopped(AssistantError, ReadStopped):
    """The session is closing: the sync stops at the next chunk or OCR page (what is
    committed stays). A ReadStopped, so a reader passes it on instead of failing the file."""


class IndexingGate:
    """Open unless a question is being answered; once stopped, never opens again."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled  # False: questions do not pause indexing (benchmark baseline)
        self._questions = 0
        self._lock = threading.Lock()
        self._open = threading.Event()
        self._open.set()
        self._stopped = threading.Event()

    @contextmanager
    def question(self) -> Iterator[None]:
        """Hold indexing back for as long as the block runs (nested questions count). An OCR
        page already being read is paused too (ingest.ocr_worker.hold): it would take both
        cores from the answer for seconds."""
        with self._lock:
            self._questions += 1
            if self.enabled:
                self._open.clear()
                if self._questions == 1:
                    ocr_worker.hold()
        try:
            yield
        finally:
            with self._lock:
                self._questions -= 1
                if self._questions == 0:
                    self._open.set()
                    if self.enabled:
                        ocr_worker.release()

    def wait(self) -> None:
        """Block the indexer while a question runs; raise once the session is closing."""
        while not self._open.wait(POLL_SECONDS):
            if self._stopped.is_set():
                break
        if self._stopped.is_set():
            raise IndexingStopped("indexing stopped: the session is closing")

    @property
    def questions(self) -> int:
        """How many questions are in flight now."""
        return self._questions

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def stop(self) -> None:
        self._stopped.set()
        self._open.set()


class GatedEmbedder:
    """An indexing embedder that passes the gate before each batch of documents.

    The sync embeds one chunk per call, so the indexer yields within one chunk. Token counting
    and the model id are the wrapped embedder's, ungated (they cost microseconds).
    """

    def __init__(self, embedder: DocumentEmbedder, gate: IndexingGate) -> None:
        self._embedder = embedder
        self._gate = gate

    @property
    def model_id(self) -> str:
        return self._embedder.model_id

    def count_tokens(self, prompt: str) -> int:
        return self._embedder.count_tokens(prompt)

    def wait_turn(self) -> None:
        """The gate, for other indexing work that should step aside (OCR between pages)."""
        self._gate.wait()

    def embed_documents(
        self, items: Sequence[DocumentText], *, truncate: bool = False
    ) -> np.ndarray:
        self._gate.wait()
        return self._embedder.embed_documents(items, truncate=truncate)
