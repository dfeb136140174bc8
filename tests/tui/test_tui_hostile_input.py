"""The app with hostile input (issue 11 H, test 3): a query with nothing to search for, names
holding terminal escapes, and an index built by another embedding model.

Fake embedders and no answer model keep these fast; what they check is presentation: the
one-line reason instead of eight arbitrary hits, escaped names, and the mismatch refused.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Static

from assistant.ask.answer import Answer
from assistant.ask.query import NOTHING_TO_SEARCH
from assistant.config import load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.session import Session
from tests.fakes import FakeEmbedder
from tests.tui.tui_helpers import ask
from tui.app import AssistantApp
from tui.highlight import card
from tui.messages import AnswerFinished
from tui.screens.source import header_lines
from tui.widgets.evidence import EvidencePanel


class OtherModel(FakeEmbedder):
    model_id = "another-embedder"


def _app(tmp_path: Path, query_embedder: FakeEmbedder) -> AssistantApp:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "\x1b[31mkey\x1b]0;owned\x07.md").write_text("The spare key is under the pot.\n")
    env = {"ASSISTANT_HOME": str(tmp_path / "home"), "ASSISTANT_MODELS": str(tmp_path / "none")}
    config = load_config(env)
    add_root(config, folder)
    with open_index(config) as index:
        assert run_sync(config, index, FakeEmbedder()).documents_indexed == 1
    session = Session(config, query_embedder=query_embedder, index_embedder=FakeEmbedder())
    return AssistantApp(config, session, watch=False)


def _evidence(app: AssistantApp) -> list[str]:
    panel = app.main_screen.query_one(EvidencePanel)
    return [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]


@pytest.mark.parametrize("question", ["🎉🎉", "?!", "\u3000 ..."])
async def test_nothing_to_search_for_is_said_once_not_eight_hits(
    tmp_path: Path, question: str
) -> None:
    app = _app(tmp_path, FakeEmbedder())
    async with app.run_test(size=(120, 40)) as pilot:
        await ask(app, pilot, question)
        assert app.main_screen.query_one(EvidencePanel).hits == []
        assert _evidence(app) == [NOTHING_TO_SEARCH]
        assert app.main_screen.turns[-1].answer_text == NOTHING_TO_SEARCH


async def test_a_late_stopped_answer_leaves_the_newer_questions_panel_alone(
    tmp_path: Path,
) -> None:
    """An answer stopped by the next question can finish after that question's evidence is
    shown; its sources must not fill the panel of a question they do not belong to (seen in
    tmux: an emoji-only question showed the boiler note of the question before it)."""
    app = _app(tmp_path, FakeEmbedder())
    async with app.run_test(size=(120, 40)) as pilot:
        await ask(app, pilot, "where is the spare key?")
        first = app.main_screen.turns[-1]
        assert first.sources, "the first question finds the note"
        await ask(app, pilot, "🎉🎉")
        late = Answer("It is under the pot [1].", list(first.sources))
        app.main_screen.post_message(AnswerFinished(first.number, late))
        await pilot.pause()
        await pilot.pause()
        assert app.main_screen.query_one(EvidencePanel).hits == []
        assert _evidence(app) == [NOTHING_TO_SEARCH]
        refused = app.main_screen.turns[-1]
        assert "nothing close enough" not in str(refused.query_one(".meta", Static).render())


async def test_names_with_terminal_escapes_are_shown_escaped(tmp_path: Path) -> None:
    app = _app(tmp_path, FakeEmbedder())
    async with app.run_test(size=(120, 40)) as pilot:
        await ask(app, pilot, "spare key")
        [hit] = app.main_screen.query_one(EvidencePanel).hits
        assert "\x1b" in str(hit.file_path)  # the name really holds the escapes
        shown = [value for _, value in header_lines(hit)]
        shown += [str(card(1, replace(hit, title=hit.file_path.name), []))]
        shown += _evidence(app)
        assert any("\\x1b[31mkey\\x1b]0;owned\\x07" in text for text in shown), shown
        assert not any("\x1b" in text or "\x07" in text for text in shown), shown


async def test_an_index_of_another_model_is_refused_not_searched(tmp_path: Path) -> None:
    app = _app(tmp_path, OtherModel())
    async with app.run_test(size=(120, 40)) as pilot:
        await ask(app, pilot, "spare key")
        assert app.main_screen.query_one(EvidencePanel).hits == []
        turn = app.main_screen.turns[-1]
        assert turn.finished and "built with the embedding model" in turn.answer_text
        messages = [n.message for n in app._notifications]
        assert any("built with the embedding model 'fake-embedder'" in m for m in messages), (
            messages
        )
