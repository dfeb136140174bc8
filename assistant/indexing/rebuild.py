"""`assistant rebuild`: a fresh index from the files when the old one is damaged.

The old file is never deleted: it is moved aside (index.sqlite3.damaged-<time>, with its -wal
and -shm) so a bug report can still look at it. Saved conversations, the one thing the files
cannot give back, are copied from it while SQLite can read them (assistant.ask.salvage: the
command composes the two, since indexing sits beside ask, not above it); then a normal sync
indexes every registered folder into the new file. A rebuild refuses while another process (a
running `watch`, the app) has the index open: moving the file from under it would split the
index in two.
"""

from __future__ import annotations

from pathlib import Path

from assistant.config import Config
from assistant.errors import AssistantError
from store import holders, quarantine


def _refuse_if_open(db_path: Path) -> None:
    pids = holders(db_path)
    if pids:
        shown = ", ".join(str(p) for p in pids)
        raise AssistantError(
            f"Another assistant process (pid {shown}) has the index {db_path} open; stop it "
            "(the app, `assistant watch` or `serve`) and run `assistant rebuild` again."
        )


def set_aside(config: Config) -> list[Path]:
    """Move the old index (and its -wal / -shm) aside; returns where they went, main file first."""
    db_path = config.paths.database
    _refuse_if_open(db_path)
    try:
        return quarantine(db_path)
    except OSError as exc:
        raise AssistantError(
            f"Cannot move {db_path} aside ({exc.strerror}): make {db_path.parent} writable "
            "and run `assistant rebuild` again."
        ) from exc
