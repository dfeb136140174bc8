"""Pilot helpers for benchmarks/tui.py: a clock on the app's messages and one timed question.

Kept apart so the benchmark script itself reads as its scenarios.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import AssistantApp
from tui.messages import SyncProgress


@dataclass
class Timing:
    evidence: float
    first_text: float | None
    answered: float
    syncing: bool


class Clock:
    """A message hook: when each message of interest first reached the UI.

    A message bubbles from the screen to the app, so the hook sees it twice, the second time
    possibly after the next question was asked: each message object is counted once.
    """

    WATCHED = ("EvidenceReady", "AnswerProgress", "AnswerFinished")

    def __init__(self) -> None:
        self.at: dict[str, float] = {}
        self.files_done = 0
        self._seen: list[Message] = []  # kept alive, so identities are not reused

    def __call__(self, message: Message) -> None:
        if isinstance(message, SyncProgress):
            self.files_done = max(self.files_done, message.done)
        name = type(message).__name__
        if name in self.WATCHED and not any(m is message for m in self._seen[-50:]):
            self._seen.append(message)
            self.at.setdefault(name, time.perf_counter())


async def until(pilot: Pilot, condition: Callable[[], bool], limit: float, what: str) -> None:
    """Poll `condition` every few ms; fail loudly instead of hanging."""
    deadline = time.perf_counter() + limit
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no {what} after {limit:.0f} s")
        await pilot.pause(0.005)


async def ask(pilot: Pilot, clock: Clock, question: str) -> Timing:
    """Ask in a new conversation (so every question is a first one) and time it."""
    app = pilot.app
    assert isinstance(app, AssistantApp)
    await pilot.press("ctrl+n")
    app.main_screen.query_one("#question", Input).value = question
    clock.at.clear()
    start = time.perf_counter()
    await pilot.press("enter")
    await until(pilot, lambda: "AnswerFinished" in clock.at, 600, f"answer to {question!r}")
    first = clock.at.get("AnswerProgress")
    return Timing(
        clock.at["EvidenceReady"] - start,
        first - start if first else None,
        clock.at["AnswerFinished"] - start,
        app.syncing,
    )
