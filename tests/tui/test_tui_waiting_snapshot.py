"""The waiting turn as drawn at 80 and 160 columns: the stage line with its seconds and the
Ctrl+O hint beside the evidence, under a finished turn, with the footer unchanged. The
turn's clock is frozen so the seconds are the same on every run."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from textual.pilot import Pilot

from assistant.ask.stages import Stage
from assistant.config import load_config
from tests.tui.test_tui_snapshots import fill_main
from tui.app import AssistantApp
from tui.widgets.turn import Turn

NOW = [100.0]  # the turn's frozen clock


@pytest.fixture
def layout_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AssistantApp:
    NOW[0] = 100.0
    monkeypatch.setattr("tui.widgets.turn.time", SimpleNamespace(monotonic=lambda: NOW[0]))
    config = load_config({"ASSISTANT_HOME": str(tmp_path / "home")})
    return AssistantApp(config, watch=False, background=False)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_waiting_turn(snap_compare, layout_app: AssistantApp, size: tuple[int, int]) -> None:
    async def waiting(pilot: Pilot) -> None:
        await fill_main(pilot)
        turn = Turn(2, "Und wann kommt er wieder?")
        app = pilot.app
        assert isinstance(app, AssistantApp)
        await app.main_screen.query_one("#chat").mount(turn)
        NOW[0] += 12.4  # asked 12.4 s ago
        turn.show_stage(Stage("prefill", sources=8, tokens=2700, done=1620, total=3600))
        await pilot.pause()

    assert snap_compare(layout_app, terminal_size=size, run_before=waiting)
