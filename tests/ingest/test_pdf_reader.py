"""PDFs: pages for citations, metadata, and honest reasons when there is nothing to read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

import pytest
from ingest_helpers import PDFS
from pypdf import PageObject, PdfReader, PdfWriter

import ingest
from ingest import pdf as pdf_module
from ingest.limits import ReadLimits
from ingest.ocr import OcrSettings
from ingest.pdf import NO_TEXT_LAYER, is_garbled
from ingest.scans import NO_TEXT_BY_OCR
from tests.support import needs_corpora


@needs_corpora
def test_pages_are_sections_with_one_based_numbers() -> None:
    result = ingest.read(PDFS / "004-pdflatex-4-pages" / "pdflatex-4-pages.pdf")
    assert result.failure is None and result.kind == "pdf"
    (doc,) = result.documents
    assert [s.page for s in doc.sections] == [1, 2, 3, 4]
    assert all(s.text == s.display_text and s.heading == "" for s in doc.sections)
    assert doc.sections[0].text.startswith("Hello, here is some text without a meaning.")
    assert doc.title == "pdflatex-4-pages"  # no title in the metadata: the file name
    assert doc.date == datetime(2022, 4, 3, 19, 59, 45, tzinfo=timezone(timedelta(hours=2)))


@needs_corpora
def test_encrypted_pdf_is_reported() -> None:
    path = PDFS / "005-libreoffice-writer-password" / "libreoffice-writer-password.pdf"
    result = ingest.read(path)
    assert result.documents == ()
    assert result.failure == "encrypted"
    assert result.kind == "pdf"


@needs_corpora
def test_pdf_with_empty_user_password_is_read(tmp_path: Path) -> None:
    """Owner-password-only PDFs (no printing, no copying) open without a password: read them."""
    writer = PdfWriter(clone_from=PDFS / "001-trivial" / "minimal-document.pdf")
    writer.encrypt(user_password="", owner_password="geheim", algorithm="AES-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    assert PdfReader(path).is_encrypted
    result = ingest.read(path)
    assert result.failure is None
    assert result.documents[0].sections[0].text.startswith("Lorem ipsum")


@pytest.mark.parametrize(
    "name",
    ["imagemagick-ASCII85Decode.pdf", "imagemagick-CCITTFaxDecode.pdf", "imagemagick-lzw.pdf"],
)
@needs_corpora
def test_image_only_pdfs_have_no_text_layer(name: str) -> None:
    # Their pictures hold no text (a cartoon, a photo): OCR reads them and finds none.
    result = ingest.read(PDFS / "007-imagemagick-images" / name)
    assert result.failure == NO_TEXT_BY_OCR
    assert result.kind == "pdf"
    off = ReadLimits(ocr=OcrSettings(mode="off"))
    assert ingest.read(PDFS / "007-imagemagick-images" / name, off).failure == NO_TEXT_LAYER


@needs_corpora
def test_pages_without_text_are_counted() -> None:
    # Each page of this file is an image plus the one word "Background" on four of six pages.
    path = PDFS / "007-imagemagick-images" / "imagemagick-images.pdf"
    (doc,) = ingest.read(path).documents
    assert doc.notes == ("pages 4, 5 of 6 have no text layer, and OCR found none",)
    assert [s.page for s in doc.sections] == [1, 2, 3, 6]
    (doc,) = ingest.read(path, ReadLimits(ocr=OcrSettings(mode="off"))).documents
    assert doc.notes == ("2 of 6 pages have no text layer",)


@needs_corpora
def test_malformed_and_truncated_files(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n this is not really a PDF \n")
    result = ingest.read(garbage)
    assert result.failure is not None and result.failure.startswith("malformed PDF")
    source = (PDFS / "001-trivial" / "minimal-document.pdf").read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(source[: len(source) // 3])
    result = ingest.read(truncated)
    assert result.failure is not None or result.documents  # either way: no exception
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert ingest.read(empty).failure is not None


@needs_corpora
def test_a_failing_page_is_counted_and_the_others_go_on(monkeypatch: pytest.MonkeyPatch) -> None:
    original = PageObject.extract_text
    calls = {"n": 0}

    def flaky(self: PageObject, *args: object, **kwargs: object) -> str:
        calls["n"] += 1
        if calls["n"] == 2:
            raise ValueError("pathological content stream")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", flaky)  # in this process: the reader itself
    pdf = PDFS / "004-pdflatex-4-pages" / "pdflatex-4-pages.pdf"
    (doc,) = pdf_module.read_pdf(pdf).documents
    assert [s.page for s in doc.sections] == [1, 3, 4]
    assert doc.notes == ("1 of 4 pages could not be read",)


@needs_corpora
def test_pages_are_produced_lazily() -> None:
    reader = pdf_module.open_pdf(BytesIO((PDFS / "004-pdflatex-4-pages" /
                                         "pdflatex-4-pages.pdf").read_bytes()))  # fmt: skip
    counts = pdf_module.PageCounts()
    pages = pdf_module.iter_pages(reader, counts)
    assert counts.total == 0  # nothing extracted before the first page is asked for
    number, _ = next(pages)
    assert number == 1 and counts.total == 1


@needs_corpora
def test_metadata_title_author_and_naive_date(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PDFS / "001-trivial" / "minimal-document.pdf")
    writer.add_metadata(
        {"/CreationDate": "D:20240105120000", "/Title": "  Mietvertrag  ", "/Author": "Jörg Müller"}
    )
    path = tmp_path / "naive.pdf"
    writer.write(path)
    (doc,) = ingest.read(path).documents
    assert doc.date == datetime(2024, 1, 5, 12, 0, tzinfo=UTC)
    assert doc.title == "Mietvertrag"
    assert doc.sender == "Jörg Müller"


def test_a_text_layer_of_unusable_characters_counts_as_none() -> None:
    assert is_garbled("\ue049\ue06e\ue076 \ue06f\ue069 1")  # a font without a Unicode map
    assert is_garbled("\ufffd\ufffd\ufffd ok")
    for text in ["Rechnung über 89,90 € – Straße", "上次修地板的师傅电话是多少", "(•_•) 42 ✓", ""]:
        assert not is_garbled(text), text
