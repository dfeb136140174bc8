"""What the index already holds, by file: the cheap check that lets a sync skip a file.

A file is unchanged when its size and mtime match the rows it left, unless a reason says to
look again although the bytes did not change: the failure was the file's situation (permission
denied; chmod changes neither size nor mtime), or the file holds a copy of a mail whose
original is in another file, which may be gone by now. A copy whose original sits in the same
(unchanged) file needs no second look: an mbox that repeats a Message-ID was re-read at every
sync before, and a crash-resumed sync redid all its messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.scan import FileInfo
from store import Index, failure_of


@dataclass(frozen=True)
class KnownFiles:
    """Index rows grouped by the file on disk they came from."""

    rows: dict[str, list[dict]]
    originals: dict[str, str]  # the file of every indexed (not failed) document, by key

    @classmethod
    def of(cls, index: Index) -> KnownFiles:
        files: dict[str, list[dict]] = {}
        originals: dict[str, str] = {}
        for row in index.documents(status=None):
            files.setdefault(str(row["file_path"]), []).append(row)
            if row["status"] == "ok":
                originals[str(row["source_path"])] = str(row["file_path"])
        return cls(files, originals)

    def unchanged(self, info: FileInfo) -> bool:
        """True when reading `info` again would give what the index holds."""
        rows = self.rows.get(str(info.path))
        if not rows:
            return False
        if not all(self._original_here(row) for row in rows):
            return False
        row = rows[0]
        failure = failure_of(row)
        if failure is not None and failure.transient:
            return False
        return row["size"] == info.size and abs(float(row["mtime"]) - info.mtime_ns / 1e9) < 1e-6

    def _original_here(self, row: dict) -> bool:
        """True for a row that is no duplicate, or whose original is in the same file."""
        original = row["duplicate_of"]
        return original is None or self.originals.get(str(original)) == row["file_path"]
