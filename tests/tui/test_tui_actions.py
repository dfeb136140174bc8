"""Keys, the command palette, themes, stopping an answer and the in-app folder watcher."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Static

from assistant.config import load_config
from assistant.runtime.generator import Message
from assistant.runtime.server_generator import ServerGenerator
from assistant.runtime.session import Session
from assistant.server_url import parse_server_url
from tests.support import SMALL_GENERATOR
from tests.tui.tui_helpers import ask, settle, wait_until
from tui.app import DARK, LIGHT, AssistantApp
from tui.screens.folders import FoldersScreen
from tui.screens.help import HelpScreen
from tui.widgets.evidence import EvidencePanel
from tui.widgets.turn import Turn

pytestmark = pytest.mark.models
MAIN_ACTIONS = ["New conversation", "Conversations", "Folders", "Failed files", "Sync now"]


async def test_f1_opens_help_and_esc_closes_it(app: AssistantApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "command palette" in str(app.screen.query_one("Markdown").source)
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def test_command_palette_lists_and_runs_the_main_actions(app: AssistantApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        commands = app.screen.query_one(CommandList)

        def prompts() -> str:
            return " ".join(str(commands.get_option_at_index(i).prompt) for i in range(
                commands.option_count))  # fmt: skip

        await wait_until(pilot, lambda: all(a in prompts() for a in MAIN_ACTIONS), "commands")
        await pilot.press(*"folders")
        await wait_until(pilot, lambda: "Folders" in prompts() and commands.option_count < 4, "hit")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, FoldersScreen), "folders screen")


async def test_ctrl_t_switches_to_the_light_theme_and_back(app: AssistantApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == DARK
        dark_background = app.main_screen.styles.background
        await pilot.press("ctrl+t")
        assert app.theme == LIGHT
        assert app.main_screen.styles.background != dark_background
        assert app.main_screen.styles.background.brightness > 0.5
        await pilot.press("ctrl+t")
        assert app.theme == DARK


@pytest.mark.parametrize("backend", ["local", "server"])
async def test_esc_stops_the_answer_within_a_token(
    app: AssistantApp,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    backend: str,
    request: pytest.FixtureRequest,
) -> None:
    """The first streamed piece is held until Esc was pressed; nothing after it may come, and
    the turn ends within a second of Esc. With the server backend (a real llama_cpp.server on
    127.0.0.1) the status line names the served model and its host."""
    if backend == "server":
        server = request.getfixturevalue("answer_server")
        session.generator = ServerGenerator(parse_server_url(server.url), server.settings())
    first_piece, released = threading.Event(), threading.Event()
    pieces: list[str] = []
    real_answer = session.answer

    def answer_held_after_one_piece(retrieval, history, on_text, cancel, *stages):  # type: ignore[no-untyped-def]
        def held(piece: str) -> None:
            pieces.append(piece)
            on_text(piece)
            first_piece.set()
            released.wait(30)

        return real_answer(retrieval, history, held, cancel, *stages)

    monkeypatch.setattr(session, "answer", answer_held_after_one_piece)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.main_screen.query_one("#question").value = "Who fixed the floor last time?"
        await pilot.press("enter")
        await wait_until(pilot, first_piece.is_set, "the first piece of the answer")
        await pilot.press("escape")
        pressed = time.monotonic()
        released.set()
        turn = app.main_screen.query_one(Turn)
        await wait_until(pilot, lambda: turn.finished, "the stopped turn")
        stopped = time.monotonic() - pressed
        await settle(app, pilot)
        assert turn.stopped and stopped < 1.0, f"{stopped:.2f} s"
        assert str(turn.query_one(".meta", Static).render()).startswith("stopped")
        assert len(pieces) == 1, "no piece was generated after Esc"
        models = str(app.main_screen.query_one("#models", Static).render())
        if backend == "server":
            assert models == f"answers: {server.model_path.stem} @ 127.0.0.1"


def test_cancel_stops_the_prefill_itself(models) -> None:  # type: ignore[no-untyped-def]
    """With cancel set, llama.cpp abandons the prompt: it is not evaluated, not just unread."""
    generator = models[2]
    prompt = "A prompt that was never evaluated before, about pelicans. " * 20
    cancel = threading.Event()
    cancel.set()
    assert list(generator.stream([Message("user", prompt)], cancel)) == []
    evaluated = generator._model().n_tokens
    assert evaluated < generator.count_tokens(prompt) / 2, "the prefill ran to its end"
    assert list(generator.stream([Message("user", "Say yes.")])), "the model still answers"


async def test_watcher_indexes_a_file_dropped_into_a_watched_folder(
    home: Path, models, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    config = load_config(
        {
            "ASSISTANT_HOME": str(home),
            "ASSISTANT_GENERATOR_MODEL": SMALL_GENERATOR,
            "ASSISTANT_INDEX_WATCH_DEBOUNCE_SECONDS": "0.2",
        }
    )
    session = Session(config, query_embedder=models[0], index_embedder=models[1])
    session.generator = models[2]
    app = AssistantApp(config, session, watch=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "watch: 1 folder" in str(app.main_screen.query_one("#watcher", Static).render())
        before = app.last_status.documents
        root = Path(app.last_status.roots[0])
        (root / "notes" / "bees.md").write_text(
            "# Bees\n\nThe beekeeper Ottilie Brandauer checks the hives every May.\n"
        )
        await wait_until(
            pilot, lambda: app.last_status.documents == before + 1, "the watcher's sync"
        )
        await ask(app, pilot, "Who checks the bee hives?")
        hits = app.main_screen.query_one(EvidencePanel).hits
        assert hits[0].source_path.endswith("bees.md")
    session.close()
