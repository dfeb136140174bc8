"""Open a file in the system's default application, without waiting for it.

Kept apart from the screens so tests can replace `open_file` and so the platform switch lives
in one place.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def open_file(path: Path) -> None:
    """Hand `path` to the desktop's default app; raises OSError if there is none."""
    if not path.exists():
        raise FileNotFoundError(f"{path} no longer exists")
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]
        return
    command = "open" if sys.platform == "darwin" else "xdg-open"
    subprocess.Popen(
        [command, str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
