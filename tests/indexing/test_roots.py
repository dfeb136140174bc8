"""Registered roots: add, remove, nesting, persistence."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.errors import AssistantError
from assistant.indexing.roots import add_root, load_roots, remove_root


def test_add_remove_and_persist(config: Config, tmp_path: Path) -> None:
    notes, mail = tmp_path / "Notizen", tmp_path / "邮件"
    notes.mkdir()
    mail.mkdir()
    assert add_root(config, notes) == notes
    add_root(config, mail)
    add_root(config, notes)  # twice is once
    assert load_roots(config) == [notes, mail]
    remove_root(config, notes)
    assert load_roots(config) == [mail]
    with pytest.raises(AssistantError, match="not a registered folder"):
        remove_root(config, notes)


def test_nested_roots(config: Config, tmp_path: Path) -> None:
    child, other = tmp_path / "a" / "b", tmp_path / "c"
    child.mkdir(parents=True)
    other.mkdir()
    add_root(config, child)
    add_root(config, other)
    assert add_root(config, child / "sub" / "..") == child  # the same root, spelled otherwise
    (child / "sub").mkdir()
    with pytest.raises(AssistantError, match="already indexed as part of"):
        add_root(config, child / "sub")
    add_root(config, tmp_path / "a")  # a parent takes over the root below it
    assert load_roots(config) == [other, tmp_path / "a"]


def test_missing_folder_is_refused(config: Config, tmp_path: Path) -> None:
    with pytest.raises(AssistantError, match="does not exist"):
        add_root(config, tmp_path / "nowhere")


def test_adds_at_once_all_land(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six adds in six threads: each reads, modifies and writes roots.json under roots.lock.
    The write is slowed so that, without the lock, the adds overwrite each other."""
    import time

    from assistant.indexing import roots as roots_module

    slow_write = roots_module.write_private_text

    def write_slowly(path: Path, text: str) -> None:
        time.sleep(0.05)
        slow_write(path, text)

    monkeypatch.setattr(roots_module, "write_private_text", write_slowly)
    folders = [tmp_path / f"f{n}" for n in range(6)]
    for folder in folders:
        folder.mkdir()
    threads = [threading.Thread(target=add_root, args=(config, f)) for f in folders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(load_roots(config)) == folders


def test_a_symlinked_root_follows_its_link(config: Config, tmp_path: Path) -> None:
    first, second, link = tmp_path / "a", tmp_path / "b", tmp_path / "LINK"
    first.mkdir()
    second.mkdir()
    link.symlink_to(first)
    assert add_root(config, link) == first
    assert load_roots(config) == [first]
    link.unlink()
    link.symlink_to(second)  # ln -sfn b LINK
    assert load_roots(config) == [second]
    add_root(config, link)  # the same root again
    assert load_roots(config) == [second]
    assert remove_root(config, link) == second
    assert load_roots(config) == []


def test_a_symlinked_root_can_be_removed_by_its_target(config: Config, tmp_path: Path) -> None:
    target, link = tmp_path / "a", tmp_path / "LINK"
    target.mkdir()
    link.symlink_to(target)
    add_root(config, link)
    remove_root(config, target)
    assert load_roots(config) == []


def test_roots_stored_resolved_by_older_versions_still_load(config: Config, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    file = config.paths.data_dir / "roots.json"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps({"roots": [str(tmp_path / "a")]}), encoding="utf-8")
    assert load_roots(config) == [tmp_path / "a"]
    remove_root(config, tmp_path / "a")
    assert load_roots(config) == []
