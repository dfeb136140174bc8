"""The index as the commands see it: open it, sync it, report on it, change its vectors.

Thin glue over `store.Index`, `assistant.indexing.sync.Syncer` and the registered roots, so
the CLI and the TUI call the same functions. The index file remembers its own dim and vector
type; the config only sets them for a new index, and `reindex` brings an existing one in line.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.config import Config
from assistant.errors import AssistantError
from assistant.indexing.locks import index_writer
from assistant.indexing.roots import is_under, load_roots
from assistant.indexing.sync import Syncer, SyncStats
from assistant.paths import write_private_text
from assistant.progress import Report, silent_report
from assistant.runtime.protocols import DocumentEmbedder
from identity import DUPLICATE_KINDS, FailureKind
from ingest.ocr import ENGINE_TAG, engine_installed
from ingest.ocr_worker import stop_worker
from store import Index, ModelMismatch, failure_of, key_of

LAST_SYNC_FILE = "last_sync.json"
log = logging.getLogger(__name__)


def open_index(config: Config) -> Index:
    """Open (or create) the index at the configured dim and vector type."""
    return Index.open(config.paths.database, config.embedder.dim, config.index.vector_type)


def run_sync(
    config: Config,
    index: Index,
    embedder: DocumentEmbedder,
    paths: list[Path] | None = None,
    report: Report = silent_report,
    stopped: Callable[[], bool] | None = None,
    outside: Callable[[list[Path]], None] | None = None,
) -> SyncStats:
    """Sync every registered root (or only `paths` below them) and remember the outcome.

    One writer at a time: while another process (or thread) syncs, forgets or reindexes, this
    waits, saying through `report` whom it waits for; `stopped` lets a closing session give up.
    A path outside the roots is an error, unless `outside` is given (the watchers): then such
    paths are handed to it and the others are synced all the same.
    """
    with index_writer(config.paths.data_dir, "sync", report, stopped):
        roots = load_roots(config)  # after the wait: a `remove` meanwhile counts
        only = [p.expanduser().resolve() for p in paths] if paths else None
        only = _inside_roots(only, roots, outside)
        if only == []:
            return SyncStats()  # nothing left inside the roots: not "sync everything"
        index.require_model(embedder.model_id)  # before any embedding: one line, no traceback
        index.reread_when_changed(OCR_SETTING, ocr_reading(config), OCR_KINDS)
        known_failures = {str(row["source_path"]) for row in index.failures()}
        try:
            stats = Syncer(config, index, embedder, report).sync(roots, only=only)
        finally:
            stop_worker()  # the engine holds ~600 MB: a watcher's next image starts it again
    _remember(config, stats, known_failures)
    return stats


# What reads scans, recorded in the index: switching OCR on or off, or a new engine, reads the
# PDFs, images and mail (attachments) again; unchanged text is not embedded again.
OCR_SETTING = "ocr_reading"
OCR_KINDS = ("pdf", "image", "mail")


def ocr_reading(config: Config) -> str:
    mode = config.index.ocr if engine_installed() else "not installed"
    return f"{mode} {ENGINE_TAG}"


def drop_unregistered(config: Config, index: Index, report: Report = silent_report) -> int:
    """Delete the documents of files outside every registered root (after `assistant remove`);
    returns how many. Nothing is scanned or embedded, so the last sync stays what it was: the
    other folders were not looked at."""
    with index_writer(config.paths.data_dir, "remove", report):
        roots = load_roots(config)  # after the wait, as in run_sync
        return Syncer(config, index, _NO_EMBEDDER, report).sync(roots, only=[]).deleted


class _NoEmbedder:
    """The embedder of a sync that only deletes (`only=[]` reads no file): never called."""

    model_id = ""

    def count_tokens(self, prompt: str) -> int:
        raise AssertionError("a sync that only deletes embeds nothing")

    def embed_documents(self, items: object, *, truncate: bool = False) -> Any:
        raise AssertionError("a sync that only deletes embeds nothing")


_NO_EMBEDDER: DocumentEmbedder = _NoEmbedder()


def _inside_roots(
    only: list[Path] | None, roots: list[Path], outside: Callable[[list[Path]], None] | None
) -> list[Path] | None:
    """`only` without the paths outside the roots, which go to `outside` (or raise)."""
    strays = [path for path in only or [] if not is_under(path, roots)]
    if strays and outside is None:
        raise AssistantError(f"{strays[0]} is not in a registered folder; `assistant add` it first")
    if strays and only is not None and outside is not None:
        outside(strays)
        return [path for path in only if path not in strays]
    return only


def _remember(config: Config, stats: SyncStats, known_failures: set[str]) -> None:
    """Log new failures once and write the summary `assistant status` shows."""
    for key, reason in stats.failures:
        if key not in known_failures:  # once per file, not at every reconcile
            log.warning("could not index %s: %s", key, reason)  # path and reason, no text
    record = {"finished_at": time.time(), **stats.as_dict()}
    record["failures"] = len(stats.failures)
    summary = json.dumps(record, indent=2) + "\n"
    try:
        write_private_text(config.paths.data_dir / LAST_SYNC_FILE, summary)
    except OSError as exc:  # a full or read-only disk: the sync itself has committed
        log.warning("could not write the sync summary (%s); the index is up to date", exc)


@dataclass(frozen=True)
class FailedFile:
    """A file (or one message of an mbox) that is in the index without text, and why."""

    key: str  # the document's unique key
    path: str  # the file on disk
    locator: str | None  # which message of the file, for people; None for a whole file
    kind: str  # note, mail or pdf
    failure: FailureKind
    reason: str

    @property
    def where(self) -> str:
        """The file, and which message of it, for people."""
        return self.path + (f" ({self.locator})" if self.locator else "")

    @classmethod
    def of(cls, row: dict[str, object]) -> FailedFile:
        key, failure = key_of(row), failure_of(row)
        assert failure is not None, "only failed rows are listed"
        locator = key.locator.describe() if key.locator else None
        kind = str(row["kind"])
        return cls(key.text, str(key.file_path), locator, kind, failure.kind, failure.detail)


@dataclass(frozen=True)
class Status:
    """What `assistant status` shows, and the TUI's status line."""

    roots: list[str]
    documents: int
    chunks: int
    by_kind: dict[str, int]
    failures: list[FailedFile]
    duplicates: int
    dim: int | None
    vector_type: str | None
    model_id: str | None
    database_bytes: int
    last_sync: dict | None
    settings_note: str
    duplicates_by_content: int = 0  # of `duplicates`: other Message-IDs, the same content


