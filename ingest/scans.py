"""Scanned PDF pages and image files become sections, with OCR's text and the pages it missed.

A PDF's text layer is read first (ingest.pdf); the pages that had none are then read by OCR
(ingest.ocr), one at a time, so a question can go first between pages. Every page OCR could not
read is named with its reason: in the document's notes when other pages were read, in the
failure when none were, so the failures screen says "page 3: OCR took longer than 60 s".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from identity import FailureKind, ReadFailure
from ingest.decoding import normalize_text
from ingest.documents import Section
from ingest.limits import ReadLimits
from ingest.ocr import read_pdf_pages
from ingest.outline import trim_blank_lines

if TYPE_CHECKING:  # ingest.pdf imports this module
    from ingest.pdf import PageCounts

NO_TEXT_BY_OCR = "no text layer (scanned/image-only), and OCR found no text"


@dataclass
class ScanPages:
    """What OCR made of a PDF's pages without a text layer."""

    sections: list[Section] = field(default_factory=list)
    empty: list[int] = field(default_factory=list)  # read, and no text on them
    failed: list[tuple[int, str, str]] = field(default_factory=list)  # (page, why, kind)

    def notes(self, total: int) -> list[str]:
        notes = []
        if self.sections:
            scanned = _pages(s.page or 0 for s in self.sections)
            notes.append(f"{scanned} of {total} read by OCR (no text layer)")
        if self.empty:
            notes.append(f"{_pages(self.empty)} of {total} have no text layer, and OCR found none")
        notes.extend(f"page {page} could not be read by OCR: {why}" for page, why, _ in self.failed)
        return notes

    def failure(self) -> ReadFailure | None:
        """Why a PDF without any text was not read, when OCR tried its pages."""
        if self.failed:
            kind = FailureKind(self.failed[0][2])
            reasons = "; ".join(f"page {page}: {why}" for page, why, _ in self.failed[:5])
            more = f" (and {len(self.failed) - 5} more pages)" if len(self.failed) > 5 else ""
            return ReadFailure(kind, f"scanned PDF not read by OCR: {reasons}{more}")
        if self.empty:
            return ReadFailure(FailureKind.NO_TEXT, NO_TEXT_BY_OCR)
        return None


def ocr_pages(
    source: Path | bytes, counts: PageCounts, limits: ReadLimits, heading: str = ""
) -> ScanPages:
    """OCR of `counts.blank` (the pages without text), when OCR is on; `counts` is updated
    so that its "no text layer" tally no longer counts the pages OCR read."""
    scans = ScanPages()
    if not counts.blank or not limits.ocr.enabled:
        return scans
    for page, outcome in read_pdf_pages(source, counts.blank, limits.ocr, limits.between_pages):
        text = clean(outcome.text)
        if outcome.failure:
            scans.failed.append((page, outcome.failure, outcome.kind))
        elif text:
            scans.sections.append(Section(heading, text, text, page, ocr=True))
        else:
            scans.empty.append(page)
    counts.without_text -= len(scans.sections) + len(scans.empty) + len(scans.failed)
    counts.blank = []
    return scans


def clean(text: str) -> str:
    """OCR lines as the readers' text: normalised, without blank runs."""
    return trim_blank_lines(normalize_text(text))


def merged(sections: Iterable[Section], scanned: Iterable[Section]) -> list[Section]:
    """Text-layer pages and OCR'd pages in page order."""
    return sorted([*sections, *scanned], key=lambda s: s.page or 0)


def _pages(numbers: Iterable[int]) -> str:
    listed = sorted(numbers)
    shown = ", ".join(str(n) for n in listed[:12]) + (" ..." if len(listed) > 12 else "")
    return f"page {shown}" if len(listed) == 1 else f"pages {shown}"
