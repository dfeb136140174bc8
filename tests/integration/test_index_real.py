"""Index, search and watch with the real EmbeddingGemma over the bundled sample folder."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from assistant.config import Config, load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.embedder import Embedder
from ingest.watcher import FolderWatcher
from tests.support import REPO

pytestmark = pytest.mark.models
SAMPLES = REPO / "samples"


def fresh_config(home: Path) -> Config:
    return load_config({"ASSISTANT_HOME": str(home)})


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who repaired the living room floor boards?", "2023-06-02-地板.eml"),
        ("Wann war die letzte Heizungswartung?", "2022-11-05-heizung.eml"),
        ("谁修的厨房水龙头？", "2024-02-10-plumber.eml"),
        ("Gesamtbetrag der Rechnung für den Flur", "Rechnung-2024-0917.pdf"),
        ("What is the guest wifi called?", "wifi.txt"),
    ],
)
def test_search_finds_the_document_that_answers(
    sample_index, real_embedder: Embedder, question: str, expected: str
) -> None:
    hits = sample_index.search(real_embedder.embed_query(question, dim=768), question, k=5)
    top3 = [Path(h.source_path).name for h in hits[:3]]
    assert expected in top3, f"{question!r} -> {top3}"


def test_watcher_keeps_the_index_equal_to_a_fresh_one(
    tmp_path: Path, real_embedder: Embedder
) -> None:
    folder = tmp_path / "watched"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.md").write_text("# Dach\n\nDer Dachdecker kam im Mai.", encoding="utf-8")
    config = fresh_config(tmp_path / "home")
    add_root(config, folder)
    with open_index(config) as index:
        run_sync(config, index, real_embedder)
        lock = threading.Lock()

        def on_batch(paths: set[Path] | None) -> None:
            with lock:
                run_sync(config, index, real_embedder, sorted(paths) if paths else None)

        watcher = FolderWatcher([folder], on_batch, debounce=0.3)
        watcher.start()
        try:
            churn(folder)
            expected = fresh_fingerprint(folder, tmp_path / "fresh", real_embedder)
            deadline = time.monotonic() + 20
            while index.fingerprint() != expected and time.monotonic() < deadline:
                time.sleep(0.2)
            assert index.fingerprint() == expected
            assert index.integrity_check() == []
        finally:
            watcher.stop()


def churn(folder: Path) -> None:
    """Create, edit, rename, move and delete, as a person's editor would."""
    (folder / "b.md").write_text("# Boden\n\nDielen geölt.", encoding="utf-8")
    (folder / "c.txt").write_text("地板修好了。", encoding="utf-8")
    (folder / "a.md").write_text("# Dach\n\nDer Dachdecker kam im Juni.", encoding="utf-8")
    (folder / "b.md").rename(folder / "b-renamed.md")
    (folder / "c.txt").rename(folder / "sub" / "c.txt")
    (folder / "a.md").unlink()
    shutil.copy(SAMPLES / "Rechnung-2024-0917.pdf", folder / "sub" / "invoice.pdf")


def fresh_fingerprint(folder: Path, home: Path, embedder: Embedder) -> dict:
    config = fresh_config(home)
    add_root(config, folder)
    with open_index(config) as index:
        run_sync(config, index, embedder)
        return index.fingerprint()
