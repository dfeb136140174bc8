"""Which indexed document a person means when they type a path, a key or a Message-ID.

People paste what the other commands print: a key (`/mail/list.mbox#msg:id@host`), a file
path (relative to where they stand, with `~`, or through a symlink; the index stores absolute
resolved paths), or a bare Message-ID with or without angle brackets. An mbox holds many
documents, so its bare path is answered with the list of its messages to pick from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assistant.errors import AssistantError
from identity.keys import LOCATOR_SEPARATOR
from store import Index

Row = Mapping[str, object]


class NotIndexed(AssistantError):
    """Nothing in the index matches what was typed (or it is there only as a failure)."""


@dataclass(frozen=True)
class Listed:
    """One message of a file that holds several, enough to choose it."""

    key_text: str
    title: str
    sender: str
    date: datetime | None


@dataclass(frozen=True)
class Choices:
    """A file that holds several documents (an mbox): show one of these by its key."""

    path: str
    documents: tuple[Listed, ...]


def find_document(index: Index, typed: str) -> Row | Choices:
    """The row `typed` names, or the choices of an mbox; raises `NotIndexed`."""
    text = typed.strip()
    if not text:
        raise NotIndexed("say which document to show: a file path, a key or a Message-ID")
    for candidate in _key_candidates(text):
        row = index.document(candidate)
        if row is not None:
            return _usable(row)
        rows = index.documents_of_file(candidate)
        if len(rows) == 1:
            return _usable(rows[0])
        if rows:
            return _choices(candidate, rows)
    copies = index.documents_by_message_id(text.removeprefix("<").removesuffix(">"))
    originals = [row for row in copies if not row.get("duplicate_of")] or copies
    if originals:
        return _usable(originals[0])
    raise NotIndexed(
        f"{text} is not in the index (give a file path, a key as `assistant search` prints "
        "it, or a Message-ID)"
    )


def _key_candidates(text: str) -> Iterator[str]:
    """`text` as typed, then its file part made absolute and resolved (locator kept)."""
    yield text
    file_part, separator, locator = text.partition(LOCATOR_SEPARATOR)
    path = Path(file_part).expanduser()
    seen = {text}
    for variant in (path.absolute(), _resolved(path)):
        if variant is None:
            continue
        candidate = f"{variant}{separator}{locator}"
        if candidate not in seen:
            seen.add(candidate)
            yield candidate


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop, a path the OS refuses
        return None


def _usable(row: Row) -> Row:
    if row.get("status") != "ok":
        reason = row.get("reason") or "it could not be read"
        raise NotIndexed(f"{row['source_path']} is in the index only as a failure: {reason}")
    return row


def _choices(path: str, rows: list[dict[str, object]]) -> Choices:
    listed = [
        Listed(
            key_text=str(row["source_path"]),
            title=str(row.get("title") or ""),
            sender=str(row.get("sender") or ""),
            date=stored_date(row.get("date_text")),
        )
        for row in rows
        if row.get("status") == "ok"
    ]
    if not listed:
        raise NotIndexed(f"{path} is in the index only as failures (see `assistant status`)")
    listed.sort(key=lambda item: (item.date.timestamp() if item.date else 0.0, item.key_text))
    return Choices(path, tuple(listed))


def stored_date(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None
