"""The one-writer lock (`assistant.indexing.locks`): who waits, what they are told, who gives up.

Two threads of one process hold two descriptors of the lock file, and `flock` locks of two open
files exclude each other just as two processes do, so threads stand in for processes here;
tests/reliability/test_concurrency_one_home.py does the same with real processes.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from assistant.indexing.locks import WRITER_LOCK, describe_holder, exclusive, index_writer
from assistant.runtime.gate import IndexingStopped


def hold_in_thread(path: Path, activity: str) -> tuple[threading.Event, threading.Thread]:
    """A thread that holds the lock at `path` until the returned event is set."""
    taken, release = threading.Event(), threading.Event()

    def run() -> None:
        with exclusive(path, activity):
            taken.set()
            release.wait()

    thread = threading.Thread(target=run)
    thread.start()
    assert taken.wait(60)
    return release, thread


def test_a_second_writer_waits_and_names_the_holder(tmp_path: Path) -> None:
    release, holder = hold_in_thread(tmp_path / WRITER_LOCK, "sync")
    notes: list[str] = []
    entered = threading.Event()

    def on_wait(text: str) -> None:
        notes.append(text)
        assert not entered.is_set()
        release.set()  # the holder ends only once we are known to wait

    with index_writer(tmp_path, "forget", on_wait):
        entered.set()
        holder.join()
    assert len(notes) == 1
    assert notes[0].startswith("waiting for assistant")
    assert f"(pid {os.getpid()}) to finish its sync..." in notes[0]


def test_the_holder_is_written_while_held_and_cleared_after(tmp_path: Path) -> None:
    lock = tmp_path / WRITER_LOCK
    with index_writer(tmp_path, "reindex"):
        holder = json.loads(lock.read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid()
        assert holder["activity"] == "reindex"
        assert holder["command"].startswith("assistant")
        assert oct(lock.stat().st_mode & 0o777) == "0o600"
    assert lock.read_text(encoding="utf-8") == ""
    with index_writer(tmp_path, "sync", lambda text: pytest.fail(text)):
        pass  # released: the next writer does not wait


def test_nested_in_one_thread_does_not_deadlock(tmp_path: Path) -> None:
    with index_writer(tmp_path, "sync"), index_writer(tmp_path, "sync"):
        pass


def test_a_stopped_waiter_gives_up(tmp_path: Path) -> None:
    release, holder = hold_in_thread(tmp_path / WRITER_LOCK, "sync")
    try:
        with pytest.raises(IndexingStopped), index_writer(tmp_path, "sync", stopped=lambda: True):
            pytest.fail("entered a lock another thread holds")
    finally:
        release.set()
        holder.join()


def test_a_holder_that_has_not_written_yet_is_described_plainly() -> None:
    assert describe_holder(b"") == "another assistant process to finish"
    raw = json.dumps({"pid": 7, "command": "assistant watch", "activity": "sync"}).encode()
    assert describe_holder(raw) == "assistant watch (pid 7) to finish its sync"


def test_a_lock_file_that_cannot_be_made_is_gone_without(tmp_path: Path) -> None:
    """A home where nothing can be created: the command goes on, and fails (or not) in its
    own words, never with an error about our lock file."""
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    with index_writer(tmp_path / "file" / "home", "sync"):
        pass
