"""Syncs never overlap: what arrives during a sync waits, merged, and runs as one more sync.

A watcher batch, a "sync now" and a folder added in the app can all ask for a sync while one
runs. Running them side by side would have two threads write the same documents; queueing
them one by one would repeat work the merged set does once. So a request made while a sync
runs is merged into a single pending request (a request for everything absorbs any set of
paths), and the thread that ran the sync takes the pending one when it ends. The decision is
made under one lock, so no request is lost between "a sync ends" and "a request arrives".
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SyncRequest:
    """What one sync covers: some paths below the roots, or (paths None) every root."""

    paths: frozenset[Path] | None = None

    @classmethod
    def of(cls, paths: Iterable[Path] | None) -> SyncRequest:
        """None or no paths at all: everything (as `run_sync` reads an empty list)."""
        chosen = frozenset(paths) if paths is not None else frozenset()
        return cls(chosen or None)

    def merged(self, other: SyncRequest | None) -> SyncRequest:
        if other is None:
            return self
        if self.paths is None or other.paths is None:
            return SyncRequest(None)
        return SyncRequest(self.paths | other.paths)

    def path_list(self) -> list[Path] | None:
        """The paths for `run_sync`, sorted (None: every root)."""
        return sorted(self.paths) if self.paths is not None else None


class SyncQueue:
    """At most one running sync, and at most one pending request merged from all the others."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = False
        self._pending: SyncRequest | None = None

    @property
    def running(self) -> bool:
        return self._running

    @property
    def pending(self) -> SyncRequest | None:
        return self._pending

    def submit(self, paths: Iterable[Path] | None) -> SyncRequest | None:
        """The request to run now (the caller must run it), or None: merged, a sync runs.

        Whatever an abandoned sync left pending joins the request that runs now.
        """
        with self._lock:
            request = SyncRequest.of(paths).merged(self._pending)
            if self._running:
                self._pending = request
                return None
            self._running, self._pending = True, None
            return request

    def finish(self) -> SyncRequest | None:
        """The running sync ended: the merged pending request to run next, or None (idle)."""
        with self._lock:
            upcoming, self._pending = self._pending, None
            self._running = upcoming is not None
            return upcoming

    def abandon(self) -> None:
        """The running sync failed or was stopped: idle; what is pending waits for a submit."""
        with self._lock:
            self._running = False
