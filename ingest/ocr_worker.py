"""OCR in a child process with its own time and memory limit, one image or PDF page at a time.

ONNX Runtime cannot be interrupted from another thread, and a decompression bomb or a huge
scan can take gigabytes, so the engine runs in a spawned process (never forked: the parent
holds llama.cpp threads). The parent waits for each page with a deadline and reads the
child's resident memory from /proc meanwhile; past either limit the child is killed, the page
is reported as not read with the reason, and the next page starts a new child. The engine is
loaded once per child (about a second), not per page.

While a question is answered the child is paused outright (`hold`: SIGSTOP, then SIGCONT on
`release`), not only kept from starting its next page: a page takes seconds of both cores,
which would otherwise come out of the answer's prefill. Held time does not count against the
page's time limit.

Pixels are bounded before they are decoded: Pillow refuses an image file above the limit
(its decompression-bomb check, set to our limit), and a PDF page is rendered by pdfium at a
resolution chosen so that the bitmap stays under it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from identity import FailureKind
from ingest.child_process import Channel, ChildProcess

log = logging.getLogger(__name__)
START_SECONDS = 120.0  # loading ONNX Runtime and the models on a busy machine
POLL_SECONDS = 0.1  # how often the parent looks at the child's memory
RENDER_DPI = 200  # scans are read best at 150-300 dpi; 200 keeps A4 near 3.9 megapixels
MIN_SIDE = 16  # images smaller than this hold no readable text (icons, spacer pixels)
_TOO_LARGE = FailureKind.TOO_LARGE.value
_UNREADABLE = FailureKind.UNREADABLE.value


@dataclass(frozen=True)
class Job:
    """One image to read: file bytes, or a page of a PDF given by path or bytes."""

    image: bytes | None = None
    pdf: str | bytes | None = None
    page: int = 0  # 1-based page of `pdf`
    digest: str = ""  # of the PDF's bytes: names the one document the worker keeps open
    max_pixels: int = 40_000_000
    threads: int = 0


@dataclass(frozen=True)
class Outcome:
    """The text read (maybe empty), or why the page or image could not be read."""

    text: str = ""
    score: float = 0.0
    turned: int = 0
    failure: str = ""
    kind: str = FailureKind.MALFORMED.value  # of `failure`: what the failures screen groups by
    retry: bool = False  # a limit or a crash, not the content: not cached, tried again later


def serve(conn: Channel, threads: int) -> None:
    """The child's loop: Job in, Outcome out, until EOF."""
    logging.getLogger().handlers[:] = []
    _silence_terminal()
    from ingest.ocr_engine import Engine

    engine = Engine(threads)
    conn.send("ready")
    documents: dict[Any, Any] = {}
    while True:
        try:
            job: Job = conn.recv()
        except EOFError:
            return
        try:
            conn.send(_read(engine, job, documents))
        except Exception as exc:  # a library error on one image must not end the worker
            failure = f"OCR failed: {type(exc).__name__}: {str(exc)[:160]}"
            conn.send(Outcome(failure=failure, kind=FailureKind.READER_ERROR.value))


def _silence_terminal() -> None:
    """Point the child's stdout and stderr at /dev/null: ONNX Runtime and OpenCV write to the
    file descriptors directly, and the terminal the child inherited may be the app's screen."""
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.close(null)


def _read(engine: Any, job: Job, documents: dict[Any, Any]) -> Outcome:
    import numpy as np

    picture = _pdf_page(job, documents) if job.pdf is not None else _image(job)
    if isinstance(picture, Outcome):
        return picture
    if min(picture.size) < MIN_SIDE:
        return Outcome()
    reading = engine.read(np.asarray(picture.convert("RGB")))
    return Outcome(reading.text, reading.score, reading.turned)


def _image(job: Job) -> Any:
    from PIL import Image, ImageOps

    from ingest.heif import heif_readable

    heif_readable()
    Image.MAX_IMAGE_PIXELS = job.max_pixels // 2  # Pillow refuses above twice this number
    try:
        picture = Image.open(BytesIO(job.image or b""))
        width, height = picture.size
        if width * height > job.max_pixels:
            return Outcome(failure=_too_many(width, height, job.max_pixels), kind=_TOO_LARGE)
        if getattr(picture, "n_frames", 1) > 1:
            picture.seek(0)  # a multi-page TIFF: its first page (the rest are rare in scans)
        picture.load()  # a truncated file fails here, with the reason below
        return ImageOps.exif_transpose(picture)
    except Image.DecompressionBombError:
        return Outcome(
            failure=f"the image has more than {job.max_pixels:,} pixels", kind=_TOO_LARGE
        )
    except (OSError, ValueError, SyntaxError) as exc:  # the message would name a BytesIO
        return Outcome(failure=f"not a readable image ({type(exc).__name__})")


