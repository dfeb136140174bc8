"""Saved conversations, kept in the index database so one file holds everything of a person's.

Each answered turn is saved with the sources it was answered from, as a snapshot (metadata and
text), not only as chunk ids: a later sync may delete or renumber a chunk, and a reopened answer
must still show what its [n] markers cited and open it in the viewer.

The tables sit beside the store's in the same SQLite file but are not store data: nothing in
`store/` reads them. They are this module's, with their own numbered migrations (`MIGRATIONS`,
recorded as owner "conversations" by `store.open_database`, apart from the store's history);
the store lends the connections (WAL, busy timeout, retries), which lets a save and a running
sync share the file. Whoever erases a source (`assistant forget`) does it through
`forget_sources`, never with SQL of its own.
"""

from __future__ import annotations

import builtins  # `list` below is also a method name: annotations after it say builtins.list
import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import sqlean as sqlite3

from assistant.config import Config
from identity import Locator, LocatorKind, legacy
from store import Database, Hit, Migration, ThreadPlace, open_database

T = TypeVar("T")
OWNER = "conversations"
_V1_TABLES = [
    # IF NOT EXISTS: files written before this history existed already hold these tables.
    "CREATE TABLE IF NOT EXISTS conversations (id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
    "created REAL NOT NULL, updated REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS turns (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL "
    "REFERENCES conversations (id) ON DELETE CASCADE, question TEXT NOT NULL, "
    "answer TEXT NOT NULL, created REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS turns_by_conversation ON turns (conversation_id)",
    # number is the [n] the answer cites; the columns are for people reading the file,
    # `snapshot` (the whole Hit as JSON) is what the app reads back.
    "CREATE TABLE IF NOT EXISTS turn_sources (turn_id INTEGER NOT NULL REFERENCES turns (id) "
    "ON DELETE CASCADE, number INTEGER NOT NULL, chunk_id INTEGER, source_path TEXT NOT NULL, "
    "kind TEXT NOT NULL, title TEXT NOT NULL, page INTEGER, snapshot TEXT NOT NULL, "
    "PRIMARY KEY (turn_id, number)) WITHOUT ROWID",
]


def _v1_conversations(conn: sqlite3.Connection) -> None:
    """Conversations, their turns, and each turn's numbered source snapshots."""
    for statement in _V1_TABLES:
        conn.execute(statement)


def _v2_sources_by_path(conn: sqlite3.Connection) -> None:
    """Find the turns that cite a file without reading every source (what forget asks)."""
    conn.execute("CREATE INDEX turn_sources_by_path ON turn_sources (source_path)")


# Append only: a released step is never edited (a file records how far it got).
MIGRATIONS: list[Migration] = [_v1_conversations, _v2_sources_by_path]
_HIT_FIELDS = {f.name for f in fields(Hit)}


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
    sources: list[Hit]


def hit_to_json(hit: Hit) -> str:
    data = asdict(hit)
    data["date"] = hit.date.isoformat() if hit.date else None
    data["file_path"] = str(hit.file_path)
    return json.dumps(data, ensure_ascii=False)


def hit_from_json(text: str) -> Hit:
    data = {k: v for k, v in json.loads(text).items() if k in _HIT_FIELDS}
    data["date"] = datetime.fromisoformat(data["date"]) if data.get("date") else None
    if "file_path" in data:
        found = data.get("locator")
        data["file_path"] = Path(data["file_path"])
        data["locator"] = Locator(LocatorKind(found["kind"]), found["value"]) if found else None
    else:  # saved before hits had the fields: the key text is all there is
        file_path, data["locator"] = legacy.split_key(data["source_path"], data["kind"])
        data["file_path"] = Path(file_path)
    place = data.get("thread")
    data["thread"] = ThreadPlace(**place) if isinstance(place, dict) else None
    data["forwarded_from"] = tuple(data.get("forwarded_from") or ())
    return Hit(**data)


