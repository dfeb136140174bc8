"""Which other processes have the index open, found from /proc without opening the index.

Two questions need it: may `assistant rebuild` move the file aside (not while someone uses
it), and why does SQLite report a disk I/O error on a healthy disk (a process still writes
to an index.sqlite3-wal that was deleted: its -shm promises frames the new -wal lacks). Only
links in /proc/<pid>/fd are read; without /proc (not Linux) the answer is "none known".
"""

from __future__ import annotations

import os
from pathlib import Path

DELETED = " (deleted)"


def _open_files() -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        if int(entry.name) == os.getpid():
            continue
        try:
            found[int(entry.name)] = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
        except OSError:  # gone meanwhile, or not ours to look at
            continue
    return found


def holders(db_path: Path) -> list[int]:
    """Pids of other processes with the index or its -wal / -shm open."""
    targets = {os.path.abspath(f"{db_path}{suffix}") for suffix in ("", "-wal", "-shm")}
    return sorted(
        pid
        for pid, links in _open_files().items()
        if {link.removesuffix(DELETED) for link in links} & targets
    )


def deleted_wal_holders(db_path: Path) -> list[int]:
    """Pids of other processes still writing to an index.sqlite3-wal that was deleted."""
    orphan = os.path.abspath(f"{db_path}-wal") + DELETED
    return sorted(pid for pid, links in _open_files().items() if orphan in links)
