"""Deleting the conversation that is open, then asking and stopping the answer (issue #14).

On main the stopped turn was saved into the deleted conversation: `IntegrityError: FOREIGN KEY
constraint failed` killed the app with a traceback. Now the app starts a new conversation when
the open one is deleted, and the turn (the answer so far) is saved in it. Fake embedder and a
fake answer model that waits for Esc: no model loads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from assistant.ask.analysis import Analysis
from assistant.ask.retrieval import Retrieval
from assistant.config import GeneratorConfig, load_config
from assistant.runtime.session import Session
from store import StoreError
from tests.fakes import FakeEmbedder, make_hit
from tests.tui.tui_helpers import settle, wait_until
from tui.app import AssistantApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.conversations import ConversationsScreen

HITS = [make_hit("Die Heizung wartet Herr Meier.", title="Heizung")]


class WaitingGenerator:
    """Says a few words, then waits (as a model thinking) until the answer is stopped."""

    model_id = "fake-generator"
    settings = GeneratorConfig(context=4096, max_answer_tokens=256)

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1

    def stream(
        self,
        messages: object,
        cancel: threading.Event | None = None,
        on_prefill: Callable[[int, int], None] | None = None,
    ) -> Iterator[str]:
        yield "Herr Meier [1]"
        assert cancel is not None
        cancel.wait(30)


def retrieval_of(question: str, history: list[str]) -> Retrieval:
    return Retrieval(Analysis(question, keywords=question), question, HITS, 0.9)


def app_for(tmp_path: Path) -> AssistantApp:
    config = load_config({"ASSISTANT_HOME": str(tmp_path / "home")})
    (tmp_path / "notes").mkdir()
    from assistant.indexing.roots import add_root

    add_root(config, tmp_path / "notes")  # a folder, so a question is searched
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=FakeEmbedder())
    session.generator, session.generator_ready = WaitingGenerator(), True  # type: ignore[assignment]
    session.retrieve = retrieval_of  # type: ignore[method-assign]
    return AssistantApp(config, session, watch=False, background=False)


async def ask_and_stop(app: AssistantApp, pilot, question: str) -> None:
    screen = app.main_screen
    screen.query_one("#question").value = question
    screen.query_one("#question").focus()
    await pilot.press("enter")
    turn = screen.turns[-1]
    await wait_until(pilot, lambda: "Herr Meier" in turn.answer_text, "the answer to begin")
    await pilot.press("escape")
    await settle(app, pilot)
    assert turn.finished and turn.stopped


async def test_deleting_the_open_chat_then_asking_and_stopping_keeps_the_answer(
    tmp_path: Path,
) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ask_and_stop(app, pilot, "Wer wartet die Heizung?")
        store = app.conversations
        [first] = store.list()
        assert app.main_screen.conversation_id == first.id
        await pilot.press("f2")
        assert isinstance(app.screen, ConversationsScreen)
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert store.list() == []
        await pilot.press("escape")  # back to the chat
        assert app.screen is app.main_screen
        await ask_and_stop(app, pilot, "谁负责暖气？")
        assert app.return_code in (None, 0), "the app must still run"
        assert app.is_running
        [second] = store.list()
        turns = store.turns(second.id)
        assert [t.question for t in turns] == ["谁负责暖气？"], "not the deleted chat's turns"
        assert "Herr Meier" in turns[0].answer


async def test_an_answer_that_cannot_be_saved_stays_and_says_so(tmp_path: Path) -> None:
    """A store error while saving (a read-only or damaged index) is a notice, not a crash."""
    app = app_for(tmp_path)

    def refuse(*args: object) -> int:
        raise StoreError("the index cannot be written (read-only folder)")

    app.conversations.create = refuse  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await ask_and_stop(app, pilot, "Wer wartet die Heizung?")
        assert app.is_running and app.return_code in (None, 0)
        notices = [n.message for n in app._notifications]
        assert any("cannot be written" in n for n in notices), notices
        assert "Herr Meier" in app.main_screen.turns[-1].answer_text


async def test_a_new_chat_while_answering_never_gets_the_old_answer(tmp_path: Path) -> None:
    """Ctrl+N (or deleting the open chat) while an answer streams: the stopped answer of the
    old chat must not land on the new chat's first turn, nor be saved as its answer."""
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        screen.query_one("#question").value = "Wer wartet die Heizung?"
        screen.query_one("#question").focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Herr Meier" in screen.turns[-1].answer_text, "answer")
        await pilot.press("ctrl+n")
        screen.query_one("#question").value = "谁负责暖气？"
        await pilot.press("enter")
        [fresh] = screen.turns
        await wait_until(pilot, lambda: "Herr Meier" in fresh.answer_text, "the new answer")
        await pilot.press("escape")
        await settle(app, pilot)
        assert fresh.question == "谁负责暖气？" and fresh.finished
        saved = [
            t.question for c in app.conversations.list() for t in app.conversations.turns(c.id)
        ]
        assert sorted(saved) == sorted(["谁负责暖气？"]), saved
