"""The session's own rules with fake models: syncs coalesce, questions come first, stop stops.

A `HeldEmbedder` parks the running sync at its first chunk until the test lets it go, so the
test can make requests while a sync is provably running, without sleeping.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.indexing.roots import add_root
from assistant.indexing.sync import SyncStats
from assistant.runtime.coalesce import SyncRequest
from assistant.runtime.embedder import DocumentText
from assistant.runtime.session import Session
from tests.fakes import FakeEmbedder


class HeldEmbedder(FakeEmbedder):
    """Stops at its first chunk until `release` is set (then embeds like the fake)."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__()
        self.reached, self.release = threading.Event(), threading.Event()
        self.fail = fail

    def embed_documents(self, items: Sequence[DocumentText], *, truncate: bool = False):
        self.reached.set()
        assert self.release.wait(10), "the test never released the sync"
        if self.fail:
            raise RuntimeError("the embedder broke")
        return super().embed_documents(items, truncate=truncate)


@pytest.fixture
def root(config: Config, tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.md").write_text(f"# {name}\n\nA note called {name}.\n")
    return add_root(config, folder)


def start(session: Session, done: list[SyncStats]) -> tuple[threading.Thread, list[BaseException]]:
    """A full sync on a thread of its own (as a Textual worker or the watcher runs it)."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            session.sync_changes(None, on_done=done.append)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_changes_during_a_sync_run_as_one_more_sync(config: Config, root: Path) -> None:
    held, done = HeldEmbedder(), []
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=held)
    thread, errors = start(session, done)
    assert held.reached.wait(10)
    new = [root / "d.md", root / "e.md"]
    for path in new:
        path.write_text("# new\n\nA note written during the sync.\n")
    assert session.claim_sync({new[0]}) is None, "never two syncs at once"
    session.sync_changes([new[1]], on_done=done.append)  # returns at once: merged
    assert session.syncs.pending == SyncRequest(frozenset(new))
    held.release.set()
    thread.join(10)
    assert errors == [] and not session.syncing
    assert [s.documents_indexed for s in done] == [3, 2], "the merged changes ran once, after"
    assert done[1].files_seen == 2
    session.close()


def test_everything_absorbs_the_paths_waiting_with_it(config: Config, root: Path) -> None:
    held, done = HeldEmbedder(), []
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=held)
    thread, _ = start(session, done)
    assert held.reached.wait(10)
    session.sync_changes({root / "a.md"})
    session.sync_changes(None)
    held.release.set()
    thread.join(10)
    assert len(done) == 2 and done[1].files_seen == 3, "the second sync covered every file"
    session.close()


def test_stopping_ends_the_running_sync_quietly_and_starts_no_other(
    config: Config, root: Path
) -> None:
    held, done = HeldEmbedder(), []
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=held)
    with session.answering():  # the sync waits at the gate from its first chunk
        thread, errors = start(session, done)
        session.sync_changes({root / "a.md"})
        session.stop_indexing()
        held.release.set()
        thread.join(10)
    assert errors == [] and done == [] and not session.syncing
    assert session.claim_sync(None) is None, "a stopped session starts no sync"
    session.close()


def test_a_failed_sync_frees_the_queue_and_keeps_what_waited(config: Config, root: Path) -> None:
    held = HeldEmbedder(fail=True)
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=held)
    thread, errors = start(session, [])
    assert held.reached.wait(10)
    session.sync_changes({root / "b.md"})
    held.release.set()
    thread.join(10)
    assert [type(e) for e in errors] == [RuntimeError], "the failure reaches the caller"
    assert not session.syncing
    assert session.claim_sync({root / "c.md"}) == SyncRequest(
        frozenset({root / "b.md", root / "c.md"})
    )
    session.close()


def test_a_question_holds_indexing_while_its_evidence_and_answer_are_made(
    config: Config, root: Path
) -> None:
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=FakeEmbedder())
    session.sync_changes(None)
    held, done = HeldEmbedder(), []
    held.release.set()
    session.index_embedder = held
    (root / "d.md").write_text("# d\n\nWritten just before the question.\n")
    seen: list[bool] = []
    threads: list[threading.Thread] = []

    def on_evidence(retrieval) -> None:  # type: ignore[no-untyped-def]
        threads.append(start(session, done)[0])
        seen.append(held.reached.wait(0.3))  # not reached: the sync waits at the gate
        seen.append(session.syncing)

    result = session.ask("a note called b", [], on_evidence, lambda text: None, threading.Event())
    assert result.text and seen == [False, True], "the sync waited at the gate"
    assert held.reached.wait(10), "indexing went on once the answer was done"
    threads[0].join(10)
    assert [s.documents_indexed for s in done] == [1]
    session.close()


class ThreadRecorder(FakeEmbedder):
    """Remembers the thread count each query asked for (None: the context's own)."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[int | None] = []

    def embed_query(self, query, dim=None, *, threads=None):
        self.asked.append(threads)
        return super().embed_query(query, dim)


def test_a_query_gets_every_core_only_while_nothing_else_computes(config: Config, root: Path):
    from assistant.config import thread_count
    from assistant.serve.idle_cores import IdleCoreQueries

    recorder, held, done = ThreadRecorder(), HeldEmbedder(), []
    session = Session(config, query_embedder=recorder, index_embedder=held, query_ready=True)
    queries = IdleCoreQueries(session)
    with session.answering():
        queries.embed_query("wer hat den Boden repariert?")  # alone: every core
        with session.answering():  # a second question in flight (another client)
            queries.embed_query("谁修好了地板？")
    thread, errors = start(session, done)
    assert held.reached.wait(10)
    queries.embed_query("who fixed the floor?")  # a sync runs: the context's own share
    held.release.set()
    thread.join(10)
    assert errors == []
    assert recorder.asked == [thread_count(config.embedder.threads), None, None]
    session.close()


def test_a_running_sync_shows_how_far_it_is_and_nothing_after(config: Config, root: Path) -> None:
    """`progress` is what `assistant serve` tells an attached app about its own syncs."""
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=FakeEmbedder())
    seen: list[tuple[object, tuple[str, int, int]]] = []

    def report(text: str, done: int = 0, total: int = 0) -> None:
        seen.append((session.progress, (text, done, total)))

    request = session.claim_sync(None)
    assert request is not None and session.progress is None
    session.run_syncs(request, report)
    assert seen and all(now == reported for now, reported in seen)
    assert any(total == 3 for _, (_, _, total) in seen), "counted progress over the 3 notes"
    assert session.progress is None, "no sync runs any more"
    session.close()
