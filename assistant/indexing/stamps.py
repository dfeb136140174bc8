"""When a file must be read again: the size and mtime stamped on its rows, and duplicates.

The scan calls a file unchanged when every row it left in the index carries the file's current
size and mtime, and no row is a duplicate whose original lives in another file (that file may
be gone since, and then this copy must be indexed instead). A duplicate of a message in the
same mbox cannot lose its original while the mbox is unchanged, so it does not count.

Each message of an mbox is committed in a transaction of its own, so a kill can leave some of
them indexed. Had those rows carried the file's real stamp from the first commit on, a
half-indexed mbox would look complete and its other messages would never be indexed. So while
an mbox is being read, its rows carry a *pending* stamp: the file's size with mtime -1 - mtime,
which no real stamp equals (mtimes are not negative); once the last message is in, one
transaction gives every row of the file the real stamp. A resumed sync therefore reads the mbox
again, and a message whose row holds the pending stamp of this very file version with the same
content hash was committed before the kill: it is left as it is, neither embedded nor written
again.
"""

from __future__ import annotations

from dataclasses import replace

from ingest.dispatch import TRANSIENT_REASONS
from ingest.documents import Document, ReadResult
from ingest.scan import FileInfo

NS = 1_000_000_000
LOCATOR_SEPARATOR = "#msg:"
DUPLICATE = "duplicate of "
DUPLICATE_SUFFIX = " (same Message-ID)"


def file_of(key: str) -> str:
    """The file a document key belongs to (an mbox message's key names its mbox)."""
    return key.split(LOCATOR_SEPARATOR, 1)[0]


def unchanged(info: FileInfo, rows: list[dict] | None) -> bool:
    """Nothing to read: the file's rows describe exactly this version of it."""
    if not rows:
        return False
    if any(_original_elsewhere(r) for r in rows):
        return False  # the original, in another file, may be gone: look again
    row = rows[0]
    if row["status"] == "failed" and str(row["reason"] or "").startswith(TRANSIENT_REASONS):
        return False  # e.g. permission denied: chmod does not change size or mtime
    return all(_stamped(r, info) for r in rows)


def _stamped(row: dict, info: FileInfo) -> bool:
    return row["size"] == info.size and abs(float(row["mtime"]) - info.mtime_ns / NS) < 1e-6


def _original_elsewhere(row: dict) -> bool:
    """A duplicate record whose original is in another file. Looking again at one whose
    original sits in the same mbox would re-read and rewrite all its messages at every sync."""
    reason = str(row.get("reason") or "")
    if not reason.startswith(DUPLICATE):
        return False
    original = reason.removeprefix(DUPLICATE).removesuffix(DUPLICATE_SUFFIX)
    return file_of(original) != file_of(str(row["source_path"]))


def holds_messages(result: ReadResult) -> bool:
    """A file of many addressable documents (an mbox), committed one by one."""
    return any(doc.locator for doc in result.documents)


def pending(info: FileInfo) -> FileInfo:
    """`info` with the pending stamp its rows carry until the whole file is indexed."""
    return replace(info, mtime_ns=-NS - info.mtime_ns)


def committed(row: dict | None, doc: Document, stamp: FileInfo) -> bool:
    """`row` is `doc` as an interrupted read of this same file version wrote it."""
    return (
        row is not None
        and row["status"] == "ok"
        and row["content_hash"] == doc.content_hash
        and _stamped(row, stamp)
    )
