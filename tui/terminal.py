"""The app's screen output on a file descriptor of its own.

llama-cpp-python silences model loading by dup2-ing /dev/null over fds 1 and 2 and restoring
them afterwards (`llama_cpp._utils.suppress_stdout_stderr`). Textual writes every frame to
fd 2, so frames drawn while a model loaded in a worker thread went to /dev/null; worse, two
loads in two threads can interleave their save and restore so that fd 2 stays /dev/null, and
the window froze for good while the app kept running (seen in tmux in about half the starts
that began with a big sync). A duplicate of the terminal's fd, taken when the driver starts,
is untouched by that dance. Model loads are also serialised (`assistant.runtime.session`), so
fd 2 is always restored for whatever prints after the app exits.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from textual.drivers.linux_driver import LinuxDriver


class OwnOutputDriver(LinuxDriver):
    """Textual's Linux/macOS driver, writing to a private duplicate of stderr."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        terminal = sys.__stderr__
        assert terminal is not None
        self._suspended = False
        self._file = open(  # noqa: SIM115 (closed in close(), after the writer thread)
            os.dup(terminal.fileno()), "w", encoding=terminal.encoding, errors=terminal.errors
        )

    def suspend_application_mode(self) -> None:
        """Hand the terminal to a pager (`App.suspend`): the base class closes the driver,
        which would close the private fd that the resumed app still writes to."""
        self._suspended = True
        try:
            super().suspend_application_mode()
        finally:
            self._suspended = False

    def close(self) -> None:
        super().close()
        if self._file is not None and not self._suspended:  # Optional in textual's typing
            self._file.close()
