"""Reading a child process's output line by line with a bounded wait, for process tests.

A test that waits on `readline()` hangs forever when the child hangs; reading on a thread into
a queue lets each wait end with a clear failure instead.
"""

from __future__ import annotations

import queue
import threading
from typing import IO

DEFAULT_LIMIT = 120.0  # seconds for one line: a bound against a hang, not a target


def lines_of(stream: IO[str]) -> queue.Queue[str | None]:
    """A stream's lines without their newline (None: it ended), read on a daemon thread."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def next_line(lines: queue.Queue[str | None], limit: float = DEFAULT_LIMIT) -> str:
    """The next line; fails the test if none comes within `limit` s or the stream ended."""
    try:
        line = lines.get(timeout=limit)
    except queue.Empty:
        raise AssertionError(f"no line for {limit} s") from None
    assert line is not None, "the command ended without another line"
    return line
