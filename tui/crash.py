"""The app's last net: a crash is one line on the terminal and a traceback in the log.

Textual's own fatal-error screen prints a Rich traceback WITH local variables, which hold the
question being asked, the answer and the text of the person's mail (issue #14: a FOREIGN KEY
error printed a mail, and the app exited 0). Every unhandled exception, in a message handler,
a timer or a thread worker started with `exit_on_error`, reaches `App._handle_exception`; this
override logs it (standard formatter: no locals) and leaves one line for after the terminal is
restored, and the app's return code is 1, which `tui.app.run` hands back to the shell.
"""

from __future__ import annotations

import sys

from textual.app import App
from textual.worker import WorkerFailed

from assistant.config import Config
from assistant.crash import error_line, log_traceback


class CrashNetApp(App[None]):
    """An App whose crashes never show a traceback or a local variable."""

    config: Config
    crash_line = ""  # what `_print_error_renderables` says once the terminal is restored

    def _handle_exception(self, error: Exception) -> None:
        cause = error.error if isinstance(error, WorkerFailed) else error
        logged = log_traceback(cause, "the app stopped on an unexpected error")
        line = error_line(cause, self.config.paths.log_dir / "assistant.log", logged=logged)
        self._return_code = 1
        if self._exception is None:  # Pilot re-raises it, so tests see the crash
            self._exception = error
            self._exception_event.set()
        self.crash_line = self.crash_line or line  # the first error is the one to fix
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        """The line as plain text: a Rich console would wrap or crop it at the width."""
        if self.crash_line:
            print(self.crash_line, file=sys.stderr)
        super()._print_error_renderables()

    def _fatal_error(self) -> None:
        """Textual's path to its locals-showing traceback: the same one line instead."""
        error = sys.exc_info()[1]
        self._handle_exception(error if isinstance(error, Exception) else RuntimeError("crash"))
