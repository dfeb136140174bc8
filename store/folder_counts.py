"""What the index holds below one folder: documents, failures, chunks, the newest write.

The folders screen shows these per watched folder and the removal confirmation prices a folder
by its chunks, so they are counted here in one grouped read over the `file_path` range of the
folder (the same index-backed range as `listing.below`), never by listing rows in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlean as sqlite3

from identity import DUPLICATE_KINDS
from store.listing import _TOP, BELOW

_DUPLICATES = ", ".join(f"'{kind.value}'" for kind in sorted(DUPLICATE_KINDS))


@dataclass(frozen=True)
class FolderCounts:
    """The index's rows below one path."""

    documents: int  # read and indexed
    failed: int  # in the index without text (duplicates included: the caller splits them)
    duplicates: int  # failed rows that are copies of another document
    chunks: int
    last_indexed_at: float | None  # unix seconds of the newest row written, None if none


_SQL = f"""
SELECT
    coalesce(sum(d.status = 'ok'), 0),
    coalesce(sum(d.status = 'failed'), 0),
    coalesce(sum(d.status = 'failed' AND d.failure_kind IN ({_DUPLICATES})), 0),
    coalesce(sum((SELECT count(*) FROM chunks c WHERE c.document_id = d.id)), 0),
    max(d.indexed_at)
FROM documents d WHERE {BELOW.replace("file_path", "d.file_path")}
"""


def below(conn: sqlite3.Connection, path: str) -> FolderCounts:
    """Counts for the file `path`, or for every file below the folder `path`."""
    inner = path.rstrip("/") + "/"
    row = conn.execute(_SQL, (path, inner, inner + _TOP)).fetchone()
    return FolderCounts(int(row[0]), int(row[1]), int(row[2]), int(row[3]), row[4])
