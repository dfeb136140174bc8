"""When a file must be read again: the size and mtime stamped on its rows, and duplicates.

The scan calls a file unchanged when every row it left in the index carries the file's current
size and mtime, and no row is a duplicate whose original lives in another file (that file may
be gone since, and then this copy must be indexed instead). A duplicate of a message in the
same mbox cannot lose its original while the mbox is unchanged, so it does not count. A
failure that was the file's situation (permission denied: chmod changes neither size nor
mtime) is looked at again too.

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

from dataclasses import dataclass, replace

from ingest.documents import Document, ReadResult
from ingest.scan import FileInfo
from store import Index, failure_of

NS = 1_000_000_000


@dataclass(frozen=True)
class KnownFiles:
    """Index rows grouped by the file on disk they came from."""

    rows: dict[str, list[dict]]
    files_of: dict[str, str]  # the file of every indexed (not failed) document, by key

    @classmethod
    def of(cls, index: Index) -> KnownFiles:
        rows: dict[str, list[dict]] = {}
        files_of: dict[str, str] = {}
        for row in index.documents(status=None):
            rows.setdefault(str(row["file_path"]), []).append(row)
            if row["status"] == "ok":
                files_of[str(row["source_path"])] = str(row["file_path"])
        return cls(rows, files_of)

    def unchanged(self, info: FileInfo) -> bool:
        """Nothing to read: the file's rows describe exactly this version of it."""
        rows = self.rows.get(str(info.path))
        if not rows:
            return False
        if any(self._original_elsewhere(row) for row in rows):
            return False  # the original, in another file, may be gone: look again
        failure = failure_of(rows[0])
        if failure is not None and failure.transient:
            return False  # e.g. permission denied: chmod does not change size or mtime
        return all(_stamped(row, info) for row in rows)

    def _original_elsewhere(self, row: dict) -> bool:
        """A duplicate record whose original is not in the same file. Looking again at one
        whose original sits in the same mbox would re-read its messages at every sync."""
        original = row["duplicate_of"]
        return original is not None and self.files_of.get(str(original)) != row["file_path"]


def _stamped(row: dict, info: FileInfo) -> bool:
    return row["size"] == info.size and abs(float(row["mtime"]) - info.mtime_ns / NS) < 1e-6


def holds_messages(result: ReadResult) -> bool:
    """A file of many addressable documents (an mbox), committed one by one."""
    return any(doc.part is not None for doc in result.documents)


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
