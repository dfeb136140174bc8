"""`assistant rebuild`: a fresh index from the files when the old one is damaged.

The old file is never deleted: it is moved aside (index.sqlite3.damaged-<time>, with its -wal
and -shm) so a bug report can still look at it. Saved conversations, the one thing the files
cannot give back, are copied from it while SQLite can read them; then a normal sync indexes
every registered folder into the new file. A rebuild refuses while another process (a running
`watch`, the app) has the index open: moving the file from under it would split the index in two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.ask.salvage import Salvaged, read_conversations, restore_conversations
from assistant.config import Config
from assistant.errors import AssistantError
from store import StoreError, holders, quarantine


@dataclass(frozen=True)
class Rebuilt:
    """What the rebuild did before the sync: where the old file went, what was kept."""

    moved: list[Path] = field(default_factory=list)
    conversations: int = 0
    unreadable: str = ""  # why no conversation could be read, when none could


def _refuse_if_open(db_path: Path) -> None:
    pids = holders(db_path)
    if pids:
        shown = ", ".join(str(p) for p in pids)
        raise AssistantError(
            f"Another assistant process (pid {shown}) has the index {db_path} open; stop it "
            "(the app, `assistant watch` or `serve`) and run `assistant rebuild` again."
        )


def _salvage(moved: Path) -> tuple[Salvaged, str]:
    if moved.is_dir():
        return Salvaged([], [], []), f"{moved.name} is a folder, not an index"
    try:
        return read_conversations(moved), ""
    except (StoreError, OSError) as exc:
        return Salvaged([], [], []), str(exc)
    except Exception as exc:  # SQLite's own errors from a file this damaged
        return Salvaged([], [], []), f"{type(exc).__name__}: {exc}"


def set_aside(config: Config) -> Rebuilt:
    """Move the old index aside and start a fresh one holding the readable conversations."""
    db_path = config.paths.database
    _refuse_if_open(db_path)
    try:
        moved = quarantine(db_path)
    except OSError as exc:
        raise AssistantError(
            f"Cannot move {db_path} aside ({exc.strerror}): make {db_path.parent} writable "
            "and run `assistant rebuild` again."
        ) from exc
    if not moved:
        return Rebuilt()
    salvaged, why = _salvage(moved[0])
    kept = restore_conversations(db_path, salvaged) if salvaged.conversations else 0
    return Rebuilt(moved, kept, why)
