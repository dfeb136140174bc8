"""A program attached to a real `assistant serve` process: the app's and `assistant mcp`'s way.

The server runs the fake models (serve_support); this test process attaches as the app does
(`attach`) and must get what a session of its own with the same models gets: the same query
vectors to the bit, the same hits, the same streamed answer, a sync run by the server's
indexer; and a one-line error, never a hang, when the server dies under it.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import assistant.ask.retrieval as retrieval
from assistant.config import load_config
from assistant.errors import AssistantError
from assistant.runtime.session import Session
from assistant.serve.attached import AttachedSession, ServerGone, attach
from tests.fakes import FakeEmbedder
from tests.serve.serve_support import Server, indexed_home, wait_for

WORDS = " ".join(f"Wort{n}" for n in range(1, 41))


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """(home, env, server, attached session) with a slow fake answer model in the server."""
    # retrieval runs in this process: the fake's similarities mean nothing, always answer
    monkeypatch.setattr(retrieval, "NOT_FOUND_SIMILARITY", -1.0)
    log = tmp_path / "answers.log"
    home, env = indexed_home(tmp_path)
    env = {**env, "FAKE_ANSWER": WORDS, "FAKE_ANSWER_PAUSE": "0.02", "FAKE_ANSWER_LOG": str(log)}
    with Server(env) as server:
        session = attach(load_config(env), env)
        assert isinstance(session, AttachedSession), "the server did not attach us"
        try:
            yield home, env, server, session
        finally:
            session.close()


def own_session(env: dict[str, str]) -> Session:
    """What the app builds without a server, with the server's fake models."""
    session = Session(load_config(env))
    session.query_embedder, session.index_embedder = FakeEmbedder(), FakeEmbedder()
    session.query_ready = True
    return session


def test_query_vectors_and_hits_are_the_servers_own(served) -> None:
    _, env, server, attached = served
    assert attached.server_pid == server.process.pid
    own = own_session(env)
    try:
        for question in ("Wer hat den Boden im Flur repariert?", "谁修好了客厅的地板？"):
            theirs = attached.query_model().embed_query(question, 256)
            ours = own.query_model().embed_query(question, 256)
            assert theirs.dtype == np.float32
            assert np.array_equal(theirs, ours)  # JSON numbers carry float32 exactly
            assert [h.key for h in attached.retrieve(question, []).hits] == [
                h.key for h in own.retrieve(question, []).hits
            ]
    finally:
        own.close()
    assert attached.query_embedder is None and attached.index_embedder is None  # none loaded here


def test_the_answer_streams_from_the_servers_model(served) -> None:
    _, _, _, attached = served
    attached.load_generator()
    assert attached.generator_ready and attached.answer_model_id() == "fake-answer"
    pieces: list[str] = []
    evidence = []
    result = attached.ask(
        "Who fixed the floor?", [], evidence.append, pieces.append, threading.Event()
    )
    assert evidence and evidence[0].hits
    assert "".join(pieces).split() == WORDS.split()  # every word, in order
    assert result.model_id == "fake-answer"


def test_cancel_stops_the_servers_answer(served, tmp_path: Path) -> None:
    _, env, _, attached = served
    attached.load_generator()
    cancel = threading.Event()
    pieces: list[str] = []

    def on_text(piece: str) -> None:
        pieces.append(piece)
        if len(pieces) == 3:
            cancel.set()

    attached.ask("Who fixed the floor?", [], lambda _: None, on_text, cancel)
    assert 3 <= len(pieces) < 40
    log = Path(env["FAKE_ANSWER_LOG"])
    wait_for(lambda: log.exists() and "cancelled" in log.read_text())


def test_a_sync_is_run_by_the_servers_indexer(served, tmp_path: Path) -> None:
    _, _, _, attached = served
    before = attached.status().documents
    note = tmp_path / "notes" / "Rechnung.md"
    note.write_text("# Rechnung\n\nDie Heizung hat Herr Okafor am 3. März repariert.\n")
    progress: list[str] = []
    stats = attached.sync(None, lambda text, done=0, total=0: progress.append(text))
    assert stats.files_seen >= 1 and progress
    wait_for(lambda: attached.status().documents == before + 1)  # watcher or our sync
    hits = attached.retrieve("Heizung Okafor", []).hits
    assert any(h.file_path.name == "Rechnung.md" for h in hits)


def test_a_server_killed_mid_answer_is_one_line(served) -> None:
    _, _, server, attached = served
    attached.load_generator()
    pieces: list[str] = []

    def on_text(piece: str) -> None:
        pieces.append(piece)
        if len(pieces) == 2:
            os.kill(server.process.pid, signal.SIGKILL)

    started = time.monotonic()
    with pytest.raises(ServerGone) as failure:
        attached.ask("Who fixed the floor?", [], lambda _: None, on_text, threading.Event())
    assert "\n" not in str(failure.value) and "assistant serve" in str(failure.value)
    assert time.monotonic() - started < 30
    server.process.wait(10)
    with pytest.raises(AssistantError):  # the next question says so too, no hang
        attached.retrieve("floor", [])


def test_no_server_or_another_config_is_not_attached(tmp_path: Path) -> None:
    _, env = indexed_home(tmp_path)
    assert attach(load_config(env), env) is None  # none runs
    with Server(env):
        other = {**env, "ASSISTANT_INDEX_WATCH_DEBOUNCE_SECONDS": "7"}
        assert attach(load_config(other), other) is None  # it serves another config
        assert attach(load_config(env), {**env, "ASSISTANT_SERVER": "off"}) is None
        session = attach(load_config(env), env)
        assert session is not None
        session.close()


def test_the_servers_own_sync_is_seen_with_its_progress(tmp_path: Path) -> None:
    _, env = indexed_home(tmp_path)
    with Server({**env, "FAKE_EMBED_PAUSE": "0.3"}):
        attached = attach(load_config(env), env)
        assert attached is not None
        wait_for(lambda: attached.served_sync() is None)  # its first sync has nothing to do
        for n in range(8):
            (tmp_path / "notes" / f"Notiz{n}.md").write_text(f"# Notiz {n}\n\nDer Zähler {n}.\n")
        syncing = threading.Thread(target=attached.sync, args=(None,))
        syncing.start()
        wait_for(lambda: (attached.served_sync() or ("", 0, 0))[2] > 0)
        text, done, total = attached.served_sync() or ("", 0, 0)
        assert 0 <= done <= total and text
        syncing.join(60)
        assert attached.served_sync() is None
        attached.close()


def test_mcp_takes_the_work_back_when_the_server_goes(
    served, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.runtime.session as session_module
    from assistant.mcp.backend import Backend

    _, env, server, attached = served
    backend = Backend(load_config(env), attached)
    first = backend.search("Wer hat den Boden im Flur repariert?", 3)
    server.process.kill()
    server.process.wait(10)
    # the models it loads now are this test's fakes, as the server's were
    monkeypatch.setattr(session_module, "embedders", lambda c: (FakeEmbedder(), FakeEmbedder()))
    again = backend.search("Wer hat den Boden im Flur repariert?", 3)
    assert backend.session.server_pid == 0 and backend.session is not attached
    assert [s["key"] for s in again["sources"]] == [s["key"] for s in first["sources"]]
    backend.close()
