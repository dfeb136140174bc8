"""Where a source's text came from, in one wording for every screen, export and prompt.

Text read by OCR from a scan or a photo can hold misread characters ("1,234.56" as
"1,234.5б"); a person checking a number should know to look at the page itself, and so
should the answer model.
"""

from __future__ import annotations

OCR_WORDS = "text read by OCR"


def where_words(page: int | None, ocr: bool) -> str:
    """'page 3', 'page 3, text read by OCR', 'text read by OCR' or ''."""
    parts = [f"page {page}"] if page else []
    if ocr:
        parts.append(OCR_WORDS)
    return ", ".join(parts)
