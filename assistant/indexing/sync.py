"""Reconcile the folders on disk with the index: where files, readers, embedder and store meet.

Read top to bottom, one sync is:
1. scan the roots (stat only) and compare size + mtime with what the index recorded;
2. delete documents whose files are gone (or no longer under any root), first: a copy of a
   removed folder's mail must not be a duplicate of rows this same sync deletes;
3. for each new or changed file: read it, chunk it, embed only chunks whose content hash has
   no cached vector (vectors of rows just deleted still count), and replace the document;
4. thread the mail again when it changed (assistant.indexing.threads);
5. drop cached vectors nothing uses any more.
Because vectors are cached by chunk hash, a rename or move costs a read but zero embeddings,
and a crash loses at most the document being written: the next sync skips every document
already committed (its size and mtime match; an mbox's messages too, see `stamps`) and
finishes the rest.

Bad input never ends a sync: an unreadable file is recorded with the reason (and retried
when the reason was its situation, e.g. permissions, which change no mtime); a file that
vanished since the scan leaves the index; documents below an unlistable folder are kept.
Only the store's errors (disk full, read-only index) stop a sync, as one `StoreError`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import ingest
from assistant.config import Config
from assistant.display import plural
from assistant.indexing import stamps, threads
from assistant.indexing.duplicates import original_of
from assistant.indexing.records import to_chunk_record, to_record
from assistant.indexing.roots import is_under
from assistant.indexing.targets import below, outermost, path_key
from assistant.progress import Report, silent_report
from assistant.runtime.embedder import DocumentText
from assistant.runtime.protocols import DocumentEmbedder
from identity import DocumentKey, FailureKind, ReadFailure
from ingest.documents import Document, ReadResult
from ingest.limits import ReadLimits
from ingest.ocr import OcrSettings
from ingest.scan import FileInfo, ScanRules, Skipped, scan
from ingest.sizes import MB
from store import Index


@dataclass
class SyncStats:
    """What one sync did; printed as the summary and returned to the TUI."""

    files_seen: int = 0
    unchanged: int = 0
    documents_indexed: int = 0
    failed: int = 0
    skipped: int = 0
    deleted: int = 0
    chunks: int = 0
    embedded: int = 0
    reused: int = 0
    rethreaded: int = 0  # mails whose thread place changed
    tokens_embedded: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    # The files whose documents were written or deleted, for `watch` to name; not part of the
    # summary (a first sync would list every file).
    indexed_files: list[str] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        summary = asdict(self)
        del summary["indexed_files"], summary["removed_files"]
        return summary


def scan_rules(config: Config) -> ScanRules:
    return ScanRules(ignore_globs=config.index.ignore, max_bytes=config.index.max_file_mb * MB)


def read_limits(config: Config, between_pages: Callable[[], None] | None = None) -> ReadLimits:
    index = config.index
    return ReadLimits(
        max_note_bytes=index.max_note_mb * MB,
        max_attachment_bytes=index.max_attachment_mb * MB,
        max_pdf_pages=index.max_pdf_pages,
        pdf_seconds=index.pdf_seconds,
        ocr=OcrSettings(
            mode=index.ocr,
            page_seconds=index.ocr_seconds,
            memory_mb=index.ocr_memory_mb,
            max_pixels=index.ocr_max_megapixels * 1_000_000,
            cache_dir=str(ocr_cache_dir(config)),
        ),
        between_pages=between_pages,
    )


def ocr_cache_dir(config: Config) -> Path:
    """OCR's results by content hash (ingest/ocr.py), beside the index: private text."""
    return config.paths.data_dir / "ocr-cache"


