"""Ctrl-C while an answer is generated: stop it the way Esc does in the app, then exit 130.

Python raises KeyboardInterrupt in whatever Python code runs next, and during a prefill that is
the abort callback llama.cpp calls from C (`Generator._abort_during_prefill`): ctypes cannot
pass the exception on, so it printed "Exception ignored on calling ctypes callback" with a
traceback, llama.cpp then failed with "llama_decode returned 2" and the person saw a second
error (issue #14). While `ctrl_c_cancels` is active Ctrl-C only sets the answer's cancel event,
which the callback and the token loop already check; once the answer has stopped, the
KeyboardInterrupt is raised here, in plain Python, and `main` says "assistant: interrupted".
"""

from __future__ import annotations

import _thread
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sys import UnraisableHookArgs


_remote = threading.local()  # .pressed: the client's Ctrl-C, for a command run by the server


@contextmanager
def interrupts_from(pressed: threading.Event) -> Iterator[None]:
    """A command run on this thread for a client of `assistant serve` takes its Ctrl-C from
    `pressed`: set when the client's person pressed it, or when the client went away."""
    _remote.pressed = pressed
    try:
        yield
    finally:
        _remote.pressed = None


@contextmanager
def ctrl_c_cancels(cancel: threading.Event) -> Iterator[None]:
    """Within the block Ctrl-C sets `cancel`; after it, a Ctrl-C that came is re-raised."""
    if threading.current_thread() is not threading.main_thread():
        # signal handlers can only be set from the main thread; a server's thread has its
        # client's Ctrl-C instead (or none: a thread of an embedding program)
        remote: threading.Event | None = getattr(_remote, "pressed", None)
        if remote is None:
            yield
            return
        with _relayed(remote, cancel):
            yield
        if remote.is_set():
            raise KeyboardInterrupt
        return
    pressed = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        if pressed.is_set():  # a second Ctrl-C (the model still loading): do not wait
            raise KeyboardInterrupt
        pressed.set()
        cancel.set()

    previous = signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed.is_set():
        raise KeyboardInterrupt


@contextmanager
def _relayed(pressed: threading.Event, cancel: threading.Event) -> Iterator[None]:
    """Within the block, `pressed` sets `cancel` (within 50 ms)."""
    done = threading.Event()

    def relay() -> None:
        while not done.is_set():
            if pressed.wait(0.05):
                cancel.set()
                return

    thread = threading.Thread(target=relay, name="ctrl-c relay", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def quiet_interrupts() -> None:
    """Ctrl-C outside any command's own handling is one line too, never a traceback.

    Two places `main`'s `except KeyboardInterrupt` cannot reach: the imports before `main`
    runs (the first second of every command), and a ctypes callback llama.cpp calls from C
    (its log callback while a model loads), where ctypes prints the exception and drops it.
    An uncaught one is reported in one line (the interpreter then exits by SIGINT, 130 to a
    shell); a dropped one is raised again shortly, once our own Python code runs.
    """
    previous_excepthook, previous_unraisable = sys.excepthook, sys.unraisablehook

    def excepthook(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            print("assistant: interrupted", file=sys.stderr)
            return
        previous_excepthook(kind, value, tb)

    def unraisable(info: UnraisableHookArgs) -> None:
        if isinstance(info.exc_value, KeyboardInterrupt):
            again = threading.Timer(0.05, _thread.interrupt_main)
            again.daemon = True
            again.start()
            return
        previous_unraisable(info)

    sys.excepthook, sys.unraisablehook = excepthook, unraisable
