"""Open a file in the system's default application, or else in the person's pager or editor.

Kept apart from the screens so tests can replace what is run and so the platform switch lives
in one place. A server or a container has no desktop opener (`xdg-open` missing): then
$PAGER, else $EDITOR, shows the file in the terminal while the app is suspended.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


class NoDesktopOpener(FileNotFoundError):
    """The machine has no `xdg-open`/`open`: a terminal viewer may do instead."""


def desktop_opener(environ: Mapping[str, str]) -> list[str] | None:
    """`xdg-open` (or macOS `open`) when installed; None on a machine without one."""
    command = "open" if sys.platform == "darwin" else "xdg-open"
    return [command] if shutil.which(command, path=environ.get("PATH")) else None


def terminal_viewer(environ: Mapping[str, str]) -> tuple[str, list[str]] | None:
    """("$PAGER", command) or ("$EDITOR", command) when set to an installed program."""
    for variable in ("PAGER", "VISUAL", "EDITOR"):
        try:
            words = shlex.split(environ.get(variable, ""))
        except ValueError:
            continue
        if words and shutil.which(words[0], path=environ.get("PATH")):
            return f"${variable}", words
    return None


def open_file(path: Path) -> None:
    """Hand `path` to the desktop's default app; raises OSError if there is none."""
    if not path.exists():
        raise FileNotFoundError(f"{path} no longer exists")
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]
        return
    command = desktop_opener(os.environ)
    if command is None:
        raise NoDesktopOpener("no desktop opener (xdg-open) on this machine")
    subprocess.Popen(
        [*command, str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def run_in_terminal(command: list[str], path: Path) -> int:
    """Run a pager or editor on `path` in the foreground; its exit status."""
    return subprocess.run([*command, str(path)], check=False).returncode
