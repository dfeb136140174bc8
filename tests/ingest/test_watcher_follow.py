"""The watcher follows the roots file, re-watches a re-created root and clamps its timers.

Issue 11: a root added while watching was not watched until restart, a removed one kept being
watched, a root deleted and re-created between two looks stayed on its dead watch, and
`watch_reconcile_seconds = 0` ran a full reconcile every 0.2 s.
"""

from __future__ import annotations

import json
import queue
import shutil
import time
from pathlib import Path

from ingest.watcher import MIN_RECONCILE_SECONDS, FolderWatcher, RootsSource
from tests.ingest.test_watcher import WAIT, drain_until


class RootsFile:
    """A roots.json stand-in, replaced atomically like `assistant add` does."""

    def __init__(self, path: Path, roots: list[Path]) -> None:
        self.path = path
        self.write(roots)

    def write(self, roots: list[Path]) -> None:
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps([str(r) for r in roots]))
        temporary.replace(self.path)

    def load(self) -> list[Path]:
        return [Path(p) for p in json.loads(self.path.read_text())]


def follow(roots_file: RootsFile, **options: float) -> tuple[FolderWatcher, queue.Queue]:
    batches: queue.Queue = queue.Queue()
    source = RootsSource(roots_file.path, roots_file.load)
    watcher = FolderWatcher(roots_file.load(), batches.put, debounce=0.3, source=source, **options)
    watcher.start()
    return watcher, batches


def wait_for_reconcile(batches: queue.Queue) -> None:
    while batches.get(timeout=WAIT) is not None:
        pass


def test_a_root_added_while_watching_is_watched_and_synced(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    roots = RootsFile(tmp_path / "roots.json", [first])
    watcher, batches = follow(roots)
    try:
        roots.write([first, second])
        assert second in drain_until(batches, {second}), "its first sync"
        assert set(watcher.watched) == {first, second}
        (second / "new.md").write_text("neu")
        drain_until(batches, {second / "new.md"})
    finally:
        watcher.stop()


def test_a_root_removed_while_watching_is_unwatched_and_reconciled(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    roots = RootsFile(tmp_path / "roots.json", [first, second])
    watcher, batches = follow(roots, reconcile_every=1e9)
    try:
        roots.write([first])
        wait_for_reconcile(batches)  # its documents leave the index
        assert watcher.watched == [first]
        (second / "ignored.md").write_text("nicht mehr")
        (first / "kept.md").write_text("noch da")
        assert second / "ignored.md" not in drain_until(batches, {first / "kept.md"})
    finally:
        watcher.stop()


def test_a_damaged_roots_file_keeps_the_watched_set(tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    roots = RootsFile(tmp_path / "roots.json", [first])
    watcher, batches = follow(roots)
    try:
        roots.path.write_text("{ not json")
        time.sleep(0.5)  # a few idle ticks read the damaged file (no assertion on time)
        assert watcher.watched == [first]
        (first / "still.md").write_text("weiter")
        drain_until(batches, {first / "still.md"})
    finally:
        watcher.stop()


def test_a_root_deleted_and_recreated_at_once_is_watched_again(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "old.md").write_text("alt")
    batches: queue.Queue = queue.Queue()
    watcher = FolderWatcher([root], batches.put, debounce=0.3, reconcile_every=1e9)
    watcher.start()
    try:
        shutil.rmtree(root)
        root.mkdir()  # within one tick: the root "exists" all along, on a new inode
        drain_until(batches, {root})
        (root / "new.md").write_text("neu")
        assert root / "new.md" in drain_until(batches, {root / "new.md"})
        assert watcher.watched == [root]
    finally:
        watcher.stop()


def test_zero_or_negative_timers_are_clamped() -> None:
    watcher = FolderWatcher([], lambda batch: None, debounce=-1.0, reconcile_every=0.0)
    assert watcher.debounce == 0.0
    assert watcher.reconcile_every == MIN_RECONCILE_SECONDS


def test_a_zero_reconcile_period_does_not_spin(tmp_path: Path) -> None:
    calls: list[float] = []
    watcher = FolderWatcher([tmp_path], lambda batch: calls.append(time.monotonic()),
                            reconcile_every=0.0)  # fmt: skip
    watcher.start()
    time.sleep(2.5)
    watcher.stop()
    assert len(calls) <= 3, f"{len(calls)} reconciles in 2.5 s (the old loop made ~12)"
