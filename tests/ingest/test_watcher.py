"""The folder watcher with real watchdog events: debounced batches, vanished roots."""

from __future__ import annotations

import queue
import shutil
from pathlib import Path

from ingest.watcher import FolderWatcher

WAIT = 10.0  # generous upper bound; batches normally arrive within debounce + 0.2 s


def collect(roots: list[Path], **options: float) -> tuple[FolderWatcher, queue.Queue]:
    batches: queue.Queue = queue.Queue()
    watcher = FolderWatcher(roots, batches.put, debounce=options.pop("debounce", 0.3), **options)
    watcher.start()
    return watcher, batches


def drain_until(batches: queue.Queue, wanted: set[Path]) -> set[Path]:
    seen: set[Path] = set()
    while not wanted <= seen:
        batch = batches.get(timeout=WAIT)
        seen |= batch or set()
    return seen


def test_a_burst_of_changes_arrives_as_one_settled_batch(tmp_path: Path) -> None:
    watcher, batches = collect([tmp_path])
    try:
        note = tmp_path / "Notiz.md"
        note.write_text("eins")
        note.write_text("eins zwei")
        (tmp_path / "sub").mkdir()
        note.rename(tmp_path / "sub" / "笔记.md")
        batch = batches.get(timeout=WAIT)
        assert {note, tmp_path / "sub" / "笔记.md"} <= batch
        assert batches.empty()
    finally:
        watcher.stop()


def test_deletes_are_reported(tmp_path: Path) -> None:
    doomed = tmp_path / "old.md"
    doomed.write_text("x")
    watcher, batches = collect([tmp_path])
    try:
        doomed.unlink()
        assert doomed in drain_until(batches, {doomed})
    finally:
        watcher.stop()


def test_a_root_that_vanishes_and_returns_is_watched_again(tmp_path: Path) -> None:
    root = tmp_path / "usb"
    root.mkdir()
    watcher, batches = collect([root])
    try:
        shutil.rmtree(root)
        drain_until(batches, {root})
        assert watcher.watched == []
        root.mkdir()
        drain_until(batches, {root})
        assert watcher.watched == [root]
        (root / "back.md").write_text("wieder da")
        drain_until(batches, {root / "back.md"})
    finally:
        watcher.stop()


def test_periodic_reconcile_asks_for_everything(tmp_path: Path) -> None:
    watcher, batches = collect([tmp_path], reconcile_every=1.0)
    try:
        assert batches.get(timeout=WAIT) is None
    finally:
        watcher.stop()