class Syncer:
    """Runs syncs for one index and one embedder (both long-lived, shared with searches)."""

    def __init__(
        self,
        config: Config,
        index: Index,
        embedder: DocumentEmbedder,
        report: Report = silent_report,
    ) -> None:
        self.config = config
        self.index = index
        self.embedder = embedder
        self.report = report
        # A gated embedder (assistant.runtime.gate) lets OCR wait between pages too.
        self.limits = read_limits(config, getattr(embedder, "wait_turn", None))

    def sync(self, roots: Iterable[Path], only: Iterable[Path] | None = None) -> SyncStats:
        """Reconcile `roots` (all of them) or just the paths in `only` (watcher batches)."""
        started = time.perf_counter()
        stats = SyncStats()
        roots = [Path(r) for r in roots]
        targets = outermost([Path(p) for p in only]) if only is not None else roots
        known = stamps.KnownFiles.of(self.index)
        mail_before = threads.mail_state(self.index)
        to_read: list[FileInfo] = []
        seen: set[str] = set()
        unlisted: list[Path] = []  # folders we could not look into: keep what was below
        for item in self._scan(targets):
            stats.files_seen += 1
            seen.add(path_key(item.path))
            if isinstance(item, Skipped):
                self._record_skip(item, stats)
                if item.failure.kind is FailureKind.CANNOT_LIST:
                    unlisted.append(item.path)
            elif known.unchanged(item):
                stats.unchanged += 1
            else:
                to_read.append(item)
        self._delete_missing(roots, targets, unlisted, known.rows, seen, stats)  # step 2
        self._index_files(to_read, stats)
        stats.rethreaded = threads.rethread_if_changed(self.index, mail_before) or 0
        if only is None:
            self.index.prune_embeddings()
        stats.seconds = time.perf_counter() - started
        return stats

    def _scan(self, targets: list[Path]) -> Iterable[FileInfo | Skipped]:
        rules = scan_rules(self.config)
        for target in targets:
            if target.exists():
                yield from scan(target, rules, ingest.supported)

    def _record_skip(self, item: Skipped, stats: SyncStats) -> None:
        stats.skipped += 1
        key = DocumentKey(Path(path_key(item.path)))
        stats.failures.append((key.text, item.reason))
        self.index.record_failure(key, ingest.guess_kind(item.path), item.failure, 0, 0.0)

    def _index_files(self, files: list[FileInfo], stats: SyncStats) -> None:
        total_bytes = sum(f.size for f in files) or 1
        done_bytes, started = 0, time.perf_counter()
        for number, info in enumerate(files, start=1):
            self._index_file(info, stats)
            done_bytes += info.size
            elapsed = time.perf_counter() - started
            eta = elapsed / done_bytes * (total_bytes - done_bytes) if done_bytes else 0.0
            rate = stats.tokens_embedded / elapsed if elapsed else 0.0
            self.report(
                f"{number}/{plural(len(files), 'file')} · {plural(stats.chunks, 'chunk')} · "
                f"{rate:.0f} tok/s · "
                f"ETA {eta:.0f}s · {info.path.name}",
                number,
                len(files),
            )

    def _index_file(self, scanned: FileInfo, stats: SyncStats) -> None:
        written, deleted = stats.documents_indexed, stats.deleted
        self._read_and_write(scanned, stats)
        if stats.documents_indexed > written:
            stats.indexed_files.append(str(scanned.path))
        elif stats.deleted > deleted:
            stats.removed_files.append(str(scanned.path))

    def _read_and_write(self, scanned: FileInfo, stats: SyncStats) -> None:
        info = stamps.as_recorded(scanned, time.time())  # before the read: see stamps, racy
        result: ReadResult = ingest.read(info.path, self.limits)
        if result.read_failure is not None:
            self._record_read_failure(info, result.kind, result.read_failure, stats)
            return
        if stamps.same_content(result, self._rows_of(info.path)):
            stats.unchanged += 1  # touched, or a racy stamp looked at again: only restamp
        else:
            self._replace_rows_of(info.path, keep=self._write_all(result, info, stats))
            if not stamps.holds_messages(result):
                return
        # the mbox is complete (or the content is as indexed): its rows get the real stamp
        self.index.restamp_file(str(info.path), info.size, info.mtime_ns / 1e9)

    def _record_read_failure(
        self, info: FileInfo, kind: str, failure: ReadFailure, stats: SyncStats
    ) -> None:
        if failure.kind is FailureKind.NOT_FOUND and not info.path.exists():
            stats.deleted += self._replace_rows_of(info.path, keep=set())  # gone since the scan
            return
        if stamps.same_failure(failure, self._rows_of(info.path)):  # a racy stamp, looked at again
            stats.unchanged += 1
            self.index.restamp_file(str(info.path), info.size, info.mtime_ns / 1e9)
            return
        stats.failed += 1
        stats.failures.append((str(info.path), failure.detail))
        self._replace_rows_of(info.path, keep=set())
        key = DocumentKey(info.path)
        self.index.record_failure(key, kind, failure, info.size, info.mtime_ns / 1e9)

    def _write_all(self, result: ReadResult, info: FileInfo, stats: SyncStats) -> set[str]:
        """Write the file's documents (an mbox's with pending stamps, see `stamps`) and
        return their keys; messages an interrupted read of this file committed stay as they are."""
        many = stamps.holds_messages(result)
        stamp = stamps.pending(info) if many else info
        stored = {r["source_path"]: r for r in self._rows_of(info.path)} if many else {}
        written = set()
        for doc in result.documents:
            key = doc.key
            written.add(key.text)
            if stamps.committed(stored.get(key.text), doc, stamp):
                continue
            original = original_of(self.index, doc, key)
            if original:
                stats.skipped += 1
                mtime = stamp.mtime_ns / 1e9
                self.index.record_failure(
                    key, doc.kind, original.failure, info.size, mtime, original.key
                )
            else:
                self._write_document(doc, key, stamp, stats)
        return written

    def _chunks(
        self, doc: Document, key: DocumentKey, info: FileInfo, stats: SyncStats
    ) -> list[ingest.Chunk] | None:
        """The document's chunks, or None after recording why the chunker failed on it."""
        try:
            return ingest.chunk(
                doc,
                self.embedder.count_tokens,
                target_tokens=self.config.index.chunk_target_tokens,
                max_tokens=self.config.index.chunk_max_tokens,
            )
        except Exception as exc:  # a chunker bug on odd text must not end the sync
            failure = ReadFailure.cannot_chunk(exc)
            stats.failed += 1
            stats.failures.append((key.text, failure.detail))
            self.index.record_failure(key, doc.kind, failure, info.size, info.mtime_ns / 1e9)
            return None

    def _write_document(
        self, doc: Document, key: DocumentKey, info: FileInfo, stats: SyncStats
    ) -> None:
        chunks = self._chunks(doc, key, info, stats)
        if chunks is None:
            return
        model_id = self.embedder.model_id
        vectors = self.index.cached_vectors([c.content_hash for c in chunks], model_id)
        stats.reused += len(vectors)
        for chunk in chunks:
            if chunk.content_hash in vectors:
                continue
            (vector,) = self.embedder.embed_documents(
                [DocumentText(chunk.text, chunk.title)], truncate=True
            )
            vectors[chunk.content_hash] = vector
            stats.embedded += 1
            stats.tokens_embedded += chunk.token_count
        self.index.replace_document(
            to_record(doc, key, info), [to_chunk_record(c) for c in chunks], vectors, model_id
        )
        stats.documents_indexed += 1
        stats.chunks += len(chunks)

    def _rows_of(self, path: Path) -> list[dict]:
        return self.index.documents_of_file(str(path))

    def _replace_rows_of(self, path: Path, keep: set[str]) -> int:
        """Delete this file's rows that the latest read did not produce (e.g. mbox messages)."""
        deleted = 0
        for row in self._rows_of(path):
            if str(row["source_path"]) not in keep:
                deleted += self.index.delete_document(str(row["source_path"]))
        return deleted

    def _delete_missing(
        self,
        roots: list[Path],
        targets: list[Path],
        unlisted: list[Path],
        known: dict[str, list[dict]],
        seen: set[str],
        stats: SyncStats,
    ) -> None:
        """Rows of files below a target that the scan did not see, or outside every root;
        files below a folder that could not be listed were not looked for, so they stay."""
        looked_at, not_listed = set(targets), set(unlisted)
        inside, looked = tuple(os.path.join(str(r), "") for r in roots), tuple(map(str, targets))
        for file_path, rows in known.items():
            if file_path.startswith(inside) and not file_path.startswith(looked):
                continue  # below a root, not in this batch: stays (a string test: 20,000 rows)
            path = Path(file_path)
            missing = file_path not in seen and below(path, looked_at)
            if (missing and not below(path, not_listed)) or not is_under(path, roots):
                stats.removed_files.append(file_path)
                for row in rows:
                    stats.deleted += self.index.delete_document(str(row["source_path"]))
