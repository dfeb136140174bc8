"""Helpers the TUI tests share: waiting for workers without sleeping, asking a question."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tui.app import AssistantApp


async def settle(app: AssistantApp, pilot: Pilot) -> None:
    """Wait until no worker runs and every message they posted has been handled."""
    for _ in range(50):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers) and not app.syncing:
            await pilot.pause()
            return
    raise AssertionError("workers kept running")


async def ask(app: AssistantApp, pilot: Pilot, question: str) -> None:
    await settle(app, pilot)
    app.main_screen.query_one("#question").value = question
    app.main_screen.query_one("#question").focus()
    await pilot.press("enter")
    await settle(app, pilot)


async def wait_until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition` holds; fail (never hang) after a bounded number of
    short turns of its event loop. For waits on things outside the app's workers (a command
    palette search, the folder watcher's thread)."""
    for _ in range(3000):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"gave up waiting for {what}")
