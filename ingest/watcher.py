"""Watch registered folders and hand over settled batches of changed paths.

Editors and mail clients touch a file several times per save (temp file, rename, chmod), so
events are debounced: nothing is reported until the folder has been quiet for `debounce`
seconds, and then every path touched in the burst is reported once, together. The watchdog
handler only records the path (it runs on the observer thread and must stay cheap); a single
batcher thread does the waiting and calls back, so batches never overlap. A folder that never
falls quiet (a mail client syncing for minutes, a build writing logs) would otherwise never
be indexed, so a batch is also cut `max_delay` seconds after its first event.

The batcher also notices a root that disappears (an unmounted disk, a deleted folder) and
starts watching it again when it comes back, reporting the whole root so it is re-synced;
and every `reconcile_every` seconds it asks for a full reconcile (``None``) to catch events
the operating system dropped.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

log = logging.getLogger(__name__)
Batch = Callable[[set[Path] | None], None]
POLL_SECONDS = 0.2
MAX_DELAY_FACTOR = 10  # default max_delay: this many debounce periods


class _Recorder(FileSystemEventHandler):
    """Runs on the observer thread: records paths, nothing else."""

    def __init__(self, inbox: queue.SimpleQueue[Path]) -> None:
        self.inbox = inbox

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reads change nothing
        self.inbox.put(Path(str(event.src_path)))
        if getattr(event, "dest_path", ""):
            self.inbox.put(Path(str(event.dest_path)))


class FolderWatcher:
    """Calls `on_batch(paths)` for settled changes and `on_batch(None)` to reconcile all."""

    def __init__(
        self,
        roots: list[Path],
        on_batch: Batch,
        *,
        debounce: float = 1.0,
        reconcile_every: float = 600.0,
        max_delay: float | None = None,
    ) -> None:
        self.roots = list(roots)
        self.on_batch = on_batch
        self.debounce = debounce
        self.reconcile_every = reconcile_every
        self.max_delay = MAX_DELAY_FACTOR * debounce if max_delay is None else max_delay
        self._inbox: queue.SimpleQueue[Path] = queue.SimpleQueue()
        self._observer = Observer()
        self._watches: dict[Path, ObservedWatch] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="folder-watcher", daemon=True)

    @property
    def watched(self) -> list[Path]:
        """Roots currently under watch (a vanished root is not, until it returns)."""
        return list(self._watches)

    def start(self) -> None:
        self._refresh_watches()
        self._observer.start()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._observer.stop()
        self._observer.join(timeout=10)

    def _refresh_watches(self) -> set[Path]:
        """Watch roots that exist, forget ones that vanished; return roots that came back."""
        returned = set()
        for root in self.roots:
            exists = root.exists()
            if exists and root not in self._watches:
                target = root if root.is_dir() else root.parent
                self._watches[root] = self._observer.schedule(
                    _Recorder(self._inbox), str(target), recursive=True
                )
                returned.add(root)
            elif not exists and root in self._watches:
                self._observer.unschedule(self._watches.pop(root))
                returned.add(root)  # report it, so its documents leave the index
        return returned

    def _run(self) -> None:
        pending: set[Path] = set()
        last_event = first_event = last_reconcile = time.monotonic()
        while not self._stop.is_set():
            try:
                path = self._inbox.get(timeout=POLL_SECONDS)
                last_event = time.monotonic()
                first_event = first_event if pending else last_event
                pending.add(path)
                if last_event - first_event < self.max_delay:
                    continue
            except queue.Empty:
                pending |= self._refresh_watches()
            now = time.monotonic()
            quiet = now - last_event >= self.debounce
            if pending and (quiet or now - first_event >= self.max_delay):
                batch, pending = pending, set()
                self._deliver(batch)
            elif now - last_reconcile >= self.reconcile_every:
                last_reconcile = now
                self._deliver(None)

    def _deliver(self, batch: set[Path] | None) -> None:
        try:
            self.on_batch(batch)
        except Exception:  # a failing batch must not kill the watcher
            log.exception("indexing a batch of changes failed; the next reconcile retries")