def _pdf_page(job: Job, documents: dict[Any, Any]) -> Any:
    import pypdfium2 as pdfium

    key = job.digest or hash(job.pdf)  # a file rewritten since is another document
    if key not in documents:
        documents.clear()  # one document at a time: the pages of a file come together
        documents[key] = pdfium.PdfDocument(job.pdf)
    page = documents[key][job.page - 1]
    width, height = page.get_size()  # points: 1/72 inch
    scale = RENDER_DPI / 72
    if width * height * scale * scale > job.max_pixels:
        scale = (job.max_pixels / max(width * height, 1.0)) ** 0.5
    return page.render(scale=scale).to_pil()


def _too_many(width: int, height: int, limit: int) -> str:
    return f"the image is {width}x{height} pixels, more than the limit of {limit:,}"


class OcrWorker(ChildProcess):
    """One child process running the OCR engine; `run` kills it past a limit."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        super().__init__(serve, (threads,), "ready", "OCR", START_SECONDS)

    def run(self, job: Job, seconds: float, memory_bytes: int) -> tuple[Outcome, bool]:
        """The job's outcome, and whether this worker is still usable afterwards."""
        self.conn.send(job)
        deadline = last = time.monotonic()
        deadline += seconds
        while not self.conn.poll(POLL_SECONDS):
            now = time.monotonic()
            if _held.is_set():
                deadline += now - last  # a stopped child is not reading: its time is not spent
            last = now
            if now > deadline:
                self.stop()
                failure = f"OCR took longer than {seconds:g} s (index.ocr_seconds)"
                return Outcome(failure=failure, kind=_TOO_LARGE, retry=True), False
            if resident_bytes(self.process.pid) > memory_bytes:
                self.stop()
                failure = f"OCR needed more than {memory_bytes // 2**20} MB (index.ocr_memory_mb)"
                return Outcome(failure=failure, kind=_TOO_LARGE, retry=True), False
        try:
            return self.conn.recv(), True
        except EOFError:
            self.stop()
            died = Outcome(failure="the OCR process died", kind=_UNREADABLE, retry=True)
            return died, False


def resident_bytes(pid: int | None) -> int:
    """The process's resident set size (0 when it cannot be read)."""
    with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return 0


_lock = threading.Lock()
_worker: list[OcrWorker] = []  # the process's one OCR child, started on the first scan
_held = threading.Event()  # set between `hold` and `release`


def hold() -> None:
    """Pause the OCR child where it is (a question is being answered; see the docstring)."""
    _held.set()
    _signal(signal.SIGSTOP)


def release() -> None:
    """Let a paused OCR child go on."""
    _held.clear()
    _signal(signal.SIGCONT)


def _signal(number: signal.Signals) -> None:
    # Not under `_lock`, which run_job holds for a whole page. An unreaped child keeps its pid,
    # so the pid cannot belong to another process while `alive()` says so.
    worker = _worker[0] if _worker else None
    if worker is not None and worker.alive() and worker.process.pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.process.pid, number)


def run_job(job: Job, seconds: float, memory_bytes: int) -> Outcome:
    """Run `job` in the process's OCR child (started on first use, restarted after a kill)."""
    with _lock:
        if _worker and (not _worker[0].alive() or _worker[0].threads != job.threads):
            _worker.pop().stop()
        if not _worker:
            try:
                _worker.append(OcrWorker(job.threads))
            except (OSError, ImportError) as exc:
                return Outcome(failure=f"OCR is not available: {exc}", kind=_UNREADABLE, retry=True)
        outcome, usable = _worker[0].run(job, seconds, memory_bytes)
        if not usable:
            _worker.clear()
        return outcome


def worker_pid() -> int | None:
    """The OCR child's process id while it runs (benchmarks read its peak memory)."""
    with _lock:
        return _worker[0].process.pid if _worker and _worker[0].alive() else None


def stop_worker() -> None:
    """End the OCR child (tests; a session closing frees its ~600 MB at once)."""
    with _lock:
        while _worker:
            _worker.pop().stop()
