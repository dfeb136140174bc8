"""Threads kept current by the sync and by forget: real files, real readers and store, the
fake embedder. The corpus is notmuch's ghost-root thread (its shape is read off its headers
in tests/ingest/test_threading_corpora.py)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.cli.ask import source_row
from assistant.config import Config
from assistant.indexing import threads
from assistant.indexing.forget import forget
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from store import DocumentRecord, Index
from tests.fakes import FakeEmbedder
from tests.support import CORPORA, needs_corpora

GHOST_ROOT = CORPORA / "mail" / "threading" / "ghost-root"
THREAD = [
    "root message",
    "child message",
    "fake root message",
    "grand-child message",
    "great grand-child message",
    "grand-child message 2",
]


@pytest.fixture
def index(config: Config):
    with open_index(config) as opened:
        yield opened


@pytest.fixture
def mail_root(config: Config, tmp_path: Path) -> Path:
    root = tmp_path / "Mail"
    shutil.copytree(GHOST_ROOT, root / "inbox")
    (root / "notes.md").write_text("# Keller\n\nDie Heizung prüfen.\n", encoding="utf-8")
    add_root(config, root)
    return root


def thread_of(index: Index, title: str) -> list[dict]:
    (row,) = [r for r in index.documents() if r["title"] == title]
    return index.thread_members(str(row["thread_key"]))


def titles(rows: list[dict]) -> list[str]:
    return [str(r["title"]) for r in rows]


@needs_corpora
def test_a_sync_threads_the_mail_and_a_sync_without_changes_writes_nothing(
    config: Config, index: Index, mail_root: Path
) -> None:
    first = run_sync(config, index, FakeEmbedder())
    assert first.rethreaded == 9, "every mail of the folder got a place"
    members = thread_of(index, "grand-child message 2")
    assert titles(members) == THREAD
    assert [r["thread_position"] for r in members] == [1, 2, 3, 4, 5, 6]
    assert {r["thread_size"] for r in members} == {6}
    by_title = {str(r["title"]): r for r in members}
    assert by_title["fake root message"]["thread_parent"] == by_title["child message"]["id"]
    note = [r for r in index.documents() if r["kind"] == "note"]
    assert note and note[0]["thread_key"] is None
    assert run_sync(config, index, FakeEmbedder()).rethreaded == 0


@needs_corpora
def test_a_deleted_mail_moves_its_replies_up_and_a_new_one_joins(
    config: Config, index: Index, mail_root: Path
) -> None:
    run_sync(config, index, FakeEmbedder())
    key = thread_of(index, "root message")[0]["thread_key"]
    (mail_root / "inbox" / "child").unlink()
    run_sync(config, index, FakeEmbedder())
    members = index.thread_members(str(key))
    assert "child message" not in titles(members) and len(members) == 5
    ids = {str(r["title"]): r["id"] for r in members}
    parents = {str(r["title"]): r["thread_parent"] for r in members}
    # Their References name the root too: it is now their nearest indexed ancestor.
    assert parents == {
        "root message": None,
        "fake root message": ids["root message"],
        "grand-child message": ids["root message"],
        "great grand-child message": ids["grand-child message"],
        "grand-child message 2": ids["root message"],
    }
    shutil.copy(GHOST_ROOT / "child", mail_root / "inbox" / "child")
    run_sync(config, index, FakeEmbedder())
    assert titles(index.thread_members(str(key))) == THREAD, "the key survived the gap"


@needs_corpora
def test_forget_takes_a_mail_out_of_its_thread(
    config: Config, index: Index, mail_root: Path
) -> None:
    run_sync(config, index, FakeEmbedder())
    forget(config, index, mail_root / "inbox" / "great-grand-child")
    members = thread_of(index, "root message")
    assert "great grand-child message" not in titles(members)
    assert {r["thread_size"] for r in members} == {5}


@needs_corpora
def test_a_copy_in_another_folder_does_not_lengthen_the_thread(
    config: Config, index: Index, mail_root: Path
) -> None:
    (mail_root / "archive").mkdir()
    shutil.copy(GHOST_ROOT / "grand-child", mail_root / "archive" / "grand-child")
    run_sync(config, index, FakeEmbedder())
    members = thread_of(index, "root message")
    assert titles(members) == THREAD and {r["thread_size"] for r in members} == {6}


@needs_corpora
def test_search_json_hits_carry_their_thread(config: Config, index: Index, mail_root: Path) -> None:
    # The request tracker's "Resolved" mail is third in the thread Gregor's FYI starts.
    run_sync(config, index, FakeEmbedder())
    (hit,) = index.search(None, "request resolved", k=5, mode="fts")
    (fyi,) = [r for r in index.documents() if str(r["title"]).startswith("FYI:")]
    assert source_row(1, hit)["thread"] == {
        "id": fyi["thread_key"],
        "subject": fyi["title"],
        "position": 3,
        "size": 3,
    }
    (note,) = index.search(None, "Heizung", k=5, mode="fts")
    assert source_row(1, note)["thread"] is None


def outlook_mail(number: int, title: str, sender: str, minutes: int, origin=None) -> DocumentRecord:
    return DocumentRecord(
        source_path=f"/exchange/{number}.eml",
        kind="mail",
        title=title,
        sender=sender,
        date=datetime(2001, 3, 5, 8, 0, tzinfo=UTC) + timedelta(minutes=minutes),
        message_id=f"<exchange-{number}@corp.example>",
        reply_origin=origin,
    )


def test_outlook_replies_without_headers_thread_by_the_block_they_quote(index: Index) -> None:
    # What the quote reader stores for "-----Ursprüngliche Nachricht----- / Von: Becker, Ina /
    # Gesendet: Montag, 5. März 2001 09:10" (local time, read as UTC): one hour off.
    quoted = ("Becker, Ina", "2001-03-05T09:10:00+00:00", "Budget Q2")
    rows = [
        outlook_mail(1, "Budget Q2", "Ina Becker <ina.becker@corp.example>", 10),
        outlook_mail(2, "Budget Q2", "Jan Brenner <jan@corp.example>", 12),
        outlook_mail(3, "AW: Budget Q2", "Jan Brenner <jan@corp.example>", 95, quoted),
        outlook_mail(4, "AW: Budget Q2", "Carla Stein <carla@corp.example>", 300),
    ]
    ids = [index.replace_document(row, [], {}, "fake-embedder") for row in rows]
    assert threads.rethread(index) == 4
    by_id = {r["id"]: r for r in index.documents()}
    assert by_id[ids[2]]["thread_parent"] == ids[0], "Ina's 08:10 UTC mail, by sender and time"
    assert by_id[ids[3]]["thread_parent"] == ids[0], "a header-less AW: joins by subject"
    assert by_id[ids[1]]["thread_key"] != by_id[ids[0]]["thread_key"], "not a reply"
    assert [r["id"] for r in index.thread_members(str(by_id[ids[0]]["thread_key"]))] == [
        ids[0],
        ids[2],
        ids[3],
    ]
