"""Thousands of random file operations under the live watcher; afterwards the index is exact.

Another process (`churn_ops`) creates, appends to, rewrites, renames, moves, deletes and
recreates files and folders in a watched folder while the watcher feeds settled batches to
the sync, exactly as `assistant watch` wires them (through a `Session`: one sync at a time). The
periodic reconcile is switched off, so only the events themselves can bring the index up to
date. When the churn stops, the index must become equal to a fresh full index of the folder
(same documents, failures and chunk hashes) within a bound, pass the integrity check, and a
full sync afterwards must find nothing left to do.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from assistant.config import Config
from assistant.indexing.roots import load_roots
from assistant.indexing.service import open_index, run_sync
from assistant.indexing.sync import SyncStats
from assistant.runtime.session import Session
from ingest.watcher import FolderWatcher
from store import Index
from tests.fakes import FakeEmbedder
from tests.reliability.robustness_support import config_for, full_index, show
from tests.support import REPO

OPERATIONS = 3000
SEED = 11
DEBOUNCE = "0.2"
SETTLE_LIMIT = 120.0  # seconds after the churn ends; a bound against a hung run, not a target


def run_churn(root: Path) -> dict:
    command = [sys.executable, "-m", "tests.reliability.churn_ops", str(root), str(SEED)]
    churn = subprocess.run([*command, str(OPERATIONS)], cwd=REPO, capture_output=True,
                           text=True, timeout=600, check=True)  # fmt: skip
    return json.loads(churn.stdout)


def difference(index: Index, wanted: dict) -> str:
    """What still differs, briefly, for the failure message."""
    have = index.fingerprint()
    missing = sorted(set(wanted) - set(have))[:3]
    extra = sorted(set(have) - set(wanted))[:3]
    stale = sorted(k for k in set(have) & set(wanted) if have[k] != wanted[k])[:3]
    return f"missing {missing}, extra {extra}, different {stale}"


def wait_until_equal(index: Index, wanted: dict, churn_end: float) -> float:
    while index.fingerprint() != wanted:
        if time.monotonic() - churn_end > SETTLE_LIMIT:
            raise AssertionError(f"not settled after {SETTLE_LIMIT:.0f} s: "
                                 + difference(index, wanted))  # fmt: skip
        time.sleep(0.25)
    return time.monotonic() - churn_end


class WatchIndexer:
    """The `assistant watch` callback: the session's syncs, never two at once; counts them."""

    def __init__(self, config: Config, index: Index) -> None:
        self.session = Session(config, questions=False, index=index, index_embedder=FakeEmbedder())
        self.counts: Counter[str] = Counter()
        self.errors: list[str] = []

    def __call__(self, paths: set[Path] | None) -> None:
        def done(stats: SyncStats) -> None:
            self.counts.update(batches=1, paths=len(paths or ()))

        try:
            self.session.sync_changes(paths, on_done=done)
        except Exception as exc:
            self.errors.append(repr(exc))
            raise


def test_churn_under_the_watcher_ends_equal_to_a_fresh_index(tmp_path: Path, record_property):
    root = tmp_path / "watched"
    root.mkdir()
    config = config_for(tmp_path / "home", [root], ASSISTANT_INDEX_WATCH_DEBOUNCE_SECONDS=DEBOUNCE)
    with open_index(config) as index:
        indexer = WatchIndexer(config, index)
        indexer(None)
        watcher = FolderWatcher(load_roots(config), indexer, reconcile_every=1e9,
                                debounce=config.index.watch_debounce_seconds)  # fmt: skip
        watcher.start()
        try:
            churn = run_churn(root)
            churn_end, during = time.monotonic(), indexer.counts["batches"]
            fresh = full_index(tmp_path / "fresh", [root])
            settle = wait_until_equal(index, fresh["fingerprint"], churn_end)
        finally:
            watcher.stop()
        assert indexer.errors == [], "a batch failed"
        assert index.integrity_check() == []
        assert index.fingerprint() == fresh["fingerprint"]
        final = run_sync(config, index, FakeEmbedder())
        assert (final.documents_indexed, final.deleted, final.embedded) == (0, 0, 0)
    show(record_property, "churn", operations=churn["operations"], churn_s=churn["seconds"],
         batches_during_churn=during, batches=indexer.counts["batches"],
         paths_in_batches=indexer.counts["paths"], files_at_end=churn["files_left"],
         documents=fresh["documents"], settle_s=round(settle, 1),
         ops=json.dumps(churn["by_kind"]))  # fmt: skip


def test_a_folder_that_never_falls_quiet_is_still_indexed(tmp_path: Path) -> None:
    """Writes every 50 ms never leave the 0.5 s debounce a quiet moment; `max_delay` must
    cut a batch anyway. The writer stops at the first batch, or gives up after 400 writes."""
    batches: queue.Queue = queue.Queue()
    watcher = FolderWatcher([tmp_path], batches.put, debounce=0.5, max_delay=1.0,
                            reconcile_every=1e9)  # fmt: skip
    watcher.start()
    try:
        log = tmp_path / "build.txt"
        for writes in range(1, 401):
            log.write_text(f"line {writes}\n" * writes)
            time.sleep(0.05)
            if not batches.empty():
                break
        assert not batches.empty(), "no batch while the folder kept changing"
        assert log in batches.get_nowait()
    finally:
        watcher.stop()
