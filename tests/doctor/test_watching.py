"""`doctor` names the watcher backend and why: inotify, or polling with the limit that ran out.

Issue 11: with the inotify instances used up, `doctor` said "watcher ok" while `watch` died.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.doctor import watching
from assistant.doctor.watching import check_watch_backend, count_folders, watches_in_use
from assistant.indexing.roots import add_root
from ingest import observers


@pytest.fixture
def tree(config: Config, tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    for i in range(3):
        (root / f"d{i}" / "sub").mkdir(parents=True)
    return add_root(config, root)


def test_inotify_with_room_for_every_folder_is_ok(config: Config, tree: Path) -> None:
    finding = check_watch_backend(config)
    assert finding.status == "ok", finding
    assert finding.detail.startswith("inotify: 7 folders to watch")


def test_used_up_instances_mean_polling_and_name_the_sysctl(
    config: Config, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(observers, "probe_inotify", lambda folder: errno.EMFILE)
    finding = check_watch_backend(config)
    assert finding.status == "warn"
    assert "instances are used up" in finding.detail and "polling" in finding.detail
    assert finding.fix.startswith("sudo sysctl fs.inotify.max_user_instances=")


def test_too_few_free_watches_for_the_folders_mean_polling(
    config: Config, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(observers, "read_limit", lambda key: 10)
    monkeypatch.setattr(watching, "watches_in_use", lambda: 5)
    finding = check_watch_backend(config)
    assert finding.status == "warn"
    assert "7 folders but 5 of 10 watches are taken" in finding.detail
    assert finding.fix.startswith("sudo sysctl fs.inotify.max_user_watches=")


def test_folder_count_does_not_follow_links(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "loop").symlink_to(tmp_path)
    assert count_folders(tmp_path) == 3  # itself, a and a/b; watchdog skips links too


def test_watches_held_by_this_process_are_counted(tmp_path: Path) -> None:
    before = watches_in_use()
    assert before is not None
    fd = observers._libc().inotify_init1(0)  # type: ignore[union-attr]
    try:
        assert observers._libc().inotify_add_watch(fd, bytes(tmp_path), 2) >= 0  # type: ignore[union-attr]
        assert watches_in_use() >= 1
    finally:
        os.close(fd)
