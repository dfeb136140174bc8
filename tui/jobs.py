"""The app's background work: loading models, syncing the index, watching folders.

Each worker calls one backend function and posts a message; the handlers below own the
status line. Syncs never overlap: changes that arrive during a sync are merged and run as
one more sync when it ends. The watcher's callback runs on the watcher's thread and only
posts a message.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual import work

from assistant.indexing.roots import load_roots
from assistant.indexing.service import Status
from ingest.watcher import FolderWatcher
from tui.indexing_gate import IndexingStopped
from tui.messages import FilesChanged, ModelsChanged, StatusChanged, SyncFinished, SyncProgress

if TYPE_CHECKING:
    from tui.backend import Backend
    from tui.widgets.status_line import StatusLine

EVERYTHING = None  # a pending "sync all roots", as opposed to a set of paths


class IndexingJobs:
    """Mixed into the App: background jobs and the handlers that report on them."""

    backend: Backend
    watch_folders: bool
    last_status: Status | None

    def init_jobs(self) -> None:
        self.syncing = False
        self.models_loading = True
        self.models_text = "answers: loading… (search-only)"
        self._pending: set[Path] | Literal[False] | None = False  # False: nothing pending
        self._watcher: FolderWatcher | None = None

    def status_line(self) -> StatusLine | None:
        raise NotImplementedError

    # -- models ---------------------------------------------------------------------------------

    @work(thread=True, group="models", exit_on_error=False)
    def load_models(self) -> None:
        self.backend.load_query_embedder()
        self.post_message(ModelsChanged(True, False))  # type: ignore[attr-defined]
        self.backend.load_generator()
        ready = self.backend.generator_ready
        self.post_message(ModelsChanged(True, ready, self.backend.generator_note))  # type: ignore[attr-defined]

    def on_models_changed(self, message: ModelsChanged) -> None:
        generator = self.backend.generator
        if message.generator_ready and generator is not None:
            self.models_loading, self.models_text = False, f"answers: {generator.model_id}"
        elif message.note:
            self.models_loading = False
            self.models_text = "search-only (no answer model)"
            self.notify(message.note, title="Search-only mode", timeout=12)  # type: ignore[attr-defined]
        line = self.status_line()
        if line is not None:
            line.show_models(self.models_text)

    # -- index status ---------------------------------------------------------------------------

    @work(thread=True, group="status", exit_on_error=False)
    def refresh_status(self) -> None:
        self.post_message(StatusChanged(self.backend.status()))  # type: ignore[attr-defined]

    def on_status_changed(self, message: StatusChanged) -> None:
        self.last_status = message.status
        line = self.status_line()
        if line is not None:
            line.show_status(message.status)

    # -- syncing --------------------------------------------------------------------------------

    def start_sync(self, paths: set[Path] | None = EVERYTHING) -> None:
        """Sync now, or after the running sync (merged with whatever else is waiting)."""
        if self.syncing:
            if paths is None or self._pending is None:
                self._pending = None
            else:
                self._pending = (self._pending or set()) | paths
            return
        self.syncing = True
        self.run_sync(sorted(paths) if paths is not None else None)

    @work(thread=True, group="sync", exit_on_error=False)
    def run_sync(self, paths: list[Path] | None) -> None:
        def report(text: str, done: int = 0, total: int = 0) -> None:
            self.post_message(SyncProgress(text, done, total))  # type: ignore[attr-defined]

        try:
            stats = self.backend.sync(paths, report)
        except IndexingStopped:
            return  # the app is closing; what was committed stays, the next sync does the rest
        finally:
            self.syncing = False
        self.post_message(SyncFinished(stats))  # type: ignore[attr-defined]

    def on_sync_progress(self, message: SyncProgress) -> None:
        line = self.status_line()
        if line is not None:
            line.show_progress(message.text, message.done, message.total)

    def on_sync_finished(self, message: SyncFinished) -> None:
        stats = message.stats
        line = self.status_line()
        if line is not None:
            changed = stats.documents_indexed + stats.deleted
            line.sync_done(f"synced: {changed} changed, {stats.failed} failed")
        self.refresh_status()
        self._run_pending()

    def _run_pending(self) -> None:
        pending, self._pending = self._pending, False
        if pending is not False:
            self.start_sync(pending if isinstance(pending, set) else EVERYTHING)

    # -- watching -------------------------------------------------------------------------------

    def start_watcher(self) -> None:
        """(Re)start watching the registered roots."""
        self.stop_watcher()
        config = self.backend.config
        roots = load_roots(config)
        line = self.status_line()
        if not self.watch_folders or not roots:
            if line is not None:
                line.show_watcher("off" if not self.watch_folders else "no folders")
            return
        self._watcher = FolderWatcher(
            roots,
            lambda paths: self.post_message(FilesChanged(paths)),  # type: ignore[attr-defined]
            debounce=config.index.watch_debounce_seconds,
            reconcile_every=config.index.watch_reconcile_seconds,
        )
        self._watcher.start()
        if line is not None:
            line.show_watcher(f"{len(roots)} folders")

    def stop_watcher(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None

    def on_files_changed(self, message: FilesChanged) -> None:
        self.start_sync(message.paths)

    def folders_changed(self) -> None:
        """Roots were added or removed: watch the new set and reconcile everything."""
        self.start_watcher()
        self.start_sync(EVERYTHING)
