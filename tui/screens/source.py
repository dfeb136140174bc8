"""The source viewer: one source in full, with what kind of thing it is and where it lives.

Mail shows its headers, a note the heading path of the chunk, a PDF its page; the chunk text
follows with the passage's words highlighted. `o` hands the original file to the system.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from assistant.display import printable
from store import Hit
from tui import opener
from tui.highlight import icon, meta_line


def header_lines(hit: Hit) -> list[tuple[str, str]]:
    """(label, value) pairs that say what this source is, by kind."""
    date = hit.date.isoformat(sep=" ", timespec="minutes") if hit.date else "undated"
    rows = [("File", str(hit.file_path))]
    if hit.locator is not None:
        rows.append(("In file", hit.locator.describe()))
    if hit.kind == "mail":
        rows += [("From", hit.sender), ("To", hit.recipients), ("Date", date)]
        rows.append(("Subject", hit.title))
    elif hit.kind == "pdf":
        rows += [("Title", hit.title), ("Page", str(hit.page or "?")), ("Date", date)]
    else:
        rows += [("Title", hit.title), ("Section", hit.chunk_title), ("Date", date)]
    return [(label, printable(value)) for label, value in rows if value]


class SourceScreen(Screen):
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("o", "open_original", "Open original"),
    ]

    def __init__(self, hit: Hit, number: int) -> None:
        super().__init__()
        self.hit = hit
        self.number = number

    def compose(self) -> ComposeResult:
        hit = self.hit
        title = Text.assemble(
            (f"[{self.number}] ", "bold"),
            f"{icon(hit.kind)} ",
            (printable(hit.title or "untitled"), "bold"),
        )
        yield Static(title, id="source-title")
        yield Static(Text(meta_line(hit), style="dim"), id="source-meta")
        headers = Text()
        for label, value in header_lines(hit):
            headers.append(f"{label:>8}: ", style="bold")
            headers.append(f"{value}\n")
        yield Static(headers, id="source-headers")
        with VerticalScroll(id="source-body"):
            yield Static(Text(hit.text.strip()), id="source-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#source-body").focus()

    def action_open_original(self) -> None:
        path = self.hit.file_path
        try:
            opener.open_file(path)
        except OSError as exc:
            self.notify(
                f"Could not open {printable(path.name)}: {exc}", severity="error", markup=False
            )
            return
        self.notify(f"Opening {printable(path.name)}", markup=False)
