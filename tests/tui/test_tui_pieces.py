"""Fast unit tests of the TUI's pure helpers (no models)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from assistant.config import load_config
from assistant.indexing.service import Status
from tui.app import AssistantApp
from tui.highlight import HIGHLIGHT, highlighted, passage, terms
from tui.screens.failures import FailuresScreen
from tui.widgets.status_line import StatusLine
from tui.widgets.turn import linkify


def test_passage_centres_on_the_first_matching_word() -> None:
    text = "filler " * 100 + "Thomas Becker sanded the floor." + " tail" * 100
    chosen = passage(text, terms("Becker floor"), width=80)
    assert "Becker" in chosen and chosen.startswith("…") and chosen.endswith("…")
    assert passage("short text", ["x"]) == "short text"


def test_highlighting_marks_every_keyword_case_insensitively() -> None:
    words = terms("floor Boden 地板")
    assert "地" in words and "floor" in words
    text = highlighted("The FLOOR (Boden) was fixed.", words)
    marked = [text.plain[s.start : s.end] for s in text.spans if s.style == HIGHLIGHT]
    assert marked == ["FLOOR", "Boden"]


def test_citations_become_links_that_still_read_n() -> None:
    assert linkify("Becker [1], see [2].") == "Becker [\\[1\\]](cite:1), see [\\[2\\]](cite:2)."


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux/macOS driver")
async def test_screen_output_is_not_silenced_while_a_model_loads(tmp_path: Path) -> None:
    """llama-cpp-python points fd 2 at /dev/null while loading; the app's frames go elsewhere."""
    from llama_cpp._utils import suppress_stdout_stderr

    app = AssistantApp(load_config({"ASSISTANT_HOME": str(tmp_path)}), background=False)
    driver = app.driver_class(app)
    terminal = os.fstat(2).st_ino
    try:
        with suppress_stdout_stderr(disable=False):
            assert os.fstat(2).st_ino != terminal, "fd 2 is silenced during a load"
            assert os.fstat(driver._file.fileno()).st_ino == terminal
    finally:
        driver.close()


async def test_choosing_the_failure_count_opens_the_failures_screen(tmp_path: Path) -> None:
    """The status line's "n failed" button opens the same screen as F4 (it once did nothing)."""
    app = AssistantApp(load_config({"ASSISTANT_HOME": str(tmp_path)}), background=False)
    failure = {"path": "/f/locked.pdf", "kind": "pdf", "reason": "encrypted"}
    status = Status(
        roots=["/f"], documents=0, chunks=0, by_kind={}, failures=[failure], duplicates=0,
        dim=None, vector_type=None, model_id=None, database_bytes=0, last_sync=None,
        settings_note="",
    )  # fmt: skip
    async with app.run_test(size=(100, 30)) as pilot:
        app.last_status = status
        app.main_screen.query_one(StatusLine).show_status(status)
        await pilot.pause()
        assert await pilot.click("#failures")
        await pilot.pause()
        assert isinstance(app.screen, FailuresScreen)
