"""Add and remove the folders that are watched and indexed, and see how each one stands.

Registering is the core's job (`assistant.indexing.roots`), and so are the numbers: each
folder's documents, failures, state and last sync come from `assistant.indexing.folders`,
read in a thread worker. This screen collects a path (Tab completes it), asks before a folder
is removed, and tells the app that the folders changed so it re-watches and syncs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from assistant.display import printable
from assistant.errors import AssistantError
from assistant.indexing.folders import (
    FolderSummary,
    ago,
    folder_summaries,
    plural,
    removal_cost,
)
from assistant.indexing.roots import add_root, load_roots, remove_root
from tui.screens.confirm import ConfirmScreen
from tui.widgets.path_input import PathInput

if TYPE_CHECKING:
    from tui.app import AssistantApp

HINT = "Tab completes the path; Shift+Tab goes to the list, where Del removes a folder."
SHOWN_MATCHES = 12
REFRESH_SECONDS = 3.0


class FoldersCounted(Message):
    def __init__(self, summaries: list[FolderSummary]) -> None:
        super().__init__()
        self.summaries = summaries


def folder_label(root: Path, summary: FolderSummary | None) -> Text:
    """The folder, and under it what the index holds of it."""
    label = Text(printable(root))
    if summary is None:
        return label
    facts = [
        plural(summary.documents, "document"),
        f"{summary.failures:,} failed",
        summary.state.value,
        f"last sync {ago(summary.last_sync)}",
    ]
    label.append("\n  " + " · ".join(facts), style="dim")
    return label


class FoldersScreen(Screen):
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("f3", "app.pop_screen", "Back", show=False),  # f3 again toggles; 80 columns
        Binding("delete,ctrl+d", "remove", "Remove"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: dict[Path, FolderSummary] = {}

    @property
    def assistant(self) -> AssistantApp:
        return cast("AssistantApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static("Watched folders", id="folders-heading")
        yield OptionList(id="roots")
        yield PathInput(placeholder="Path of a folder (or mbox) to add, then Enter", id="new-root")
        yield Static(HINT, id="folders-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_roots()
        self.set_interval(REFRESH_SECONDS, self.count_folders)  # numbers grow while indexing
        self.query_one("#new-root", PathInput).focus()

    def refresh_roots(self) -> None:
        roots = self.query_one("#roots", OptionList)
        highlighted = roots.highlighted
        roots.clear_options()
        for root in load_roots(self.assistant.config):
            roots.add_option(Option(folder_label(root, self.summaries.get(root)), id=str(root)))
        if roots.option_count:
            roots.highlighted = min(highlighted or 0, roots.option_count - 1)
        self.count_folders()

    @work(thread=True, group="folders", exclusive=True, exit_on_error=False)
    def count_folders(self) -> None:
        session = self.assistant.session
        summaries = folder_summaries(session.config, session.open(), session.syncing)
        self.post_message(FoldersCounted(summaries))

    def on_folders_counted(self, message: FoldersCounted) -> None:
        self.summaries = {summary.root: summary for summary in message.summaries}
        roots = self.query_one("#roots", OptionList)
        for index in range(roots.option_count):
            root = Path(str(roots.get_option_at_index(index).id))
            roots.replace_option_prompt_at_index(
                index, folder_label(root, self.summaries.get(root))
            )

    @on(PathInput.Completed)
    def list_matches(self, event: PathInput.Completed) -> None:
        hint = self.query_one("#folders-hint", Static)
        if len(event.matches) < 2:
            hint.update(HINT if event.matches else "No folder matches that.")
            return
        names = "  ".join(f"{printable(name)}/" for name in event.matches[:SHOWN_MATCHES])
        more = len(event.matches) - SHOWN_MATCHES
        hint.update(Text(names + (f"  (+{more} more)" if more > 0 else "")))

    @on(PathInput.Submitted, "#new-root")
    def add(self, event: PathInput.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        try:
            root = add_root(self.assistant.config, Path(text))
        except AssistantError as exc:
            self.notify(printable(exc), severity="error", markup=False)
            return
        event.input.clear()
        self.query_one("#folders-hint", Static).update(HINT)
        self.notify(f"Added {printable(root)}; indexing…", markup=False)
        self.refresh_roots()
        self.assistant.folders_changed()

    def action_remove(self) -> None:
        """Del: ask first, saying what the removal costs; remove only on a yes."""
        roots = self.query_one("#roots", OptionList)
        if roots.highlighted is None:
            self.notify("Highlight a folder first (Tab to the list).")
            return
        path = Path(str(roots.get_option_at_index(roots.highlighted).id))
        summary = self.summaries.get(path)
        cost = removal_cost(summary) if summary else "Its documents leave the index."
        question = f"Stop watching {printable(path)} and drop it from the index?"
        self.app.push_screen(
            ConfirmScreen(question, cost[0].upper() + cost[1:] + "."),
            lambda yes: self._remove(path) if yes else None,
        )

    def _remove(self, path: Path) -> None:
        try:
            remove_root(self.assistant.config, path)
        except AssistantError as exc:
            self.notify(printable(exc), severity="error", markup=False)
            return
        self.notify(f"Removed {printable(path)}", markup=False)
        self.refresh_roots()
        self.assistant.folders_changed()
