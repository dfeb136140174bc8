"""Errors a person can meet when the index file is busy, damaged or from elsewhere.

SQLite reports these as generic `DatabaseError`s with terse messages; the user needs to be told
what to do instead (wait, free disk space, make the file writable, or delete the file and
rebuild). Advice to delete the index is given only when the file itself is damaged: a full
disk or a read-only file leaves every committed document intact.

Errors are told apart by SQLite's own result code (`sqlite_errorname` on sqlean's exceptions,
e.g. SQLITE_FULL or SQLITE_CORRUPT_VTAB), not by their wording. sqlite-vec is the exception:
it reports most failures as a plain SQLITE_ERROR whose text is all there is to go on.

`StoreError` is the store's own family: the store imports nothing of the assistant, and the
CLI and the app show a `StoreError` exactly as they show their own errors, as one line.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import sqlean as sqlite3

from store.holders import deleted_wal_holders

P = ParamSpec("P")
T = TypeVar("T")

# sqlite-vec reports most failures as SQLITE_ERROR and quotes SQLite's own message in its
# text ("Could not create '_info' shadow table: disk is full"): the wording that reveals
# which result code it swallowed. Checked in order; used only when the code says nothing.
# Locks are not among them: sqlite-vec passes SQLITE_BUSY on, and retrying an ordinary
# error that merely mentions "busy" would wait for nothing.
_VEC_TEXT_CODES = (
    ("disk is full", "SQLITE_FULL"),
    ("not a database", "SQLITE_NOTADB"),
    ("file is encrypted", "SQLITE_NOTADB"),
    ("malformed", "SQLITE_CORRUPT"),
    ("disk image", "SQLITE_CORRUPT"),
    ("readonly", "SQLITE_READONLY"),
    ("read-only", "SQLITE_READONLY"),
    ("disk i/o error", "SQLITE_IOERR"),
    ("unable to open", "SQLITE_CANTOPEN"),
)
_CORRUPT = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_LOCKED = ("SQLITE_BUSY", "SQLITE_LOCKED")


class StoreError(Exception):
    """The index could not do what was asked; `hint` says what to do next.

    `str()` is the whole sentence (what happened, then the hint), one line for the CLI and
    the app; `exit_code` is what the CLI exits with, as for the assistant's own errors.
    """

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(f"{message} {hint}" if hint else message)
        self.message = message
        self.hint = hint


class StoreCorrupt(StoreError):
    """The index file is damaged or is not an index; rebuilding it is the cure."""


class StoreLocked(StoreError):
    """Another process held the write lock for longer than we were willing to wait."""


class StoreFull(StoreError):
    """The disk (or SQLite's page limit) is full; nothing committed was lost."""


class StoreReadOnly(StoreError):
    """The index file or its folder cannot be written; reading may still work."""


class WalDeleted(StoreError):
    """Someone deleted index.sqlite3-wal while another process still writes to it."""


class ModelMismatch(StoreError):
    """The index holds vectors of one embedding model and was asked to use another's.

    Vectors of two models live in unrelated spaces: comparing them ranks at random, and a
    mix of both in one table cannot be searched at all, so the store refuses either.
    """

    def __init__(self, db_path: Path, built: str, asked: str) -> None:
        super().__init__(
            f"The index {db_path} was built with the embedding model {built!r}, not {asked!r}.",
            f"Set embedder.model back to {built!r} in the config, or run `assistant rebuild` "
            f"to index your files again with {asked!r} (it sets the old index aside and keeps "
            "your conversations; `assistant reindex` cannot change the model).",
        )
        self.built = built
        self.asked = asked


KEPT = "everything indexed so far is kept"


def rebuild_advice(db_path: Path) -> str:
    """The one sentence that tells a person how to get a working index back."""
    return (
        f"Run `assistant rebuild`: it moves {db_path.name} aside as "
        f"{db_path.name}.damaged-<time>, copies the saved conversations it can still read and "
        "runs `assistant index`; your notes, mail and PDFs are not touched."
    )


def result_code(exc: BaseException) -> str:
    """SQLite's primary result code for `exc` ('SQLITE_FULL', 'SQLITE_CORRUPT', ...).

    Extended codes are folded into their primary one (SQLITE_IOERR_WRITE is SQLITE_IOERR);
    a plain SQLITE_ERROR, which is how sqlite-vec reports what SQLite told it, is refined
    from the quoted message.
    """
    name = str(getattr(exc, "sqlite_errorname", "") or "SQLITE_ERROR")
    code = "_".join(name.split("_")[:2])
    if code != "SQLITE_ERROR":
        return code
    lowered = str(exc).lower()
    return next((found for marker, found in _VEC_TEXT_CODES if marker in lowered), code)


def is_locked(exc: BaseException) -> bool:
    """True for the transient 'another connection holds the lock' family of errors."""
    return isinstance(exc, sqlite3.OperationalError) and result_code(exc) in _LOCKED


def translate(db_path: Path, exc: sqlite3.Error) -> StoreError:
    """Turn a low-level SQLite error into a `StoreError` a person can act on."""
    text = str(exc)
    code = result_code(exc)
    if code == "SQLITE_ERROR" and isinstance(exc.__context__, sqlite3.Error):
        # Our ROLLBACK failed while handling another error: SQLite had already abandoned
        # the transaction because of that one (see connection.write_transaction).
        return _abandoned(db_path, exc.__context__)
    known = _storage_problem(db_path, code, text)
    if known is not None:
        return known
    if code in _LOCKED:
        return StoreLocked(
            f"The index {db_path} stayed locked by another process ({text}).",
            "Wait for the running indexer to finish and try again.",
        )
    if code in _CORRUPT:
        return StoreCorrupt(f"The index {db_path} is damaged ({text}).", rebuild_advice(db_path))
    return StoreError(f"The index {db_path} could not be used ({text}).", rebuild_advice(db_path))


def _storage_problem(db_path: Path, code: str, text: str) -> StoreError | None:
    """Full, read-only or failing storage: the file is fine, the place it lives is not."""
    if code == "SQLITE_FULL":
        return StoreFull(
            f"The disk holding the index {db_path} is full ({text}).",
            f"Free some space and run the command again; {KEPT}.",
        )
    if code == "SQLITE_CANTOPEN" and db_path.is_dir():
        return StoreCorrupt(f"{db_path} is a folder, not an index file.", rebuild_advice(db_path))
    if code == "SQLITE_CANTOPEN" and _read_only(db_path):
        return StoreReadOnly(
            f"The index {db_path} cannot be opened ({text}): its folder is read-only and "
            f"SQLite must create {db_path.name}-wal and -shm beside it.",
            f"Make {db_path.parent} writable (or copy it somewhere writable and point "
            f"ASSISTANT_HOME there); {KEPT}.",
        )
    if code == "SQLITE_READONLY":
        return StoreReadOnly(
            f"The index {db_path} cannot be written ({text}):",
            f"make the file and its folder writable and run the command again; {KEPT}, and "
            "search works meanwhile.",
        )
    if code == "SQLITE_IOERR" and (pids := deleted_wal_holders(db_path)):
        return WalDeleted(
            f"{db_path.name}-wal was deleted while process {', '.join(map(str, pids))} still "
            f"writes to it ({text}), so its changes are invisible here.",
            f"Stop that process (the app, `assistant watch` or `serve`), then run `assistant "
            f"doctor`; {KEPT} in {db_path.name} itself.",
        )
    if code == "SQLITE_IOERR":
        return StoreError(
            f"The index {db_path} could not be read or written ({text}).",
            "Check that the disk is attached, healthy and has free space, then run the "
            f"command again; {KEPT}.",
        )
    return None


def _abandoned(db_path: Path, cause: sqlite3.Error) -> StoreError:
    """SQLite rolled the transaction back by itself, so our ROLLBACK failed: report the
    error that made it do so. It does that only on SQLITE_FULL, IOERR, BUSY and NOMEM, so
    when the cause says nothing more (sqlite-vec turns SQLITE_FULL into 'Could not insert
    a new vector chunk'), the disk is the likely culprit, not the file."""
    inner = translate(db_path, cause)
    if type(inner) is not StoreError:
        return inner
    return StoreFull(
        f"The index {db_path} could not be written: SQLite abandoned the transaction "
        f"({cause}), which it does when the disk is full or failing.",
        f"Free some space (and check the disk), then run the command again; {KEPT}.",
    )


def _read_only(db_path: Path) -> bool:
    """The file or its folder is not writable (e.g. a read-only mount: SQLite needs to
    create the -wal and -shm files beside the index)."""
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
            target = source.with_name(f"{db_path.name}.damaged-{stamp}{suffix}")
            source.rename(target)
            moved.append(target)
    return moved
