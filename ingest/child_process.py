"""A spawned child process at the other end of a pipe: what the PDF and OCR workers share.

Both run a library that cannot be interrupted from another thread (pypdf, ONNX Runtime) in a
child the parent can kill past a limit. Children are spawned, never forked: the parent holds
llama.cpp threads. A child says it is ready once its imports are done, so a child that never
starts is an error here, not a hang in the first read.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any


class ChildProcess:
    """Starts `target(conn, *args)` in a spawned process and waits for its `ready` message."""

    def __init__(
        self,
        target: Callable[..., None],
        args: tuple[Any, ...],
        ready: object,
        name: str,
        start_seconds: float,
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
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
