"""The always-visible index status line: watcher, models, counts, progress, failures.

It holds display state only; the app pushes new facts into it (`show_status`, `show_progress`,
...) from message handlers. Each part keeps a full and a shorter wording, and the line shows
the fullest that fit its width (`tui.widgets.status_fit`): at 80 columns it says less, never
half a word or half a number. The failures count is a compact button so it can be selected
with the mouse or the keyboard, which opens the failures screen.
"""

from __future__ import annotations

from pathlib import PurePath

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message
from textual.widgets import Button, ProgressBar, Static

from assistant.display import printable
from assistant.indexing.folders import plural
from assistant.indexing.service import Status
from tui.widgets.status_fit import PADDING, Part, fit

PROGRESS_WIDTH = 24  # bar 10, percentage 5, ETA 9: set in main.tcss


class StatusLine(Horizontal):
    class FailuresChosen(Message):
        """The person selected the count of files that could not be indexed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.wordings: dict[str, tuple[str, ...]] = {
            "watcher": ("watch: starting", "starting"),
            "counts": (),
            "sync-text": (),
            "models": ("answers: loading…", "loading…"),
        }
        self.failed = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="watcher")
        yield Static("", id="counts")
        yield Button("0 failed", id="failures", compact=True)
        yield ProgressBar(id="progress", show_percentage=True, show_eta=True)
        yield Static("", id="sync-text")
        yield Static("", id="models")

    def on_mount(self) -> None:
        self.refit()

    def on_resize(self, event: Resize) -> None:
        self.refit()

    def show_status(self, status: Status) -> None:
        docs = plural(status.documents, "doc")
        self.wordings["counts"] = (f"{docs} · {plural(status.chunks, 'chunk')}", docs)
        self.failed = len(status.failures)
        failures = self.query_one("#failures", Button)
        failures.label = f"{self.failed:,} failed"
        failures.set_class(bool(status.failures), "-has-failures")
        self.refit()

    def show_watcher(self, text: str, short: str = "") -> None:
        self.wordings["watcher"] = (f"watch: {text}", short or text)
        self.refit()

    def show_models(self, *wordings: str) -> None:
        """The answer model's state, fullest wording first (shorter ones for narrow lines)."""
        self.wordings["models"] = wordings
        self.refit()

    def show_progress(self, text: str, done: int, total: int) -> None:
        self.set_class(bool(total), "-syncing")
        if total:
            self.query_one("#progress", ProgressBar).update(total=total, progress=done)
        shown = printable(text)  # "3/40 files · … · name.pdf", or a path
        # the short wording is the file's name: the sync's text ends with it (a path's name
        # alone would cut "3/40 files" at its slash)
        name = shown.rpartition(" · ")[2] if " · " in shown else PurePath(shown).name
        self.wordings["sync-text"] = (shown, name) if name and name != shown else (shown,)
        self.refit()

    def sync_done(self, text: str) -> None:
        self.set_class(False, "-syncing")
        self.wordings["sync-text"] = (text,)
        self.refit()

    def refit(self) -> None:
        """Show, for the current width, the fullest wording of each part that fits."""
        if not self.is_mounted:
            return
        width = self.size.width or self.app.size.width
        # The failures button as laid out (a compact Button is wider than its label and
        # padding: at 80 columns the models part lost its last character to the difference).
        button = self.query_one("#failures", Button).outer_size.width
        reserved = max(button, cell_len(f"{self.failed:,} failed") + PADDING)
        reserved += PROGRESS_WIDTH if self.has_class("-syncing") else 0
        reserved += PADDING  # the file name's place stays (it pushes the models right)
        ranks = {"models": 1, "watcher": 2, "counts": 3, "sync-text": 4}
        parts = [Part(name, self.wordings[name], rank) for name, rank in ranks.items()]
        for name, wording in fit(parts, width, reserved).items():
            static = self.query_one(f"#{name}", Static)
            static.display = wording is not None or name == "sync-text"
            static.update(Text(wording or ""))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.FailuresChosen())
