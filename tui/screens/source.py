"""The source viewer: one source in full, with what kind of thing it is and where it lives.

A PDF shows its page, a note the heading path of the chunk; the chunk text follows. A mail
first shows the hit's passage at once, then (a thread worker reads the file through
`Session.show`) the whole mail with its quoted history and attachments, and every other
message of its thread in order, collapsed to one line each, with the hit open, marked and
scrolled to. `o` hands the original file to the system.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from assistant.ask.show import Shown
from assistant.display import printable
from store import Hit
from tui import opener
from tui.highlight import icon, meta_line
from tui.messages import SourceLoaded
from tui.widgets.message import MessageView

if TYPE_CHECKING:
    from tui.app import AssistantApp

LOADING = "reading the whole mail and its thread…"


def header_lines(hit: Hit) -> list[tuple[str, str]]:
    """(label, value) pairs that say what this source is, by kind."""
    date = hit.date.isoformat(sep=" ", timespec="minutes") if hit.date else "undated"
    rows = [("File", str(hit.file_path))]
    if hit.locator is not None:
        rows.append(("In file", hit.locator.describe()))
    if hit.kind == "mail":
        rows += [("From", hit.sender), ("To", hit.recipients), ("Date", date)]
        rows.append(("Subject", hit.title))
        rows.append(("Thread", hit.thread.label if hit.thread else ""))
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

    def __init__(self, hit: Hit, number: int, shown: Shown | None = None) -> None:
        """`shown` is the whole view when the caller has it already; a mail without it is
        read in a worker."""
        super().__init__()
        self.hit = hit
        self.number = number
        self.shown = shown

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

    @property
    def assistant(self) -> AssistantApp:
        return cast("AssistantApp", self.app)

    async def on_mount(self) -> None:
        self.query_one("#source-body").focus()
        if self.shown is not None:
            await self.show_whole(self.shown)
        elif self.hit.kind == "mail":
            self._say(LOADING)
            self.read_whole(self.hit.source_path)

    @work(thread=True, group="source", exclusive=True, exit_on_error=False)
    def read_whole(self, key_text: str) -> None:
        self.post_message(SourceLoaded(key_text, self.assistant.session.show(key_text)))

    async def on_source_loaded(self, message: SourceLoaded) -> None:
        if message.key_text == self.hit.source_path:
            await self.show_whole(message.shown)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The mail could not be read again (forgotten since, the index is busy): the hit's
        passage stays, with the reason."""
        error = event.worker.error
        if event.state == WorkerState.ERROR and event.worker.group == "source" and error:
            self._say(f"showing the matching passage only: {printable(error)}")

    async def show_whole(self, shown: Shown) -> None:
        """The whole document, or its thread with the asked-for message open and in view."""
        self.shown = shown
        messages = shown.messages or (shown.document,)
        views = [MessageView(m, n, len(messages)) for n, m in enumerate(messages, start=1)]
        body = self.query_one("#source-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(views)
        self.add_class("-whole")  # each message shows its own headers now
        self.set_class(not shown.messages, "-single")
        body.border_title = f"thread: {len(messages)} messages" if shown.messages else ""
        self._say(shown.document.note and printable(shown.document.note))
        asked = views[shown.asked_index or 0]
        asked.focus()
        self.call_after_refresh(body.scroll_to_widget, asked, top=True, animate=False)

    def _say(self, note: str) -> None:
        meta = Text(meta_line(self.hit), style="dim")
        if note:
            meta.append(f" · {note}", style="italic")
        self.query_one("#source-meta", Static).update(meta)

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
