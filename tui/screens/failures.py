"""Files that could not be indexed, with the reason each one failed.

A person who sees "3 failed" in the status line wants to know which files and why (encrypted,
scanned without a text layer, malformed); the reasons come from the index as the sync wrote
them.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from assistant.display import printable
from assistant.indexing.service import FailedFile


class FailuresScreen(Screen):
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "app.pop_screen", "Back")]

    def __init__(self, failures: list[FailedFile]) -> None:
        super().__init__()
        self.failures = failures

    def compose(self) -> ComposeResult:
        count = len(self.failures)
        heading = f"{count} file{'s' if count != 1 else ''} could not be indexed"
        yield Static(heading if count else "Every file was indexed.", id="failures-heading")
        table: DataTable[str] = DataTable(
            id="failures-table", cursor_type="row", zebra_stripes=True
        )
        table.add_columns("File", "Kind", "Reason")
        for failure in self.failures:
            name = Path(failure.path).name
            if failure.locator:
                name = f"{name} ({failure.locator})"
            cells = (name, failure.kind, failure.reason)
            # str cells are markup to the DataTable: a name like "[/]" must stay text
            table.add_row(*(escape(printable(cell)) for cell in cells), key=failure.key)
        yield table
        yield Static("", id="failure-path", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted file's full path and reason: the table cuts both on 80 columns."""
        key = str(event.row_key.value or "")
        found = next((f for f in self.failures if f.key == key), None)
        where, reason = (found.where, found.reason) if found else ("", "")
        self.query_one("#failure-path", Static).update(f"{printable(where)}\n{printable(reason)}")
