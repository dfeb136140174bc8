"""Reading scans: OCR of image files, of PDF pages without a text layer, and of attachments.

Readers call `read_image` and `read_pdf_pages`; both go through a cache keyed by the content
(sha256 of the image or PDF bytes, the page number and the engine), so a renamed or touched
scan, a re-sync, the viewer opening the file and a second copy of it cost a file read, not a
second OCR. The cache is one small JSON file per image under the home's cache folder, written
whole and renamed into place, so processes sharing the home never see half an entry. Limits
and crashes are not cached (the next sync tries again); an image with no text is.

`OcrSettings.mode` is the config's `index.ocr`: "auto" reads scans when the engine is
installed, "off" never does (scans stay "no text layer", images are not read).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ingest.ocr_worker import Job, Outcome, run_job
from ingest.opening import open_regular

# Part of every cache key: a new engine or model reads differently, so it reads again.
ENGINE_TAG = "rapidocr-3.10 PP-OCRv6-small r1"
MODES = ("auto", "off")
OCR_LABEL = "OCR"  # how evidence and the viewer mark text that was read from pixels


@dataclass(frozen=True)
class OcrSettings:
    """The config's OCR switch and bounds (see assistant/config.py `index.ocr*`)."""

    mode: str = "auto"
    page_seconds: float = 60.0  # one image or page; past it the worker is killed
    memory_mb: int = 2048  # the worker's resident memory; past it the worker is killed
    max_pixels: int = 40_000_000  # decompression bombs and billboard-sized scans
    threads: int = 0  # 0: ONNX Runtime's choice (one per core)
    cache_dir: str = ""  # "" keeps no cache (readers called on their own)

    @property
    def enabled(self) -> bool:
        return self.mode == "auto" and engine_installed()


def engine_installed() -> bool:
    """Whether the OCR engine's packages are importable (they are declared dependencies,
    but a trimmed install without them must still index everything else)."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("rapidocr", "onnxruntime", "pypdfium2")
    )


def read_image(data: bytes, settings: OcrSettings) -> Outcome:
    """The text in an image file's bytes (PNG, JPEG, WebP, TIFF...)."""
    key = _key(hashlib.sha256(data).hexdigest(), 0)
    return _cached(key, settings, Job(image=data))


def read_pdf_pages(
    source: Path | bytes,
    pages: Iterable[int],
    settings: OcrSettings,
    between_pages: Callable[[], None] | None = None,
) -> Iterator[tuple[int, Outcome]]:
    """(page, outcome) for each 1-based page of a PDF file or PDF bytes, in order.
    `between_pages` runs before each page that needs the engine (questions go first)."""
    digest = _digest(source)
    pdf = str(source) if isinstance(source, Path) else source
    for page in pages:
        key = _key(digest, page)
        cached = _load(key, settings)
        if cached is not None:
            yield page, cached
            continue
        if between_pages is not None:
            between_pages()
        yield page, _cached(key, settings, Job(pdf=pdf, page=page, digest=digest))


def _cached(key: str, settings: OcrSettings, job: Job) -> Outcome:
    cached = _load(key, settings)
    if cached is not None:
        return cached
    request = replace(job, max_pixels=settings.max_pixels, threads=settings.threads)
    outcome = run_job(request, settings.page_seconds, settings.memory_mb * 2**20)
    if not outcome.retry:
        _store(key, outcome, settings)
    return outcome


def clear_cache(cache_dir: Path) -> int:
    """Delete every cached OCR result under `cache_dir`; how many there were. Entries are
    keyed by content, not by file, so erasing one file's text (`assistant forget`) means
    erasing them all; what is still indexed costs a second OCR only when it is read again."""
    removed = 0
    for entry in Path(cache_dir).glob("*/*.json"):
        with contextlib.suppress(FileNotFoundError):
            entry.unlink()
            removed += 1
    return removed


def _digest(source: Path | bytes) -> str:
    digest = hashlib.sha256()
    if isinstance(source, bytes):
        digest.update(source)
    else:
        with open_regular(source) as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def _key(digest: str, page: int) -> str:
    return hashlib.sha256(f"{ENGINE_TAG}\x00{digest}\x00{page}".encode()).hexdigest()


def _path(key: str, settings: OcrSettings) -> Path | None:
    return Path(settings.cache_dir) / key[:2] / f"{key}.json" if settings.cache_dir else None


def _load(key: str, settings: OcrSettings) -> Outcome | None:
    path = _path(key, settings)
    if path is None:
        return None
    try:
        fields = json.loads(path.read_text(encoding="utf-8"))
        return Outcome(**fields)
    except (OSError, ValueError, TypeError):
        return None  # not cached yet, or an entry from another version: read again


def _store(key: str, outcome: Outcome, settings: OcrSettings) -> None:
    path = _path(key, settings)
    if path is None:
        return
    with contextlib.suppress(OSError):  # a full disk costs a second OCR later, nothing more
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(asdict(outcome), ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
