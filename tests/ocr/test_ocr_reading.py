"""OCR of images and scanned PDF pages through the real engine (RapidOCR in its worker).

The pages are rendered here with known text (tests/ocr/pages.py) in English, German and
Chinese, clean and in the ways scans go wrong (turned on their side either way, crooked,
faint, a noisy phone photo); the character error rate of every one is printed. The shared
corpora's image-only PDFs are read in tests/ingest/test_corpora.py (their pictures hold no
text). No GGUF model is needed: these run in `make test-fast` too.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest
from PIL import Image

import ingest
import ingest.images
from identity import FailureKind
from ingest import ocr_worker
from ingest.heif import NO_HEIF
from ingest.images import NO_TEXT_FOUND, NOT_AN_IMAGE, OCR_OFF
from ingest.limits import ReadLimits
from ingest.ocr import OcrSettings
from tests.ocr.pages import (
    TEXTS,
    cer,
    fonts,
    garbled_text_pdf,
    image_pdf,
    make_variant,
    render_page,
    save_image,
    scanned_invoice_pdf,
    scanned_page,
)

# Measured CER is 0.000 for every one of these (README "OCR engines"); the bound leaves room
# for a different CPU's float rounding, not for a misread line.
CER_BOUND = 0.03
VARIANTS = ["clean", "rot90", "rot270", "skew5", "lowcontrast", "noisy"]


def limits(tmp_path: Path, **settings: object) -> ReadLimits:
    return ReadLimits(ocr=OcrSettings(cache_dir=str(tmp_path / "ocr-cache"), **settings))  # type: ignore[arg-type]


def page_image(lang: str, variant: str, seed: int) -> Image.Image:
    if variant == "rot270":
        return make_variant(TEXTS[lang], fonts()[lang], "rot90", seed).rotate(180, expand=True)
    return make_variant(TEXTS[lang], fonts()[lang], variant, seed)


@pytest.mark.parametrize("lang", ["en", "de", "zh"])
def test_rendered_pages_are_read_with_a_low_error_rate(
    lang: str, tmp_path: Path, record_property
) -> None:
    reference = "\n".join(TEXTS[lang])
    for seed, variant in enumerate(VARIANTS):
        path = save_image(page_image(lang, variant, seed), tmp_path / f"{lang}-{variant}.png")
        result = ingest.read(path, limits(tmp_path))
        assert result.failure is None, (variant, result.failure)
        (document,) = result.documents
        assert (document.kind, document.title) == ("image", f"{lang}-{variant}")
        (section,) = document.sections
        assert section.ocr and section.page is None
        error = cer(reference, section.text)
        record_property(f"cer {lang}-{variant}", f"{error:.3f}")
        assert error <= CER_BOUND, (variant, section.text)


def test_a_scanned_invoice_pdf_is_read_page_by_page(tmp_path: Path, record_property) -> None:
    reference = scanned_invoice_pdf(tmp_path / "invoice.pdf")
    result = ingest.read(tmp_path / "invoice.pdf", limits(tmp_path))
    assert result.failure is None
    (document,) = result.documents
    assert document.kind == "pdf"
    (section,) = document.sections
    assert (section.page, section.ocr) == (1, True)
    assert document.notes == ("page 1 of 1 read by OCR (no text layer)",)
    # The scanner's noise costs a space now and then ("1,234.56EUR"): scored without spaces.
    error = cer(reference, section.text, keep_spaces=False)
    record_property("cer scanned invoice (no spaces)", f"{error:.3f}")
    assert error <= CER_BOUND and "1,234.56" in section.text


def test_only_the_pages_without_text_are_read_by_ocr(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    pages = tmp_path / "scans.pdf"
    font = fonts()["de"]
    image_pdf(pages, [scanned_page(TEXTS["de"], font), Image.new("L", (600, 800), 255)])
    writer = PdfWriter(clone_from=pages)
    writer.add_blank_page()
    writer.write(pages)
    (document,) = ingest.read(pages, limits(tmp_path)).documents
    assert [(s.page, s.ocr) for s in document.sections] == [(1, True)]
    assert "Gesamtbetrag: 89,90 €" in document.sections[0].text
    assert document.notes == (
        "page 1 of 3 read by OCR (no text layer)",
        "pages 2, 3 of 3 have no text layer, and OCR found none",
    )


def test_a_page_whose_text_layer_is_noise_is_read_by_ocr(tmp_path: Path) -> None:
    """The font lost its Unicode map: the text layer is private-use code points, the page
    still shows the words. The noise is not indexed; OCR's reading of the page is."""
    lines = ["Invoice No. 2024-0117", "Total: 1,234.56 EUR"]
    (document,) = ingest.read(garbled_text_pdf(tmp_path / "lost-map.pdf", lines),
                              limits(tmp_path)).documents  # fmt: skip
    (section,) = document.sections
    assert (section.page, section.ocr) == (1, True)
    assert cer("\n".join(lines), section.text) <= CER_BOUND


