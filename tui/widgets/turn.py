"""One question and its answer in the chat, with the sources it was answered from.

The answer is Markdown; while it streams, [n] stays plain text (a half-received "[1" cannot be
linked). When it is complete each [n] becomes a `cite:n` link, so clicking it asks the screen
to open that source. A turn keeps its own sources so older answers stay clickable.

Until the first words arrive the turn says what is happening (`assistant.ask.stages`) with the
seconds since the question was asked, ticking once a second on a Textual timer: the work stays
in the screen's thread worker, which only posts the stages.
"""

from __future__ import annotations

import re
import time

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownStream

from assistant.ask.stages import Stage, with_elapsed
from store import Hit

_MARKER = re.compile(r"\[(\d+)\]")
WAITING_STAGES = ("reading", "prefill")  # the answer model reads: Ctrl+O would skip the wait


def linkify(text: str) -> str:
    """Turn every [n] into a Markdown link `cite:n` (its text still reads [n])."""
    return _MARKER.sub(r"[\\[\1\\]](cite:\1)", text)


class Turn(Vertical):
    class CitationChosen(Message):
        def __init__(self, turn: Turn, number: int) -> None:
            super().__init__()
            self.turn = turn
            self.number = number

    def __init__(self, number: int, question: str) -> None:
        super().__init__(id=f"turn-{number}", classes="turn")
        self.number = number
        self.question = question
        self.answer_text = ""
        self.sources: list[Hit] = []
        self.keywords = ""  # the question's keywords, highlighted in its sources
        self.finished = False
        self.stopped = False  # Esc (or a newer question) stopped the answer
        self.evidence_only = False  # answered (or stopped) with the evidence alone, on request
        self.stage = Stage("searching")
        self._asked = time.monotonic()
        self._ticker: Timer | None = None
        self._stream: MarkdownStream | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"› {self.question}", classes="question", markup=False)
        yield Static(with_elapsed(self.stage, 0), classes="stage", markup=False)
        yield Markdown("", classes="answer")
        yield Static("", classes="meta", markup=False)

    def on_mount(self) -> None:
        self._ticker = self.set_interval(1.0, self._show_stage)

    def show_stage(self, stage: Stage) -> None:
        """What the answer is doing now; shown until its first words (or its end) arrive."""
        self.stage = stage
        self._show_stage()

    def show_thinking(self) -> None:
        """The evidence is in; the answer model is about to read it."""
        if self.stage.name == "searching":
            self.show_stage(Stage("reading", sources=len(self.sources)))

    def _show_stage(self) -> None:
        line = self.query_one(".stage", Static)
        if line.display:
            text = with_elapsed(self.stage, time.monotonic() - self._asked)
            # the key is not in the 80-column footer: say it where the wait is
            hint = " · Ctrl+O: evidence only" if self.stage.name in WAITING_STAGES else ""
            line.update(text + hint)

    def _end_stage(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
        self.query_one(".stage", Static).display = False

    async def show_partial(self, text: str) -> None:
        """Show the answer so far by appending only its new end.

        Re-rendering the whole Markdown for every token competed with the answer model for
        the GIL and the CPU; a `MarkdownStream` re-parses only the last block and merges
        fragments that arrive faster than the screen can draw them.
        """
        self._end_stage()
        markdown = self.query_one(Markdown)
        if self._stream is None or not text.startswith(self.answer_text):
            await self._stop_stream()
            await markdown.update("")
            self.answer_text, self._stream = "", Markdown.get_stream(markdown)
        delta, self.answer_text = text[len(self.answer_text) :], text
        await self._stream.write(delta)

    async def show_final(self, text: str, sources: list[Hit], meta: str) -> None:
        self._end_stage()
        await self._stop_stream()
        self.answer_text = text
        self.finished = True
        self.sources = list(sources)
        self.query_one(".meta", Static).update(meta)
        await self.query_one(Markdown).update(linkify(text))

    async def _stop_stream(self) -> None:
        if self._stream is not None:
            stream, self._stream = self._stream, None
            await stream.stop()

    def show_meta(self, meta: str) -> None:
        self.query_one(".meta", Static).update(meta)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.prevent_default()
        event.stop()
        if event.href.startswith("cite:") and event.href[5:].isdigit():
            self.post_message(self.CitationChosen(self, int(event.href[5:])))
