"""The read side of `Index` that lists documents: by file, folder, Message-ID, content
fingerprint and thread, and the mail thread places (store.threads).

A mixin only to keep store/index.py about transactions and errors: every method here is one
`_read`/`_write` of a function in store.listing or store.threads, so the transaction, retry
and error rules of `Index` hold for it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import sqlean as sqlite3

from store import folder_counts, listing
from store import threads as mail_threads
from store.errors import guarded
from store.records import ChunkRecord

T = TypeVar("T")


class DocumentReads:
    """Document listings; `Index` provides `_read` and `_write`."""

    def _read(self, action: Callable[[sqlite3.Connection], T]) -> T:
        raise NotImplementedError

    def _write(self, action: Callable[[sqlite3.Connection], T]) -> T:
        raise NotImplementedError

    @guarded
    def documents(self, status: str | None = "ok") -> list[dict[str, object]]:
        """Documents as dicts of their columns; `status=None` lists failed ones too."""
        return self._read(lambda c: listing.by_status(c, status))

    @guarded
    def fingerprint(self) -> dict[str, tuple[str, str, tuple[str, ...]]]:
        """{path: (status, content hash, chunk hashes)}: what "same index" means in tests."""
        return self._read(listing.fingerprint)

    def failures(self) -> list[dict[str, object]]:
        """Files that could not be read, with their reasons."""
        return self.documents(status="failed")

    @guarded
    def documents_of_file(self, path: str) -> list[dict[str, object]]:
        """Rows read from the file `path`: the file itself, or each of its mbox messages."""
        return self._read(lambda c: listing.of_file(c, path))

    @guarded
    def documents_below(self, path: str) -> list[dict[str, object]]:
        """Rows of the file `path`, or of every file below the folder `path`."""
        return self._read(lambda c: listing.below(c, path))

    @guarded
    def documents_by_message_id(self, message_id: str) -> list[dict[str, object]]:
        """Every document with this Message-ID, to spot one mail stored twice."""
        return self._read(lambda c: listing.by_message_id(c, message_id))

    @guarded
    def documents_by_fingerprint(self, fingerprint: str) -> list[dict[str, object]]:
        """Every document with this content fingerprint: one mail stored under other IDs."""
        return self._read(lambda c: listing.by_fingerprint(c, fingerprint))

    @guarded
    def counts_below(self, path: str) -> folder_counts.FolderCounts:
        """Documents, failures, chunks and the newest write below the folder (or file) `path`."""
        return self._read(lambda c: folder_counts.below(c, path))

    @guarded
    def document(self, source_path: str) -> dict[str, object] | None:
        """The row stored under one key text (`DocumentKey.text`), or None."""
        return self._read(lambda c: listing.by_key(c, source_path))

    @guarded
    def chunks_of(self, source_path: str) -> list[ChunkRecord]:
        """One document's chunks in order (what was embedded: mail without its quotes)."""
        return self._read(lambda c: listing.chunks_of(c, source_path))

    @guarded
    def thread_members(self, thread_key: str) -> list[dict[str, object]]:
        """The mails of one thread, first message first (rows as `documents` gives them)."""
        return self._read(lambda c: listing.thread_members(c, thread_key))

    @guarded
    def rethread(self, place: mail_threads.Placing) -> int:
        """Store every indexed mail's thread place, as `place` computes it from the rows read
        in the same write transaction (store.threads); returns how many rows changed."""
        return self._write(lambda c: mail_threads.rethread(c, place))

    @guarded
    def mail_state(self) -> tuple[tuple[int, int, float], int]:
        """(a value that changes whenever a mail is added, replaced or removed, how many
        indexed mails have no thread yet): whether threads need building again."""
        return self._read(lambda c: (mail_threads.mail_state(c), mail_threads.unthreaded_mail(c)))
