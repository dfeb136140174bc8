"""Racy stamps (git's racy-index rule) and files whose content did not change.

A same-size rewrite within one mtime tick of the last read leaves size and mtime as they
were; the file must still be looked at again at the next sync. mtimes are set with os.utime,
so the tests decide exactly which stamps are racy.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import ingest
from assistant.config import Config
from assistant.indexing import stamps
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from ingest.documents import ReadResult
from ingest.limits import ReadLimits
from store import Index
from tests.fakes import FakeEmbedder


@pytest.fixture
def index(config: Config):
    with open_index(config) as opened:
        yield opened


# A note whose date is stated (its heading): its date does not follow the file's mtime, so a
# touch leaves its content hash as it was (ingest.note_dates).
DATED = "# Boiler key, 2024-03-01\n\nthe boiler key hangs by the door"


def _write(path: Path, text: str, mtime: float) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))


def test_a_same_size_rewrite_in_the_same_tick_is_found(
    config: Config, index: Index, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    tick = time.time()  # the file's mtime is "now": the read happens in the same tick
    _write(folder / "a.md", "the boiler key hangs by the door", tick)
    add_root(config, folder)
    assert run_sync(config, index, FakeEmbedder()).documents_indexed == 1
    (before,) = index.documents()
    _write(folder / "a.md", "the cellar key hangs by the door", tick)  # same size, same mtime
    embedder = FakeEmbedder()
    again = run_sync(config, index, embedder)
    assert again.documents_indexed == 1, "the rewrite within the tick was missed"
    (after,) = index.documents()
    assert after["content_hash"] != before["content_hash"]
    assert any("cellar" in text for text in embedder.embedded)


def test_a_racy_file_is_hashed_again_not_embedded_and_then_settles(
    config: Config, index: Index, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    _write(folder / "a.md", DATED, time.time())
    add_root(config, folder)
    run_sync(config, index, FakeEmbedder())
    (row,) = index.documents()
    assert row["size"] == stamps.RACY_SIZE, "a stamp recorded in the file's own tick is racy"
    embedder = FakeEmbedder()
    os.utime(folder / "a.md", (time.time() - 60, time.time() - 60))  # old enough from now on
    again = run_sync(config, index, embedder)
    assert (again.unchanged, again.documents_indexed, embedder.embedded) == (1, 0, [])
    (after,) = index.documents()
    assert after["indexed_at"] == row["indexed_at"], "only the stamp was written"
    assert after["size"] == (folder / "a.md").stat().st_size
    assert run_sync(config, index, FakeEmbedder()).unchanged == 1


def test_an_old_stamp_is_trusted_without_reading(
    config: Config, index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    _write(folder / "a.md", "the boiler key hangs by the door", time.time() - 60)
    add_root(config, folder)
    run_sync(config, index, FakeEmbedder())
    reads: list[Path] = []
    real_read = ingest.read

    def counting_read(path: Path, limits: ReadLimits) -> ReadResult:
        reads.append(path)
        return real_read(path, limits)

    monkeypatch.setattr(ingest, "read", counting_read)
    assert run_sync(config, index, FakeEmbedder()).unchanged == 1
    assert reads == []


def test_a_touched_file_with_the_same_content_is_not_rewritten(
    config: Config, index: Index, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    old = time.time() - 600
    _write(folder / "a.md", DATED, old)
    add_root(config, folder)
    run_sync(config, index, FakeEmbedder())
    (row,) = index.documents()
    os.utime(folder / "a.md", (old + 60, old + 60))  # touch: new mtime, same bytes
    embedder = FakeEmbedder()
    again = run_sync(config, index, embedder)
    assert (again.unchanged, again.documents_indexed, embedder.embedded) == (1, 0, [])
    (after,) = index.documents()
    assert after["indexed_at"] == row["indexed_at"]
    assert abs(float(after["mtime"]) - (old + 60)) < 1e-6


def test_a_touched_note_dated_by_its_mtime_takes_the_new_date_and_embeds_nothing(
    config: Config, index: Index, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    old = time.time() - 600
    _write(folder / "a.md", "the boiler key hangs by the door", old)
    add_root(config, folder)
    run_sync(config, index, FakeEmbedder())
    os.utime(folder / "a.md", (old + 60, old + 60))
    embedder = FakeEmbedder()
    again = run_sync(config, index, embedder)
    assert (again.documents_indexed, embedder.embedded) == (1, [])
    (after,) = index.documents()
    assert (after["date"], after["date_source"]) == (int(old + 60), "modified")
