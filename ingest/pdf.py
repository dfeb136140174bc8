"""The PDF reader: page texts with 1-based page numbers, for citations like "p. 12".

pypdf is pure Python and PDFs in the wild are often broken, so every call into it is
guarded: a file that cannot be opened is a failure with a reason, a page that cannot be
extracted is counted and skipped. Pages are produced by a generator so a 2000-page file is
never held as a list of page texts by this module; the document's sections are the only copy.
The same code reads PDF attachments of mail from bytes.

Bounds (`ReadLimits`): only the first `max_pdf_pages` pages are read, reading stops when a
file has taken `pdf_seconds`, and a page whose content streams inflate beyond
`MAX_PDF_PAGE_CONTENT_BYTES` is skipped (a decompression bomb or a vector drawing); each cut
becomes a note on the document, so the person sees what was left out.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.errors import DependencyError

from identity import FailureKind, ReadFailure
from ingest.decoding import normalize_text
from ingest.documents import PDF, Metadata, ReadResult, Section, failed, make_document, succeeded
from ingest.limits import DEFAULT_LIMITS, MAX_PDF_PAGE_CONTENT_BYTES, ReadLimits, megabytes
from ingest.opening import open_regular
from ingest.outline import trim_blank_lines
from ingest.scans import merged, ocr_pages

NO_TEXT_LAYER = "no text layer (scanned/image-only)"
# A text layer with at least this share of unusable characters counts as none (is_garbled).
GARBLED_SHARE = 0.3
_UNUSABLE = frozenset({"Co", "Cn", "Cs", "Cc"})  # private use, unassigned, surrogates, controls


class PdfUnreadable(Exception):
    """The whole file cannot be read; the message is the reason shown to the user."""

    def __init__(self, failure: ReadFailure) -> None:
        super().__init__(failure.detail)
        self.failure = failure


def _malformed(exc: Exception) -> PdfUnreadable:
    return PdfUnreadable(ReadFailure(FailureKind.MALFORMED, f"malformed PDF: {_describe(exc)}"))


@dataclass
class PageCounts:
    total: int = 0
    without_text: int = 0
    failed: int = 0
    too_complex: int = 0
    stop: str = ""  # why reading stopped before the last page, if it did
    timed_out: bool = False  # one page outlasted the file's time budget (see pdf_worker)
    blank: list[int] = field(default_factory=list)  # the pages without text: OCR's to read


@dataclass(frozen=True)
class PdfInfo:
    title: str | None
    author: str | None
    date: datetime | None


def read_pdf(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> ReadResult:
    try:
        with open_regular(path) as stream:
            return _read_stream(stream, path, limits)
    except PdfUnreadable as exc:
        return failed(PDF, exc.failure)


def _read_stream(stream: BinaryIO, path: Path, limits: ReadLimits) -> ReadResult:
    reader = open_pdf(stream)
    info = pdf_info(reader)
    counts = PageCounts()
    return pdf_result(path, info, list(iter_pages(reader, counts, limits)), counts, limits)


def pdf_result(
    path: Path,
    info: PdfInfo,
    pages: list[tuple[int, str]],
    counts: PageCounts,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> ReadResult:
    """The document of the pages read, the text layer's and OCR's of the pages without one;
    raises PdfUnreadable when no page has text."""
    scans = ocr_pages(path, counts, limits)
    sections = merged((Section("", text, text, number) for number, text in pages), scans.sections)
    if not sections:
        raise PdfUnreadable(scans.failure() or no_text_failure(counts))
    meta = Metadata(kind=PDF, title=info.title or path.stem, sender=info.author, date=info.date)
    notes = page_notes(counts) + scans.notes(counts.total)
    document = make_document(str(path.absolute()), meta, sections, notes)
    return succeeded(PDF, [document])


def open_pdf(stream: BinaryIO) -> PdfReader:
    """A reader ready for page access; raises PdfUnreadable("encrypted" / "malformed ...")."""
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfUnreadable(ReadFailure(FailureKind.ENCRYPTED, "encrypted"))
        len(reader.pages)  # forces the page tree to be parsed here, inside the guard
    except PdfUnreadable:
        raise
    except DependencyError as exc:
        detail = f"encrypted (cannot decrypt: {exc})"
        raise PdfUnreadable(ReadFailure(FailureKind.ENCRYPTED, detail)) from exc
    except Exception as exc:  # pypdf raises many types on broken files
        raise _malformed(exc) from exc
    return reader


def pdf_bytes_pages(
    data: bytes, counts: PageCounts, limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[tuple[int, str]]:
    """Pages of an in-memory PDF (a mail attachment); raises PdfUnreadable."""
    return iter_pages(open_pdf(BytesIO(data)), counts, limits)


def iter_pages(
    reader: PdfReader,
    counts: PageCounts,
    limits: ReadLimits = DEFAULT_LIMITS,
    on_page: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[int, str]]:
    """(1-based page number, text) for each page that has text; `counts` tallies the rest.
    `on_page(number, page_count)` is told before each page is read."""
    try:
        page_count = len(reader.pages)
    except Exception as exc:
        raise _malformed(exc) from exc
    deadline = time.monotonic() + limits.pdf_seconds
    for index in range(page_count):
        if index >= limits.max_pdf_pages or time.monotonic() > deadline:
            counts.stop = _stop_reason(index, page_count, limits)
            return
        if on_page is not None:
            on_page(index + 1, page_count)
        counts.total += 1
        if _too_complex(reader, index):
            counts.too_complex += 1
            continue
        text = _page_text(reader, index)
        if text is None:
            counts.failed += 1
        elif not text.strip() or is_garbled(text):
            counts.without_text += 1
            counts.blank.append(index + 1)
        else:
            yield index + 1, text


def _stop_reason(read: int, page_count: int, limits: ReadLimits) -> str:
    if read >= limits.max_pdf_pages:
        return f"only the first {read} of {page_count} pages were read (index.max_pdf_pages)"
    return (
        f"only the first {read} of {page_count} pages were read: the file took longer than "
        f"{limits.pdf_seconds:g} s (index.pdf_seconds)"
    )


def page_notes(counts: PageCounts) -> list[str]:
    notes = []
    if counts.without_text:
        notes.append(f"{counts.without_text} of {counts.total} pages have no text layer")
    if counts.failed:
        notes.append(f"{counts.failed} of {counts.total} pages could not be read")
    if counts.too_complex:
        notes.append(
            f"{counts.too_complex} of {counts.total} pages skipped: their content is larger "
            f"than {megabytes(MAX_PDF_PAGE_CONTENT_BYTES)} (a drawing or a decompression bomb)"
        )
    if counts.stop:
        notes.append(counts.stop)
    return notes


def no_text_failure(counts: PageCounts) -> ReadFailure:
    """Why a PDF yielded no text at all."""
    if counts.timed_out:
        return ReadFailure(FailureKind.TOO_LARGE, counts.stop)
    if counts.total == 0:
        return ReadFailure(FailureKind.MALFORMED, "malformed PDF: no pages")
    if counts.failed == counts.total:
        detail = f"malformed PDF: none of its {counts.total} pages could be read"
        return ReadFailure(FailureKind.MALFORMED, detail)
    if counts.too_complex:
        return ReadFailure(FailureKind.TOO_LARGE, "; ".join(page_notes(counts)))
    return ReadFailure(FailureKind.NO_TEXT, NO_TEXT_LAYER)


def pdf_info(reader: PdfReader) -> PdfInfo:
    """Title, author and creation date from the document info; unreadable fields are None."""
    try:
        info = reader.metadata
        if info is None:
            return PdfInfo(None, None, None)
        title, author = _clean(info.title), _clean(info.author)
    except Exception:  # broken info dictionaries are common
        return PdfInfo(None, None, None)
    return PdfInfo(title, author, _creation_date(reader))


def _creation_date(reader: PdfReader) -> datetime | None:
    try:
        created = reader.metadata.creation_date if reader.metadata else None
    except Exception:  # unparsable date strings
        return None
    if created is None:
        return None
    return created if created.tzinfo else created.replace(tzinfo=UTC)


def _page_text(reader: PdfReader, index: int) -> str | None:
    try:
        raw = reader.pages[index].extract_text()
    except Exception:  # one bad page must not lose the others
        return None
    return trim_blank_lines(normalize_text(raw or ""))


def is_garbled(text: str) -> bool:
    """Whether a page's text layer is mostly characters no reader can use: a font without a
    Unicode map extracts as private-use code points or U+FFFD. Such a page is treated as one
    without a text layer, so OCR reads it and the index does not hold the noise."""
    letters = [ch for ch in text if not ch.isspace()]
    unusable = sum(1 for ch in letters if ch == "\ufffd" or unicodedata.category(ch) in _UNUSABLE)
    return bool(letters) and unusable >= GARBLED_SHARE * len(letters)


def _too_complex(reader: PdfReader, index: int) -> bool:
    """Whether the page's content streams inflate beyond the limit. pypdf caches decoded
    streams, so `extract_text` does not inflate them a second time."""
    try:
        contents = reader.pages[index].get("/Contents")
        if contents is None:
            return False
        contents = contents.get_object()
        streams = contents if isinstance(contents, list) else [contents]
        size = sum(len(s.get_object().get_data()) for s in streams)
    except Exception:  # `_page_text` meets the same error and counts the page as failed
        return False
    return size > MAX_PDF_PAGE_CONTENT_BYTES


def _clean(value: object) -> str | None:
    text = " ".join(normalize_text(str(value)).split()) if value is not None else ""
    return text or None


def _describe(exc: Exception) -> str:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {detail[:160]}" if detail else type(exc).__name__
