"""One message of a thread in the source viewer: a summary line, and its headers and text below.

The message that was hit is open and marked; the others show only their summary (who, when,
the first words) until chosen, so a long thread reads as a list and the hit stands out. The
headers are folded to two lines (`tui.headers`) unless the screen asks for all of them; the
text is reflowed (`assistant.ask.reflow`), wrapped by cells, and the hit's passage in it is
marked. Every string from the file reaches the screen as `rich.text.Text` through
`printable`, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Click
from textual.widgets import Static

from assistant.ask.date_label import date_label
from assistant.ask.passage import find_passage
from assistant.ask.show import ShownDocument
from assistant.display import printable
from tui.cell_wrap import CellWrapped
from tui.headers import full_headers, short_headers
from tui.highlight import KEY_SENTENCE

PREVIEW_CHARACTERS = 160
CITED = "underline"


def summary(document: ShownDocument, number: int, count: int) -> Text:
    """One line: place, sender, date and the first words; a marker for the one asked for."""
    date = date_label(document.date, document.date_source)
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


def body_text(text: str) -> Text:
    lines = [printable(line.expandtabs()) for line in text.strip().split("\n")]
    return Text("\n".join(lines))


def marked_body(text: str, passage: str, key: str = "") -> tuple[Text, tuple[int, int] | None]:
    """The body with `passage` (the hit's chunk) styled as cited and its `key` sentence
    marked inside it, and where to scroll: the key sentence if found, else the passage."""
    body = body_text(text)
    span = find_passage(body.plain, passage) if passage else None
    if span is not None:
        body.stylize(CITED, *span)
    found = find_key(body.plain, key, span)
    if found is not None:
        body.stylize(KEY_SENTENCE, *found)
        return body, found
    return body, span


def find_key(text: str, key: str, within: tuple[int, int] | None) -> tuple[int, int] | None:
    """Where the key sentence is in `text`: inside the passage at `within` first (the same
    sentence may stand elsewhere too, in a quote), else anywhere."""
    if not key:
        return None
    if within is not None:
        inside = find_passage(text[within[0] : within[1]], key)
        if inside is not None:
            return (within[0] + inside[0], within[0] + inside[1])
    return find_passage(text, key)


class MessageView(Vertical, can_focus=True):
    """A thread member; Enter (or a click) opens or closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,space", "open_close", "Open/close")]

    def __init__(
        self, document: ShownDocument, number: int, count: int, passage: str = "", key: str = ""
    ) -> None:
        """`passage` is the hit's text, marked in the body where it is found; `key` the
        sentence in it that answers (search-only mode), marked too."""
        classes = "message -asked" if document.asked else "message -collapsed"
        super().__init__(classes=classes)
        self.document = document
        self.number = number
        self.count = count
        self.passage = passage
        self.key = key

    @property
    def collapsed(self) -> bool:
        return self.has_class("-collapsed")

    def compose(self) -> ComposeResult:
        yield Static(summary(self.document, self.number, self.count), classes="message-summary")
        yield Static(short_headers(self.document), classes="message-headers -short")
        yield Static(full_headers(self.document), classes="message-headers -full")
        body, span = marked_body(self.document.reflowed_text(), self.passage, self.key)
        yield CellWrapped(body, mark=span, classes="message-text")

    def action_open_close(self) -> None:
        self.toggle_class("-collapsed")

    def on_click(self, event: Click) -> None:
        event.stop()
        self.focus()
        self.action_open_close()
