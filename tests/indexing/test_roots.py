"""Registered roots: add, remove, nesting, persistence."""

from __future__ import annotations

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
