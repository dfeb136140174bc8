"""The always-visible index status line: watcher, models, counts, progress, failures.

It holds display state only; the app pushes new facts into it (`show_status`, `show_progress`,
...) from message handlers. The failures count is a compact button so it can be selected
with the mouse or the keyboard, which opens the failures screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, ProgressBar, Static

from assistant.display import printable
from assistant.indexing.service import Status


class StatusLine(Horizontal):
    class FailuresChosen(Message):
        """The person selected the count of files that could not be indexed."""

    def compose(self) -> ComposeResult:
        yield Static("watch: starting", id="watcher")
        yield Static("", id="counts")
        yield Button("0 failed", id="failures", compact=True)
        yield ProgressBar(id="progress", show_percentage=True, show_eta=True)
        yield Static("", id="sync-text")
        yield Static("answers: loading", id="models")

    def show_status(self, status: Status) -> None:
        self.query_one("#counts", Static).update(
            f"{status.documents} docs · {status.chunks} chunks"
        )
        failures = self.query_one("#failures", Button)
        failures.label = f"{len(status.failures)} failed"
        failures.set_class(bool(status.failures), "-has-failures")

    def show_watcher(self, text: str) -> None:
        self.query_one("#watcher", Static).update(f"watch: {text}")

    def show_models(self, text: str) -> None:
        self.query_one("#models", Static).update(text)

    def show_progress(self, text: str, done: int, total: int) -> None:
        self.set_class(bool(total), "-syncing")
        if total:
            self.query_one("#progress", ProgressBar).update(total=total, progress=done)
        self.query_one("#sync-text", Static).update(Text(printable(text)))  # a file name

    def sync_done(self, text: str) -> None:
        self.set_class(False, "-syncing")
        self.query_one("#sync-text", Static).update(text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.FailuresChosen())
