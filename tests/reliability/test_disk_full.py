"""A full disk or a read-only index: one line that says what to do, and no damage.

Deterministic first: SQLite's `max_page_count` makes the index "full" at a chosen size
(SQLITE_FULL, exactly what a full disk raises) and `query_only` makes it read-only. Then
the real thing where the machine allows mounts: the home on a 1.5 MB tmpfs, and read-only
bind mounts of the index file and of its folder, driven through the CLI as a person would.
Afterwards the integrity check passes, search still answers, and once space (or write
access) is back the next sync finishes with the same index a clean run builds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.indexing.service import open_index, run_sync
from store import Index
from store.errors import StoreFull, StoreReadOnly
from tests.fakes import FakeEmbedder
from tests.reliability.robustness_support import (
    FAKE_CLI,
    config_for,
    full_index,
    home_env,
    show,
)
from tests.support import CORPORA, REPO, needs_corpora

MAIL = CORPORA / "mail"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return full_index(tmp_path_factory.mktemp("clean"), [MAIL])


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", FAKE_CLI, *args], env=home_env(home), cwd=REPO,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("assistant: "), stderr[-3000:]
    return lines[0]


def answers(index: Index) -> bool:
    return bool(index.search(FakeEmbedder().embed_query("notmuch"), "notmuch", k=3))


# 40 spare pages run out inside sqlite-vec, which reports SQLITE_FULL as a generic error;
# 300 run out mid-sync on an ordinary page write (SQLITE_FULL itself).
@needs_corpora
@pytest.mark.parametrize("spare_pages", [40, 300], ids=["inside-vec0", "mid-sync"])
def test_sqlite_full_stops_the_sync_with_one_line_and_keeps_the_index(
    tmp_path: Path, clean: dict, spare_pages: int, record_property
) -> None:
    config = config_for(tmp_path, [MAIL])
    with open_index(config) as index:
        conn = index._pool.get()  # this thread's connection: the one the sync writes with
        pages = conn.execute("PRAGMA page_count").fetchone()[0] + spare_pages
        conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StoreFull) as full:
            run_sync(config, index, FakeEmbedder())
        message = str(full.value)
        assert "\n" not in message and "Free some space" in message
        assert "assistant rebuild" not in message, "a full disk is no reason to rebuild the index"
        committed = index.stats()["documents"]
        assert committed > 0 and index.integrity_check() == [] and answers(index)
        conn.execute("PRAGMA max_page_count = 2147483646")
        run_sync(config, index, FakeEmbedder())
        assert index.integrity_check() == []
        assert index.fingerprint() == clean["fingerprint"]
    brief = message.replace(str(config.paths.database), "<index>")
    show(record_property, f"sqlite full +{spare_pages} pages", page_limit=pages,
         before_full=committed, documents=clean["documents"], message=brief)  # fmt: skip


def test_read_only_index_still_answers_and_says_why_it_cannot_sync(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# Boden\n\nnotmuch: der Klempner kam am Montag.\n")
    config = config_for(tmp_path / "home", [notes])
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
        (notes / "a.md").write_text("# Boden\n\nnotmuch: der Klempner kam am Dienstag.\n")
        conn = index._pool.get()
        conn.execute("PRAGMA query_only = 1")
        with pytest.raises(StoreReadOnly) as refused:
            run_sync(config, index, FakeEmbedder())
        assert "\n" not in str(refused.value) and "cannot be written" in str(refused.value)
        assert answers(index) and index.integrity_check() == []
        conn.execute("PRAGMA query_only = 0")
        assert run_sync(config, index, FakeEmbedder()).documents_indexed == 1


def mount(*args: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting needs root")
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")


@contextmanager
def mounted(target: Path, *args: str) -> Iterator[Path]:
    mount(*args, str(target))
    try:
        yield target
    finally:
        subprocess.run(["umount", str(target)], check=True)


@needs_corpora
def test_a_full_tmpfs_gives_one_line_and_the_next_run_finishes(
    tmp_path: Path, clean: dict, record_property
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    with mounted(disk, "-t", "tmpfs", "-o", "size=1500k", "tmpfs"):
        home = disk / "home"
        config = config_for(home, [MAIL])
        full = cli(home, "index")
        assert full.returncode == 1
        line = one_line(full.stderr)
        assert "is full" in line and "Traceback" not in full.stderr
        assert cli(home, "status").returncode == 0
        search = cli(home, "search", "notmuch")
        assert search.returncode == 0 and "[1]" in search.stdout
        with open_index(config) as index:
            partial = index.stats()["documents"]
            assert index.integrity_check() == []
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        assert cli(home, "index").returncode == 0
        with open_index(config) as index:
            assert index.integrity_check() == []
            assert index.fingerprint() == clean["fingerprint"]
    brief = line.replace(str(config.paths.database), "<index>")
    show(record_property, "tmpfs full", tmpfs="1.5 MB", documents_when_full=partial,
         documents_after=clean["documents"], message=brief)  # fmt: skip


def test_read_only_mounts_of_the_index_file_and_of_its_folder(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# Boden\n\nnotmuch: der Klempner kam am Montag.\n")
    home = tmp_path / "home"
    config = config_for(home, [notes])
    assert cli(home, "index").returncode == 0
    (notes / "a.md").write_text("# Boden\n\nnotmuch: der Klempner kam am Dienstag.\n")
    database = config.paths.database
    with mounted(database, "--bind", str(database)):
        subprocess.run(["mount", "-o", "remount,ro,bind", str(database)], check=True)
        refused = cli(home, "index")
        assert refused.returncode == 1 and "cannot be written" in one_line(refused.stderr)
        search = cli(home, "search", "Klempner")
        assert search.returncode == 0 and "Montag" in search.stdout
    for suffix in ("-wal", "-shm"):  # closed cleanly: the WAL is empty, both may go
        side = Path(f"{database}{suffix}")
        assert not side.exists() or suffix == "-shm" or side.stat().st_size == 0
        side.unlink(missing_ok=True)
    with mounted(home, "--bind", str(home)):
        subprocess.run(["mount", "-o", "remount,ro,bind", str(home)], check=True)
        # Test 9 (issue 11): no -wal / -shm and a folder nobody can write opens immutable:
        # search works, and a write is refused in one line that says why.
        with open_index(config) as index:
            assert index.stats()["documents"] == 1
            with pytest.raises(StoreReadOnly) as refused_write:
                run_sync(config, index, FakeEmbedder())
        assert "cannot be written" in str(refused_write.value)
        assert "\n" not in str(refused_write.value)
        assert "assistant rebuild" not in str(refused_write.value)
        search = cli(home, "search", "Klempner")
        assert search.returncode == 0 and "Montag" in search.stdout, search.stderr
