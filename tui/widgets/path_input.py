"""The folder-path input of the folders screen: Tab completes the path being typed.

The completion is the core's (`assistant.indexing.completion`); the input only puts the text
in place and says which folders matched, so the screen can list them. On an empty input Tab
moves the focus on as everywhere else.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from assistant.indexing.completion import complete_path


class PathInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete path", show=False),
    ]

    class Completed(Message):
        """Tab completed the path; `matches` are the folder names that fit what was typed."""

        def __init__(self, matches: list[str]) -> None:
            super().__init__()
            self.matches = matches

    def action_complete(self) -> None:
        if not self.value.strip():
            self.screen.focus_next()
            return
        completion = complete_path(self.value)
        self.value = completion.text
        self.cursor_position = len(self.value)
        self.post_message(self.Completed(completion.matches))
