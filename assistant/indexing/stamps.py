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

Racy stamps (git's racy-index rule): a file rewritten with the same size within one timestamp
tick of being read keeps its size and mtime, so the stamp alone would call the new content
unchanged forever. A file whose mtime is not older than the moment it was read, minus
`RACY_SECONDS`, is therefore stamped with size `RACY_SIZE`, which no file has: the next sync
reads it again, and if its documents hash as before only the stamp is written (`same_content`),
with the real size once the mtime is old enough; nothing is embedded or rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from identity import ReadFailure
from ingest.documents import Document, ReadResult
from ingest.scan import FileInfo
from store import Index, failure_of

NS = 1_000_000_000
RACY_SECONDS = 2.0  # the coarsest common mtime tick (FAT, SMB); ext4 and tmpfs are finer
RACY_SIZE = -1


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


def as_recorded(info: FileInfo, read_at: float) -> FileInfo:
    """The stamp to store for `info` read at `read_at` (epoch seconds): racy ones are smudged."""
    if info.mtime_ns / NS >= read_at - RACY_SECONDS:
        return replace(info, size=RACY_SIZE)
    return info


def same_content(result: ReadResult, rows: list[dict]) -> bool:
    """The read produced exactly the documents the file's rows hold: same keys, same hashes.
    A duplicate row counts as the same when its original is one of this file's documents."""
    stored = {str(row["source_path"]): row for row in rows}
    read = {doc.key.text: doc.content_hash for doc in result.documents}
    if not rows or set(stored) != set(read):
        return False
    return all(_same_row(row, read[key], stored) for key, row in stored.items())


def same_failure(failure: ReadFailure, rows: list[dict]) -> bool:
    """The file's one row already records this very failure."""
    return not failure.transient and len(rows) == 1 and failure_of(rows[0]) == failure


def _same_row(row: dict, read_hash: str, stored: dict[str, dict]) -> bool:
    if row["status"] == "ok":
        return row["content_hash"] == read_hash
    original = stored.get(str(row["duplicate_of"] or ""))
    return original is not None and original["status"] == "ok"


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
