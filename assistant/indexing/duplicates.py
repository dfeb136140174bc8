"""Which indexed mail a newly read one repeats: the same Message-ID, else the same content.

A mail filed in two folders is one source: the first copy indexed is the document and every
later copy a failed row naming it (`duplicate_of`), so searches and threads count the mail
once. Copies do not always share a Message-ID (exports write new ones; see
`ingest.mail_fingerprint` for what the content fingerprint covers), so a copy with another ID
is matched by its fingerprint. Only an original whose file still exists counts: a copy of a
deleted mail is indexed instead (the next sync looks at it again, see `stamps`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from identity import DocumentKey, ReadFailure
from ingest.documents import Document
from ingest.mail_fingerprint import mail_fingerprint
from store import Index, key_of


@dataclass(frozen=True)
class Original:
    """The indexed document a copy repeats, and whether its content (not its ID) told."""

    key: DocumentKey
    same_content: bool

    @property
    def failure(self) -> ReadFailure:
        """What the copy's row records: whose duplicate it is, and by which match."""
        return ReadFailure.duplicate(self.key.text, same_content=self.same_content)


def original_of(index: Index, doc: Document, key: DocumentKey) -> Original | None:
    """The indexed mail `doc` (to be stored under `key`) is a copy of, None if it is new."""
    if doc.message_id:
        found = _live_other(index.documents_by_message_id(doc.message_id), key)
        if found is not None:
            return Original(found, same_content=False)
    fingerprint = mail_fingerprint(doc)
    if fingerprint:
        found = _live_other(index.documents_by_fingerprint(fingerprint), key)
        if found is not None:
            return Original(found, same_content=True)
    return None


def _live_other(rows: Iterable[dict], key: DocumentKey) -> DocumentKey | None:
    """The first indexed row that is not `key` and whose file is still there."""
    for row in rows:
        other = key_of(row)
        if other != key and row["status"] == "ok" and other.file_path.exists():
            return other
    return None
