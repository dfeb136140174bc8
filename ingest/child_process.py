"""A spawned child process at the other end of a pipe: what the PDF and OCR workers share.

Both run a library that cannot be interrupted from another thread (pypdf, ONNX Runtime) in a
child the parent can kill past a limit. Children are spawned, never forked: the parent holds
llama.cpp threads. A child says it is ready once its imports are done, so a child that never
starts is an error here, not a hang in the first read.

The two ends talk over two one-way OS pipes rather than multiprocessing's duplex Pipe, which
is a Unix socket pair: the app promises to create no socket at all, and a test audits that.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


class Channel:
    """One end of a two-way link made of two one-way pipes (no socket is created)."""

    def __init__(self, incoming: Connection, outgoing: Connection) -> None:
        self.incoming, self.outgoing = incoming, outgoing

    def send(self, message: object) -> None:
        self.outgoing.send(message)

    def recv(self) -> Any:
        return self.incoming.recv()

    def poll(self, timeout: float = 0.0) -> bool:
        return self.incoming.poll(timeout)

    def close(self) -> None:
        self.incoming.close()
        self.outgoing.close()


def _channels(context: Any) -> tuple[Channel, Channel]:
    """The parent's and the child's ends."""
    to_parent_reader, to_parent_writer = context.Pipe(duplex=False)
    to_child_reader, to_child_writer = context.Pipe(duplex=False)
    return Channel(to_parent_reader, to_child_writer), Channel(to_child_reader, to_parent_writer)


class ChildProcess:
    """Starts `target(channel, *args)` in a spawned process and waits for its `ready` message."""

    def __init__(
        self,
        target: Callable[..., None],
        args: tuple[Any, ...],
        ready: object,
        name: str,
        start_seconds: float,
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = _channels(context)
        self.process = context.Process(target=target, args=(child, *args), daemon=True)
        self.process.start()
        child.close()
        if not self.conn.poll(start_seconds) or self.conn.recv() != ready:
            self.stop()
            raise OSError(f"the {name} process did not start")

    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()
