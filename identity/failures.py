"""`ReadFailure`: why a file (or one message in it) is in the index without text.

The kind is for code (retry it? keep what was below it? is it a duplicate?), the detail is the
sentence a person sees, written once where the failure happens. Code decides by the kind and
never by matching the sentence; the index stores both as columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FailureKind(StrEnum):
    """What went wrong, in the words the index stores (`documents.failure_kind`)."""

    ENCRYPTED = "encrypted"
    MALFORMED = "malformed"
    NO_TEXT = "no_text"  # a scanned PDF, a binary file named .txt
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    UNSUPPORTED = "unsupported"
    NOT_FOUND = "not_found"  # vanished between the scan and the read
    PERMISSION_DENIED = "permission_denied"
    UNREADABLE = "unreadable"  # any other OS error while reading
    NOT_A_FILE = "not_a_file"
    READER_ERROR = "reader_error"  # a reader raised: a library bug on odd input
    CANNOT_LIST = "cannot_list"  # a folder: what was below it stays indexed
    CANNOT_STAT = "cannot_stat"
    BAD_NAME = "bad_name"  # the file name is not UTF-8
    CANNOT_CHUNK = "cannot_chunk"
    DUPLICATE = "duplicate"  # the same Message-ID is indexed from another file
    DUPLICATE_CONTENT = "duplicate_content"  # the same mail by content, under another ID


# The file's situation, not its content: worth another try at the next sync even if its size
# and mtime did not change (chmod changes neither).
TRANSIENT_KINDS = frozenset(
    {FailureKind.NOT_FOUND, FailureKind.PERMISSION_DENIED, FailureKind.UNREADABLE}
)
# Copies of a mail that is indexed elsewhere: not a problem with the file.
DUPLICATE_KINDS = frozenset({FailureKind.DUPLICATE, FailureKind.DUPLICATE_CONTENT})
NOT_UTF8 = "file name is not valid UTF-8: rename the file to index it"
_LONGEST = 200  # an exception's text can be a whole document


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A kind for code and the sentence for people (`detail`, shown as the reason)."""

    kind: FailureKind
    detail: str

    @property
    def is_duplicate(self) -> bool:
        """True for the record of a mail's second copy (its reason names the first)."""
        return self.kind in DUPLICATE_KINDS

    @property
    def transient(self) -> bool:
        """True when the next sync should try again although the file did not change."""
        return self.kind in TRANSIENT_KINDS

    def __str__(self) -> str:
        return self.detail

    @classmethod
    def of(cls, kind: str | None, detail: str | None) -> ReadFailure | None:
        """The failure stored as columns (None for a document that was read)."""
        return cls(FailureKind(kind), detail or "") if kind else None

    @classmethod
    def not_found(cls) -> ReadFailure:
        return cls(FailureKind.NOT_FOUND, "file not found")

    @classmethod
    def permission_denied(cls) -> ReadFailure:
        return cls(FailureKind.PERMISSION_DENIED, "permission denied")

    @classmethod
    def unreadable(cls, why: str) -> ReadFailure:
        return cls(FailureKind.UNREADABLE, f"cannot read file: {why}")

    @classmethod
    def unsupported(cls) -> ReadFailure:
        return cls(FailureKind.UNSUPPORTED, "unsupported file type")

    @classmethod
    def empty(cls) -> ReadFailure:
        return cls(FailureKind.EMPTY, "empty file")

    @classmethod
    def reader_error(cls, exc: BaseException) -> ReadFailure:
        text = f"could not be read ({type(exc).__name__}: {exc})"
        return cls(FailureKind.READER_ERROR, text[:_LONGEST])

    @classmethod
    def cannot_chunk(cls, exc: BaseException) -> ReadFailure:
        text = f"could not be cut into chunks ({type(exc).__name__}: {exc})"
        return cls(FailureKind.CANNOT_CHUNK, text[:_LONGEST])

    @classmethod
    def cannot_list(cls, why: str) -> ReadFailure:
        return cls(FailureKind.CANNOT_LIST, f"cannot list folder: {why}")

    @classmethod
    def cannot_stat(cls, why: str) -> ReadFailure:
        return cls(FailureKind.CANNOT_STAT, f"cannot stat: {why}")

    @classmethod
    def bad_name(cls) -> ReadFailure:
        return cls(FailureKind.BAD_NAME, NOT_UTF8)

    @classmethod
    def duplicate(cls, original: str, *, same_content: bool = False) -> ReadFailure:
        """A second copy of a mail; `original` is the key of the copy that was indexed, found
        by its Message-ID or (`same_content`) by its content fingerprint."""
        if same_content:
            return cls(FailureKind.DUPLICATE_CONTENT, f"duplicate of {original} (same content)")
        return cls(FailureKind.DUPLICATE, f"duplicate of {original} (same Message-ID)")
