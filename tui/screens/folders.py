"""Add and remove the folders that are watched and indexed.

Registering is the core's job (`assistant.indexing.roots`); this screen only collects a path, shows
the outcome, and tells the app that the folders changed so it re-watches and syncs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from assistant.display import printable
from assistant.errors import AssistantError
from assistant.indexing.roots import add_root, load_roots, remove_root

if TYPE_CHECKING:
    from tui.app import AssistantApp


class FoldersScreen(Screen):
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("delete,ctrl+d", "remove", "Remove folder"),
    ]

    @property
    def assistant(self) -> AssistantApp:
        return cast("AssistantApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static("Watched folders", id="folders-heading")
        yield OptionList(id="roots")
        yield Input(placeholder="Path of a folder (or mbox) to add, then Enter", id="new-root")
        yield Static(
            "Del removes the highlighted folder; its documents leave the index.", id="folders-hint"
        )
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_roots()
        self.query_one("#new-root", Input).focus()

    def refresh_roots(self) -> None:
        roots = self.query_one("#roots", OptionList)
        roots.clear_options()
        for root in load_roots(self.assistant.config):
            roots.add_option(Option(Text(printable(root)), id=str(root)))

    @on(Input.Submitted, "#new-root")
    def add(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        try:
            root = add_root(self.assistant.config, Path(text))
        except AssistantError as exc:
            self.notify(printable(exc), severity="error", markup=False)
            return
        event.input.clear()
        self.notify(f"Added {printable(root)}; indexing…", markup=False)
        self.refresh_roots()
        self.assistant.folders_changed()

    def action_remove(self) -> None:
        roots = self.query_one("#roots", OptionList)
        if roots.highlighted is None:
            self.notify("Highlight a folder first (Tab to the list).")
            return
        path = Path(str(roots.get_option_at_index(roots.highlighted).id))
        try:
            remove_root(self.assistant.config, path)
        except AssistantError as exc:
            self.notify(printable(exc), severity="error", markup=False)
            return
        self.notify(f"Removed {printable(path)}", markup=False)
        self.refresh_roots()
        self.assistant.folders_changed()