def test_the_photo_date_comes_from_exif_else_the_mtime(tmp_path: Path) -> None:
    taken = datetime(2023, 7, 14, 9, 30, 5, tzinfo=timezone(timedelta(hours=2)))
    picture = render_page(TEXTS["de"], fonts()["de"])
    photo = save_image(picture, tmp_path / "quittung.jpg", exif_date=taken)
    (document,) = ingest.read(photo, limits(tmp_path)).documents
    assert (document.date, document.date_source) == (taken, None)
    screenshot = save_image(picture, tmp_path / "screenshot.png")
    (document,) = ingest.read(screenshot, limits(tmp_path)).documents
    assert document.date_source == "modified"
    assert document.date is not None
    assert abs(document.date.timestamp() - screenshot.stat().st_mtime) < 1


def test_a_heic_photo_is_read_with_its_exif_date(tmp_path: Path, record_property) -> None:
    taken = datetime(2024, 2, 29, 18, 5, 0, tzinfo=timezone(timedelta(hours=1)))
    picture = render_page(TEXTS["de"], fonts()["de"])
    photo = save_image(picture, tmp_path / "IMG_0042.HEIC", exif_date=taken)
    assert photo.read_bytes()[4:12] == b"ftypheic"
    (document,) = ingest.read(photo, limits(tmp_path)).documents
    assert (document.kind, document.date, document.date_source) == ("image", taken, None)
    (section,) = document.sections
    error = cer("\n".join(TEXTS["de"]), section.text)
    record_property("cer heic de", f"{error:.3f}")
    assert section.ocr and error <= CER_BOUND


def test_without_pillow_heif_a_heic_photo_is_named_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = save_image(render_page(TEXTS["en"], fonts()["en"]), tmp_path / "IMG_1.heic")
    monkeypatch.setattr(ingest.images, "heif_readable", lambda: False)
    result = ingest.read(photo, limits(tmp_path))
    assert (result.failure, result.kind) == (NO_HEIF, "image")
    assert result.read_failure is not None
    assert result.read_failure.kind is FailureKind.UNSUPPORTED


def test_results_are_cached_by_content_so_a_renamed_copy_costs_no_ocr(tmp_path: Path) -> None:
    path = save_image(render_page(TEXTS["en"], fonts()["en"]), tmp_path / "scan.png")
    first = ingest.read(path, limits(tmp_path))
    ocr_worker.stop_worker()
    renamed = tmp_path / "elsewhere" / "renamed.png"
    renamed.parent.mkdir()
    shutil.move(path, renamed)
    again = ingest.read(renamed, limits(tmp_path))
    assert not ocr_worker._worker, "a cached image started the OCR worker"
    assert again.documents[0].sections == first.documents[0].sections
    uncached = ingest.read(renamed, ReadLimits())
    assert ocr_worker._worker and uncached.documents[0].sections == first.documents[0].sections


def test_images_without_text_damaged_or_too_large_are_failures_with_reasons(
    tmp_path: Path,
) -> None:
    blank = save_image(Image.new("RGB", (800, 600), "white"), tmp_path / "blank.png")
    assert ingest.read(blank, limits(tmp_path)).failure == NO_TEXT_FOUND
    damaged = tmp_path / "damaged.jpg"
    damaged.write_bytes(
        save_image(Image.new("RGB", (64, 64)), tmp_path / "x.jpg").read_bytes()[:40]
    )
    result = ingest.read(damaged, limits(tmp_path))
    assert (result.failure, result.kind) == (NOT_AN_IMAGE, "image")
    large = save_image(Image.new("L", (3000, 2000), 255), tmp_path / "poster.png")
    result = ingest.read(large, limits(tmp_path, max_pixels=5_000_000))
    assert result.read_failure is not None
    assert result.read_failure.kind is FailureKind.TOO_LARGE
    assert "3000x2000" in result.read_failure.detail
    assert "index.ocr_max_megapixels" in result.read_failure.detail


