"""The reader for notes: Markdown, Org and plain text files.

Notes are where people write in their own language and their own editor, so this reader is
lenient about encodings and front matter and strict about one thing only: it never raises
for a bad file. Headings become section boundaries; each section's heading path becomes the
title its chunks are embedded with.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from identity import FailureKind, ReadFailure
from ingest.decoding import decode_bytes, looks_binary, normalize_text
from ingest.documents import NOTE, Metadata, ReadResult, Section, failed, make_document, succeeded
from ingest.frontmatter import split_front_matter
from ingest.limits import DEFAULT_LIMITS, MAX_MARKDOWN_BLOCKS, ReadLimits, too_large
from ingest.markdown import find_headings, first_h1
from ingest.note_dates import note_date
from ingest.opening import open_regular
from ingest.org import first_top_heading, parse_org
from ingest.outline import OutlineSection, split_by_headings, trim_blank_lines

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
ORG_SUFFIXES = frozenset({".org"})
TEXT_SUFFIXES = frozenset({".txt"})
NOTE_SUFFIXES = MARKDOWN_SUFFIXES | ORG_SUFFIXES | TEXT_SUFFIXES


def read_note(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> ReadResult:
    """Bigger "notes" than the limit are logs or dumps: refused before a byte is read."""
    with open_regular(path) as stream:  # one open: the size and the bytes of the same file
        stat = os.fstat(stream.fileno())
        size, mtime = stat.st_size, stat.st_mtime
        if size > limits.max_note_bytes:
            return _too_large(size, limits)
        data = stream.read(limits.max_note_bytes + 1)
    if len(data) > limits.max_note_bytes:  # it grew while we looked
        return _too_large(len(data), limits)
    return read_note_bytes(data, path, mtime)


def _too_large(size: int, limits: ReadLimits) -> ReadResult:
    detail = too_large(size, limits.max_note_bytes, "max_note_mb", " for notes")
    return failed(NOTE, ReadFailure(FailureKind.TOO_LARGE, detail))


def read_note_bytes(data: bytes, path: Path, mtime: float | None = None) -> ReadResult:
    """Decode and split one note; `path` supplies the syntax (by suffix) and the fallback title,
    `mtime` the date of last resort (ingest.note_dates)."""
    if not data.strip():
        return failed(NOTE, ReadFailure.empty())
    if looks_binary(data):
        return failed(NOTE, ReadFailure(FailureKind.NO_TEXT, "not a text file"))
    decoded = decode_bytes(data)
    text = normalize_text(decoded.text).lstrip("\ufeff")
    notes = [decoded.note] if decoded.note else []
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        title, heading, tags, when, sections = _markdown(text, notes)
    elif suffix in ORG_SUFFIXES:
        title, heading, tags, when, sections = _org(text)
    else:  # plain text: its first line is its heading
        title, tags, when = None, (), None
        body = trim_blank_lines(text)
        heading = body.split("\n", 1)[0] if body else None
        sections = [OutlineSection("", body)] if body else []
    if not sections and text.strip():  # only headings: keep them rather than lose the note
        sections = [OutlineSection("", trim_blank_lines(text))]
    if not sections:
        return failed(NOTE, ReadFailure.empty())
    titles = (title, path.stem) if title else (path.stem,)
    date, source = note_date(when, titles, heading, mtime)
    meta = Metadata(
        kind=NOTE,
        title=title or path.stem,
        date=date,
        date_source=source,
        tags=tuple(tags),
    )
    document = make_document(str(path.absolute()), meta, _to_sections(sections), notes)
    return succeeded(NOTE, [document])


# (explicit title, first heading, tags, front matter date, sections)
_Parsed = tuple[str | None, str | None, tuple[str, ...], datetime | None, list[OutlineSection]]


def _markdown(text: str, notes: list[str]) -> _Parsed:
    front, body = split_front_matter(text)
    notes.extend(front.notes)
    blocks = body.count("\n\n") + body.count("\n#") + body.count("\n=") + body.count("\n-")
    if blocks > MAX_MARKDOWN_BLOCKS:  # the parser's tokens would cost ~400 bytes each
        notes.append(f"read as plain text: {blocks} blocks is too many to parse as Markdown")
        headings = []
    else:
        headings = find_headings(body)
    sections = split_by_headings(body.split("\n"), headings)
    first = next((h.title for h in headings if h.title), None)
    return front.title or first_h1(headings), first, front.tags, front.date, sections


def _org(text: str) -> _Parsed:
    outline = parse_org(text)
    sections = split_by_headings(outline.lines, outline.headings)
    title = outline.title or first_top_heading(outline)
    first = next((h.title for h in outline.headings if h.title), None)
    return title, first, tuple(outline.tags), outline.date, sections


def _to_sections(parts: list[OutlineSection]) -> list[Section]:
    return [Section(heading=p.path, text=p.body, display_text=p.body, page=None) for p in parts]
