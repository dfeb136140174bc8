"""The OCR rows of benchmarks/ingest.py: scans read through our readers vs the bare engine.

Pages are rendered with known text (tests/ocr/pages.py): 18 images (English, German and
Chinese; clean, turned 90 degrees, crooked, faint, noisy) and a 10-page image-only PDF of
scanned invoices. Ours is `ingest.read` (worker process, orientation step, limits, cache);
the baseline is one in-process RapidOCR call per image with the same in-wheel models, no
worker and no orientation step. Peak RSS is the OCR worker's (VmHWM), which is what a sync
adds to the machine; the cached row re-reads the same files with a warm cache.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PIL import Image

import ingest
from ingest import ocr_worker
from ingest.limits import ReadLimits
from ingest.ocr import OcrSettings
from tests.ocr.pages import TEXTS, fonts, image_pdf, make_variant, save_image, scanned_page

VARIANTS = ("clean", "rot90", "skew5", "lowcontrast", "noisy", "clean")
PDF_PAGES = 10


def make_scans(folder: Path) -> tuple[list[Path], Path]:
    """The images and the scanned PDF, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    images = []
    for seed, (lang, lines) in enumerate(TEXTS.items()):
        for number, variant in enumerate(VARIANTS):
            picture = make_variant(lines, fonts()[lang], variant, seed + number)
            images.append(save_image(picture, folder / f"{lang}-{number}-{variant}.png"))
    pages = [scanned_page(TEXTS["en"], fonts()["en"], seed) for seed in range(PDF_PAGES)]
    return images, image_pdf(folder / "scans.pdf", pages)


def peak_rss_mb() -> float:
    """The OCR worker's peak resident memory so far, in MB (0 when none runs)."""
    pid = ocr_worker.worker_pid()
    if pid is None:
        return 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def ours(paths: list[Path], limits: ReadLimits, pages: int) -> tuple[float, float]:
    """Pages per second and the worker's peak RSS for reading `paths` with a fresh worker."""
    ocr_worker.stop_worker()
    started = time.perf_counter()
    for path in paths:
        result = ingest.read(path, limits)
        assert result.failure is None or "no text" in result.failure, (path, result.failure)
    seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    ocr_worker.stop_worker()
    return pages / seconds, peak


def bare_engine(images: list[Path]) -> float:
    """Images per second of one in-process RapidOCR, engine load excluded."""
    from ingest.ocr_engine import Engine

    engine = Engine(threads=0)
    pictures = [np.asarray(Image.open(path).convert("RGB")) for path in images]
    engine._ocr(pictures[0])  # warm up, as the worker's first page is
    started = time.perf_counter()
    for picture in pictures:
        engine._ocr(picture)
    return len(pictures) / (time.perf_counter() - started)


def ocr_table(workdir: Path) -> None:
    images, pdf = make_scans(workdir / "scans")
    cache = workdir / "ocr-cache"
    cached = ReadLimits(ocr=OcrSettings(cache_dir=str(cache)))
    uncached = ReadLimits(ocr=OcrSettings())
    rows = [
        ("images (png)", *ours(images, uncached, len(images)), len(images)),
        ("scanned PDF pages", *ours([pdf], uncached, PDF_PAGES), PDF_PAGES),
    ]
    ours([*images, pdf], cached, 0)  # fills the cache
    warm, _ = ours([*images, pdf], cached, len(images) + PDF_PAGES)
    baseline = bare_engine(images)
    print("\n5. OCR (rapidocr 3.10, PP-OCRv6 small, 2 cores)\n")
    print("| input | pages | ours pages/s | worker peak RSS | baseline pages/s | baseline |")
    print("|-------|------:|-------------:|----------------:|-----------------:|----------|")
    for name, rate, peak, count in rows:
        bare = f"{baseline:.2f}" if name.startswith("images") else "-"
        label = "RapidOCR in-process, no worker" if bare != "-" else "-"
        print(f"| {name} | {count} | {rate:.2f} | {peak:.0f} MB | {bare} | {label} |")
    print(f"| same files again (cache) | {len(images) + PDF_PAGES} | {warm:.0f} | - | - | - |")
