"""While an answer is prepared the turn says what is happening, with ticking seconds; Ctrl+O
gives a question its evidence alone, or stops a running answer and keeps its sources.

Fast: FakeEmbedders, and a slow fake answer model that reports a prefill and then waits for
the test to let it write (a test-only stand-in, never an answer for a user).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from assistant.ask.answer import EVIDENCE_ONLY
from assistant.config import GeneratorConfig, load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.session import Session
from tests.fakes import FakeEmbedder
from tests.tui.tui_helpers import settle, wait_until
from tui.app import AssistantApp
from tui.widgets.evidence import EvidencePanel
from tui.widgets.turn import Turn

ANSWER = "Der Schlüssel liegt unter dem Topf [1]."


class SlowGenerator:
    model_id = "slow-fake"
    settings = GeneratorConfig(context=4096, max_answer_tokens=64)

    def __init__(self) -> None:
        self.release = threading.Event()
        self.streamed = 0
        self.cancelled = False

    def load(self) -> None:
        """Nothing to load."""

    def count_tokens(self, text: str) -> int:
        return len(text)

    def stream(self, messages, cancel=None, on_prefill=None):
        self.streamed += 1
        on_prefill(0, 4000)
        on_prefill(2000, 4000)
        while not self.release.wait(0.02):
            if cancel is not None and cancel.is_set():
                self.cancelled = True
                return
        yield ANSWER


@pytest.fixture
def slow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[AssistantApp, SlowGenerator]:
    # The FakeEmbedder's vectors are random: let every question reach the answer model.
    monkeypatch.setattr("assistant.ask.retrieval.NOT_FOUND_SIMILARITY", -1.0)
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "Schlüssel.md").write_text("Der Ersatzschlüssel liegt unter dem Blumentopf.\n")
    (folder / "钥匙.md").write_text("备用钥匙在花盆下面。\n")
    env = {"ASSISTANT_HOME": str(tmp_path / "home"), "ASSISTANT_MODELS": str(tmp_path / "none")}
    config = load_config(env)
    add_root(config, folder)
    with open_index(config) as index:
        assert run_sync(config, index, FakeEmbedder()).documents_indexed == 2
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=FakeEmbedder())
    generator = SlowGenerator()
    session.generator, session.generator_ready = generator, True  # type: ignore[assignment]
    app = AssistantApp(config, session, watch=False, background=False)
    yield app, generator
    generator.release.set()  # never leave a worker waiting


def stage_text(turn: Turn) -> str:
    return str(turn.query_one(".stage", Static).render())


async def type_question(app: AssistantApp, pilot, question: str) -> None:
    box = app.main_screen.query_one("#question", Input)
    box.value = question
    box.focus()
    await pilot.pause()


async def test_the_turn_shows_the_stages_and_ticking_seconds_until_the_answer(slow) -> None:
    app, generator = slow
    async with app.run_test(size=(100, 30)) as pilot:
        await type_question(app, pilot, "Wo liegt der Schlüssel?")
        await pilot.press("enter")
        turn = app.main_screen.turns[-1]
        await wait_until(pilot, lambda: "… 50% · " in stage_text(turn), "prefill")
        assert stage_text(turn).startswith("reading 2 sources (")
        assert stage_text(turn).endswith(" · Ctrl+O: evidence only"), "the key, while waiting"
        await wait_until(pilot, lambda: "· 1 s ·" in stage_text(turn), "a second ticked")
        assert turn.answer_text == "" and generator.streamed == 1
        generator.release.set()
        await settle(app, pilot)
        assert turn.answer_text == ANSWER
        assert not turn.query_one(".stage", Static).display, "the stage line gives way"


async def test_the_reading_stage_names_the_sources_and_their_tokens(slow) -> None:
    app, generator = slow
    seen: list[str] = []
    original = Turn.show_stage

    def record(self: Turn, stage) -> None:
        original(self, stage)
        seen.append(stage_text(self))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Turn, "show_stage", record)
        async with app.run_test(size=(100, 30)) as pilot:
            await type_question(app, pilot, "备用钥匙在哪里?")
            await pilot.press("enter")
            turn = app.main_screen.turns[-1]
            await wait_until(pilot, lambda: "50%" in stage_text(turn), "prefill")
            generator.release.set()
            await settle(app, pilot)
    reading = [s for s in seen if s.startswith("reading 2 sources (")]
    assert reading and " tokens)… · 0 s · Ctrl+O" in reading[0], seen
    assert seen[0] == "searching… · 0 s"


async def test_ctrl_o_gives_the_typed_question_its_evidence_without_the_model(slow) -> None:
    app, generator = slow
    async with app.run_test(size=(100, 30)) as pilot:
        await type_question(app, pilot, "Wo liegt der Schlüssel?")
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        turn = app.main_screen.turns[-1]
        assert generator.streamed == 0, "the answer model was not asked"
        assert turn.answer_text == EVIDENCE_ONLY and len(turn.sources) == 2
        assert app.main_screen.query_one(EvidencePanel).hits == turn.sources
        assert str(turn.query_one(".meta", Static).render()) == "evidence only"
        assert app.main_screen.query_one("#question", Input).value == ""


async def test_ctrl_o_stops_a_running_answer_and_keeps_its_evidence(slow) -> None:
    app, generator = slow
    async with app.run_test(size=(100, 30)) as pilot:
        await type_question(app, pilot, "Wo liegt der Schlüssel?")
        await pilot.press("enter")
        turn = app.main_screen.turns[-1]
        await wait_until(pilot, lambda: "50%" in stage_text(turn), "prefill")
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert generator.cancelled, "the running answer was stopped"
        assert turn.answer_text == EVIDENCE_ONLY and len(turn.sources) == 2
        assert str(turn.query_one(".meta", Static).render()) == "evidence only · answer stopped"


async def test_ctrl_o_with_nothing_to_do_says_how_to_use_it(slow) -> None:
    app, generator = slow
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert not app.main_screen.turns and generator.streamed == 0
        assert any("Ctrl+O" in str(n.message) for n in app._notifications)


async def test_ctrl_o_is_bound_and_listed_in_f1_help(slow) -> None:
    from textual.widgets import Markdown

    from tui.screens.help import HelpScreen

    app, _ = slow
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "ctrl+o" in app.active_bindings, "the key is bound while asking"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "| Ctrl+O | evidence only" in str(app.screen.query_one(Markdown).source)
