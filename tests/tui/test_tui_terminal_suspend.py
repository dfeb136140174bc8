"""The app's private output fd survives `App.suspend` (the pager behind `o`): textual's
driver closes itself on suspend, and the resumed app drew to a closed file (a blank window,
seen in tmux after quitting less)."""

from __future__ import annotations

import pytest
from textual.app import App

from tui.terminal import OwnOutputDriver


async def test_suspend_keeps_the_output_open_and_close_still_closes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(OwnOutputDriver, "stop_application_mode", lambda self: None)
    driver = OwnOutputDriver(App())
    driver.suspend_application_mode()
    assert not driver._file.closed, "the resumed app still writes here"
    driver.close()
    assert driver._file.closed
