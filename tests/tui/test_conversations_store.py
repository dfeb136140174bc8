"""The conversations kept in the index database (assistant.ask.conversations), without models."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from assistant.ask.conversations import LEGACY_FILE, Conversations
from assistant.config import load_config
from assistant.indexing.service import open_index
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
    assert not (config.paths.data_dir / LEGACY_FILE).exists()


def test_the_first_versions_separate_file_is_imported_once(tmp_path: Path) -> None:
    config = load_config({"ASSISTANT_HOME": str(tmp_path)})
    legacy = config.paths.data_dir / LEGACY_FILE
    legacy.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(legacy) as conn:
        conn.executescript(
            "CREATE TABLE conversations (id INTEGER PRIMARY KEY, title TEXT, created REAL,"
            " updated REAL);"
            "CREATE TABLE turns (id INTEGER PRIMARY KEY, conversation_id INTEGER, question TEXT,"
            " answer TEXT, sources TEXT, created REAL);"
            "INSERT INTO conversations VALUES (5, 'floor', 1.0, 2.0);"
            "INSERT INTO turns VALUES (1, 5, 'Who fixed the floor?', 'Becker [1]',"
            ' \'[{"path": "/files/a.pdf", "title": "Rechnung"}]\', 1.5);'
        )
    conn.close()
    store = Conversations.of(config)
    (chat,) = store.list()
    assert (chat.title, chat.updated, chat.turns) == ("floor", 2.0, 1)
    (turn,) = store.turns(chat.id)
    assert turn.answer == "Becker [1]"
    assert [(h.source_path, h.title, h.kind) for h in turn.sources] == [
        ("/files/a.pdf", "Rechnung", "pdf")
    ]
    assert not legacy.exists() and legacy.with_name(LEGACY_FILE + ".imported").exists()
    store.close()
    assert len(Conversations.of(config).list()) == 1, "imported once, not again"
