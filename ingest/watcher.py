"""Watch registered folders and hand over settled batches of changed paths.

Editors and mail clients touch a file several times per save (temp file, rename, chmod), so
events are debounced: nothing is reported until the folder has been quiet for `debounce`
seconds, and then every path touched in the burst is reported once, together. The watchdog
handler only records the path (it runs on the observer thread and must stay cheap); a single
batcher thread does the waiting and calls back, so batches never overlap. A folder that never
falls quiet (a mail client syncing for minutes, a build writing logs) would otherwise never
be indexed, so a batch is also cut `max_delay` seconds after its first event.

The batcher also notices a root that disappears (an unmounted disk, a deleted folder), or is
deleted and re-created between two looks (its watch died with the old folder), and watches it
again when it is back, reporting the whole root so it is re-synced. Given a `RootsSource` it
follows the registered roots: the roots file is stat-ed at every idle tick (cheaper and
quieter than watching the data folder, whose database files change at every write), a new
root is watched and reported for its first sync, a removed one is unwatched and a reconcile
(``None``) takes its documents out. Every `reconcile_every` seconds, and at once when the
kernel's event queue overflowed, it asks for a full reconcile to catch events that were lost.
Which observer watches (inotify, or polling when inotify is used up) is `ingest.observers`'s.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.api import BaseObserver, ObservedWatch

from ingest import observers

log = logging.getLogger(__name__)
Batch = Callable[[set[Path] | None], None]
Notice = Callable[[str], None]
POLL_SECONDS = 0.2
MAX_DELAY_FACTOR = 10  # default max_delay: this many debounce periods
MIN_RECONCILE_SECONDS = 1.0  # a 0 from a hand-edited config must not mean "sync forever"
RECONCILE = None  # put in the inbox: "events were lost, reconcile everything now"


@dataclass(frozen=True)
class RootsSource:
    """Where the registered roots are kept: a file whose change means "load them again"."""

    file: Path
    load: Callable[[], list[Path]]


class _Recorder(FileSystemEventHandler):
    """Runs on the observer thread: records paths, nothing else."""

    def __init__(self, inbox: queue.SimpleQueue[Path | None]) -> None:
        self.inbox = inbox

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reads change nothing
        self.inbox.put(Path(str(event.src_path)))
        if getattr(event, "dest_path", ""):
            self.inbox.put(Path(str(event.dest_path)))


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file (or folder) is replaced or rewritten; None if it is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


def _target(root: Path) -> Path:
    """The folder to watch for a root: itself, or the folder holding a single-file root."""
    return root if root.is_dir() else root.parent


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
        source: RootsSource | None = None,
        on_notice: Notice | None = None,
        make_observer: Callable[[], BaseObserver] | None = None,
    ) -> None:
        self.roots = list(roots)
        self.on_batch = on_batch
        self.debounce = max(0.0, debounce)
        self.reconcile_every = max(MIN_RECONCILE_SECONDS, reconcile_every)
        self.max_delay = MAX_DELAY_FACTOR * self.debounce if max_delay is None else max_delay
        self.source = source
        self.on_notice = on_notice
        self.notices: list[str] = []
        self._make_observer = make_observer
        self._observer: BaseObserver | None = None
        self._inbox: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
        self._watches: dict[Path, ObservedWatch] = {}
        self._identity: dict[Path, int] = {}
        self._refused: set[Path] = set()  # roots watchdog would not watch, said once
        self._roots_stamp = _stamp(source.file) if source else None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="folder-watcher", daemon=True)

    @property
    def watched(self) -> list[Path]:
        """Roots currently under watch (a vanished root is not, until it returns)."""
        return list(self._watches)

    @property
    def backend(self) -> str:
        """The observer in use: "inotify" (the platform's native one), "polling" or "none"."""
        return observers.backend_name(self._observer) if self._observer else "none"

    def start(self) -> None:
        try:
            self._observer = (self._make_observer or observers.native_observer)()
        except OSError as exc:
            self._observer = self._fallback(exc)
        self._observer.start()  # first: scheduling on a running observer raises at the root
        self._refresh_watches()
        self._check_watch_limit()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=10)

    # -- observers ------------------------------------------------------------------------------

    def _fallback(self, exc: OSError) -> BaseObserver:
        """Say which inotify limit ran out and hand back a polling observer (others re-raise)."""
        notice = observers.limit_notice(exc)
        if notice is None:
            raise exc
        self.notices.append(notice)
        log.warning("%s", notice)
        if self.on_notice is not None:
            self.on_notice(notice)  # the terminal or the app: the log alone goes unread
        return observers.polling_observer()

    def _check_watch_limit(self) -> None:
        """Inotify refuses the folders below a root in silence when the watches run out."""
        if self.backend == "polling" or not self._watches:
            return
        if observers.watches_exhausted(_target(next(iter(self._watches)))):
            self._switch_to_polling(OSError(28, "inotify watch limit reached"))

    def _switch_to_polling(self, exc: OSError) -> None:
        assert self._observer is not None
        old, self._observer = self._observer, self._fallback(exc)
        old.stop()  # its watches free the user's quota
        if old.is_alive():
            old.join(timeout=10)
        self._watches.clear()
        self._refresh_watches()
        self._observer.start()
        self._inbox.put(RECONCILE)  # whatever changed while switching

    def _schedule(self, root: Path) -> None:
        assert self._observer is not None
        target = _target(root)
        try:
            watch = self._observer.schedule(_Recorder(self._inbox), str(target), recursive=True)
        except OSError as exc:
            if self.backend != "polling" and observers.limit_notice(exc) is not None:
                self._switch_to_polling(exc)  # schedules every root, this one included
            elif root not in self._refused:  # unreadable, say: tried again at every tick
                self._refused.add(root)
                log.warning("cannot watch %s (%s); the periodic reconcile covers it", root, exc)
            return
        self._refused.discard(root)
        self._watches[root] = watch
        self._identity[root] = os.stat(target).st_ino
        observers.listen_for_overflow(self._observer, target, lambda: self._inbox.put(RECONCILE))

    def _unschedule(self, root: Path) -> None:
        watch = self._watches.pop(root)
        self._identity.pop(root, None)
        if self._observer is not None:
            with contextlib.suppress(KeyError):  # watchdog dropped the watch of a deleted folder
                self._observer.unschedule(watch)

    # -- roots ----------------------------------------------------------------------------------

    def _refresh_watches(self) -> set[Path]:
        """Watch roots that exist, forget ones that vanished; return roots to re-sync."""
        changed = set()
        for root in self.roots:
            stamp = _stamp(_target(root)) if root.exists() else None
            if root in self._watches and (stamp is None or self._stale(root, stamp[0])):
                self._unschedule(root)  # gone, or replaced by a new folder of the same name
                changed.add(root)  # report it, so its documents leave the index
            if stamp is not None and root not in self._watches:
                self._schedule(root)
                if root in self._watches:  # a refused root is not re-synced at every tick
                    changed.add(root)
        return changed

    def _stale(self, root: Path, inode: int) -> bool:
        """The watch no longer sees the root: a new inode, or watchdog stopped the emitter of a
        deleted folder (the kernel may give the re-created folder the same inode number)."""
        if inode != self._identity.get(root) or self._observer is None:
            return True
        watch = self._watches[root]
        return not any(e.watch == watch and e.is_alive() for e in self._observer.emitters)

    def _follow_roots(self) -> tuple[set[Path], bool]:
        """Roots added to the roots file since the last look, and whether any were removed."""
        if self.source is None or _stamp(self.source.file) == self._roots_stamp:
            return set(), False
        self._roots_stamp = _stamp(self.source.file)
        try:
            roots = self.source.load()
        except Exception as exc:  # a damaged file: keep watching what we watch
            log.warning("could not read the registered folders (%s); watching the old set", exc)
            return set(), False
        added = [r for r in roots if r not in self.roots]
        removed = [r for r in self.roots if r not in roots]
        for root in removed:
            if root in self._watches:
                self._unschedule(root)
        self.roots = list(roots)
        for root in added:
            if root.exists():
                self._schedule(root)
        if added:
            self._check_watch_limit()
        return set(added), bool(removed)

    # -- the batcher ----------------------------------------------------------------------------

    def _run(self) -> None:
        pending: set[Path] = set()
        reconcile_now = False
        last_event = first_event = last_reconcile = time.monotonic()
        while not self._stop.is_set():
            try:
                path = self._inbox.get(timeout=POLL_SECONDS)
                if path is RECONCILE:
                    reconcile_now = True
                else:
                    last_event = time.monotonic()
                    first_event = first_event if pending else last_event
                    pending.add(path)
                    if last_event - first_event < self.max_delay:
                        continue
            except queue.Empty:
                added, removed = self._follow_roots()
                pending |= added | self._refresh_watches()
                reconcile_now = reconcile_now or removed
            now = time.monotonic()
            quiet = now - last_event >= self.debounce
            if reconcile_now or (not pending and now - last_reconcile >= self.reconcile_every):
                reconcile_now, pending = False, set()  # a reconcile covers every pending path
                self._deliver(None)
                last_reconcile = time.monotonic()  # from its end: a slow sync cannot spin
            elif pending and (quiet or now - first_event >= self.max_delay):
                batch, pending = pending, set()
                self._deliver(batch)

    def _deliver(self, batch: set[Path] | None) -> None:
        try:
            self.on_batch(batch)
        except Exception:  # a failing batch must not kill the watcher
            log.exception("indexing a batch of changes failed; the next reconcile retries")
