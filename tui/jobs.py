"""The app's background work: loading models, syncing the index, watching folders.

Each worker calls one session method and posts a message; the handlers below own the status
line. Whether a sync runs now or merges into the one after the running sync is the session's
decision (`Session.claim_sync`); the sync worker runs what it was given and whatever was merged
meanwhile. The watcher's callback runs on the watcher's thread and only posts a message.

Attached to a running `assistant serve` (assistant.serve.attached), the same calls reach the
server: the models are its warm ones, a sync is run by its indexer, and its watcher is the
only one; the status (and the server's own sync progress) is read every few seconds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from assistant.errors import AssistantError
from assistant.indexing.roots import load_roots
from assistant.indexing.service import Status
from assistant.indexing.sync import SyncStats
from assistant.indexing.watching import roots_source
from assistant.runtime.coalesce import SyncRequest
from assistant.runtime.session import Session
from assistant.serve.attached import ServerGone
from ingest.watcher import FolderWatcher
from tui.messages import (
    FilesChanged,
    ModelsChanged,
    ServedSync,
    ServerStopped,
    StatusChanged,
    SyncFinished,
    SyncProgress,
    WatcherNotice,
)

if TYPE_CHECKING:
    from tui.widgets.status_line import StatusLine

EVERYTHING = None  # a pending "sync all roots", as opposed to a set of paths
_QUANTISATION = re.compile(r"-(?:it|instruct)?-?(?:q\d\w*|f16|bf16|f32)$", re.IGNORECASE)


def model_wordings(model_id: str, loading: bool = False) -> tuple[str, ...]:
    """How the status line names an answer model, fullest first: 'answers: gemma-3n-e2b-it-
    q4_k_m', 'answers: gemma-3n-e2b', 'gemma-3n-e2b' (the family without its quantisation).
    A server's model keeps its host in every wording: 'answers: gemma-3n-e2b @ 192.168.1.20'."""
    model, at, host = model_id.partition(" @ ")
    family = (_QUANTISATION.sub("", model) or model) + at + host
    if loading:
        return (f"answers: loading {model_id}…", f"loading {family}…", "loading…")
    return (f"answers: {model_id}", f"answers: {family}", family)


