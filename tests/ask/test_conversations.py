"""The conversations kept in the index database (assistant.ask.conversations), without models:
the round trip, their own numbered migrations, and erasing what cited a forgotten file."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.ask.conversations import MIGRATIONS, OWNER, Conversations
from assistant.config import load_config
from assistant.indexing.service import open_index
from store import StoreError, ThreadPlace
from tests.fakes import make_hit

WHEN = datetime(2024, 9, 20, 9, 30, tzinfo=UTC)
HIT = make_hit(
    "Parkett Becker: Flur schleifen, 840 EUR", chunk_id=7, document_id=3,
    source_path="/files/Rechnung.pdf", kind="pdf", title="Rechnung", chunk_title="Rechnung",
    date=WHEN, page=2, score=0.5,
)  # fmt: skip


def test_round_trip_in_the_index_file_with_sources(tmp_path: Path) -> None:
    config = load_config({"ASSISTANT_HOME": str(tmp_path)})
    open_index(config).close()
    store = Conversations.of(config)
    first = store.create("Who fixed the floor?")
    mail = replace(HIT, chunk_id=8, kind="mail", page=None, date=None, sender="Becker")
    mail = replace(  # a threaded forward: both come back as the types they were
        mail, thread=ThreadPlace("t1", "Boden", 2, 3), forwarded_from=("Anna <a@x.example>",)
    )
    store.add_turn(first, "Who fixed the floor?", "Becker [1][2]", [HIT, mail])
    second = store.create("wifi")
    assert [c.id for c in store.list()] == [second, first]
    (turn,) = store.turns(first)
    assert (turn.question, turn.answer, turn.sources) == (
        "Who fixed the floor?",
        "Becker [1][2]",
        [HIT, mail],
    )
    store.delete(first)
    assert [c.id for c in store.list()] == [second]
    assert store.turns(first) == []
    store.close()
    with sqlite3.connect(config.paths.database) as conn:  # the index file itself, no side file
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert {"conversations", "turns", "turn_sources", "documents"} <= tables
        assert conn.execute("SELECT COUNT(*) FROM turn_sources").fetchone() == (0,)
    assert not (config.paths.data_dir / "conversations.sqlite3").exists()


# The tables as the app created them before the conversations had a migration history.
UNVERSIONED = [
    "CREATE TABLE conversations (id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
    "created REAL NOT NULL, updated REAL NOT NULL)",
    "CREATE TABLE turns (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL "
    "REFERENCES conversations (id) ON DELETE CASCADE, question TEXT NOT NULL, "
    "answer TEXT NOT NULL, created REAL NOT NULL)",
    "CREATE TABLE turn_sources (turn_id INTEGER NOT NULL REFERENCES turns (id) "
    "ON DELETE CASCADE, number INTEGER NOT NULL, chunk_id INTEGER, source_path TEXT NOT NULL, "
    "kind TEXT NOT NULL, title TEXT NOT NULL, page INTEGER, snapshot TEXT NOT NULL, "
    "PRIMARY KEY (turn_id, number)) WITHOUT ROWID",
    "INSERT INTO conversations VALUES (1, 'floor', 1.0, 2.0)",
    "INSERT INTO turns VALUES (1, 1, 'Who fixed the floor?', 'Becker [1]', 1.5)",
]


def versions(db: Path) -> tuple[int, dict[str, int]]:
    with sqlite3.connect(db) as conn:
        owners = dict(conn.execute("SELECT owner, version FROM _migrations"))
        return conn.execute("PRAGMA user_version").fetchone()[0], owners


def test_conversations_keep_their_own_numbered_history(tmp_path: Path) -> None:
    config = load_config({"ASSISTANT_HOME": str(tmp_path)})
    open_index(config).close()
    with sqlite3.connect(config.paths.database) as conn:
        store_version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "_migrations" not in tables and "turns" not in tables, "the store made none of it"
    store = Conversations.of(config)
    store.list()
    store.close()
    assert versions(config.paths.database) == (store_version, {OWNER: len(MIGRATIONS)})
    with sqlite3.connect(config.paths.database) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"conversations", "turns", "turn_sources", "turn_sources_by_path"} <= names


def test_tables_from_before_the_history_are_adopted_with_their_rows(tmp_path: Path) -> None:
    config = load_config({"ASSISTANT_HOME": str(tmp_path)})
    open_index(config).close()
    with sqlite3.connect(config.paths.database) as conn:
        for statement in UNVERSIONED:
            conn.execute(statement)
    store = Conversations.of(config)
    ((chat_id, title, turns),) = [(c.id, c.title, c.turns) for c in store.list()]
    assert (title, turns) == ("floor", 1)
    assert store.turns(chat_id)[0].answer == "Becker [1]"
    store.close()
    assert versions(config.paths.database)[1] == {OWNER: len(MIGRATIONS)}


def test_a_newer_conversations_history_is_refused_with_advice(tmp_path: Path) -> None:
    config = load_config({"ASSISTANT_HOME": str(tmp_path)})
    Conversations.of(config).list()
    with sqlite3.connect(config.paths.database) as conn:
        conn.execute("UPDATE _migrations SET version = 99 WHERE owner = ?", (OWNER,))
    with pytest.raises(StoreError, match="newer version"):
        Conversations.of(config).list()


def test_forget_sources_erases_the_turns_that_cited_them(tmp_path: Path) -> None:
    config = load_config({"ASSISTANT_HOME": str(tmp_path)})
    store = Conversations.of(config)
    chat = store.create("floor")
    other = replace(HIT, chunk_id=9, source_path="/files/Angebot.pdf")
    store.add_turn(chat, "Who fixed the floor?", "Becker [1]", [HIT])
    store.add_turn(chat, "And the offer?", "See [1][2]", [other, HIT])
    store.add_turn(chat, "Only the offer?", "See [1]", [other])
    assert store.forget_sources(["/files/Rechnung.pdf", "/files/never-cited.md"]) == 2
    assert [t.question for t in store.turns(chat)] == ["Only the offer?"]
    assert store.forget_sources([]) == 0
    store.close()
    with sqlite3.connect(config.paths.database) as conn:
        cited = {row[0] for row in conn.execute("SELECT source_path FROM turn_sources")}
    assert cited == {"/files/Angebot.pdf"}


def test_a_turn_for_a_conversation_deleted_meanwhile_recreates_it(tmp_path: Path) -> None:
    """Another terminal deleted the chat the app was answering in: the answer is kept."""
    store = Conversations(tmp_path / "index.sqlite3")
    chat = store.create("Heizung")
    store.delete(chat)
    store.add_turn(chat, "Wer wartet die Heizung?", "Herr Meier [1].", [make_hit("Meier")])
    [again] = store.list()
    assert (again.id, again.title, again.turns) == (chat, "Wer wartet die Heizung?", 1)
    assert store.turns(chat)[0].sources[0].text == "Meier"
    store.close()
