"""The doctor's OCR check: the engine is installed and reads a line it is shown.

Importing the packages proves little (ONNX Runtime can fail on an old CPU, a model file can
be missing from a trimmed install), so the check renders a line of text and reads it back
through the same worker process a sync uses, without the cache.
"""

from __future__ import annotations

import importlib.metadata
import time
from io import BytesIO

from assistant.config import Config
from assistant.doctor.checks import Finding
from ingest.heif import heif_readable
from ingest.ocr import OcrSettings, engine_installed, read_image
from ingest.ocr_worker import stop_worker

PROBE = "Total 1234"
INSTALL = "pip install 'rapidocr>=3.10,<3.11' onnxruntime opencv-python-headless pypdfium2"


def check_ocr(config: Config) -> Finding:
    if config.index.ocr == "off":
        return Finding("ocr", "ok", 'OCR is off (index.ocr = "off"): scans and images are not read')
    if not engine_installed():
        return Finding(
            "ocr", "warn", "the OCR engine is not installed: scans and images are not read", INSTALL
        )
    started = time.perf_counter()
    try:
        outcome = read_image(_probe_png(PROBE), OcrSettings(page_seconds=config.index.ocr_seconds))
    finally:
        stop_worker()
    seconds = time.perf_counter() - started
    version = importlib.metadata.version("rapidocr")
    if outcome.failure or PROBE.replace(" ", "") not in outcome.text.replace(" ", ""):
        problem = outcome.failure or f"it read {outcome.text!r}"
        return Finding("ocr", "fail", f"rapidocr {version} did not read a test line: {problem}",
                       f"reinstall the OCR engine: {INSTALL}")  # fmt: skip
    detail = f"rapidocr {version} (PP-OCRv6 small) read a test line in {seconds:.1f} s"
    if not heif_readable():
        return Finding("ocr", "warn", f"{detail}; HEIC photos are not read",
                       "pip install pillow-heif")  # fmt: skip
    return Finding("ocr", "ok", detail)


def _probe_png(text: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    picture = Image.new("RGB", (420, 100), "white")
    ImageDraw.Draw(picture).text((20, 25), text, fill="black", font=ImageFont.load_default(40))
    data = BytesIO()
    picture.save(data, "PNG")
    return data.getvalue()
