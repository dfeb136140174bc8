"""Saved conversations, behind a small interface so they can move into the index database.

The issue asks for conversations "in the index database", but the store belongs to another
package; until it grows a conversations table, the TUI keeps them in its own SQLite file next
to the index (`conversations.sqlite3` in the data dir). Screens only see `ConversationStore`,
so swapping the implementation touches one constructor call.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

FILE_NAME = "conversations.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, created REAL NOT NULL, updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    question TEXT NOT NULL, answer TEXT NOT NULL, sources TEXT NOT NULL, created REAL NOT NULL);
"""


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    updated: float
    turns: int


@dataclass(frozen=True)
class SavedTurn:
    question: str
    answer: str
    # Source paths and titles, as shown when the turn was answered (for a reopened chat).
    sources: list[dict[str, str]] = field(default_factory=list)


class ConversationStore(Protocol):
    def list(self) -> list[Conversation]: ...
    def create(self, title: str) -> int: ...
    def add_turn(self, conversation_id: int, turn: SavedTurn) -> None: ...
    def turns(self, conversation_id: int) -> list[SavedTurn]: ...
    def delete(self, conversation_id: int) -> None: ...


class SqliteConversations:
    """`ConversationStore` over one SQLite file; safe to call from the UI thread (it is tiny)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False)
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.Lock()

    @classmethod
    def in_dir(cls, data_dir: Path) -> SqliteConversations:
        return cls(data_dir / FILE_NAME)

    def list(self) -> list[Conversation]:
        rows = self._query(
            "SELECT c.id, c.title, c.updated, COUNT(t.id) FROM conversations c "
            "LEFT JOIN turns t ON t.conversation_id = c.id GROUP BY c.id ORDER BY c.updated DESC"
        )
        return [Conversation(*row) for row in rows]

    def create(self, title: str) -> int:
        now = time.time()
        with self._lock, self._conn:
            cursor = self._conn.execute(
                "INSERT INTO conversations (title, created, updated) VALUES (?, ?, ?)",
                (title[:120], now, now),
            )
        return int(cursor.lastrowid or 0)

    def add_turn(self, conversation_id: int, turn: SavedTurn) -> None:
        now = time.time()
        with self._lock, self._conn:
            self._conn.execute(
                "INSERT INTO turns (conversation_id, question, answer, sources, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (conversation_id, turn.question, turn.answer, json.dumps(turn.sources), now),
            )
            self._conn.execute(
                "UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id)
            )

    def turns(self, conversation_id: int) -> list[SavedTurn]:
        rows = self._query(
            "SELECT question, answer, sources FROM turns WHERE conversation_id = ? ORDER BY id",
            (conversation_id,),
        )
        return [SavedTurn(q, a, json.loads(s)) for q, a, s in rows]

    def delete(self, conversation_id: int) -> None:
        with self._lock, self._conn:
            self._conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    def close(self) -> None:
        self._conn.close()

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()
