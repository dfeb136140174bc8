"""Reading identities and failures that were written as strings, before they had columns.

Index files from schema 4 and conversation snapshots saved before the typed fields know a
document only by its key text (`/mail/box.mbox#msg:<id>`) and a failure only by its sentence.
This module is the one place that splits those strings, once, when the old data is carried
over; new code reads the columns. The texts below are history: they are what the readers
wrote, so they must not change when today's wording does.
"""

from __future__ import annotations

from identity.failures import FailureKind
from identity.keys import LOCATOR_SEPARATOR, Locator, LocatorKind

_DUPLICATE = "duplicate of "
_DUPLICATE_END = " (same Message-ID)"
_PREFIXES = (
    (_DUPLICATE, FailureKind.DUPLICATE),
    ("file not found", FailureKind.NOT_FOUND),
    ("permission denied", FailureKind.PERMISSION_DENIED),
    ("cannot read file: ", FailureKind.UNREADABLE),
    ("cannot list folder: ", FailureKind.CANNOT_LIST),
    ("cannot stat: ", FailureKind.CANNOT_STAT),
    ("file name is not valid UTF-8", FailureKind.BAD_NAME),
    ("larger than the ", FailureKind.TOO_LARGE),
    ("encrypted", FailureKind.ENCRYPTED),
    ("malformed", FailureKind.MALFORMED),
    ("not a mail message", FailureKind.MALFORMED),
    ("no readable messages", FailureKind.MALFORMED),
    ("no text layer", FailureKind.NO_TEXT),
    ("not a text file", FailureKind.NO_TEXT),
    ("empty file", FailureKind.EMPTY),
    ("unsupported file type", FailureKind.UNSUPPORTED),
    ("is a directory", FailureKind.NOT_A_FILE),
    ("could not be cut into chunks", FailureKind.CANNOT_CHUNK),
)


def split_key(key: str, kind: str) -> tuple[str, Locator | None]:
    """(file path, locator) of an old key: only mail had locators, after the last separator.

    A folder whose own name contains the separator is why the last one is taken, and why
    notes and PDFs are never split; a single .eml file in such a folder is split wrongly,
    and the next sync replaces its row (its file path is then outside every root).
    """
    if kind != "mail" or LOCATOR_SEPARATOR not in key:
        return key, None
    file_path, _, text = key.rpartition(LOCATOR_SEPARATOR)
    if text.startswith("#") and text[1:].isdigit():
        return file_path, Locator(LocatorKind.MESSAGE_NUMBER, text[1:])
    return file_path, Locator(LocatorKind.MESSAGE_ID, text)


def failure_kind(reason: str) -> FailureKind:
    """The kind of a failed row by the sentence it was stored with."""
    for prefix, kind in _PREFIXES:
        if reason.startswith(prefix):
            return kind
    if " pages skipped: " in reason:  # a PDF all of whose pages were too large to read
        return FailureKind.TOO_LARGE
    return FailureKind.READER_ERROR  # "could not be read (...)" and anything unforeseen


def duplicate_of(reason: str) -> str | None:
    """The original's key in 'duplicate of <key> (same Message-ID)'."""
    if not reason.startswith(_DUPLICATE) or not reason.endswith(_DUPLICATE_END):
        return None
    return reason[len(_DUPLICATE) : -len(_DUPLICATE_END)]
