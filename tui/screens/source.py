"""The source viewer: one source in full, with what kind of thing it is and where it lives.

The hit's passage shows at once; then (a worker reads the file through `Session.show`) the
whole document: a mail with its quoted history, attachments and every other message of its
thread, collapsed to one line each, the hit open; a note as Markdown; a PDF page by page from
the hit's page. The passage is marked and scrolled to. n / p step through the other sources
of the same answer without going back; `o` hands the file to the system (or a pager), `c`
copies its path.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from assistant.ask.provenance import OCR_WORDS
from assistant.ask.show import Shown
from assistant.display import printable
from store import Hit
from tui import opener
from tui.cell_wrap import CellWrapped
from tui.clipboard import copy_text
from tui.headers import header_lines, header_text
from tui.highlight import icon, meta_line
from tui.messages import SourceLoaded
from tui.screens.source_body import note_widgets, page_label, pdf_page, pdf_pages
from tui.widgets.message import MessageView, marked_body

if TYPE_CHECKING:
    from tui.app import AssistantApp

LOADING = "reading the whole mail and its thread…"
ROOM_FOR_ALL_HEADERS = 40  # rows; below this headers are folded to a line or two
__all__ = ["SourceScreen", "header_lines"]


class SourceScreen(Screen):
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("n", "step_source(1)", "Next source"),
        Binding("p", "step_source(-1)", "Previous", show=False),  # 80 columns; n's pair, in F1
        Binding("h", "toggle_headers", "Headers", show=False),
        Binding("o", "open_original", "Open"),
        Binding("c", "copy_path", "Copy path", show=False),  # 80 columns; in F1 help
        Binding("right_square_bracket,pagedown", "step_page(1)", "Next page", priority=True),
        Binding(  # hidden from the footer for 80 columns; ] shows, F1 names both
            "left_square_bracket,pageup", "step_page(-1)", "Prev page", priority=True, show=False
        ),
    ]

    def __init__(
        self,
        hit: Hit,
        number: int,
        shown: Shown | None = None,
        sources: Sequence[Hit] = (),
        key_spans: Mapping[int, tuple[int, int]] | None = None,
    ) -> None:
        """`shown` is the whole view when the caller has it already (else it is read in a
        worker); `sources` are the answer's sources, `hit` being number `number` of them;
        `key_spans` their key sentences (search-only mode), by chunk id, marked and scrolled to."""
        super().__init__()
        self.hit = hit
        self.number = number
        self.shown = shown
        self.sources = tuple(sources)
        self.key_spans = dict(key_spans or {})
        span = self.key_spans.get(hit.chunk_id)
        self.key = hit.text[span[0] : span[1]] if span else ""
        self.pages: list[int] = []
        self.page = hit.page or 0

    def compose(self) -> ComposeResult:
        hit = self.hit
        title = Text.assemble(
            (f"[{self.number}] ", "bold"),
            f"{icon(hit.kind)} ",
            (printable(hit.title or "untitled"), "bold"),
        )
        if len(self.sources) > 1:
            title.append(f"  source {self.number} of {len(self.sources)} · n/p", style="dim")
        yield Static(title, id="source-title")
        yield Static(Text(meta_line(hit), style="dim"), id="source-meta")
        yield Static(header_text(hit, folded=True), id="source-headers", classes="-short")
        yield Static(header_text(hit, folded=False), id="source-headers-full", classes="-full")
        with VerticalScroll(id="source-body"):
            if self.key:
                body, mark = marked_body(hit.text, "", self.key)
                yield CellWrapped(body, mark=mark, id="source-text")
            else:
                yield CellWrapped(Text(hit.text.strip()), id="source-text")
        yield Footer()

    @property
    def assistant(self) -> AssistantApp:
        return cast("AssistantApp", self.app)

    async def on_mount(self) -> None:
        self.query_one("#source-body").focus()
        self.set_class(self.app.size.height >= ROOM_FOR_ALL_HEADERS, "-full-headers")
        if self.shown is not None:
            await self.show_whole(self.shown)
        elif self.hit.kind == "mail":
            self._say(LOADING)
            self.read_whole(self.hit.source_path)
        else:
            self.read_whole(self.hit.source_path)

    @work(thread=True, group="source", exclusive=True, exit_on_error=False)
    def read_whole(self, key_text: str) -> None:
        self.post_message(SourceLoaded(key_text, self.assistant.session.show(key_text)))

    async def on_source_loaded(self, message: SourceLoaded) -> None:
        if message.key_text == self.hit.source_path:
            await self.show_whole(message.shown)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The source could not be read again (forgotten since, the index is busy): the
        hit's passage stays, with the reason."""
        error = event.worker.error
        if event.state == WorkerState.ERROR and event.worker.group == "source" and error:
            self._say(f"showing the matching passage only: {printable(error)}")

    async def show_whole(self, shown: Shown) -> None:
        """The whole document: a mail's thread, a note, or a PDF at the hit's page."""
        self.shown = shown
        self._say(shown.document.note and printable(shown.document.note))
        if self.hit.kind == "pdf" or shown.document.kind == "pdf":
            self.pages = pdf_pages(shown.document)
            self.refresh_bindings()
            if self.page not in self.pages:
                self.page = self.pages[0] if self.pages else 0
            await self._show_page()
        elif shown.document.kind == "mail":
            await self._show_mail(shown)
        elif shown.document.kind == "image":
            body = await self._fill([pdf_page(shown.document, None, self.hit.text, self.key)])
            body.border_title = OCR_WORDS
        else:
            await self._fill(note_widgets(shown.document, self.hit.text, self.key))

    async def _show_mail(self, shown: Shown) -> None:
        messages = shown.messages or (shown.document,)
        passage = self.hit.text
        views = [
            MessageView(m, n, len(messages), *((passage, self.key) if m.asked else ("", "")))
            for n, m in enumerate(messages, start=1)
        ]
        body = await self._fill(views)
        self.add_class("-whole")  # each message shows its own headers now
        self.set_class(not shown.messages, "-single")
        body.border_title = f"thread: {len(messages)} messages" if shown.messages else ""
        asked = views[shown.asked_index or 0]
        asked.focus()
        self.call_after_refresh(self._scroll_to_mark, asked)

    async def _show_page(self) -> None:
        if self.shown is None or not self.pages:
            return
        here = self.page == self.hit.page
        passage, key = (self.hit.text, self.key) if here else ("", "")
        page = pdf_page(self.shown.document, self.page, passage, key)
        body = await self._fill([page])
        body.border_title = page_label(self.page, self.pages, self.shown.document)
        body.scroll_home(animate=False)

    async def _fill(self, widgets: Sequence[Widget]) -> VerticalScroll:
        """Replace the body's content; the marked passage is scrolled to once laid out."""
        body = self.query_one("#source-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(widgets)
        cited = [w for w in widgets if w.has_class("cited")]
        if cited:
            self.call_after_refresh(body.scroll_to_widget, cited[0], top=True, animate=False)
        elif not any(isinstance(w, MessageView) for w in widgets):
            self.call_after_refresh(self._scroll_to_mark, widgets[0] if widgets else body)
        return body

    def _scroll_to_mark(self, around: Widget) -> None:
        """Scroll the body so the marked passage (else `around`'s top) is the first line."""
        body = self.query_one("#source-body", VerticalScroll)
        marked = [w for w in around.query(CellWrapped) if w.mark] if around is not body else []
        if isinstance(around, CellWrapped) and around.mark:
            marked = [around]
        if not marked:
            body.scroll_to_widget(around, top=True, animate=False)
            return
        text = marked[0]
        row = text.row_of(text.mark[0]) if text.mark else 0
        mark_top = self._body_y(text) + row
        around_top = self._body_y(around)
        near_top = mark_top - around_top < body.scrollable_content_region.height // 2
        body.scroll_to(y=around_top if near_top else max(0, mark_top - 1), animate=False)

    def _body_y(self, widget: Widget) -> int:
        """Where `widget` starts in the body's scrolled content."""
        body = self.query_one("#source-body", VerticalScroll)
        return widget.region.y - body.content_region.y + int(body.scroll_y)

    def _say(self, note: str) -> None:
        meta = Text(meta_line(self.hit), style="dim")
        if note:
            meta.append(f" · {note}", style="italic")
        self.query_one("#source-meta", Static).update(meta)

    def action_step_source(self, step: int) -> None:
        """Replace this viewer by the answer's next or previous source (Esc still goes back
        to the question)."""
        target = self.number + step
        if not 1 <= target <= len(self.sources):
            where = "last" if step > 0 else "first"
            self.notify(f"This is the {where} source of the answer.", markup=False)
            return
        hit = self.sources[target - 1]
        other = SourceScreen(hit, target, sources=self.sources, key_spans=self.key_spans)
        self.app.switch_screen(other)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Page keys are a PDF's; elsewhere PgUp/PgDn scroll as everywhere else."""
        return bool(self.pages) if action == "step_page" else True

    async def action_step_page(self, step: int) -> None:
        place = self.pages.index(self.page) + step if self.page in self.pages else 0
        if 0 <= place < len(self.pages):
            self.page = self.pages[place]
            await self._show_page()

    def action_toggle_headers(self) -> None:
        self.toggle_class("-full-headers")

    def action_copy_path(self) -> None:
        said = copy_text(self.app, str(self.hit.file_path))
        self.notify(f"Path {said}.", markup=False)

    def action_open_original(self) -> None:
        path = self.hit.file_path
        try:
            opener.open_file(path)
        except opener.NoDesktopOpener:
            self._open_in_terminal(path)
            return
        except OSError as exc:
            self.notify(
                f"Could not open {printable(path.name)}: {exc}", severity="error", markup=False
            )
            return
        self.notify(f"Opening {printable(path.name)}", markup=False)

    def _run_suspended(self, command: list[str], path: Path) -> int:
        try:
            with self.app.suspend():
                return opener.run_in_terminal(command, path)
        except SuspendNotSupported:  # no terminal to hand over (a headless run)
            return opener.run_in_terminal(command, path)

    def _open_in_terminal(self, path: Path) -> None:
        """No desktop opener here: $PAGER or $EDITOR, with the app suspended meanwhile."""
        found = opener.terminal_viewer(os.environ)
        if found is None:
            self.notify(
                "No program to open it: there is no xdg-open here and $PAGER / $EDITOR are "
                "not set. Press c to copy the path.",
                severity="warning",
                markup=False,
            )
            return
        variable, command = found
        try:
            status = self._run_suspended(command, path)
        except OSError as exc:
            self.notify(f"{variable} failed: {exc}", severity="error", markup=False)
            return
        ended = "" if status == 0 else f" (it exited with {status})"
        self.notify(
            f"Shown with {variable} ({command[0]}){ended}: there is no xdg-open here. "
            "Press c to copy the path.",
            markup=False,
        )
