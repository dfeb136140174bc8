"""`DocumentKey`: which file a document came from, and where inside it.

A note or a PDF is a whole file; a mail in an mbox is one message of many, named by its
Message-ID or, when it has none or repeats one, by its position. The key's text form (the
index's unique `source_path`) is built here and only here, and nothing parses it back: the
file path and the locator are kept as their own columns and fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# Between the file path and the locator in a key's text; kept for keys written before.
LOCATOR_SEPARATOR = "#msg:"


class LocatorKind(StrEnum):
    """How a locator names a document inside its file."""

    MESSAGE_ID = "message_id"  # value: the Message-ID without angle brackets
    MESSAGE_NUMBER = "message_number"  # value: the 0-based position of the message in the file


@dataclass(frozen=True, slots=True)
class Locator:
    """One document inside a file that holds several (an mbox's messages)."""

    kind: LocatorKind
    value: str

    @property
    def text(self) -> str:
        """The locator as it appears in a key: the Message-ID, or '#<position>'."""
        return f"#{self.value}" if self.kind is LocatorKind.MESSAGE_NUMBER else self.value

    def describe(self) -> str:
        """The locator for a person: 'message <id@host>' or 'message 3 in the file'."""
        if self.kind is LocatorKind.MESSAGE_NUMBER:
            return f"message {int(self.value) + 1} in the file"
        return f"message <{self.value}>"

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "value": self.value}

    @classmethod
    def of(cls, kind: str | None, value: str | None) -> Locator | None:
        """The locator stored as two columns (None when the document is the whole file)."""
        return cls(LocatorKind(kind), value) if kind and value is not None else None


@dataclass(frozen=True, slots=True)
class DocumentKey:
    """A document's identity: the file on disk, plus its locator when the file holds many."""

    file_path: Path
    locator: Locator | None = None

    @property
    def text(self) -> str:
        """The unique key the index stores the document under."""
        if self.locator is None:
            return str(self.file_path)
        return f"{self.file_path}{LOCATOR_SEPARATOR}{self.locator.text}"

    def describe(self) -> str:
        """The file path, and which message of it, for people."""
        return str(self.file_path) + (f" ({self.locator.describe()})" if self.locator else "")
