"""How much one file may cost to read: the bounds that keep a sync's memory and time finite.

A home folder eventually holds a 200 MB log named `.txt`, a mail with a 50 MB attachment, a
PDF with a hundred thousand pages. Reading any of them whole would stall a sync or exhaust
memory, so every reader checks its bound first and reports what it left out, with the limit
and the setting that raises it. The sync builds `ReadLimits` from the config; the defaults
here are the config's defaults, so readers called on their own (tests, benchmarks) behave
the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.ocr import OcrSettings
from ingest.sizes import MB, megabytes

# A PDF page whose decoded content streams are bigger than this is a vector drawing or a
# decompression bomb: pypdf needs ~60x the stream size in memory and seconds per megabyte
# to extract text from it (measured: 5 MB -> 7 s and 290 MB). Such pages are skipped.
MAX_PDF_PAGE_CONTENT_BYTES = 4 * MB
# markdown-it keeps ~400 bytes per block token; a note of 400,000 one-character headings
# took 565 MB and 16 s. Past this many blocks a note is read as plain text instead.
MAX_MARKDOWN_BLOCKS = 50_000


@dataclass(frozen=True)
class ReadLimits:
    """Per-file bounds; each is reported in the reason when it is hit."""

    max_note_bytes: int = 20 * MB
    max_attachment_bytes: int = 20 * MB
    max_pdf_pages: int = 2000
    pdf_seconds: float = 60.0
    ocr: OcrSettings = field(default_factory=OcrSettings)
    # Runs before each page OCR reads, in the reading process: a sync waits there while a
    # question is answered (assistant.runtime.gate). Never sent to a worker process.
    between_pages: Callable[[], None] | None = field(default=None, compare=False, repr=False)


class ReadStopped(Exception):
    """Raised by `between_pages` when the reading must end now (the session is closing);
    `ingest.read` lets it through instead of recording the file as failed."""


DEFAULT_LIMITS = ReadLimits()


def too_large(size: int, limit: int, setting: str, what: str = "") -> str:
    """The one wording of every size limit, naming the setting that raises it:
    'larger than the 20 MB limit for notes (30 MB; index.max_note_mb)'."""
    return f"larger than the {megabytes(limit)} limit{what} ({megabytes(size)}; index.{setting})"
