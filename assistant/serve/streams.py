"""Standard streams that belong to a client: how one server runs commands for several at once.

The server puts a `RoutedStream` in place of sys.stdout, sys.stderr and sys.stdin. A thread
running a command for a client routes the three to that client's streams (`ClientOutput`,
`ClientInput`); every other thread (the watcher, the server's own lines) still reaches the
server's real ones. So the commands keep calling plain `print`, and two clients never see
each other's words. A helper thread a command starts (the stage line's ticker) pins the
stream when it is made (`pinned`), since the route is per thread.

A client's streams answer `isatty` as the client's do, and carry its terminal width and its
environment (NO_COLOR, TERM), which is all our output depends on beyond the command itself.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TextIO

from assistant.serve.wire import Channel

FLUSH_AT = 4096  # characters buffered before they are sent even without a newline
POLL_SECONDS = 0.05


class ClientOutput(io.TextIOBase):
    """A client's stdout or stderr: text goes to it as "out" or "err" messages, in order."""

    def __init__(
        self,
        channel: Channel,
        name: str,
        *,
        tty: bool,
        columns: int | None,
        environ: Mapping[str, str],
    ) -> None:
        super().__init__()
        self.channel = channel
        self.name = name
        self.tty = tty
        self.columns = columns
        self.environ = environ
        self._buffer: list[str] = []
        self._size = 0
        self._lock = threading.Lock()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        with self._lock:
            self._buffer.append(text)
            self._size += len(text)
            if "\n" in text or self._size >= FLUSH_AT:
                self._send()
        return len(text)

    def flush(self) -> None:
        with self._lock:
            self._send()

    def _send(self) -> None:
        if self._buffer:
            self.channel.send({self.name: "".join(self._buffer)})
            self._buffer, self._size = [], 0


class ClientInput:
    """A client's stdin: the lines it sends, then end of input.

    Waiting for a line, a Ctrl-C from the client (`pressed`) raises KeyboardInterrupt, as it
    would in a process of its own reading its terminal.
    """

    def __init__(self, pressed: threading.Event, *, tty: bool) -> None:
        self.pressed = pressed
        self.tty = tty
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._ended = False

    def feed(self, line: str | None) -> None:
        """A line from the client; None: its input ended."""
        self._lines.put(line)

    encoding = "utf-8"

    def readable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.tty

    def fileno(self) -> int:
        raise io.UnsupportedOperation("a client's stdin has no descriptor here")

    def readline(self, size: int | None = -1) -> str:
        while not self._ended:
            if self.pressed.is_set():
                raise KeyboardInterrupt
            try:
                line = self._lines.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            if line is None:
                self._ended = True
                break
            return line
        return ""

    def __iter__(self) -> Iterator[str]:
        while line := self.readline():
            yield line


class RoutedStream:
    """sys.stdout, sys.stderr or sys.stdin for the whole server: per thread, a client's own."""

    def __init__(self, default: TextIO) -> None:
        self.default = default
        self._local = threading.local()

    def pinned(self) -> Any:
        """This thread's stream (a client's, or the server's own)."""
        routed = getattr(self._local, "stream", None)
        return routed if routed is not None else self.default

    @contextmanager
    def route(self, stream: ClientOutput | ClientInput) -> Iterator[None]:
        self._local.stream = stream
        try:
            yield
        finally:
            self._local.stream = None

    def write(self, text: str) -> int:
        return int(self.pinned().write(text))

    def flush(self) -> None:
        self.pinned().flush()

    def isatty(self) -> bool:
        return bool(self.pinned().isatty())

    def fileno(self) -> int:
        """The server's own descriptor; a client's stream has none (so nothing ever dup2()s
        over the server's terminal on a client's behalf)."""
        return int(self.pinned().fileno())

    def __iter__(self) -> Iterator[str]:
        return iter(self.pinned())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pinned(), name)


def pinned(stream: TextIO) -> TextIO:
    """`stream` as it is for this thread: a server's routed stream resolves to the client's
    own, so a helper thread started now writes where this thread does."""
    pin = getattr(stream, "pinned", None)
    return pin() if callable(pin) else stream
