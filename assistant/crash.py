"""What an error we did not foresee becomes: one line for the person, a traceback in the log.

Shared by the CLI's last net (`assistant.cli.net`) and the app's (`tui.crash`). Errors we expect
(`AssistantError`, the store's `StoreError`) already say what to do next; anything else is a bug
or an environment we did not foresee (a file system that refuses an operation, a library's own
error). The traceback goes to the log file only, written by the standard formatter, which never
shows local variables: those hold questions, answers and mail text, and the log is kept longer
and looked at more casually than the index.
"""

from __future__ import annotations

import logging
from pathlib import Path

from assistant.display import printable

log = logging.getLogger("assistant")


def one_line(exc: BaseException) -> str:
    """The first line of an exception's message, safe to print."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return printable(text)


def os_error_line(exc: OSError) -> str:
    """`[Errno 13] ... '/x'` as "permission denied: /x" plus what to try."""
    reason = (exc.strerror or type(exc).__name__).lower()
    where = f": {printable(exc.filename)}" if exc.filename else ""
    return f"{reason}{where}; check that path (its permissions and free space) and try again"


def log_traceback(exc: BaseException, what: str = "command failed") -> bool:
    """Log the traceback if logging goes to a file; whether it did (never to the terminal)."""
    handlers = logging.getLogger().handlers
    if not any(isinstance(h, logging.FileHandler) for h in handlers):
        return False
    log.error(what, exc_info=exc)
    return True


def error_line(exc: BaseException, log_file: Path | None, *, logged: bool) -> str:
    """The one line saying what failed and, if it was logged, where the details are."""
    where = f"; details in {printable(log_file)}" if logged and log_file else ""
    if isinstance(exc, OSError):
        return f"assistant: {os_error_line(exc)}{where}"
    return f"assistant: unexpected error ({type(exc).__name__}: {one_line(exc)}){where}"
