"""What the keys do and how the app works, one key away (F1)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from assistant.models.manifest import DEFAULT_ANSWER_MODEL
from tui.widgets.empty_state import NEXT_STEPS, NO_FOLDERS

HELP = f"""\
# Assistant

Ask a question about your notes, mail and PDFs and press **Enter**. The **evidence** panel
fills first; the answer follows, citing sources as [n]. Click a marker, or select a source
in the evidence panel, to read it in full; a mail opens as its whole thread, the hit open.

| Key | Action |
| --- | --- |
| Enter | ask |
| Esc | stop the answer / go back |
| Ctrl+O | evidence only: the typed question without an answer, or stop the answer |
| F6 | focus the evidence panel (then ↑↓ and Enter) |
| Ctrl+Y | copy the last answer |
| Ctrl+N | new conversation |
| F2 | conversations |
| F3 | watched folders |
| F4 | files that could not be indexed |
| Ctrl+T | light / dark theme |
| Ctrl+P | command palette |
| o | (in a source) open the original file |
| n, p | (in a source) next / previous source of the answer |
| c | (in a source) copy the file's path |
| h | (in a source) all headers / folded headers |
| [ ], PgUp / PgDn | (in a PDF) previous / next page |
| Tab, Enter | (in a mail thread) next message, open / close it |
| Del | (in F2 / F3) delete the conversation / remove the folder, after a yes |
| Tab | (in F3) complete the folder path being typed |
| e | (in conversations) export one as Markdown, into Documents |
| Ctrl+Q | quit |

**Filters** go into the question: `kind:mail` (note, pdf), `from:anna`, `since:2024-03`,
`until:2024`, `since:30d`, `folder:~/notes`, `sort:date` (newest first). German and Chinese
work too (`art:notiz von:anna seit:2024`, `类型：邮件 排序：日期`). Nothing outside them is
shown, and the evidence panel says which filter left nothing.

Without an answer model the app searches only: get one with
`assistant models pull {DEFAULT_ANSWER_MODEL}`.
"""


class HelpScreen(ModalScreen[None]):
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "app.pop_screen", "Close")]

    def __init__(self, first_run: bool = False) -> None:
        super().__init__()
        self.first_run = first_run  # no folders yet: the help starts with what to do first

    def compose(self) -> ComposeResult:
        start = f"{NO_FOLDERS}\n\n{NEXT_STEPS}\n\n" if self.first_run else ""
        with VerticalScroll(id="help-box"):
            yield Markdown(start + HELP)
