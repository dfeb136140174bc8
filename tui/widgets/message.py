"""One message of a thread in the source viewer: a summary line, and its headers and text below.

The message that was hit is open and marked; the others show only their summary (who, when,
the first words) until chosen, so a long thread reads as a list and the hit stands out. Every
string from the file reaches the screen as `rich.text.Text` through `printable`, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Click
from textual.widgets import Static

from assistant.ask.show import ShownDocument
from assistant.display import printable

PREVIEW_CHARACTERS = 160


def summary(document: ShownDocument, number: int, count: int) -> Text:
    """One line: place, sender, date and the first words; a marker for the one asked for."""
    date = document.date.date().isoformat() if document.date else "undated"
    first = document.sections[0].text if document.sections else ""
    words = " ".join(first.split())
    preview = words[:PREVIEW_CHARACTERS] + ("…" if len(words) > PREVIEW_CHARACTERS else "")
    mark = "▶ " if document.asked else "  "
    return Text.assemble(
        (f"{mark}{number}/{count} ", "bold"),
        (printable(document.sender or "unknown sender"), "bold"),
        f" · {date} · ",
        (printable(preview), "dim"),
    )


def header_text(document: ShownDocument) -> Text:
    text = Text()
    for label, value in document.headers():
        text.append(f"{label:>8}: ", style="bold")
        text.append(f"{printable(value)}\n")
    if document.note:
        text.append("    note: ", style="bold")
        text.append(printable(document.note), style="italic")
    return text


def body_text(document: ShownDocument) -> Text:
    lines = [printable(line.expandtabs()) for line in document.text.strip().split("\n")]
    return Text("\n".join(lines))


class MessageView(Vertical, can_focus=True):
    """A thread member; Enter (or a click) opens or closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,space", "open_close", "Open/close")]

    def __init__(self, document: ShownDocument, number: int, count: int) -> None:
        classes = "message -asked" if document.asked else "message -collapsed"
        super().__init__(classes=classes)
        self.document = document
        self.number = number
        self.count = count

    @property
    def collapsed(self) -> bool:
        return self.has_class("-collapsed")

    def compose(self) -> ComposeResult:
        yield Static(summary(self.document, self.number, self.count), classes="message-summary")
        yield Static(header_text(self.document), classes="message-headers")
        yield Static(body_text(self.document), classes="message-text")

    def action_open_close(self) -> None:
        self.toggle_class("-collapsed")

    def on_click(self, event: Click) -> None:
        event.stop()
        self.focus()
        self.action_open_close()