def index_status(config: Config, index: Index) -> Status:
    stats = index.stats()
    rows = index.failures()
    kinds = [failure.kind for failure in map(failure_of, rows) if failure is not None]
    failures = [FailedFile.of(r) for r in rows if r["failure_kind"] not in DUPLICATE_KINDS]
    return Status(
        roots=[str(r) for r in load_roots(config)],
        documents=int(stats["documents"]),
        chunks=int(stats["chunks"]),
        by_kind=dict(stats["by_kind"]),
        failures=failures,
        duplicates=len(rows) - len(failures),
        duplicates_by_content=kinds.count(FailureKind.DUPLICATE_CONTENT),
        dim=stats["dim"],
        vector_type=stats["vector_type"],
        model_id=stats["model_id"],
        database_bytes=int(stats["file_bytes"]),
        last_sync=_last_sync(config),
        settings_note=settings_note(config, index),
    )


def _last_sync(config: Config) -> dict | None:
    try:
        return json.loads((config.paths.data_dir / LAST_SYNC_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def settings_note(config: Config, index: Index) -> str:
    """A hint when the config asks for other vectors than the index holds ('' if none): first
    another embedding model (every search refuses such an index; status says why), then
    another dim or vector type (a reindex away)."""
    try:
        index.require_model(config.embedder.model)
    except ModelMismatch as exc:
        return str(exc)
    wanted = (config.embedder.dim, config.index.vector_type)
    if (index.dim, index.vector_type) == wanted:
        return ""
    return (
        f"the index holds {index.dim}-d {index.vector_type} vectors but the config asks for "
        f"{wanted[0]}-d {wanted[1]}: run `assistant reindex` (seconds, no re-embedding)"
    )


def reindex(
    config: Config,
    index: Index,
    dim: int | None,
    vector_type: str | None,
    report: Report = silent_report,
) -> int:
    """Rebuild the vector table from stored full vectors; returns the vectors written.
    A writer like a sync: it waits for the one running (and says so through `report`)."""
    with index_writer(config.paths.data_dir, "reindex", report):
        return index.rebuild_vectors(
            dim or config.embedder.dim, vector_type or config.index.vector_type
        )
