"""The wire between `assistant` and `assistant serve`: JSON Lines over a Unix socket.

One JSON object per line, UTF-8, both ways. The client opens with its request (the command
line, its environment, which of its streams are terminals, its terminal width) and then sends
standard input lines and Ctrl-C presses; the server answers "ready" (or "fallback" with why: the
client then does the work itself), then what the command prints on stdout ("out") and stderr
("err") in order, then "exit" with the code. JSON, never pickle: a peer's bytes are data only.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

MAX_LINE = 16 * 1024 * 1024  # bytes; a longer line is a broken peer, not a message

Message = dict[str, Any]


class WireError(Exception):
    """The peer sent something that is not a message of ours."""


class Channel:
    """The sending half of a connection, safe to use from several threads.

    Once the peer has gone every send is dropped: a command whose client left finishes (or is
    cancelled) without noticing, the way a process whose terminal closed would.
    """

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.gone = False
        self._lock = threading.Lock()

    def send(self, message: Message) -> bool:
        """Send one message; False when the peer has gone."""
        data = (json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            if self.gone:
                return False
            try:
                self.sock.sendall(data)
            except OSError:
                self.gone = True
                return False
        return True


def messages(sock: socket.socket) -> Iterator[Message]:
    """The messages the peer sends, until it closes its end (or the socket fails)."""
    stream = sock.makefile("rb")
    try:
        while True:
            try:
                line = stream.readline(MAX_LINE + 1)
            except OSError:
                return
            if not line:
                return
            if len(line) > MAX_LINE or not line.endswith(b"\n"):
                raise WireError("a line too long, or cut off")
            try:
                message = json.loads(line)
            except ValueError as exc:
                raise WireError(f"not JSON: {exc}") from None
            if not isinstance(message, dict):
                raise WireError("not a JSON object")
            yield message
    finally:
        stream.close()