def test_a_large_scanned_page_is_rendered_below_the_pixel_limit(tmp_path: Path) -> None:
    pdf = image_pdf(tmp_path / "scan.pdf", [scanned_page(TEXTS["en"], fonts()["en"])])
    (document,) = ingest.read(pdf, limits(tmp_path, max_pixels=2_500_000)).documents
    assert "Total: 1,234.56" in document.sections[0].text.replace("EUR", " EUR")


def test_a_page_past_the_time_or_memory_limit_is_named_with_the_reason(tmp_path: Path) -> None:
    pdf = image_pdf(
        tmp_path / "two-scans.pdf",
        [scanned_page(TEXTS["en"], fonts()["en"]), scanned_page(TEXTS["de"], fonts()["de"], 1)],
    )
    result = ingest.read(pdf, limits(tmp_path, memory_mb=64))
    assert result.read_failure is not None
    assert result.read_failure.kind is FailureKind.TOO_LARGE
    assert result.read_failure.detail == (
        "scanned PDF not read by OCR: page 1: OCR needed more than 64 MB (index.ocr_memory_mb); "
        "page 2: OCR needed more than 64 MB (index.ocr_memory_mb)"
    )
    slow = ingest.read(pdf, limits(tmp_path, page_seconds=0.05))
    assert slow.read_failure is not None
    assert "page 1: OCR took longer than 0.05 s (index.ocr_seconds)" in slow.read_failure.detail
    # Nothing of that was cached, and the killed worker is replaced: the next read works.
    (document,) = ingest.read(pdf, limits(tmp_path)).documents
    assert [s.page for s in document.sections] == [1, 2]


def test_ocr_off_reads_no_image(tmp_path: Path) -> None:
    path = save_image(render_page(TEXTS["en"], fonts()["en"]), tmp_path / "scan.png")
    result = ingest.read(path, limits(tmp_path, mode="off"))
    assert (result.failure, result.kind) == (OCR_OFF, "image")


def test_attached_photos_and_scans_of_a_mail_are_read(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "Wang Wei <wang@example.cn>"
    message["To"] = "me@example.org"
    message["Subject"] = "发票和收据"
    message["Message-ID"] = "<scan-1@example.cn>"
    message.set_content("附件是发票。\n")
    receipt = save_image(render_page(TEXTS["zh"], fonts()["zh"]), tmp_path / "receipt.png")
    message.add_attachment(
        receipt.read_bytes(), maintype="image", subtype="png", filename="收据.png"
    )
    photo = save_image(render_page(TEXTS["de"], fonts()["de"]), tmp_path / "IMG_7.HEIC")
    message.add_attachment(
        photo.read_bytes(), maintype="image", subtype="heic", filename="IMG_7.HEIC"
    )
    scanned_invoice_pdf(tmp_path / "invoice.pdf")
    message.add_attachment(
        (tmp_path / "invoice.pdf").read_bytes(),
        maintype="application",
        subtype="pdf",
        filename="invoice.pdf",
    )
    logo = EmailMessage()
    logo.set_content(receipt.read_bytes(), maintype="image", subtype="png", disposition="inline")
    logo["Content-ID"] = "<logo@example.cn>"
    message.attach(logo)  # an HTML mail's own picture: not read
    path = tmp_path / "mail.eml"
    path.write_bytes(bytes(message))
    (document,) = ingest.read(path, limits(tmp_path)).documents
    attached = [(s.heading, s.page, s.ocr) for s in document.sections if s.ocr]
    assert attached == [
        ("attachment: 收据.png", None, True),
        ("attachment: IMG_7.HEIC", None, True),
        ("attachment: invoice.pdf", 1, True),
    ]
    texts = {s.heading: s.text for s in document.sections}
    assert "总金额：2400元" in texts["attachment: 收据.png"]
    assert "1,234.56" in texts["attachment: invoice.pdf"]
    assert cer("\n".join(TEXTS["de"]), texts["attachment: IMG_7.HEIC"]) <= CER_BOUND
