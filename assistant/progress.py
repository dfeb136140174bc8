"""How long-running core work (fetching, converting, later indexing) tells a front end how far
it has got, without knowing whether that front end is a terminal, the TUI or a test."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class Report(Protocol):
    """Called with a message, and for countable work with how many of how many are done."""

    def __call__(self, text: str, done: int = 0, total: int = 0) -> None: ...


def plain_report(text: str, done: int = 0, total: int = 0) -> None:
    """The default: one line per message on stdout."""
    print(text, file=sys.stdout, flush=True)


def notes_report(text: str, done: int = 0, total: int = 0) -> None:
    """Messages only (e.g. "waiting for ..."), on stderr; counted progress is left out. For
    output that is not for people (`--json`) or that has its own lines (`assistant watch`)."""
    if not total:
        print(text, file=sys.stderr, flush=True)


def silent_report(text: str, done: int = 0, total: int = 0) -> None:
    """For callers (and tests) that want no output."""


class ConsoleReport:
    """For the terminal: messages as lines, counted work as a progress bar (rich)."""

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, text: str, done: int = 0, total: int = 0) -> None:
        if not total:
            self.close()
            plain_report(text)
            return
        if self._bar is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()
            )
            self._bar.start()
            self._task = self._bar.add_task(text, total=total)
        assert self._task is not None  # set with the bar
        self._bar.update(self._task, completed=done, total=total, description=text)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
