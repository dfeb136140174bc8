"""Thread columns written straight into an index, for tests of what shows threads.

The sync's threading step (another branch) fills documents.thread_key, thread_position and
thread_size; until it is on main, tests that need a thread set them here, the way that step
will: positions 1..n in thread order, the size on every member.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import sqlean as sqlite3


def set_thread(db_path: Path, thread_key: str, keys_in_order: Sequence[str]) -> None:
    """Make the documents `keys_in_order` (key texts) one thread, first message first."""
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            for position, key in enumerate(keys_in_order, start=1):
                cursor = conn.execute(
                    "UPDATE documents SET thread_key = ?, thread_position = ?, thread_size = ? "
                    "WHERE source_path = ?",
                    (thread_key, position, len(keys_in_order), key),
                )
                assert cursor.rowcount == 1, f"{key} is not in the index"
    finally:
        conn.close()
