"""The last net under every command: whatever goes wrong reaches the user as one line.

Errors we expect (`AssistantError`, the store's `StoreError`) already say what to do next and
are printed as they are. Anything else is a bug or an environment we did not foresee (a file
system that refuses an operation, a broken pipe, a library's own error): the person gets one
line naming what failed and where the details are, and the full traceback goes to the log
file, never to the terminal. Tracebacks are written without local variables (the standard
formatter never shows them), so no document text or question lands in the log that way.
"""

from __future__ import annotations

import logging
import os
import sys
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


def unexpected(exc: BaseException, log_file: Path | None) -> int:
    """Report an error we did not foresee in one line (+ the log); the exit code to use."""
    if isinstance(exc, BrokenPipeError):  # `assistant search x | head`: the reader left
        _silence_stdout()
        return 141
    logged = _log(exc)
    where = f"; details in {printable(log_file)}" if logged and log_file else ""
    if isinstance(exc, OSError):
        print(f"assistant: {os_error_line(exc)}{where}", file=sys.stderr)
        return 1
    name = type(exc).__name__
    print(f"assistant: unexpected error ({name}: {one_line(exc)}){where}", file=sys.stderr)
    return 1


def _log(exc: BaseException) -> bool:
    """Log the traceback if logging goes to a file; whether it did (never to the terminal)."""
    handlers = logging.getLogger().handlers
    if not any(isinstance(h, logging.FileHandler) for h in handlers):
        return False
    log.error("command failed", exc_info=exc)
    return True


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's exit flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
