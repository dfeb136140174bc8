"""The body of the source viewer for a note or a PDF, with the hit's passage marked.

A Markdown note is rendered as Markdown (tables as tables), cut at the paragraphs around the
passage into three blocks so the cited one can be marked and scrolled to; a plain note is
wrapped by cells. A PDF shows one page at a time, the hit's page first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from textual.widget import Widget

from assistant.ask.passage import find_passage, paragraph_span
from assistant.ask.provenance import OCR_WORDS
from assistant.ask.reflow import reflow_page
from assistant.ask.show import ShownDocument
from tui.cell_wrap import CellMarkdown, CellWrapped
from tui.widgets.message import find_key, marked_body

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
HEADING_SEPARATOR = " > "  # how a note's heading path is joined (ingest.markdown)
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])\s")


def note_widgets(document: ShownDocument, passage: str, key: str = "") -> list[Widget]:
    """A note's body: Markdown blocks (the cited one classed `cited`; the one holding the key
    sentence, in search-only mode, `cited -key` instead), or wrapped text."""
    if document.key.file_path.suffix.lower() not in MARKDOWN_SUFFIXES:
        body, span = marked_body(document.text, passage, key)
        return [CellWrapped(body, mark=span, id="source-text")]
    source = note_markdown(document)
    found = find_passage(source, passage) if passage else None
    key_at = find_key(source, key, found)
    if key_at is not None:
        (start, end), cited = key_block(source, key_at), "cited -key"
    elif found is not None:
        (start, end), cited = paragraph_span(source, found), "cited"
    else:
        return [CellMarkdown(source, id="source-text", open_links=False)]
    parts = [(source[:start], ""), (source[start:end], cited), (source[end:], "")]
    return [CellMarkdown(text, classes=c, open_links=False) for text, c in parts if text.strip()]


def key_block(source: str, key: tuple[int, int]) -> tuple[int, int]:
    """The Markdown block to mark for a key sentence: its list items' lines when it is in a
    list (a list is one paragraph, and marking it all would mark nothing), else its paragraph."""
    line_start = source.rfind("\n", 0, key[0]) + 1
    if not _LIST_ITEM.match(source, line_start):
        return paragraph_span(source, key)
    line_end = source.find("\n", key[1])
    return (line_start, len(source) if line_end < 0 else line_end)


def note_markdown(document: ShownDocument) -> str:
    """The note's sections as Markdown again: each heading at its depth, then its text."""
    blocks = []
    for section in document.sections:
        if section.heading:
            path = section.heading.split(HEADING_SEPARATOR)
            blocks.append(f"{'#' * min(len(path), 6)} {path[-1]}")
        blocks.append(section.text)
    return "\n\n".join(blocks)


def pdf_pages(document: ShownDocument) -> list[int]:
    return sorted({section.page for section in document.sections if section.page})


def pdf_page(document: ShownDocument, page: int | None, passage: str, key: str = "") -> CellWrapped:
    """One page's text (all of it for an image, whose text has no pages); the passage (and
    its key sentence) marked when it is on this page."""
    shown = [s for s in document.sections if page is None or s.page == page]
    text = "\n\n".join(reflow_page(s.text) for s in shown)
    body, span = marked_body(text, passage, key)
    return CellWrapped(body, mark=span, id="source-text")


def page_label(page: int, pages: Sequence[int], document: ShownDocument) -> str:
    """The page's border title; a scanned page says its text was read by OCR."""
    if not pages:
        return ""
    ocr = any(s.ocr for s in document.sections if s.page == page)
    read = f" · {OCR_WORDS}" if ocr else ""
    return f"page {page} of {pages[-1]}{read} · [ ] or PgUp/PgDn for pages"
