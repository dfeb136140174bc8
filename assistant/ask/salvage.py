"""Saved conversations carried over from a damaged index into the fresh one.

Everything else in the index is rebuilt from the person's files; conversations are not in any
file, so `assistant rebuild` copies the ones SQLite can still read. A turn is kept only with
its conversation, and a source only with its turn, so nothing arrives half-attached.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlean as sqlite3

from assistant.ask.conversations import MIGRATIONS, OWNER
from store import StoreError, open_database, readable_rows

_TABLES = {
    "conversations": ("id, title, created, updated", "id"),
    "turns": ("id, conversation_id, question, answer, created", "id"),
    "turn_sources": (
        "turn_id, number, chunk_id, source_path, kind, title, page, snapshot",
        "turn_id",
    ),
}


@dataclass(frozen=True)
class Salvaged:
    """The rows read back: whole conversations, their turns and those turns' sources."""

    conversations: list[tuple]
    turns: list[tuple]
    sources: list[tuple]


def read_conversations(damaged: Path) -> Salvaged:
    """What SQLite can still read of the conversations in `damaged` (a file moved aside)."""
    rows = readable_rows(damaged, _TABLES)
    chats = rows["conversations"]
    kept_chats = {row[0] for row in chats}
    turns = [row for row in rows["turns"] if row[1] in kept_chats]
    kept_turns = {row[0] for row in turns}
    sources = [row for row in rows["turn_sources"] if row[0] in kept_turns]
    return Salvaged(chats, turns, sources)


def restore_conversations(db_path: Path, salvaged: Salvaged) -> int:
    """Write `salvaged` into the (fresh) index at `db_path`, ids kept; returns conversations."""

    def insert(conn: sqlite3.Connection) -> int:
        for table, rows in (
            ("conversations", salvaged.conversations),
            ("turns", salvaged.turns),
            ("turn_sources", salvaged.sources),
        ):
            marks = ", ".join("?" * len(_TABLES[table][0].split(",")))
            conn.executemany(
                f"INSERT OR IGNORE INTO {table} ({_TABLES[table][0]}) VALUES ({marks})", rows
            )
        return len(salvaged.conversations)

    with open_database(db_path, OWNER, MIGRATIONS) as database:
        return database.write(insert)


def carry_over(damaged: Path, db_path: Path) -> tuple[int, str]:
    """Copy what can be read of `damaged`'s conversations into the index at `db_path`.

    Returns how many were kept and, when none could be read, why (shown to the person)."""
    if damaged.is_dir():
        return 0, f"{damaged.name} is a folder, not an index"
    try:
        salvaged = read_conversations(damaged)
    except (StoreError, OSError) as exc:
        return 0, str(exc)
    except Exception as exc:  # SQLite's own errors from a file this damaged
        return 0, f"{type(exc).__name__}: {exc}"
    kept = restore_conversations(db_path, salvaged) if salvaged.conversations else 0
    return kept, ""
