"""Errors a person can meet when the index file is busy, damaged or from elsewhere.

SQLite reports these as generic `DatabaseError`s with terse messages; the user needs to be told
what to do instead (wait, free disk space, make the file writable, or delete the file and
rebuild). Advice to delete the index is given only when the file itself is damaged: a full
disk or a read-only file leaves every committed document intact. Everything here subclasses
the project's `AssistantError`, so the CLI prints one line instead of a traceback.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import sqlean as sqlite3

try:
    from assistant.errors import AssistantError
except ImportError:  # the store is usable (and testable) on its own

    class AssistantError(Exception):  # type: ignore[no-redef]
        """Stand-in used only when the assistant package is absent."""


P = ParamSpec("P")
T = TypeVar("T")

# Substrings of SQLite messages that mean the file itself is unusable, not the query.
_CORRUPT_MARKERS = (
    "malformed",
    "not a database",
    "file is encrypted",
    "disk image",
)


class StoreError(AssistantError):
    """The index could not do what was asked; the message says what to do next."""


class StoreCorrupt(StoreError):
    """The index file is damaged or is not an index; rebuilding it is the cure."""


class StoreLocked(StoreError):
    """Another process held the write lock for longer than we were willing to wait."""


class StoreFull(StoreError):
    """The disk (or SQLite's page limit) is full; nothing committed was lost."""


class StoreReadOnly(StoreError):
    """The index file or its folder cannot be written; reading may still work."""


KEPT = "everything indexed so far is kept"


def rebuild_advice(db_path: Path) -> str:
    """The one sentence that tells a person how to get a working index back."""
    return (
        f"Delete {db_path} (and any {db_path.name}-wal / -shm beside it) and run "
        "`assistant index` to rebuild it; your notes, mail and PDFs are not touched."
    )


def is_locked(exc: BaseException) -> bool:
    """True for the transient 'another connection holds the lock' family of errors."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def translate(db_path: Path, exc: sqlite3.Error) -> StoreError:
    """Turn a low-level SQLite error into a `StoreError` a person can act on."""
    text = str(exc)
    if "no transaction is active" in text and isinstance(exc.__context__, sqlite3.Error):
        return _abandoned(db_path, exc.__context__)
    known = _storage_problem(db_path, text)
    if known is not None:
        return known
    if is_locked(exc):
        return StoreLocked(
            f"The index {db_path} stayed locked by another process ({text}). "
            "Wait for the running indexer to finish and try again."
        )
    if any(marker in text.lower() for marker in _CORRUPT_MARKERS):
        return StoreCorrupt(f"The index {db_path} is damaged ({text}). {rebuild_advice(db_path)}")
    return StoreError(f"The index {db_path} could not be used ({text}). {rebuild_advice(db_path)}")


def _storage_problem(db_path: Path, text: str) -> StoreError | None:
    """Full, read-only or failing storage: the file is fine, the place it lives is not."""
    lowered = text.lower()
    if "disk is full" in lowered:
        return StoreFull(
            f"The disk holding the index {db_path} is full ({text}). Free some space and run "
            f"the command again; {KEPT}."
        )
    if _read_only(db_path, lowered):
        return StoreReadOnly(
            f"The index {db_path} cannot be opened ({text}): its folder is read-only and "
            f"SQLite must create {db_path.name}-wal and -shm beside it. Make "
            f"{db_path.parent} writable (or copy it somewhere writable and point "
            f"ASSISTANT_HOME there); {KEPT}."
        )
    if "readonly" in lowered or "read-only" in lowered:
        return StoreReadOnly(
            f"The index {db_path} cannot be written ({text}): make the file and its folder "
            f"writable and run the command again; {KEPT}, and search works meanwhile."
        )
    if "disk i/o error" in lowered:
        return StoreError(
            f"The index {db_path} could not be read or written ({text}). Check that the disk "
            f"is attached, healthy and has free space, then run the command again; {KEPT}."
        )
    return None


def _abandoned(db_path: Path, cause: sqlite3.Error) -> StoreError:
    """SQLite rolled the transaction back by itself, so our ROLLBACK failed: report the
    error that made it do so. It does that only on SQLITE_FULL, IOERR, BUSY and NOMEM, so
    when the cause's own text says nothing (sqlite-vec turns SQLITE_FULL into 'Could not
    insert a new vector chunk'), the disk is the likely culprit, not the file."""
    inner = translate(db_path, cause)
    if type(inner) is not StoreError:
        return inner
    return StoreFull(
        f"The index {db_path} could not be written: SQLite abandoned the transaction "
        f"({cause}), which it does when the disk is full or failing. Free some space (and "
        f"check the disk), then run the command again; {KEPT}."
    )


def _read_only(db_path: Path, lowered: str) -> bool:
    """'unable to open' because the file or its folder is not writable (e.g. a read-only
    mount: SQLite needs to create the -wal and -shm files beside the index)."""
    if "unable to open" not in lowered:
        return False
    folder = db_path.parent
    return (folder.exists() and not os.access(folder, os.W_OK)) or (
        db_path.exists() and not os.access(db_path, os.W_OK)
    )


def guarded(method: Callable[P, T]) -> Callable[P, T]:
    """Decorate an `Index` method so SQLite errors surface as `StoreError`s."""

    @wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            db_path = getattr(args[0], "db_path", Path("index"))
            raise translate(db_path, exc) from exc

    return wrapper


def quarantine(db_path: Path) -> list[Path]:
    """Move a damaged index (and its -wal / -shm files) aside so a fresh one can be built.

    Renaming rather than deleting keeps the evidence for a bug report; returns the new paths.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    moved = []
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{db_path}{suffix}")
        if source.exists():
            target = source.with_name(f"{db_path.name}.corrupt-{stamp}{suffix}")
            source.rename(target)
            moved.append(target)
    return moved
