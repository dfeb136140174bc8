"""What a person sees when they open a source: the whole document, and for a mail its thread.

A hit is one chunk, and for mail the chunk has no quoted history (quotes are not embedded), so
the viewer and `assistant show` need more than the index holds: the document's headers, all
of its sections as the file shows them (body with quotes, forwards, attachments), and for a
mail every message of its thread in order with the one asked for marked. The text is read
back from the file (`assistant.ask.show_text`); what to show is found from a typed path, key
or Message-ID by `assistant.ask.show_target`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from assistant.ask.date_label import date_label
from assistant.ask.provenance import where_words
from assistant.ask.reflow import Flowed, reflow
from assistant.ask.show_target import Choices, NotIndexed, find_document, stored_date
from assistant.ask.show_text import FileTexts, ShownSection
from identity import DocumentKey
from ingest.limits import DEFAULT_LIMITS, ReadLimits
from store import Index, ThreadPlace, key_of

Row = Mapping[str, object]


@dataclass(frozen=True)
class ShownDocument:
    """One document with its headers and whole text; `asked` marks the one asked for."""

    key: DocumentKey
    kind: str
    title: str
    sender: str
    recipients: str  # To and Cc folded to one line
    date: datetime | None
    thread: ThreadPlace | None
    sections: tuple[ShownSection, ...]
    from_file: bool = True  # False: the file could not give the text, the index's is shown
    note: str = ""  # why the text is the index's, or that the file changed since indexing
    asked: bool = False
    flowed: Flowed | None = None  # the body's format=flowed parameters, when the file said
    date_source: str | None = None  # "modified": `date` is a note's mtime (ingest.note_dates)

    @property
    def key_text(self) -> str:
        return self.key.text

    def headers(self) -> list[tuple[str, str]]:
        """(label, value) rows that say what this document is: a mail's From, To, Date,
        Subject and thread place; a note's or PDF's title and date. Empty values left out."""
        date = date_label(self.date, self.date_source, minutes=True)
        rows = [("File", self.key.describe())]
        if self.kind == "mail":
            rows += [("From", self.sender), ("To", self.recipients), ("Date", date)]
            rows += [("Subject", self.title), ("Thread", self.thread.label if self.thread else "")]
        else:
            rows += [("Title", self.title), ("Date", date)]
        return [(label, value) for label, value in rows if value]

    @property
    def text(self) -> str:
        """All sections as one text; a section whose heading is not the title (an
        attachment, a note's heading path, a page) starts with that heading on a line; a
        mail's body (its first section) needs none."""
        return "\n\n".join(self.blocks(self.sections))

    def reflowed_text(self) -> str:
        """`text` for reading on a screen: a mail's sender-wrapped lines joined into
        paragraphs (`assistant.ask.reflow`); other kinds as they are."""
        if self.kind != "mail":
            return self.text
        sections = [
            ShownSection(s.heading, s.page, reflow(s.text, self.flowed if n == 0 else None), s.ocr)
            for n, s in enumerate(self.sections)
        ]
        return "\n\n".join(self.blocks(sections))

    def blocks(self, sections: tuple[ShownSection, ...] | list[ShownSection]) -> list[str]:
        blocks = []
        for number, section in enumerate(sections):
            page = where_words(section.page, section.ocr)
            body = number == 0 and self.kind == "mail"  # headed by the subject already
            heading = section.heading if section.heading != self.title and not body else ""
            label = " · ".join(part for part in (heading, page) if part)
            blocks.append(f"── {label} ──\n{section.text}" if label else section.text)
        return blocks


@dataclass(frozen=True)
class Shown:
    """The document asked for, and (when asked for and it is a mail in a thread) its thread."""

    document: ShownDocument
    messages: tuple[ShownDocument, ...] = ()

    @property
    def asked_index(self) -> int | None:
        """Where the asked-for document stands in `messages` (None without a thread)."""
        found = [i for i, message in enumerate(self.messages) if message.asked]
        return found[0] if found else None


def show_target(
    index: Index, typed: str, *, thread: bool = False, limits: ReadLimits = DEFAULT_LIMITS
) -> Shown | Choices:
    """What `assistant show TYPED` prints: a path, key text or Message-ID as a person types
    it; an mbox named without a locator gives the `Choices` of its messages. Raises
    `NotIndexed` when nothing in the index matches."""
    found = find_document(index, typed)
    if isinstance(found, Choices):
        return found
    return show_row(index, found, thread=thread, limits=limits)


def show_key(
    index: Index, key_text: str, *, thread: bool = True, limits: ReadLimits = DEFAULT_LIMITS
) -> Shown:
    """The view of the document stored under `key_text` (a hit's `source_path`)."""
    row = index.document(key_text)
    if row is None or row.get("status") != "ok":
        raise NotIndexed(f"{key_text} is no longer in the index")
    return show_row(index, row, thread=thread, limits=limits)


def show_row(index: Index, row: Row, *, thread: bool, limits: ReadLimits) -> Shown:
    texts = FileTexts(index, limits)
    members = _thread_rows(index, row)  # also for the thread's subject in the place label
    subject = _thread_subject(members, row)
    document = _shown(texts, row, subject, asked=True)
    if not thread or len(members) < 2:
        return Shown(document)
    messages = tuple(
        document
        if member["source_path"] == row["source_path"]
        else _shown(texts, member, subject, asked=False)
        for member in members
    )
    if not any(message.asked for message in messages):  # not threaded yet: it leads
        messages = (document, *messages)
    return Shown(document, messages)


def _thread_rows(index: Index, row: Row) -> list[Row]:
    thread_key = row.get("thread_key")
    if row.get("kind") != "mail" or not thread_key:
        return []
    return list(index.thread_members(str(thread_key)))


def _thread_subject(members: list[Row], row: Row) -> str:
    """The thread's subject: its first message's, as the evidence labels name it."""
    first = members[0] if members else row
    if first.get("thread_position") == 1:
        return str(first.get("title") or "")
    return str(row.get("title") or "")


def _shown(texts: FileTexts, row: Row, subject: str, *, asked: bool) -> ShownDocument:
    text = texts.text(row)
    return ShownDocument(
        key=key_of(row),
        kind=str(row.get("kind") or ""),
        title=str(row.get("title") or ""),
        sender=_one_line(row.get("sender")),
        recipients=_one_line(row.get("recipients")),
        date=stored_date(row.get("date_text")),
        thread=_place(row, subject),
        sections=text.sections,
        from_file=text.from_file,
        note=text.note,
        asked=asked,
        flowed=text.flowed,
        date_source=str(row["date_source"]) if row.get("date_source") else None,
    )


def _place(row: Row, subject: str) -> ThreadPlace | None:
    key, position, size = row.get("thread_key"), row.get("thread_position"), row.get("thread_size")
    if not key or not isinstance(position, int) or not isinstance(size, int):
        return None
    return ThreadPlace(str(key), subject or str(row.get("title") or ""), position, size)


def _one_line(value: object) -> str:
    return " ".join(str(value or "").split())
