"""A document's whole text for display, read back from its file through the readers.

The index holds what was embedded: a mail's own words without the quoted history, cut into
overlapping chunks. Showing a mail needs what the file shows (quotes, forwarded parts,
attachments), so the file is read again with the limits the sync used. When it is gone,
unreadable or no longer holds the message, the index's chunks are joined back into sections
and the reason is given, so the view never comes up empty for a source that was found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import ingest
from assistant.ask.mail_flow import flowed_of
from assistant.ask.reflow import Flowed
from ingest.documents import Document
from ingest.limits import ReadLimits
from store import ChunkRecord, Index, key_of

Row = Mapping[str, object]
FROM_INDEX = "showing the indexed text (quoted history left out)"
_LONGEST_OVERLAP = 2000  # characters; chunk overlaps are a few sentences (ingest.overlap)


@dataclass(frozen=True)
class ShownSection:
    """A body, a PDF page or an attachment, as the file shows it."""

    heading: str
    page: int | None
    text: str
    ocr: bool = False  # read by OCR from a scan or a picture


@dataclass(frozen=True)
class ShownText:
    """A document's sections; `note` says why they are the index's, or that the file changed."""

    sections: tuple[ShownSection, ...]
    from_file: bool
    note: str = ""
    flowed: Flowed | None = None  # a one-message mail file's body was sent format=flowed


class FileTexts:
    """Reads each file once per view: a thread kept in one mbox is read one time."""

    def __init__(self, index: Index, limits: ReadLimits) -> None:
        self.index = index
        self.limits = limits
        self._read: dict[Path, ingest.ReadResult] = {}

    def text(self, row: Row) -> ShownText:
        """The row's sections from its file, else from the index with the reason."""
        document, problem = self._document(row)
        if document is None:
            chunks = self.index.chunks_of(str(row["source_path"]))
            return ShownText(indexed_sections(chunks), from_file=False, note=problem)
        shown = tuple(
            ShownSection(s.heading, s.page, s.display_text, s.ocr) for s in document.sections
        )
        changed = document.content_hash != row.get("content_hash")
        note = "the file changed since it was indexed" if changed else ""
        one_mail = row.get("kind") == "mail" and key_of(row).locator is None
        return ShownText(shown, True, note, flowed_of(key_of(row).file_path) if one_mail else None)

    def _document(self, row: Row) -> tuple[Document | None, str]:
        key = key_of(row)
        result = self._read.get(key.file_path)
        if result is None:
            result = self._read[key.file_path] = ingest.read(key.file_path, self.limits)
        if result.read_failure is not None:
            return None, f"the file could not be read ({result.read_failure.detail}): {FROM_INDEX}"
        for document in result.documents:
            if document.key.text == key.text:
                return document, ""
        return None, f"the file no longer holds this message: {FROM_INDEX}"


def indexed_sections(chunks: list[ChunkRecord]) -> tuple[ShownSection, ...]:
    """Chunks joined back into their sections, each overlap with the previous chunk once."""
    sections: list[ShownSection] = []
    for chunk in chunks:
        last = sections[-1] if sections else None
        if last is not None and (last.heading, last.page) == (chunk.title, chunk.page):
            repeated = _overlap(last.text, chunk.text)
            joined = last.text + ("" if repeated else "\n") + chunk.text[repeated:]
            sections[-1] = ShownSection(last.heading, last.page, joined, last.ocr)
        else:
            sections.append(ShownSection(chunk.title, chunk.page, chunk.text, chunk.ocr))
    return tuple(sections)


def _overlap(before: str, after: str) -> int:
    """How many leading characters of `after` repeat the end of `before`."""
    for size in range(min(len(before), len(after), _LONGEST_OVERLAP), 0, -1):
        if before.endswith(after[:size]):
            return size
    return 0
