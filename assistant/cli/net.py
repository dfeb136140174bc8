"""The last net under every command: whatever goes wrong reaches the user as one line.

The line and the logged traceback (never with local variables) are `assistant.crash`'s; what
is the CLI's own is a broken pipe: `assistant search x | head` closed its reader, which is
not an error at all, so nothing is said and the exit is the shell's 141 (128 + SIGPIPE).
"""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.crash import error_line, log_traceback
from assistant.display import silence_stdout


def unexpected(exc: BaseException, log_file: Path | None) -> int:
    """Report an error we did not foresee in one line (+ the log); the exit code to use."""
    if isinstance(exc, BrokenPipeError):  # `assistant search x | head`: the reader left
        silence_stdout()
        return 141
    logged = log_traceback(exc)
    print(error_line(exc, log_file, logged=logged), file=sys.stderr)
    return 1


def stdout_flushed() -> bool:
    """Flush what is still buffered now, while a closed pipe can be told apart: at the
    interpreter's exit the same failure prints "Exception ignored ... BrokenPipeError"."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        return False
    except (OSError, ValueError):  # a closed or odd stdout: nothing more to say there
        pass
    return True
