"""The sync queue decides alone: run now, merge into the pending sync, or run that one next."""

from __future__ import annotations

from pathlib import Path

from assistant.runtime.coalesce import SyncQueue, SyncRequest

A, B, C = Path("/r/a.md"), Path("/r/b.md"), Path("/r/c.md")
EVERYTHING = SyncRequest(None)


def test_an_idle_queue_runs_a_request_now() -> None:
    queue = SyncQueue()
    assert queue.submit({B, A}) == SyncRequest(frozenset({A, B}))
    assert queue.running
    assert queue.submit({A}) is None, "a second one waits"


def test_requests_during_a_sync_merge_into_one_that_runs_next() -> None:
    queue = SyncQueue()
    queue.submit(None)
    assert queue.submit({A}) is None
    assert queue.submit([B, C]) is None
    upcoming = queue.finish()
    assert upcoming == SyncRequest(frozenset({A, B, C}))
    assert upcoming.path_list() == [A, B, C]
    assert queue.running, "the merged sync is now the running one"
    assert queue.finish() is None
    assert not queue.running


def test_everything_absorbs_path_sets_in_either_order() -> None:
    first = SyncQueue()
    first.submit({A})
    first.submit({B})
    first.submit(None)
    assert first.finish() == EVERYTHING
    second = SyncQueue()
    second.submit({A})
    second.submit(None)
    second.submit({B})
    assert second.finish() == EVERYTHING
    assert EVERYTHING.path_list() is None


def test_no_paths_at_all_means_everything_as_run_sync_reads_it() -> None:
    assert SyncRequest.of(set()) == EVERYTHING
    assert SyncRequest.of([]) == EVERYTHING


def test_an_abandoned_sync_leaves_its_pending_changes_for_the_next_request() -> None:
    queue = SyncQueue()
    queue.submit({A})
    queue.submit({B})
    queue.abandon()
    assert not queue.running
    assert queue.submit({C}) == SyncRequest(frozenset({B, C}))
    assert queue.pending is None
