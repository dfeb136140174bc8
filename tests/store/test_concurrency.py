"""One writer and many readers at once, across threads and processes, and a held lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import sqlean as sqlite3
from store_helpers import add, embed

from store import Index, StoreLocked, connection

DOCS = 4
PARTS = 3


def _version_texts(doc: int, version: int) -> list[str]:
    return [f"doc{doc} version{version} part{i} common" for i in range(PARTS)]


def test_readers_never_see_half_a_replace(index: Index) -> None:
    for doc in range(DOCS):
        add(index, f"/n/{doc}.md", _version_texts(doc, 0))
    stop = threading.Event()
    errors: list[BaseException] = []
    seen = {"searches": 0}

    def write() -> None:
        try:
            for version in range(1, 40):
                for doc in range(DOCS):
                    add(index, f"/n/{doc}.md", _version_texts(doc, version))
        except BaseException as exc:
            errors.append(exc)
        finally:
            stop.set()

    def read() -> None:
        try:
            while not stop.is_set():
                for doc in range(DOCS):
                    hits = index.search(None, f"doc{doc}", k=20, mode="fts")
                    versions = {h.text.split()[1] for h in hits}
                    # Exactly one complete version of the document, never a mix or a gap.
                    assert len(hits) == PARTS and len(versions) == 1, [h.text for h in hits]
                    seen["searches"] += 1
        except BaseException as exc:
            errors.append(exc)
            stop.set()

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert seen["searches"] > 20
    assert index.integrity_check() == []
    assert next(h.text for h in index.search(None, "doc0", k=5, mode="fts")).startswith(
        "doc0 version39"
    )


CHILD = """
import sys
sys.path[:0] = [{repo!r}, {tests!r}]
from pathlib import Path
from store import Index
from store_helpers import add, embed
index = Index.open(Path({db!r}))
for i in range(40):
    add(index, f"/child/{{i}}.md", [f"child text {{i}}"])
index.close()
"""


def test_two_processes_write_the_same_file(tmp_path: Path, index: Index) -> None:
    repo = Path(__file__).resolve().parents[2]
    code = CHILD.format(repo=str(repo), tests=str(Path(__file__).parent), db=str(index.db_path))
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)])
    for i in range(40):
        add(index, f"/parent/{i}.md", [f"parent text {i}"])
        index.search(None, "text", k=5)
    assert child.wait(timeout=60) == 0
    assert index.stats()["documents"] == 80
    # The parent's long-lived connection sees the child's rows in FTS and vec0 alike.
    assert len(index.search(None, "child", k=100, mode="fts")) == 40
    assert len(index.search(embed("child text 7"), "", k=100, mode="vector")) == 80
    assert index.integrity_check() == []


def test_a_write_waits_for_another_writer(index: Index) -> None:
    other = sqlite3.connect(str(index.db_path), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    timer.start()
    add(index, "/n/late.md", ["written after the lock was released"])
    timer.join()
    other.close()
    assert index.stats()["documents"] == 1


def test_a_lock_held_too_long_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(connection, "RETRY_SECONDS", 0.3)
    index = Index.open(tmp_path / "locked.sqlite")
    other = sqlite3.connect(str(index.db_path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreLocked, match="Wait for the running indexer"):
        add(index, "/n/x.md", ["never written"])
    other.execute("ROLLBACK")
    other.close()
    assert index.search(None, "written", k=1) == []  # reads were never blocked
    index.close()
