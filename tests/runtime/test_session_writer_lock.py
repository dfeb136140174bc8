"""The app's and `assistant watch`'s syncs take the same one-writer lock as the CLI's.

Another writer (here a thread holding `index.lock`, as another process would) makes the
session's sync wait and say whom it waits for through its report; a session closed while
waiting gives up quietly and leaves nothing running.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.indexing.locks import index_writer
from assistant.indexing.roots import add_root
from assistant.indexing.sync import SyncStats
from assistant.runtime.session import Session
from tests.fakes import FakeEmbedder


@pytest.fixture
def session(config: Config, tmp_path: Path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text("# a\n\nA note called a.\n", encoding="utf-8")
    add_root(config, folder)
    opened = Session(config, questions=False, index_embedder=FakeEmbedder())
    yield opened
    opened.close()


def held_by_other_writer(config: Config) -> tuple[threading.Event, threading.Thread]:
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with index_writer(config.paths.data_dir, "forget"):
            taken.set()
            release.wait()

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(60)
    return release, thread


def test_a_session_sync_waits_for_another_writer_and_says_so(
    config: Config, session: Session
) -> None:
    release, other = held_by_other_writer(config)
    notes: list[str] = []

    def report(text: str, done: int = 0, total: int = 0) -> None:
        if not total:
            notes.append(text)
            release.set()  # the other writer ends once the session is known to wait

    done: list[SyncStats] = []
    session.sync_changes(None, report, done.append)
    other.join()
    assert len(notes) == 1 and notes[0].endswith("to finish its forget...")
    assert [s.documents_indexed for s in done] == [1]


def test_a_session_closed_while_waiting_gives_up(config: Config, session: Session) -> None:
    release, other = held_by_other_writer(config)

    def report(text: str, done: int = 0, total: int = 0) -> None:
        session.stop_indexing()  # the app quits while its sync waits

    done: list[SyncStats] = []
    try:
        session.sync_changes(None, report, done.append)
    finally:
        release.set()
        other.join()
    assert done == [] and not session.syncing
