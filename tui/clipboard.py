"""Copying text and saying truthfully how it was copied.

`App.copy_to_clipboard` writes an OSC 52 sequence to the terminal and cannot know whether the
terminal (or tmux, or ssh on the way) passed it to a clipboard, so "copied" would be a guess.
A local clipboard tool (wl-copy, xclip, xsel, pbcopy) reports success; it is tried first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping

from textual.app import App

_TOOL_TIMEOUT_S = 3.0


def local_tool(environ: Mapping[str, str]) -> list[str] | None:
    """The command of a clipboard tool that can work in this session, if one is installed."""
    candidates: list[list[str]] = []
    if sys.platform == "darwin":
        candidates.append(["pbcopy"])
    if environ.get("WAYLAND_DISPLAY"):
        candidates.append(["wl-copy"])
    if environ.get("DISPLAY"):
        candidates += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    path = environ.get("PATH")
    return next((c for c in candidates if shutil.which(c[0], path=path)), None)


def has_terminal(app: App[object]) -> bool:
    """Whether OSC 52 has a terminal to go to (a headless app has none)."""
    return not app.is_headless


def copy_text(app: App[object], text: str) -> str:
    """Copy `text`; returns how it went, to follow "Answer " or "Path ": "copied to the
    clipboard (wl-copy)", "sent to the terminal clipboard (OSC 52)…" or "could not be copied…"."""
    tool = local_tool(os.environ)
    if tool is not None and _run_tool(tool, text):
        return f"copied to the clipboard ({tool[0]})"
    if has_terminal(app):
        app.copy_to_clipboard(text)
        return (
            "sent to the terminal clipboard (OSC 52); "
            "whether it arrived depends on the terminal (tmux: set-clipboard on)"
        )
    return "could not be copied: no clipboard tool (wl-copy, xclip, pbcopy) and no terminal"


def _run_tool(command: list[str], text: str) -> bool:
    try:
        done = subprocess.run(
            command,
            input=text.encode(),
            stdout=subprocess.DEVNULL,  # the tools fork a server that keeps pipes open
            stderr=subprocess.DEVNULL,
            timeout=_TOOL_TIMEOUT_S,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
