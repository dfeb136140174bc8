"""The evidence panel's count is the number of sources it shows (issue #14: "always 8 sources")."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from assistant.ask.relevance import Floor, above_floor
from tests.fakes import make_hit
from tui.widgets.evidence import EvidencePanel


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield EvidencePanel()


def hits(*similarities: float):
    return [
        make_hit(f"Quelle {i} 地板", chunk_id=i, vector_distance=1 - s, title=f"T{i}")
        for i, s in enumerate(similarities)
    ]


@pytest.mark.parametrize(
    ("similarities", "label"),
    [
        ((0.62, 0.58, 0.31, 0.30, 0.29, 0.28, 0.27, 0.26), "2 sources"),
        ((0.50,), "1 source"),
        ((0.22, 0.21), ""),  # nothing plausible: no count, the note instead
    ],
)
async def test_panel_count_equals_the_sources_shown(similarities, label: str) -> None:
    shown, _ = above_floor(hits(*similarities), Floor(absolute=0.30, margin=0.12))
    app = PanelApp()
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.query_one(EvidencePanel)
        panel.show(shown, "Quelle 地板")
        await pilot.pause()
        enabled = [o for o in panel.options if not o.disabled]
        assert len(enabled) == len(shown)
        assert panel.border_subtitle == label
