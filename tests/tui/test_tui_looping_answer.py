"""A looping answer in the app (issue #15): the turn keeps the first copy, says it was cut
(in the question's language), and the line under it says why. Fake embedder and a fake answer
model that loops until it is stopped: no model loads."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from assistant.ask.analysis import Analysis
from assistant.ask.repetition import CUT_NOTE
from assistant.ask.retrieval import Retrieval
from assistant.config import GeneratorConfig, load_config
from assistant.indexing.roots import add_root
from assistant.runtime.session import Session
from tests.fakes import FakeEmbedder, make_hit
from tests.tui.tui_helpers import settle, wait_until
from tui.app import AssistantApp

HITS = [make_hit("Den Boden hat Herr Kowalski repariert, Tel. 0171 2345678.", title="Boden")]


class LoopingGenerator:
    """'Herr Kowalski [1]' on every line, for ever (as SmolLM2 did), unless stopped."""

    model_id = "looping-fake"
    settings = GeneratorConfig(context=4096, max_answer_tokens=256)

    def __init__(self) -> None:
        self.closed = threading.Event()

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1

    def stream(
        self,
        messages: object,
        cancel: threading.Event | None = None,
        on_prefill: Callable[[int, int], None] | None = None,
    ) -> Iterator[str]:
        try:
            while not (cancel and cancel.is_set()):
                yield "Herr Kowalski [1]\n"
        finally:
            self.closed.set()


async def test_a_looping_answer_is_cut_in_the_app_and_says_so(tmp_path: Path) -> None:
    config = load_config({"ASSISTANT_HOME": str(tmp_path / "home")})
    (tmp_path / "notes").mkdir()
    add_root(config, tmp_path / "notes")
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=FakeEmbedder())
    generator = LoopingGenerator()
    session.generator, session.generator_ready = generator, True  # type: ignore[assignment]
    session.retrieve = lambda q, history: Retrieval(  # type: ignore[method-assign]
        Analysis(q, keywords=q), q, HITS, 0.9
    )
    app = AssistantApp(config, session, watch=False, background=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.main_screen
        screen.query_one("#question").value = "Wer hat den Boden repariert?"
        screen.query_one("#question").focus()
        await pilot.press("enter")
        turn = screen.turns[-1]
        await wait_until(pilot, lambda: turn.finished, "the looping answer to be cut")
        await settle(app, pilot)
        assert generator.closed.is_set(), "the model was told to stop"
        assert turn.answer_text.count("Herr Kowalski") == 1
        assert turn.answer_text.endswith(CUT_NOTE["de"])
        meta = str(turn.query_one(".meta").render())
        assert "cut: it was repeating itself" in meta
