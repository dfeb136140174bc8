"""Saved conversations, kept in the index database so one file holds everything of a person's.

Each answered turn is saved with the sources it was answered from, as a snapshot (metadata and
text), not only as chunk ids: a later sync may delete or renumber a chunk, and a reopened answer
must still show what its [n] markers cited and open it in the viewer.

The tables sit beside the store's in the same SQLite file but are not store data: nothing in
`store/` reads them and they are not part of its numbered migrations. They are created here
(CREATE TABLE IF NOT EXISTS, so any process may open first) through a connection configured
exactly like the store's own (WAL, busy timeout, retries), which lets a save and a running
sync share the file. A `conversations.sqlite3` left by the app's first version is imported
once, then renamed.
"""

from __future__ import annotations

import builtins  # `list` below is also a method name: annotations after it say builtins.list
import json
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import sqlean as sqlite3

from assistant.config import Config
from identity import Locator, LocatorKind, legacy
from ingest import guess_kind
from store import Hit
from store.connection import connect, with_retry, write_transaction

T = TypeVar("T")
LEGACY_FILE = "conversations.sqlite3"
_SCHEMA = [
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
    return Hit(**data)


class Conversations:
    """List, create, extend, read and delete conversations; thread-safe, connects lazily."""

    def __init__(self, db_path: Path, legacy_path: Path | None = None) -> None:
        self.db_path = db_path
        self.legacy_path = legacy_path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    @classmethod
    def of(cls, config: Config) -> Conversations:
        """The conversations of the configured index (created with the tables on first use)."""
        return cls(config.paths.database, config.paths.data_dir / LEGACY_FILE)

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = connect(self.db_path)  # creates the folder 0700 and the file 0600
            with_retry(lambda: _create_tables(conn))
            self._conn = conn
            if self.legacy_path is not None and self.legacy_path.exists():
                # A file that is not a conversations database after all is left untouched.
                with suppress(sqlite3.DatabaseError):
                    self._import_legacy(self.legacy_path)
        return self._conn

    def _write(self, action: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            conn = self._connection()

            def attempt() -> T:
                with write_transaction(conn):
                    return action(conn)

            return with_retry(attempt)

    def _rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            conn = self._connection()
            return with_retry(lambda: conn.execute(sql, args).fetchall())

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
        """Save one answered turn and its numbered sources; returns the turn's id."""

        def insert(conn: sqlite3.Connection) -> int:
            return _insert_turn(conn, conversation_id, question, answer, sources, time.time())

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

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _import_legacy(self, path: Path) -> None:
        """Copy the first version's separate file in (its sources had only path and title)."""
        legacy = sqlite3.connect(str(path))
        try:
            chats = legacy.execute(
                "SELECT id, title, created, updated FROM conversations"
            ).fetchall()
            turns = legacy.execute(
                "SELECT conversation_id, question, answer, sources, created FROM turns ORDER BY id"
            ).fetchall()
        finally:
            legacy.close()
        self._write(lambda conn: _copy_legacy(conn, chats, turns))
        imported = path.rename(path.with_name(path.name + ".imported"))
        imported.chmod(0o600)  # the first version left it readable by others


def _create_tables(conn: sqlite3.Connection) -> None:
    with write_transaction(conn):
        for statement in _SCHEMA:
            conn.execute(statement)


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


def _copy_legacy(conn: sqlite3.Connection, chats: list[tuple], turns: list[tuple]) -> None:
    new_ids = {}
    for old_id, title, created, updated in chats:
        new_ids[old_id] = conn.execute(
            "INSERT INTO conversations (title, created, updated) VALUES (?, ?, ?)",
            (title, created, updated),
        ).lastrowid
    for old_id, question, answer, sources, created in turns:
        if old_id in new_ids:
            hits = [_legacy_hit(s) for s in json.loads(sources or "[]") if s.get("path")]
            _insert_turn(conn, new_ids[old_id], question, answer, hits, created)
    for old_id, _, _, updated in chats:  # _insert_turn moved `updated` to the import time
        conn.execute(
            "UPDATE conversations SET updated = ? WHERE id = ?", (updated, new_ids[old_id])
        )


def _legacy_hit(source: dict[str, str]) -> Hit:
    """A source known only by path and title: the viewer shows those and opens the file."""
    path = source["path"]
    file_path, locator = legacy.split_key(path, "mail")  # the kind is not known yet
    return Hit(
        chunk_id=0, document_id=0, source_path=path, file_path=Path(file_path), locator=locator,
        kind=guess_kind(Path(file_path)),
        title=source.get("title", ""), chunk_title="", sender="", recipients="", date=None,
        message_id=None, thread_id=None, text="", ordinal=0, page=None, char_start=0,
        char_end=0, score=0.0,
    )  # fmt: skip
