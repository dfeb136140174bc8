"""The evidence panel: the sources of the current answer, shown as soon as retrieval is done.

An OptionList gives keyboard selection and scrolling for free; selecting a source asks the
screen to open it in the viewer (the panel itself opens nothing, it only reports).
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store import Hit
from tui.highlight import card, terms

HINT = "Ask a question: its sources appear here first, the answer follows."


class EvidencePanel(OptionList):
    """Numbered sources, [1] first, each with its matching passage highlighted (and, in
    search-only mode, its key sentence marked: `key_spans`, by chunk id)."""

    class SourceChosen(Message):
        def __init__(self, hit: Hit, number: int) -> None:
            super().__init__()
            self.hit = hit
            self.number = number

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.hits: list[Hit] = []
        self.key_spans: dict[int, tuple[int, int]] = {}
        self.border_title = "Evidence"

    def on_mount(self) -> None:
        if not self.hits:
            self.show([], "", HINT)

    def show(
        self,
        hits: list[Hit],
        keywords: str,
        note: str = "",
        key_spans: Mapping[int, tuple[int, int]] | None = None,
    ) -> None:
        self.hits = list(hits)
        self.key_spans = dict(key_spans or {})
        words = terms(keywords)
        self.clear_options()
        if not hits:
            self.add_option(Option(note or "No matching sources.", disabled=True))
        for number, hit in enumerate(hits, start=1):
            key = self.key_spans.get(hit.chunk_id)
            self.add_option(Option(card(number, hit, words, key), id=f"source-{number}"))
        self.border_subtitle = f"{len(hits)} source{'' if len(hits) == 1 else 's'}" if hits else ""
        if hits:
            self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        number = event.option_index + 1
        if 1 <= number <= len(self.hits):
            self.post_message(self.SourceChosen(self.hits[number - 1], number))
