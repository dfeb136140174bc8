"""The app attached to a real `assistant serve` process loads no model and runs no watcher.

The server (fake models, tests/serve/serve_support.py) answers the app's question, and a file
written into a watched folder is indexed by the server's watcher and shows up in the app's
status by itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.widgets import Static

import assistant.ask.retrieval as retrieval
import assistant.runtime.session as session_module
from assistant.config import load_config
from assistant.errors import ModelMissing
from assistant.runtime.generator import Generator
from assistant.serve.attached import attach
from tests.fakes import FakeEmbedder
from tests.serve.serve_support import Server, indexed_home
from tests.tui.tui_helpers import ask, settle, wait_until
from tui.app import AssistantApp
from tui.widgets.turn import Turn

WORDS = " ".join(f"Wort{n}" for n in range(1, 21))


@contextmanager
def served_app(tmp_path: Path, **env: str) -> Iterator[tuple[Server, AssistantApp]]:
    """A running server (fake models) over the sample notes, and an app attached to it."""
    _, home_env = indexed_home(tmp_path, ASSISTANT_INDEX_WATCH_DEBOUNCE_SECONDS="0.2")
    home_env = {**home_env, **env}
    with Server(home_env) as server:
        config = load_config(home_env)
        session = attach(config, home_env)
        assert session is not None, "the server did not attach the app"
        app = AssistantApp(config, session, watch=True)
        try:
            yield server, app
        finally:
            app.session.close()


async def test_the_app_uses_the_servers_models_and_watcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retrieval, "NOT_FOUND_SIMILARITY", -1.0)  # the fake's similarities
    with served_app(tmp_path, FAKE_ANSWER=WORDS) as (server, app):
        session = app.session
        async with app.run_test(size=(120, 40)) as pilot:
            await ask(app, pilot, "Wer hat den Boden im Flur repariert?")
            turn = app.main_screen.query_one(Turn)
            assert "Wort1 " in turn.answer_text and "Wort20" in turn.answer_text
            watcher = str(app.main_screen.query_one("#watcher", Static).render())
            assert f"assistant serve (pid {server.process.pid})" in watcher
            assert "fake-answer" in app.models_text
            # nothing loaded or watched here: the server's are used
            assert session.query_embedder is None and session.index_embedder is None
            assert app._watcher is None
            documents = app.last_status.documents
            (tmp_path / "notes" / "Zaehler.md").write_text(
                "# Zählerstand\n\nDer Gaszähler zeigte am 1. Dezember 4711 m³.\n"
            )
            await wait_until(
                pilot, lambda: app.last_status.documents == documents + 1, "the server's sync"
            )
            await settle(app, pilot)


async def test_when_the_server_goes_the_app_takes_the_work_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kill -9 of the server: the app loads its own models (fakes here), watches, syncs."""
    monkeypatch.setattr(retrieval, "NOT_FOUND_SIMILARITY", -1.0)
    monkeypatch.setattr(
        session_module, "embedders", lambda config: (FakeEmbedder(), FakeEmbedder())
    )

    def no_answer_model(cls, config):  # type: ignore[no-untyped-def]
        raise ModelMissing("no answer model here")

    monkeypatch.setattr(Generator, "from_config", classmethod(no_answer_model))
    with served_app(tmp_path) as (server, app):
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            server.process.kill()
            await wait_until(pilot, lambda: app.session.server_pid == 0, "the app to notice")
            await wait_until(pilot, lambda: app._watcher is not None, "its own watcher")
            await ask(app, pilot, "Wer hat den Boden im Flur repariert?")
            turn = app.main_screen.query(Turn).last()
            assert turn.sources, "answered by the app's own models"
            documents = app.last_status.documents
            (tmp_path / "notes" / "Neu.md").write_text("# Neu\n\nDie Waschmaschine ist neu.\n")
            await wait_until(
                pilot, lambda: app.last_status.documents == documents + 1, "its own sync"
            )
