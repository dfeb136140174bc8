"""`o` on a machine without xdg-open falls back to $PAGER / $EDITOR and offers the path;
Ctrl-Y (and `c` in the viewer) say how the text was copied: by a local clipboard tool
(confirmed), sent as OSC 52 to the terminal (unconfirmable), or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import load_config
from tests.fakes import make_hit
from tests.tui.tui_helpers import wait_until
from tui import clipboard
from tui.app import AssistantApp
from tui.screens.source import SourceScreen
from tui.widgets.turn import Turn

ANSWER = "Der Monteur kommt am Dienstag [1]. 周二来。"


def _tool(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return script


@pytest.fixture
def bare_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH of one empty folder: no xdg-open, no clipboard tool, no pager."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    for variable in ("PAGER", "VISUAL", "EDITOR", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(variable, raising=False)
    return folder


def _app(tmp_path: Path) -> AssistantApp:
    config = load_config({"ASSISTANT_HOME": str(tmp_path / "home")})
    return AssistantApp(config, watch=False, background=False)


def _said(app: AssistantApp) -> str:
    return " ".join(n.message for n in app._notifications)


async def test_o_without_xdg_open_shows_the_file_in_the_pager(
    tmp_path: Path, bare_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = tmp_path / "Heizung notes.md"
    note.write_text("# Heizung\n\nDer Monteur kommt am Dienstag.\n")
    record = tmp_path / "pager-saw.txt"
    _tool(bare_path, "record", f'printf "%s" "$1" > "{record}"')
    monkeypatch.setenv("PAGER", "record")
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        hit = make_hit("Der Monteur kommt am Dienstag.", source_path=str(note))
        await app.push_screen(SourceScreen(hit, 1))
        await pilot.press("o")
        await wait_until(pilot, lambda: "$PAGER" in _said(app), "the pager's report")
        assert record.read_text() == str(note), "the pager got the file's path"
        assert "Shown with $PAGER (record)" in _said(app)
        assert "Press c to copy the path" in _said(app)
        assert "xdg-open" in _said(app) and "No such file" not in _said(app)


async def test_o_without_any_viewer_says_what_to_do(tmp_path: Path, bare_path: Path) -> None:
    note = tmp_path / "wifi.txt"
    note.write_text("WLAN Passwort steht auf dem Router. 密码在路由器上。\n")
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SourceScreen(make_hit("WLAN", source_path=str(note)), 1))
        await pilot.press("o")
        await pilot.pause()
        assert "no xdg-open here and $PAGER / $EDITOR are not set" in _said(app)
        assert "Press c to copy the path" in _said(app)


async def _answered(app: AssistantApp) -> None:
    turn = Turn(1, "Wann kommt der Monteur?")
    await app.main_screen.query_one("#chat").mount(turn)
    await turn.show_final(ANSWER, [], "test")
    app.main_screen.turns.append(turn)


async def test_ctrl_y_with_a_clipboard_tool_says_copied_and_by_what(
    tmp_path: Path, bare_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    received = tmp_path / "clipboard.txt"
    _tool(bare_path, "wl-copy", f'/bin/cat > "{received}"')
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _answered(app)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "Answer copied to the clipboard (wl-copy)." in _said(app)
        assert received.read_text() == ANSWER


async def test_ctrl_y_through_the_terminal_says_osc_52_not_copied(
    tmp_path: Path, bare_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clipboard, "has_terminal", lambda app: True)
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _answered(app)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "Answer sent to the terminal clipboard (OSC 52)" in _said(app)
        assert "copied" not in _said(app)


async def test_ctrl_y_and_c_without_any_clipboard_say_so(tmp_path: Path, bare_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _answered(app)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "Answer could not be copied: no clipboard tool" in _said(app)
        await app.push_screen(SourceScreen(make_hit("Heizung", source_path="/n/h.md"), 1))
        await pilot.press("c")
        await pilot.pause()
        assert "Path could not be copied" in _said(app)
