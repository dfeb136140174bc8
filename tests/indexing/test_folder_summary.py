"""Per-folder summaries, the cost of removing a folder, and folder path completion (core)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.indexing.completion import complete_path
from assistant.indexing.folders import (
    SECONDS_PER_CHUNK,
    FolderState,
    ago,
    folder_summaries,
    removal_cost,
    summarize,
)
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from store import FolderCounts
from tests.fakes import FakeEmbedder
from tests.support import CORPORA, SAMPLES, needs_corpora


@needs_corpora
def test_each_folder_counts_its_own_documents_and_failures(config: Config, tmp_path: Path) -> None:
    pdfs, notes = tmp_path / "pdf", tmp_path / "notes"
    for name in ("001-trivial", "005-libreoffice-writer-password"):
        shutil.copytree(CORPORA / "pdf" / name, pdfs / name)
    shutil.copytree(SAMPLES / "notes", notes)
    for folder in (pdfs, notes):
        add_root(config, folder)
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
        by_root = {s.root: s for s in folder_summaries(config, index, syncing=False)}
        documents = index.documents()

    def rows_below(folder: Path) -> list[dict[str, object]]:
        return [d for d in documents if str(d["file_path"]).startswith(str(folder.resolve()))]

    pdf_rows, note_rows = rows_below(pdfs), rows_below(notes)
    assert {d["kind"] for d in pdf_rows} == {"pdf", "note"}  # the trivial PDF and a README
    assert by_root[pdfs.resolve()].documents == len(pdf_rows)
    assert by_root[pdfs.resolve()].failures == 1  # the password-protected PDF
    assert by_root[notes.resolve()].documents == len(note_rows) == 3
    assert by_root[notes.resolve()].failures == 0
    assert all(s.state is FolderState.WATCHING and s.last_sync for s in by_root.values())
    assert by_root[notes.resolve()].chunks >= len(note_rows)


def test_a_missing_folder_says_so_and_a_running_sync_says_indexing(tmp_path: Path) -> None:
    counts = FolderCounts(documents=3, failed=0, duplicates=0, chunks=5, last_indexed_at=None)
    assert summarize(tmp_path / "gone", counts, syncing=False).state is FolderState.MISSING
    assert summarize(tmp_path, counts, syncing=True).state is FolderState.INDEXING


def test_a_sync_that_changed_nothing_still_counts_as_the_last_sync(tmp_path: Path) -> None:
    counts = FolderCounts(documents=3, failed=0, duplicates=0, chunks=5, last_indexed_at=100.0)
    assert summarize(tmp_path, counts, syncing=False, synced_at=500.0).last_sync == 500.0
    empty = FolderCounts(documents=0, failed=0, duplicates=0, chunks=0, last_indexed_at=None)
    assert summarize(tmp_path, empty, syncing=False, synced_at=500.0).last_sync is None


def test_duplicates_of_other_mails_are_not_failures(tmp_path: Path) -> None:
    counts = FolderCounts(documents=3, failed=4, duplicates=3, chunks=5, last_indexed_at=1.0)
    assert summarize(tmp_path, counts, syncing=False).failures == 1


def test_removal_cost_prices_the_chunks_at_the_measured_rate(tmp_path: Path) -> None:
    hours = round(3 * 3600 / SECONDS_PER_CHUNK)  # chunks that take about three hours
    counts = FolderCounts(12400, 0, 0, hours, None)
    cost = removal_cost(summarize(tmp_path, counts, syncing=False))
    assert cost == "removes 12,400 documents from the index; adding it again re-embeds them (~3 h)"
    one = removal_cost(summarize(tmp_path, FolderCounts(1, 0, 0, 2, None), syncing=False))
    assert one.startswith("removes 1 document from") and "(~1 s)" in one


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(5, "just now"), (125, "2 min ago"), (3 * 3600, "3 h ago"), (5 * 86400, "5 days ago")],
)
def test_last_sync_reads_as_a_relative_time(seconds: float, said: str) -> None:
    assert ago(1_000_000.0 - seconds, now=1_000_000.0) == said
    assert ago(None) == "not yet"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ("Mail", "Maildir", "Music", "notes", ".hidden", "Notizen", "笔记"):
        (tmp_path / name).mkdir()
    (tmp_path / "Mailbox.mbox").write_text("", encoding="utf-8")  # a file: not offered
    return tmp_path


def test_several_matches_complete_to_their_common_start_and_are_listed(tree: Path) -> None:
    completion = complete_path(f"{tree}/Ma")
    assert completion.text == f"{tree}/Mail"
    assert completion.matches == ["Mail", "Maildir"]


@pytest.mark.parametrize("name", ["notes", "Notizen", "笔记"])  # en, de, zh folder names
def test_one_match_completes_the_folder_and_its_slash(tree: Path, name: str) -> None:
    assert complete_path(f"{tree}/{name[:2]}").text == f"{tree}/{name}/"


def test_tilde_is_expanded_and_hidden_folders_need_a_dot(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tree))
    assert complete_path("~/no").text == f"{tree}/notes/"
    assert ".hidden" not in complete_path("~/").matches
    assert complete_path("~/.h").text == f"{tree}/.hidden/"


def test_no_match_and_an_unreadable_place_leave_the_text(tree: Path) -> None:
    assert complete_path(f"{tree}/zzz").matches == []
    assert complete_path(f"{tree}/nowhere/at/all").text == f"{tree}/nowhere/at/all"