class Conversations:
    """List, create, extend, read and delete conversations; thread-safe, opens lazily."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._database: Database | None = None
        self._lock = threading.Lock()

    @classmethod
    def of(cls, config: Config) -> Conversations:
        """The conversations of the configured index (created with the tables on first use)."""
        return cls(config.paths.database)

    def _db(self) -> Database:
        with self._lock:
            if self._database is None:  # creates the folder 0700 and the file 0600
                self._database = open_database(self.db_path, OWNER, MIGRATIONS)
            return self._database

    def _write(self, action: Callable[[sqlite3.Connection], T]) -> T:
        return self._db().write(action)

    def _rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        return self._db().read(lambda conn: conn.execute(sql, args).fetchall())

    def list(self) -> list[Conversation]:
        """Newest first, with the number of turns in each."""
        rows = self._rows(
            "SELECT c.id, c.title, c.updated, COUNT(t.id) FROM conversations c "
            "LEFT JOIN turns t ON t.conversation_id = c.id GROUP BY c.id "
            "ORDER BY c.updated DESC, c.id DESC"
        )
        return [Conversation(*row) for row in rows]

    def create(self, title: str) -> int:
        now = time.time()
        sql = "INSERT INTO conversations (title, created, updated) VALUES (?, ?, ?)"
        return self._write(lambda c: int(c.execute(sql, (title[:120], now, now)).lastrowid))

    def add_turn(
        self, conversation_id: int, question: str, answer: str, sources: builtins.list[Hit]
    ) -> int:
        """Save one answered turn and its numbered sources; returns the turn's id.

        A conversation deleted meanwhile (`assistant conversations delete` in another terminal
        while the app answers) is recreated under its id, titled with this question: the answer
        is kept rather than lost to a FOREIGN KEY error.
        """

        def insert(conn: sqlite3.Connection) -> int:
            now = time.time()
            _ensure_conversation(conn, conversation_id, question, now)
            return _insert_turn(conn, conversation_id, question, answer, sources, now)

        return self._write(insert)

    def turns(self, conversation_id: int) -> builtins.list[SavedTurn]:
        """The conversation's turns in order, each with its sources in [n] order."""
        rows = self._rows(
            "SELECT id, question, answer FROM turns WHERE conversation_id = ? ORDER BY id",
            (conversation_id,),
        )
        return [SavedTurn(q, a, self._sources(turn_id)) for turn_id, q, a in rows]

    def _sources(self, turn_id: int) -> builtins.list[Hit]:
        rows = self._rows(
            "SELECT snapshot FROM turn_sources WHERE turn_id = ? ORDER BY number", (turn_id,)
        )
        return [hit_from_json(snapshot) for (snapshot,) in rows]

    def delete(self, conversation_id: int) -> None:
        """Delete a conversation with its turns and their sources."""
        self._write(
            lambda c: c.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
        )

    def forget_sources(self, source_paths: Iterable[str]) -> int:
        """Delete every saved turn answered from any of `source_paths` (index keys); returns
        how many. The turn goes, not only the source: its answer may quote the text."""
        paths = sorted(set(source_paths))
        return self._write(lambda conn: _delete_turns_citing(conn, paths))

    def close(self) -> None:
        with self._lock:
            if self._database is not None:
                self._database.close()
                self._database = None


def _delete_turns_citing(conn: sqlite3.Connection, paths: list[str]) -> int:
    """Turns go with their sources by ON DELETE CASCADE."""
    turns = {
        row[0]
        for path in paths
        for row in conn.execute("SELECT turn_id FROM turn_sources WHERE source_path = ?", (path,))
    }
    conn.executemany("DELETE FROM turns WHERE id = ?", ((t,) for t in turns))
    return len(turns)


def _ensure_conversation(conn: sqlite3.Connection, chat: int, title: str, now: float) -> None:
    """Recreate conversation `chat` if it is gone, in the same write as the turn it gets."""
    conn.execute(
        "INSERT OR IGNORE INTO conversations (id, title, created, updated) VALUES (?, ?, ?, ?)",
        (chat, title[:120], now, now),
    )


def _insert_turn(
    conn: sqlite3.Connection, chat: int, question: str, answer: str, sources: list[Hit], now: float
) -> int:
    turn_id = int(
        conn.execute(
            "INSERT INTO turns (conversation_id, question, answer, created) VALUES (?, ?, ?, ?)",
            (chat, question, answer, now),
        ).lastrowid
    )
    conn.executemany(
        "INSERT INTO turn_sources (turn_id, number, chunk_id, source_path, kind, title, page, "
        "snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (turn_id, n, h.chunk_id, h.source_path, h.kind, h.title, h.page, hit_to_json(h))
            for n, h in enumerate(sources, start=1)
        ],
    )
    conn.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, chat))
    return turn_id
