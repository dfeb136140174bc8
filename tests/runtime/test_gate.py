"""Questions first: the gate holds the indexer between chunks, and a stopped gate ends it."""

from __future__ import annotations

import threading

import pytest

from assistant.runtime.embedder import DocumentText
from assistant.runtime.gate import GatedEmbedder, IndexingGate, IndexingStopped
from tests.fakes import FakeEmbedder

HELD = 0.3  # how long a held indexer is watched for not finishing (an upper bound, no timing)


class Indexer:
    """One gated embed call on a thread of its own; `done` is set when it returned."""

    def __init__(self, gate: IndexingGate) -> None:
        self.inner = FakeEmbedder()
        self.done = threading.Event()
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._embed, args=(GatedEmbedder(self.inner, gate),))
        self._thread.start()

    def _embed(self, embedder: GatedEmbedder) -> None:
        try:
            embedder.embed_documents([DocumentText("a chunk")])
        except BaseException as exc:
            self.error = exc
        self.done.set()

    def join(self) -> None:
        assert self.done.wait(10), "the indexer never got through"
        self._thread.join()


def test_an_open_gate_lets_the_indexer_through() -> None:
    indexer = Indexer(IndexingGate())
    indexer.join()
    assert indexer.error is None and len(indexer.inner.embedded) == 1


def test_a_question_holds_indexing_until_it_ends() -> None:
    gate = IndexingGate()
    with gate.question():
        indexer = Indexer(gate)
        assert not indexer.done.wait(HELD), "the indexer ran during the question"
        assert indexer.inner.embedded == []
    indexer.join()
    assert indexer.error is None and len(indexer.inner.embedded) == 1


def test_nested_questions_hold_indexing_until_the_last_one_ends() -> None:
    gate = IndexingGate()
    with gate.question():
        with gate.question():
            indexer = Indexer(gate)
        assert not indexer.done.wait(HELD), "released while a question was still open"
    indexer.join()


def test_a_disabled_gate_never_holds_indexing() -> None:
    gate = IndexingGate(enabled=False)
    with gate.question():
        Indexer(gate).join()


def test_stopping_ends_a_held_indexer_and_every_later_one() -> None:
    gate = IndexingGate()
    with gate.question():
        held = Indexer(gate)
        gate.stop()
        held.join()
    assert isinstance(held.error, IndexingStopped) and held.inner.embedded == []
    later = Indexer(gate)
    later.join()
    assert isinstance(later.error, IndexingStopped)
    assert gate.stopped


def test_the_gated_embedder_is_the_wrapped_one_for_tokens_and_model() -> None:
    inner = FakeEmbedder()
    gated = GatedEmbedder(inner, IndexingGate())
    assert gated.model_id == inner.model_id
    assert gated.count_tokens("two words") == inner.count_tokens("two words")
    gate = IndexingGate()
    gate.stop()
    with pytest.raises(IndexingStopped):
        GatedEmbedder(inner, gate).embed_documents([DocumentText("x")])
    assert GatedEmbedder(inner, gate).count_tokens("x") == inner.count_tokens("x"), "ungated"
