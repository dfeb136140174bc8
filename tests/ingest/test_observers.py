"""inotify used up -> a one-line notice and polling; a queue overflow -> a reconcile at once.

Issue 11: with the inotify instances used up the watcher died with an OSError; with the
watches used up watchdog skipped the folders below a root in silence; an IN_Q_OVERFLOW waited
for the 600 s reconcile. Exhaustion is simulated here (the process test in
tests/reliability/test_scale.py exhausts the real limits in a user namespace).
"""

from __future__ import annotations

import errno
import queue
import time
from pathlib import Path

import pytest
from watchdog.observers.inotify_c import InotifyConstants, InotifyEvent
from watchdog.observers.polling import PollingObserver

from ingest import observers
from ingest.watcher import FolderWatcher
from tests.ingest.test_watcher import WAIT, drain_until


@pytest.fixture(autouse=True)
def quick_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(observers, "POLLING_SECONDS", 0.3)


def no_instances() -> observers.BaseObserver:
    raise OSError(errno.EMFILE, "inotify instance limit reached")


def start(root: Path, **options: object) -> tuple[FolderWatcher, queue.Queue, list[str]]:
    batches: queue.Queue = queue.Queue()
    notices: list[str] = []
    watcher = FolderWatcher(
        [root], batches.put, debounce=0.3, reconcile_every=1e9, on_notice=notices.append,
        **options,  # type: ignore[arg-type]
    )  # fmt: skip
    watcher.start()
    return watcher, batches, notices


def test_no_inotify_instance_left_polls_and_says_which_limit(tmp_path: Path) -> None:
    watcher, batches, notices = start(tmp_path, make_observer=no_instances)
    try:
        assert watcher.backend == "polling"
        assert len(notices) == 1 and "\n" not in notices[0]
        assert "max_user_instances" in notices[0] and "sudo sysctl" in notices[0]
        (tmp_path / "polled.md").write_text("gefunden")
        drain_until(batches, {tmp_path / "polled.md"})
    finally:
        watcher.stop()


def test_no_inotify_watch_left_polls_instead_of_missing_subfolders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(observers, "watches_exhausted", lambda folder: True)
    (tmp_path / "deep" / "er").mkdir(parents=True)
    watcher, batches, notices = start(tmp_path)
    try:
        assert watcher.backend == "polling"
        assert len(notices) == 1 and "max_user_watches" in notices[0]
        (tmp_path / "deep" / "er" / "note.md").write_text("tief")
        drain_until(batches, {tmp_path / "deep" / "er" / "note.md"})
    finally:
        watcher.stop()


def test_other_os_errors_are_not_mistaken_for_a_limit() -> None:
    assert observers.limit_notice(OSError(errno.EACCES, "denied")) is None
    watches = observers.limit_notice(OSError(errno.ENOSPC, "inotify watch limit reached"))
    assert watches is not None and "fs.inotify.max_user_watches=" in watches


def test_the_probe_finds_inotify_available_here(tmp_path: Path) -> None:
    assert observers.probe_inotify(tmp_path) == 0
    assert not observers.watches_exhausted(tmp_path)


def test_a_queue_overflow_asks_for_a_reconcile_at_once(tmp_path: Path) -> None:
    watcher, batches, _ = start(tmp_path)
    try:
        assert watcher.backend == "inotify"
        inotify_fd = watcher._observer._inotify_fd  # type: ignore[union-attr]
        # What the kernel sends when its queue overflowed (wd -1), through watchdog's dispatch.
        inotify_fd.handle_event(InotifyEvent(-1, InotifyConstants.IN_Q_OVERFLOW, 0, b""))
        assert batches.get(timeout=WAIT) is None, "a reconcile, not the 1e9 s timer"
        (tmp_path / "after.md").write_text("danach")
        drain_until(batches, {tmp_path / "after.md"})  # watchdog rebuilt its watches
    finally:
        watcher.stop()


class RefusingObserver(PollingObserver):
    """An observer that cannot watch anything (as for a folder it may not read)."""

    def schedule(self, *args: object, **kwargs: object):  # type: ignore[no-untyped-def,override]
        raise OSError(errno.EACCES, "Permission denied")


def test_a_root_that_cannot_be_watched_is_said_once_and_not_resynced_at_every_tick(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    watcher, batches, notices = start(tmp_path, make_observer=RefusingObserver)
    try:
        time.sleep(1.5)  # several ticks of the batcher (no assertion on time)
        assert watcher.watched == [] and notices == []
        assert batches.empty(), "the refused root was reported for a sync"
        assert watcher._thread.is_alive(), "the batcher died"
    finally:
        watcher.stop()
    refused = [r for r in caplog.records if r.getMessage().startswith("cannot watch")]
    assert len(refused) == 1
