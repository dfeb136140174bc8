"""One question and its answer in the chat, with the sources it was answered from.

The answer is Markdown; while it streams, [n] stays plain text (a half-received "[1" cannot be
linked). When it is complete each [n] becomes a `cite:n` link, so clicking it asks the screen
to open that source. A turn keeps its own sources so older answers stay clickable.
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Markdown, Static

from store import Hit

_MARKER = re.compile(r"\[(\d+)\]")


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
        self.finished = False
        self.stopped = False  # Esc (or a newer question) stopped the answer

    def compose(self) -> ComposeResult:
        yield Static(f"› {self.question}", classes="question", markup=False)
        yield Markdown("_searching…_", classes="answer")
        yield Static("", classes="meta", markup=False)

    def show_partial(self, text: str) -> None:
        self.answer_text = text
        self.query_one(Markdown).update(text or "_thinking…_")

    def show_final(self, text: str, sources: list[Hit], meta: str) -> None:
        self.answer_text = text
        self.finished = True
        self.sources = list(sources)
        self.query_one(Markdown).update(linkify(text))
        self.query_one(".meta", Static).update(meta)

    def show_meta(self, meta: str) -> None:
        self.query_one(".meta", Static).update(meta)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.prevent_default()
        event.stop()
        if event.href.startswith("cite:") and event.href[5:].isdigit():
            self.post_message(self.CitationChosen(self, int(event.href[5:])))
