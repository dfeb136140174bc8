"""One writer of the index at a time, and one change of roots.json at a time, across processes.

Several processes share a home: `assistant watch`, the app, and whatever a person types beside
them (`index`, `add`, `remove`, `forget`, `reindex`). SQLite keeps their writes consistent, but
two syncs side by side would both embed every new file, and two `add`s that read roots.json at
once would each write back a list without the other's folder. So each of these holds an
advisory lock (`flock`) on a small file of our own in the home while it works: `index.lock` for
the writers of the index, `roots.lock` for the read-modify-write of roots.json. Readers
(search, status, ask) never take either.

Never a lock on the database files themselves: a process that opens and closes the index file
beside its SQLite connection loses SQLite's own POSIX locks on it. `flock` locks live with the
open lock file, so the kernel drops them when the process ends, kill -9 included: a crash never
leaves a stale lock behind. The holder writes its pid, command and activity into the lock file,
so a writer that has to wait can say, in one line, who it waits for. A long-lived holder
(`watch`, the app) takes the lock per sync, never for its lifetime.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from assistant.paths import PRIVATE_FILE, private_dir
from assistant.runtime.gate import IndexingStopped

WRITER_LOCK = "index.lock"
ROOTS_LOCK = "roots.lock"
POLL_SECONDS = 0.2  # how often a waiting writer tries the lock again
log = logging.getLogger(__name__)

_held = threading.local()  # the lock files this thread holds: taking one again is a no-op


def process_command() -> str:
    """How a person would name this process: `assistant watch`, or `assistant` for the app."""
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    return "assistant" + (f" {command}" if command and not command.startswith("-") else "")


def _holder(raw: bytes) -> str | None:
    """'assistant watch (pid 1234)' and its activity from what the holder wrote (None: not yet)."""
    try:
        holder = json.loads(raw.decode("utf-8"))
        return f"{holder['command']} (pid {holder['pid']}) to finish its {holder['activity']}"
    except (ValueError, KeyError, TypeError):
        return None


def describe_holder(raw: bytes) -> str:
    """'assistant watch (pid 1234) to finish its sync' from what the holder wrote."""
    return _holder(raw) or "another assistant process to finish"


def current_writer(data_dir: Path) -> str | None:
    """Whom a writer would wait for now (as `describe_holder` says it), or None: nobody.
    Only looks: never creates the lock file, and lets go of it at once if it was free."""
    try:
        fd = os.open(data_dir / WRITER_LOCK, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if _try_lock(fd):
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        return describe_holder(os.pread(fd, 4096, 0))
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _wait(fd: int, on_wait: Callable[[str], None], stopped: Callable[[], bool] | None) -> None:
    """Take the lock, saying once whom we wait for; a stopped session gives up."""
    if _try_lock(fd):
        return
    on_wait(f"waiting for {describe_holder(os.pread(fd, 4096, 0))}...")
    while not _try_lock(fd):
        if stopped is not None and stopped():
            raise IndexingStopped("indexing stopped: the session is closing")
        time.sleep(POLL_SECONDS)


def _ignore(text: str) -> None:
    """The default `on_wait`: wait without a word."""


def _open(path: Path) -> int | None:
    """The lock file's descriptor, or None where it cannot be made (a read-only or full home:
    nothing can write the index there either, and the command says so in its own words)."""
    try:
        private_dir(path.parent)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE)
    except OSError as exc:
        log.warning("cannot use the lock file %s (%s); going on without it", path, exc)
        return None


def _write_holder(fd: int, text: str) -> None:
    """Who holds the lock, for a waiting writer to name ('' once released); best effort."""
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, text.encode("utf-8"), 0)
    except OSError:  # a full disk: the lock holds all the same, the waiter names nobody
        pass


@contextmanager
def exclusive(
    path: Path,
    activity: str,
    on_wait: Callable[[str], None] = _ignore,
    stopped: Callable[[], bool] | None = None,
) -> Iterator[None]:
    """Hold the lock file `path` for the block; wait (and say so) while another holds it."""
    held: set[str] = _held.__dict__.setdefault("paths", set())
    fd = None if str(path) in held else _open(path)  # held: nested in this thread
    if fd is None:
        yield
        return
    try:
        _wait(fd, on_wait, stopped)
        holder = {"pid": os.getpid(), "command": process_command(), "activity": activity}
        _write_holder(fd, json.dumps(holder))
        held.add(str(path))
        try:
            yield
        finally:
            held.discard(str(path))
            _write_holder(fd, "")
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def index_writer(
    data_dir: Path,
    activity: str,
    on_wait: Callable[[str], None] = _ignore,
    stopped: Callable[[], bool] | None = None,
) -> AbstractContextManager[None]:
    """The one-writer lock of the index in `data_dir` (a context manager)."""
    return exclusive(data_dir / WRITER_LOCK, activity, on_wait, stopped)


def roots_change(data_dir: Path) -> AbstractContextManager[None]:
    """The lock around a read-modify-write of roots.json (held for milliseconds)."""
    return exclusive(data_dir / ROOTS_LOCK, "change of the folders")
