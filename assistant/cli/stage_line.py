"""What `ask` and `chat` are doing while the answer model reads, on stderr, never on stdout;
and `chat`'s greeting and prompt, which go there too.

On a terminal it is ONE line, rewritten in place and ticking the elapsed seconds once a second
(the model holds no Python lock while it computes, so a small thread can redraw); it is wiped
before anything else is printed, so stdout's evidence and answer never share a line with it.
When stderr is not a terminal (a script, a log) nothing is written: a script's stderr holds
only what went wrong, as every command promises; stdout and `--json` never see any of it.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TextIO

from assistant.ask.stages import Stage, with_elapsed
from assistant.display import is_terminal
from assistant.serve.streams import pinned

GREETING = (
    "Ask about your notes, mail and PDFs; a follow-up builds on the last question. Ctrl-D ends."
)
PROMPT = "> "
CLEAR = "\r\x1b[K"  # back to the line's start, erase to its end
TICK_SECONDS = 1.0


class StageLine:
    """A `StageReport` for the terminal: call it with each `Stage`; `clear` before printing."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        live: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        # pinned: the ticker thread must write where this thread does (assistant.serve.streams)
        self.stream = pinned(stream if stream is not None else sys.stderr)
        self.live = is_terminal(self.stream) if live is None else live
        self._clock = clock
        self._started = clock()
        self._stage: Stage | None = None
        self._lock = threading.Lock()
        self._ticker: threading.Thread | None = None
        self._stop = threading.Event()

    def __call__(self, stage: Stage) -> None:
        if not self.live:
            return
        if stage.name == "writing":  # the answer's words take over the terminal
            self.clear()
            return
        with self._lock:
            self._stage = stage
        self._draw()
        self._start_ticker()

    def clear(self) -> None:
        """Wipe the line (on a terminal) and stop ticking; the next stage draws it again."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        with self._lock:
            if self.live and self._stage is not None:
                self._write(CLEAR)
            self._stage = None

    def _text(self, stage: Stage) -> str:
        return with_elapsed(stage, self._clock() - self._started)

    def _draw(self) -> None:
        with self._lock:
            if self._stage is not None:
                # a server writing for a client has the client's terminal width on the stream
                columns = getattr(self.stream, "columns", None)
                width = (columns or shutil.get_terminal_size().columns) - 1
                self._write(CLEAR + self._text(self._stage)[:width])

    def _start_ticker(self) -> None:
        if self._ticker is None:
            self._stop.clear()
            self._ticker = threading.Thread(target=self._tick, daemon=True, name="stage-line")
            self._ticker.start()

    def _tick(self) -> None:
        while not self._stop.wait(TICK_SECONDS):
            self._draw()

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken stderr must not end the answer
            pass


def greet() -> None:
    """`chat`'s one-line greeting, on a terminal's stderr (a script's stderr stays clean)."""
    if is_terminal(sys.stderr):
        print(GREETING, file=sys.stderr, flush=True)


def prompted(lines: Iterator[str]) -> Iterator[str]:
    """`lines`, with `chat`'s prompt on a terminal's stderr before each is read (stdout holds
    only the answers); after the last, the line is ended so the shell's prompt starts clean."""
    terminal = is_terminal(sys.stderr)
    while True:
        if terminal:
            print(PROMPT, end="", file=sys.stderr, flush=True)
        line = next(lines, None)
        if line is None:
            if terminal:
                print(file=sys.stderr, flush=True)
            return
        yield line