class IndexingJobs:
    """Mixed into the App: background jobs and the handlers that report on them."""

    session: Session
    watch_folders: bool
    last_status: Status | None

    def init_jobs(self) -> None:
        self.models_loading = True
        self.models_text = "answers: loading…"
        self._watcher: FolderWatcher | None = None
        self.server_syncing = False  # the attached server's sync was last seen running

    @property
    def syncing(self) -> bool:
        return self.session.syncing

    def status_line(self) -> StatusLine | None:
        raise NotImplementedError

    def show_first_run(self, done: int = 0, total: int = 0) -> None:
        """The main screen's empty state for the current status and sync progress."""
        raise NotImplementedError

    # -- models ---------------------------------------------------------------------------------

    @work(thread=True, group="models", exit_on_error=False)
    def load_models(self) -> None:
        self.session.load_query_embedder()
        planned = self.session.answer_model_id()
        self.post_message(ModelsChanged(True, False, generator_id=planned))  # type: ignore[attr-defined]
        self.session.load_generator()
        ready = self.session.generator_ready
        self.post_message(ModelsChanged(True, ready, self.session.generator_note))  # type: ignore[attr-defined]

    def on_models_changed(self, message: ModelsChanged) -> None:
        """The status line names the answer model while it loads: "search-only" is said only
        when there is none (it used to be said during every load, a model present or not)."""
        generator = self.session.generator
        if message.generator_ready and generator is not None:
            self.models_loading = False
            wordings = model_wordings(generator.model_id)
        elif message.note:
            self.models_loading = False
            wordings = ("search-only (no answer model)", "search-only")
            self.notify(message.note, title="Search-only mode", timeout=12)  # type: ignore[attr-defined]
        elif message.generator_id:
            wordings = model_wordings(message.generator_id, loading=True)
        else:
            wordings = ("answers: loading…", "loading…")
        self.models_text = wordings[0]
        line = self.status_line()
        if line is not None:
            line.show_models(*wordings)

    # -- index status ---------------------------------------------------------------------------

    @work(thread=True, group="status", exit_on_error=False)
    def refresh_status(self) -> None:
        self.post_message(StatusChanged(self.session.status()))  # type: ignore[attr-defined]
        if self.session.server_pid:
            try:
                progress = self.session.served_sync()
            except ServerGone:
                self.post_message(ServerStopped())  # type: ignore[attr-defined]
                return
            except AssistantError:  # a server of an older version: it cannot say
                progress = None
            self.post_message(ServedSync(progress))  # type: ignore[attr-defined]

    def on_server_stopped(self, message: ServerStopped) -> None:
        """The server went away: load the models here, watch and sync, as without one. A
        question that was using the server has said so in one line already."""
        if not self.session.server_pid:
            return  # said twice by two status reads in flight
        served = self.session
        self.session = Session(served.config)
        served.close()
        self.notify(  # type: ignore[attr-defined]
            "assistant serve stopped: the models load in the app now",
            title="Server gone",
            severity="warning",
        )
        self.server_syncing = False
        self.load_models()
        self.refresh_status()
        self.start_watcher()
        self.start_sync()

    def on_served_sync(self, message: ServedSync) -> None:
        """The server's own syncs (its first one, its watcher's batches) on the status line."""
        line = self.status_line()
        if message.progress is not None:
            self.server_syncing = True
            if line is not None:
                line.show_progress(*message.progress)
        elif self.server_syncing:
            self.server_syncing = False
            if line is not None:
                line.sync_done("synced by assistant serve")

    def on_status_changed(self, message: StatusChanged) -> None:
        self.last_status = message.status
        line = self.status_line()
        if line is not None:
            line.show_status(message.status)
        self.show_first_run()

    # -- syncing --------------------------------------------------------------------------------

    def start_sync(self, paths: set[Path] | None = EVERYTHING) -> None:
        """Sync now, or after the running sync (merged with whatever else is waiting)."""
        request = self.session.claim_sync(paths)
        if request is not None:
            self.run_sync(request)

    @work(thread=True, group="sync", exit_on_error=False)
    def run_sync(self, request: SyncRequest) -> None:
        def report(text: str, done: int = 0, total: int = 0) -> None:
            self.post_message(SyncProgress(text, done, total))  # type: ignore[attr-defined]

        def done(stats: SyncStats) -> None:
            self.post_message(SyncFinished(stats))  # type: ignore[attr-defined]

        self.session.run_syncs(request, report, done)

    def on_sync_progress(self, message: SyncProgress) -> None:
        line = self.status_line()
        if line is not None:
            line.show_progress(message.text, message.done, message.total)
        self.show_first_run(message.done, message.total)

    def on_sync_finished(self, message: SyncFinished) -> None:
        stats = message.stats
        line = self.status_line()
        if line is not None:
            changed = stats.documents_indexed + stats.deleted
            line.sync_done(f"synced: {changed} changed, {stats.failed} failed")
        self.refresh_status()

    # -- watching -------------------------------------------------------------------------------

    def start_watcher(self) -> None:
        """(Re)start watching the registered roots; attached to `assistant serve`, its
        watcher is the one (a second would sync every change twice)."""
        self.stop_watcher()
        config = self.session.config
        line = self.status_line()
        if self.session.server_pid:
            if line is not None:
                line.show_watcher(f"by assistant serve (pid {self.session.server_pid})", "served")
            return
        roots = load_roots(config)
        if not self.watch_folders or not roots:
            if line is not None:
                line.show_watcher("off" if not self.watch_folders else "no folders")
            return
        self._watcher = FolderWatcher(
            roots,
            lambda paths: self.post_message(FilesChanged(paths)),  # type: ignore[attr-defined]
            debounce=config.index.watch_debounce_seconds,
            reconcile_every=config.index.watch_reconcile_seconds,
            source=roots_source(config),
            on_notice=lambda text: self.post_message(WatcherNotice(text)),  # type: ignore[attr-defined]
        )
        self._watcher.start()
        self.show_watched()

    def show_watched(self) -> None:
        """The status line's folder count, from the watcher's own roots: it follows roots.json
        by itself, so a folder added by `assistant add` while the app runs shows up here at
        its first batch."""
        line = self.status_line()
        if line is None or self._watcher is None:
            return
        polling = " (polling)" if self._watcher.backend == "polling" else ""
        count = len(self._watcher.roots)
        folders = f"{count} folder{'' if count == 1 else 's'}"
        line.show_watcher(folders + polling, folders)

    def stop_watcher(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None

    def on_files_changed(self, message: FilesChanged) -> None:
        self.show_watched()
        self.start_sync(message.paths)

    def on_watcher_notice(self, message: WatcherNotice) -> None:
        self.notify(message.text, title="Folder watcher", severity="warning", timeout=20)  # type: ignore[attr-defined]

    def folders_changed(self) -> None:
        """Roots were added or removed: watch the new set and reconcile everything."""
        self.refresh_status()
        self.start_watcher()
        self.start_sync(EVERYTHING)
