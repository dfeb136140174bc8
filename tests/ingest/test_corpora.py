"""Every file of the shared mail and PDF corpora is read or refused with a reason, never raises.

These corpora were written by other projects (notmuch, py-pdf) to break readers: broken
headers, loops, encrypted and signed mail, odd PDFs. Each file is also chunked, so the
chunker sees everything the readers can produce.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import MAIL, PDFS, corpus_files, fake_count

import ingest
from tests.support import needs_corpora

pytestmark = needs_corpora
MAIL_FILES = corpus_files(MAIL)
PDF_FILES = corpus_files(PDFS)
# The corpora's own documentation files, which are not mail or PDFs.
NOT_CORPUS = {"README", "LICENSE", "files.json", "README.md"}


def check_file(path: Path) -> ingest.ReadResult:
    result = ingest.read(path)
    assert result.kind in ("note", "mail", "pdf")
    if result.failure is not None:
        assert result.documents == ()
        assert result.failure.strip()
    else:
        assert result.documents
        for document in result.documents:
            assert document.source_path == str(path.absolute())
            assert len(document.content_hash) == 64
            for chunk in ingest.chunk(document, fake_count):
                assert 0 < chunk.token_count <= 1000
    return result


@pytest.mark.parametrize("path", MAIL_FILES, ids=lambda p: str(p.relative_to(MAIL)))
def test_every_mail_corpus_file(path: Path) -> None:
    result = check_file(path)
    if path.name in NOT_CORPUS:
        assert result.failure == "unsupported file type"
        return
    assert result.failure is None, result.failure
    assert result.kind == "mail"
    for document in result.documents:
        assert document.message_id, "every message in these corpora has a Message-ID"
        assert not any(note.startswith("malformed") for note in document.notes)


@pytest.mark.parametrize("path", PDF_FILES, ids=lambda p: str(p.relative_to(PDFS)))
def test_every_pdf_corpus_file(path: Path) -> None:
    result = check_file(path)
    if path.suffix != ".pdf":
        return
    assert result.kind == "pdf"
    expected_failures = {
        "libreoffice-writer-password.pdf": "encrypted",
        "imagemagick-ASCII85Decode.pdf": "no text layer (scanned/image-only)",
        "imagemagick-CCITTFaxDecode.pdf": "no text layer (scanned/image-only)",
        "imagemagick-lzw.pdf": "no text layer (scanned/image-only)",
        "grayscale-image.pdf": "no text layer (scanned/image-only)",
        "cmyk-image.pdf": "no text layer (scanned/image-only)",
        # Its page tree is broken beyond what pypdf's lenient mode repairs.
        "unreadablemetadata.pdf": "malformed PDF: PdfReadError: Invalid object in /Pages",
    }
    assert result.failure == expected_failures.get(path.name)


def test_lkml_duplicates_share_ids_and_threads() -> None:
    by_id: dict[str, set[str]] = {}
    for path in corpus_files(MAIL / "lkml"):
        (document,) = ingest.read(path).documents
        assert document.thread_id
        by_id.setdefault(document.message_id or "", set()).add(document.content_hash)
    assert len(by_id) < len(corpus_files(MAIL / "lkml")), "the lkml corpus repeats messages"
