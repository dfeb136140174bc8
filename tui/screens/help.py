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

HELP = f"""\
# Assistant

Ask a question about your notes, mail and PDFs and press **Enter**. The **evidence** panel
fills first; the answer follows, citing sources as [n]. Click a marker, or select a source
in the evidence panel, to read it in full; a mail opens as its whole thread, the hit open.

| Key | Action |
| --- | --- |
| Enter | ask |
| Esc | stop the answer / go back |
| F6 | focus the evidence panel (then ↑↓ and Enter) |
| Ctrl+Y | copy the last answer |
| Ctrl+N | new conversation |
| F2 | conversations |
| F3 | watched folders |
| F4 | files that could not be indexed |
| Ctrl+T | light / dark theme |
| Ctrl+P | command palette |
| o | (in a source) open the original file |
| Tab, Enter | (in a mail thread) next message, open / close it |
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

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(HELP)
