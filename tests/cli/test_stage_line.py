"""The CLI's stage line (assistant.cli.stage_line) on a pretend terminal and on a plain stream."""

from __future__ import annotations

import io
import time

from assistant.ask.stages import Stage
from assistant.cli.stage_line import CLEAR, StageLine


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_on_a_terminal_one_line_is_rewritten_in_place_and_wiped_for_the_answer() -> None:
    out, clock = io.StringIO(), Clock()
    line = StageLine(out, live=True, clock=clock)
    line(Stage("reading", sources=8, tokens=2700))
    clock.now += 3
    line(Stage("prefill", sources=8, tokens=2700, done=1800, total=3600))
    line(Stage("writing"))
    assert out.getvalue() == (
        f"{CLEAR}reading 8 sources (2.7k tokens)… · 0 s"
        f"{CLEAR}reading 8 sources (2.7k tokens)… 50% · 3 s"
        f"{CLEAR}"
    )
    assert "\n" not in out.getvalue()
    line.clear()  # nothing shown: nothing written
    assert out.getvalue().endswith("3 s" + CLEAR)


def test_on_a_terminal_the_seconds_tick_while_nothing_else_happens() -> None:
    out = io.StringIO()
    line = StageLine(out, live=True)
    line(Stage("reading", sources=2, tokens=90))
    deadline = time.monotonic() + 5
    while "· 1 s" not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.05)
    line.clear()
    assert "reading 2 sources (90 tokens)… · 1 s" in out.getvalue()
    written = out.getvalue()
    time.sleep(1.2)
    assert out.getvalue() == written, "a cleared line stops ticking"


def test_elsewhere_nothing_is_written_so_a_scripts_stderr_stays_clean() -> None:
    out = io.StringIO()
    line = StageLine(out, live=False)
    line(Stage("searching"))
    line.clear()
    line(Stage("reading", sources=1, tokens=12))
    line(Stage("prefill", done=50, total=100))
    line(Stage("writing"))
    line.clear()
    assert out.getvalue() == ""


def test_a_stream_that_is_not_a_terminal_is_detected() -> None:
    assert StageLine(io.StringIO()).live is False
