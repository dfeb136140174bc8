"""Opening SQLite connections the way the store needs them, one per thread.

sqlite3 connection objects must not be shared between threads, but the indexer writes while the
TUI searches. Each thread therefore gets its own connection (WAL lets one writer and many readers
proceed at once), every connection loads sqlite-vec, and writes retry when another process holds
the lock for longer than SQLite's own busy timeout.

The file holds the text of every indexed document, so it is created readable by its owner only
(0600, in a 0700 folder when we create that), whatever the umask. SQLite gives the -wal and
-shm files it creates the main file's permissions, so they follow.

Only SQLite ever opens the index, -wal and -shm files in this process. Its locks are POSIX
advisory locks, which the kernel drops for the whole process as soon as *any* descriptor of the
file is closed: one `os.close(os.open(db_path))` beside a live connection lets another process
believe it is the last user, checkpoint and delete the -wal under us (sqlite.org, "How To
Corrupt An SQLite Database File", 2.2). So a new file is created by `sqlite3.connect` itself
under a 077 umask, and modes are checked and tightened by path (`stat`, `chmod`), never by
opening the file.
"""

from __future__ import annotations

import os
import random
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import sqlean as sqlite3
import sqlite_vec

from store.errors import is_locked

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5_000
# SQLite's busy handler covers most waits; this outer loop covers the cases it does not
# (a read transaction that must be restarted, WAL recovery) and a writer that holds on long.
RETRY_SECONDS = 30.0
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_parent(db_path: Path) -> None:
    """Create the folder of `db_path` (and missing parents) as 0700; existing ones are kept."""
    missing = [p for p in (db_path.parent, *db_path.parent.parents) if not p.exists()]
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for folder in missing:
        os.chmod(folder, PRIVATE_DIR)


def tighten_database_modes(db_path: Path) -> None:
    """Take group/other access off the index and its -wal / -shm files if an older version (or a
    copy) left them readable. Path-based only: it never opens the files (see the module doc)."""
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db_path}{suffix}")
        try:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                os.chmod(path, PRIVATE_FILE)
        except OSError:  # gone, or not ours to change: nothing to tighten
            pass


# os.umask is process-wide: connections that may create the file take turns.
_CREATE_LOCK = threading.Lock()


def read_only_folder(db_path: Path) -> bool:
    """The index sits in a folder nobody can write (a read-only mount, a copy on a CD) with
    no -wal / -shm beside it: SQLite cannot create them, so the file can be opened only as
    immutable, and since no writer can exist there, immutable is also true."""
    folder = db_path.parent
    return (
        db_path.is_file()
        and not os.access(folder, os.W_OK)
        and not any(os.path.lexists(f"{db_path}{suffix}") for suffix in ("-wal", "-shm"))
    )


def _open_database(db_path: Path) -> sqlite3.Connection:
    """`sqlite3.connect`; a missing file is created by SQLite as 0600 (umask 077 meanwhile)."""
    target, uri = str(db_path), False
    if read_only_folder(db_path):
        target, uri = f"file:{quote(str(db_path))}?mode=ro&immutable=1", True

    def open_it() -> sqlite3.Connection:
        return sqlite3.connect(
            target,
            isolation_level=None,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1e3,
            uri=uri,
        )

    if os.path.lexists(db_path):
        return open_it()
    with _CREATE_LOCK:
        # Other threads creating files in these microseconds get owner-only modes: harmless.
        previous = os.umask(0o077)
        try:
            return open_it()
        finally:
            os.umask(previous)


def connect(db_path: Path) -> sqlite3.Connection:
    """A configured connection (WAL, busy timeout) with sqlite-vec loaded."""
    conn = _open_database(db_path)
    try:
        tighten_database_modes(db_path)
        return _configure(conn)
    except BaseException:
        conn.close()
        raise


def _configure(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.enable_load_extension(True)
    sqlite_vec.load(conn)
    conn.enable_load_extension(False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Only takes effect on a new file: 8 KiB pages hold five 1.5 KB cached vectors where
    # 4 KiB pages hold two, which cut the cache from ~2,080 to ~1,700 bytes per chunk.
    conn.execute("PRAGMA page_size = 8192")
    conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL is durable across application crashes in WAL mode; only a power cut can drop the
    # last commits, which the next sync re-indexes.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB of page cache per connection
    conn.execute("PRAGMA mmap_size = 268435456")
    return conn


def with_retry(action: Callable[[], T], budget: float | None = None) -> T:
    """Run `action`, retrying with jittered backoff while the database reports it is locked."""
    deadline = time.monotonic() + (RETRY_SECONDS if budget is None else budget)
    delay = 0.02
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not is_locked(exc) or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 1.0)


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE .. COMMIT, rolled back on any error.

    IMMEDIATE takes the write lock up front: a deferred transaction that later upgrades from
    read to write can fail with SQLITE_BUSY without the busy handler ever being consulted.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        # When SQLite abandoned the transaction itself (disk full, I/O error), this ROLLBACK
        # raises "no transaction is active" with the cause as its context: store.errors reads
        # that pair as "the disk is full or failing", the one hint sqlite-vec's errors keep.
        conn.execute("ROLLBACK")
        raise


@contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read transaction, so a multi-statement search sees one consistent state of the index."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


class ConnectionPool:
    """One connection per thread, all closed together by `close()`."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []
        self._closed = False

    def get(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            with self._lock:
                if self._closed:
                    raise RuntimeError("the index has been closed")
                conn = connect(self.db_path)
                self._all.append(conn)
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close every connection any thread opened (each must be idle by now)."""
        with self._lock:
            self._closed = True
            for conn in self._all:
                conn.close()
            self._all.clear()
