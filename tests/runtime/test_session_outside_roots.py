"""A watcher batch with a path outside the roots: that path is skipped, the rest is indexed.

Issue 11 C: a symlink to an outside file, or a root removed while watching, put such a path
in a batch, and the whole batch failed with "not in a registered folder" (the other files then
waited for the 600 s reconcile).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.errors import AssistantError
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.session import Session
from tests.fakes import FakeEmbedder


def documents(config: Config) -> int:
    with open_index(config) as index:
        return index.stats()["documents"]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.md").write_text("# secret\n\nNot in any registered folder.\n")
    return elsewhere / "secret.md"


def test_a_batch_with_a_path_outside_the_roots_indexes_the_rest(
    config: Config, tmp_path: Path, outside: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    add_root(config, root)
    (root / "link.md").symlink_to(outside)  # resolves outside the root
    (root / "boiler.md").write_text("# boiler\n\nThe boiler key hangs by the door.\n")
    session = Session(config, questions=False, index_embedder=FakeEmbedder())
    done: list = []
    with caplog.at_level(logging.WARNING):
        session.sync_changes({root / "link.md", root / "boiler.md"}, on_done=done.append)
        session.sync_changes({root / "link.md"}, on_done=done.append)
    session.close()
    assert [stats.documents_indexed for stats in done] == [1, 0]
    assert done[1].files_seen == 0, "nothing left inside the roots is not 'sync everything'"
    assert documents(config) == 1
    skipped = [r for r in caplog.records if "not in a registered folder" in r.getMessage()]
    assert len(skipped) == 1, "said once, not at every batch"


def test_the_command_line_still_refuses_a_path_outside_the_roots(
    config: Config, tmp_path: Path, outside: Path
) -> None:
    (tmp_path / "notes").mkdir()
    add_root(config, tmp_path / "notes")
    with open_index(config) as index, pytest.raises(AssistantError, match="registered folder"):
        run_sync(config, index, FakeEmbedder(), [outside])
