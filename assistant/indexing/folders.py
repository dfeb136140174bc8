"""Each watched folder as the folders screen shows it, and what removing one would cost.

The numbers come from one grouped read of the index per folder (`Index.counts_below`); the
state adds what only the caller knows (whether a sync runs now). Re-adding a removed folder
means embedding its chunks again, so the confirmation prices a removal by its chunks at the
rate measured on this machine.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from assistant.config import Config
from assistant.indexing.roots import load_roots
from assistant.indexing.service import LAST_SYNC_FILE
from store import FolderCounts, Index

# benchmarks/ingest.py, README "End-to-end indexing": 778 chunks (mail 464, pdf 314) in
# 303.3 s with the Q8_0 embedder on this 2-core machine, parse and write included.
SECONDS_PER_CHUNK = 303.3 / 778


class FolderState(StrEnum):
    INDEXING = "indexing"  # a sync runs now
    WATCHING = "watching"  # indexed; changes are picked up
    ERROR = "error"  # the folder cannot be read
    MISSING = "missing"  # the path is gone (unmounted, moved, deleted)


@dataclass(frozen=True)
class FolderSummary:
    root: Path
    documents: int
    failures: int  # files that could not be read (copies of other mails are not failures)
    chunks: int
    state: FolderState
    last_sync: float | None  # unix seconds of the newest indexing below it, None: not yet


def folder_state(root: Path, syncing: bool) -> FolderState:
    if not root.exists():
        return FolderState.MISSING
    readable = os.access(root, os.R_OK | (os.X_OK if root.is_dir() else 0))
    if not readable:
        return FolderState.ERROR
    return FolderState.INDEXING if syncing else FolderState.WATCHING


def summarize(
    root: Path, counts: FolderCounts, syncing: bool, synced_at: float | None = None
) -> FolderSummary:
    """`synced_at`: when the last sync of all folders ended; it counts for a folder the
    index holds rows of (one added since has none), as a sync that found nothing new writes
    nothing."""
    times = [t for t in (counts.last_indexed_at, synced_at) if t is not None]
    has_rows = counts.documents + counts.failed > 0
    return FolderSummary(
        root=root,
        documents=counts.documents,
        failures=counts.failed - counts.duplicates,
        chunks=counts.chunks,
        state=folder_state(root, syncing),
        last_sync=max(times) if has_rows and times else None,
    )


def last_sync_end(config: Config) -> float | None:
    """When the last sync ended (unix seconds), from the summary the sync writes."""
    try:
        record = json.loads((config.paths.data_dir / LAST_SYNC_FILE).read_text(encoding="utf-8"))
        return float(record["finished_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def folder_summaries(config: Config, index: Index, syncing: bool) -> list[FolderSummary]:
    """Every registered folder in the order added, with its counts and state."""
    synced_at = last_sync_end(config)
    return [
        summarize(root, index.counts_below(str(root)), syncing, synced_at)
        for root in load_roots(config)
    ]


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def duration(seconds: float) -> str:
    """A rough span for people: '40 s', '12 min', '3 h'."""
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    return f"{round(seconds / 3600)} h"


def ago(when: float | None, now: float | None = None) -> str:
    """'just now', '2 min ago', '3 h ago', '5 days ago'; 'not yet' for None."""
    if when is None:
        return "not yet"
    seconds = max(0.0, (time.time() if now is None else now) - when)
    if seconds < 60:
        return "just now"
    if seconds < 86400:
        return f"{duration(seconds)} ago"
    return f"{plural(round(seconds / 86400), 'day')} ago"


def removal_cost(summary: FolderSummary) -> str:
    """What dropping the folder costs, in the confirmation's words."""
    removes = f"removes {plural(summary.documents, 'document')} from the index"
    if not summary.chunks:
        return removes
    again = duration(summary.chunks * SECONDS_PER_CHUNK)
    return f"{removes}; adding it again re-embeds them (~{again})"
