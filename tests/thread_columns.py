"""Thread checks for tests of what shows threads: the sync threads mail itself (JWZ, see
ingest/threading.py), so fixtures assert the order it found instead of writing one in."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import sqlean as sqlite3


def assert_threaded(db_path: Path, keys_in_order: Sequence[str]) -> None:
    """The documents `keys_in_order` (key texts) are one thread, in that order."""
    rows = _query(
        db_path,
        "SELECT source_path, thread_key, thread_position, thread_size FROM documents "
        "WHERE source_path IN (SELECT value FROM json_each(?))",
        (_json(keys_in_order),),
    )
    by_key = {row[0]: row[1:] for row in rows}
    assert len({by_key[key][0] for key in keys_in_order}) == 1, "not one thread"
    assert [by_key[key][1] for key in keys_in_order] == list(range(1, len(keys_in_order) + 1))
    assert {by_key[key][2] for key in keys_in_order} == {len(keys_in_order)}


def clear_threads(db_path: Path) -> None:
    """Forget every thread place, as in an index migrated to v6 but not yet synced again."""
    _query(
        db_path,
        "UPDATE documents SET thread_key = NULL, thread_parent = NULL, "
        "thread_position = NULL, thread_size = NULL",
        (),
    )


def _json(values: Sequence[str]) -> str:
    import json

    return json.dumps(list(values))


def _query(db_path: Path, sql: str, params: tuple) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
