"""Saved conversations: reopen one, start a new one, delete one.

The screen returns its choice with `dismiss` (a conversation id, or None for a new one) and the
app hands that to the main screen; it never edits the chat itself. A deletion is announced with
`Deleted`, so the app can start a new chat when the open one went (its next turn has nowhere
to be saved otherwise).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from assistant.ask.conversations import Conversations
from assistant.display import printable
from assistant.errors import AssistantError
from tui.screens.confirm import ConfirmScreen

NEW = "new"


class ConversationsScreen(Screen[int | None]):
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("f2", "app.pop_screen", "Back", show=False),  # f2 again toggles; 80 columns
        Binding("n", "new", "New"),
        Binding("delete,d", "delete", "Delete"),
        Binding("e", "export", "Export"),
    ]

    class Deleted(Message):
        """A conversation was deleted (it may be the one the chat shows)."""

        def __init__(self, conversation_id: int) -> None:
            super().__init__()
            self.conversation_id = conversation_id

    def __init__(self, store: Conversations) -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        yield Static("Conversations", id="conversations-heading")
        yield OptionList(id="conversations")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(OptionList).focus()

    def refresh_list(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_option(Option("+ New conversation", id=NEW))
        for item in self.store.list():
            when = datetime.fromtimestamp(item.updated).strftime("%Y-%m-%d %H:%M")
            turns = f"{item.turns} turn{'' if item.turns == 1 else 's'}"
            label = f"{printable(item.title)}  ·  {turns}  ·  {when}"
            options.add_option(Option(Text(label), id=str(item.id)))
        options.highlighted = 1 if options.option_count > 1 else 0  # the latest conversation

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        self.dismiss(None if chosen in (None, NEW) else int(chosen))

    def action_new(self) -> None:
        self.dismiss(None)

    def action_delete(self) -> None:
        """Del: ask first, saying what goes; delete only on a yes."""
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        chosen = options.get_option_at_index(options.highlighted).id
        if not chosen or chosen == NEW:
            return
        conversation_id = int(chosen)
        item = next((c for c in self.store.list() if c.id == conversation_id), None)
        if item is None:
            return
        turns = f"{item.turns} turn{'' if item.turns == 1 else 's'}"
        question = f"Delete the conversation “{printable(item.title)}”?"
        cost = f"This removes its {turns} and their sources; it cannot be undone."

        def answered(yes: bool | None) -> None:
            if yes:
                self.store.delete(conversation_id)
                self.post_message(self.Deleted(conversation_id))
                self.notify("Conversation deleted.")
                self.refresh_list()

        self.app.push_screen(ConfirmScreen(question, cost), answered)

    def action_export(self) -> None:
        """Write the highlighted conversation as Markdown to Documents (or home); say where."""
        from assistant.ask.export import export_to_documents

        options = self.query_one(OptionList)
        chosen = (
            None
            if options.highlighted is None
            else options.get_option_at_index(options.highlighted).id
        )
        if not chosen or chosen == NEW:
            self.notify("Choose a saved conversation to export.")
            return
        try:
            path = export_to_documents(self.store, int(chosen), Path.home())
        except (OSError, AssistantError) as exc:
            self.notify(printable(exc), title="not exported", severity="error", markup=False)
            return
        self.notify(f"Exported to {printable(path)}", markup=False)
