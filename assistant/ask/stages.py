"""What an answer is doing while the person waits: typed stage events, and their one-line text.

On two shared cores the answer model reads its prompt for tens of seconds before the first word;
a bare "thinking…" for that long looks like a hang. The core reports each stage as a `Stage`
value through a plain callback, and every front end (the app's turn, the CLI's stderr line)
renders it with `describe`, so the two always say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

StageName = Literal["searching", "reading", "prefill", "writing"]


@dataclass(frozen=True)
class Stage:
    """One step of answering. `reading` carries the sources and their tokens, `prefill` how
    many of the prompt's tokens the model has read so far (`done` of `total`)."""

    name: StageName
    sources: int = 0
    tokens: int = 0
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        """Prefill progress, 0-100 (0 while nothing is known)."""
        return min(100, self.done * 100 // self.total) if self.total else 0


StageReport = Callable[[Stage], None]


def ignore_stage(stage: Stage) -> None:
    """The default report: nobody is watching."""


def short_count(count: int) -> str:
    """A token count as people read it at a glance: 950, 2.7k, 12k."""
    if count < 1000:
        return str(count)
    if count < 10_000:
        return f"{count / 1000:.1f}k"
    return f"{round(count / 1000)}k"


def describe(stage: Stage) -> str:
    """The stage as one short line, e.g. 'reading 8 sources (2.7k tokens)… 45%'."""
    if stage.name == "searching":
        return "searching…"
    if stage.name in ("reading", "prefill"):
        noun = "source" if stage.sources == 1 else "sources"
        tokens = f" ({short_count(stage.tokens)} tokens)" if stage.tokens else ""
        what = f"reading {stage.sources} {noun}{tokens}…" if stage.sources else "reading…"
        # the figure is of the whole prompt (rules and question too), as the model reads it
        return f"{what} {stage.percent}%" if stage.name == "prefill" else what
    return "writing…"


def with_elapsed(stage: Stage, seconds: float) -> str:
    """`describe` plus the seconds since the question was asked: '… · 12 s'."""
    return f"{describe(stage)} · {int(seconds)} s"
