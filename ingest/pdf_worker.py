"""Read PDF files in a worker process that is killed when a page outlasts the time budget.

`index.pdf_seconds` was checked between pages, so one pathological page (a content stream of
millions of operators, form XObjects nested and repeated: a 2 kB file can keep pypdf busy for
minutes) blocked a whole sync. pypdf is pure Python and cannot be interrupted from another
thread, so the pages are read in a child process that streams each page's text back as soon
as it has it. When the budget (plus a moment's grace for the reader's own between-page stop)
runs out in the middle of a page, the child is killed: the pages read so far are kept, with a
note naming the page; a file with no text before it is recorded as failed with that reason.

One worker serves every PDF of a process and is started on the first one (spawned, never
forked: the parent holds llama.cpp threads), so the start-up cost is paid once, not per file;
after a kill the next PDF starts a new one. If no worker can be started, the file is read in
this process, bounded between pages as before.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from identity import FailureKind, ReadFailure
from ingest.child_process import Channel, ChildProcess
from ingest.documents import PDF, ReadResult, failed
from ingest.limits import DEFAULT_LIMITS, ReadLimits
from ingest.opening import NotRegularFile, open_regular
from ingest.pdf import (
    PageCounts,
    PdfUnreadable,
    iter_pages,
    open_pdf,
    pdf_info,
    pdf_result,
    read_pdf,
)

log = logging.getLogger(__name__)
GRACE_SECONDS = 0.5  # lets the reader stop between pages by itself before it is killed
START_SECONDS = 120.0  # a worker that is not ready by then is given up on (a loaded machine)


class _Forward(logging.Handler):
    """Sends the worker's log records (pypdf's warnings about a broken file) to the parent,
    which logs them as its own: they belong in the person's log beside the file's reason,
    never on the terminal the worker inherited."""

    def __init__(self, conn: Channel) -> None:
        super().__init__(logging.WARNING)
        self.conn = conn

    def emit(self, record: logging.LogRecord) -> None:
        # A log line must never end a read (nor print on the terminal).
        with contextlib.suppress(Exception):
            self.conn.send(("log", record.levelno, record.name, record.getMessage()))


def serve(conn: Channel) -> None:
    """The worker's loop: one (path, limits) request in, its events out, until EOF."""
    root = logging.getLogger()
    root.handlers[:] = [_Forward(conn)]
    root.setLevel(logging.WARNING)
    conn.send(("ready",))
    while True:
        try:
            path, limits = conn.recv()
        except EOFError:
            return
        try:
            _read_and_send(conn, Path(path), limits)
        except PdfUnreadable as exc:
            conn.send(("failed", exc.failure.kind.value, exc.failure.detail))
        except OSError as exc:
            conn.send(("os_error", exc.errno, exc.strerror or str(exc), type(exc).__name__))
        except Exception as exc:  # a pypdf bug: the parent records it like any reader error
            conn.send(
                ("failed", FailureKind.READER_ERROR.value, ReadFailure.reader_error(exc).detail)
            )


def _read_and_send(conn: Channel, path: Path, limits: ReadLimits) -> None:
    with open_regular(path) as stream:
        reader = open_pdf(stream)
        conn.send(("info", pdf_info(reader)))
        counts = PageCounts()

        def started(number: int, total: int) -> None:
            conn.send(("page", number, total, asdict(counts)))

        for number, text in iter_pages(reader, counts, limits, on_page=started):
            conn.send(("text", number, text))
        conn.send(("done", asdict(counts)))


class PdfWorker(ChildProcess):
    """One child process reading PDFs; `read` kills it when a page outlasts the budget."""

    def __init__(self) -> None:
        super().__init__(serve, (), ("ready",), "PDF reader", START_SECONDS)

    def read(self, path: Path, limits: ReadLimits) -> tuple[ReadResult, bool]:
        """The file's result, and whether the worker is still usable afterwards."""
        self.conn.send((str(path), replace(limits, between_pages=None)))
        collected = _Collected(limits)
        deadline = time.monotonic() + limits.pdf_seconds + GRACE_SECONDS
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self.conn.poll(remaining):
                self.stop()
                return collected.timed_out(path, limits), False
            try:
                event = self.conn.recv()
            except EOFError:  # the worker died (out of memory, a crash in a C library)
                self.stop()
                return failed(PDF, ReadFailure.unreadable("the PDF reader process died")), False
            result = collected.take(event, path)
            if result is not None:
                return result, True


class _Collected:
    """What the worker has reported so far about one file."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.info: Any = None
        self.pages: list[tuple[int, str]] = []
        self.counts = PageCounts()
        self.page = (0, 0)
        self.page_started = time.monotonic()

    def take(self, event: tuple, path: Path) -> ReadResult | None:
        kind = event[0]
        if kind == "log":
            logging.getLogger(event[2]).log(event[1], "%s", event[3])
        elif kind == "info":
            self.info = event[1]
        elif kind == "page":
            self.page, self.page_started = (event[1], event[2]), time.monotonic()
            self.counts = PageCounts(**event[3])
        elif kind == "text":
            self.pages.append((event[1], event[2]))
        elif kind == "done":
            return self._result(path, PageCounts(**event[1]))
        elif kind == "failed":
            return failed(PDF, ReadFailure(FailureKind(event[1]), event[2]))
        elif kind == "os_error":
            raise _os_error(event)
        return None

    def timed_out(self, path: Path, limits: ReadLimits) -> ReadResult:
        number, total = self.page
        took = time.monotonic() - self.page_started
        counts = self.counts
        counts.timed_out = True
        counts.stop = (
            f"page {number} of {total} took longer than {took:.1f} s: reading stopped there "
            f"(index.pdf_seconds = {limits.pdf_seconds:g} s per file)"
            if number
            else f"the PDF took longer than {limits.pdf_seconds:g} s to open (index.pdf_seconds)"
        )
        if self.info is None:
            return failed(PDF, ReadFailure(FailureKind.TOO_LARGE, counts.stop))
        return self._result(path, counts)

    def _result(self, path: Path, counts: PageCounts) -> ReadResult:
        try:
            return pdf_result(path, self.info, self.pages, counts, self.limits)
        except PdfUnreadable as exc:
            return failed(PDF, exc.failure)


def _os_error(event: tuple) -> OSError:
    _, number, message, name = event
    kinds = {"FileNotFoundError": FileNotFoundError, "PermissionError": PermissionError,
             "IsADirectoryError": IsADirectoryError}  # fmt: skip
    kinds["NotRegularFile"] = NotRegularFile
    return kinds.get(name, OSError)(number or 0, message)


_lock = threading.Lock()
_worker: list[PdfWorker] = []  # the process's one worker, started on the first PDF


def read_pdf_bounded(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> ReadResult:
    """`read_pdf` in the worker process, so even one page cannot outlast `pdf_seconds`."""
    with _lock:
        try:
            worker = _current_worker()
        except OSError as exc:
            log.warning("reading %s in this process: %s", path, exc)
            return read_pdf(path, limits)
        result, usable = worker.read(path, limits)
        if not usable:
            _worker.clear()
        return result


def _current_worker() -> PdfWorker:
    if _worker and not _worker[0].alive():
        _worker.clear()
    if not _worker:
        _worker.append(PdfWorker())
    return _worker[0]
