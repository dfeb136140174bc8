"""Scans through the sync: kinds, chunks marked as OCR, the OCR switch, and questions first.

A fake embedder (tests/fakes.py) stands in for EmbeddingGemma here; the OCR is real.
tests/integration/test_ocr_real.py runs `assistant search` over real embeddings.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.gate import GatedEmbedder, IndexingGate, IndexingStopped
from ingest import ocr, ocr_worker
from ingest.images import OCR_OFF
from tests.fakes import FakeEmbedder
from tests.ocr.pages import TEXTS, fonts, render_page, save_image, scanned_invoice_pdf

WAIT_SECONDS = 2.0  # an ungated sync hands its first picture to OCR within ~0.1 s


def folder_of_scans(root: Path) -> Path:
    folder = root / "scans"
    folder.mkdir()
    scanned_invoice_pdf(folder / "invoice.pdf")
    save_image(render_page(TEXTS["zh"], fonts()["zh"]), folder / "收据.png")
    (folder / "note.md").write_text("# Boden\n\nHerr Becker hat den Boden geschliffen.\n")
    return folder


def with_ocr(config: Config, mode: str) -> Config:
    return replace(config, index=replace(config.index, ocr=mode))


def test_scans_are_indexed_with_their_chunks_marked_as_ocr(config: Config, tmp_path: Path) -> None:
    add_root(config, folder_of_scans(tmp_path))
    with open_index(config) as index:
        stats = run_sync(config, index, FakeEmbedder())
        assert (stats.documents_indexed, stats.failed) == (3, 0)
        kinds = {Path(str(r["source_path"])).name: r["kind"] for r in index.documents()}
        assert kinds == {"invoice.pdf": "pdf", "收据.png": "image", "note.md": "note"}
        hits = index.search(None, "1,234.56", mode="fts")
        assert [(h.file_path.name, h.page, h.ocr) for h in hits] == [("invoice.pdf", 1, True)]
        (image_hit,) = index.search(None, "王氏装修有限公司", mode="fts")
        assert (image_hit.kind, image_hit.ocr) == ("image", True)
        (note_hit,) = index.search(None, "geschliffen", mode="fts")
        assert not note_hit.ocr
    assert not ocr_worker._worker, "the sync left the OCR engine's process running"
    assert (config.paths.data_dir / "ocr-cache").is_dir()


def test_switching_ocr_off_and_on_reads_the_scans_again(config: Config, tmp_path: Path) -> None:
    add_root(config, folder_of_scans(tmp_path))
    off = with_ocr(config, "off")
    with open_index(config) as index:
        stats = run_sync(off, index, FakeEmbedder())
        failures = {Path(p).name: why for p, why in stats.failures}
        assert failures == {
            "invoice.pdf": "no text layer (scanned/image-only)",
            "收据.png": OCR_OFF,
        }
        assert run_sync(off, index, FakeEmbedder()).unchanged == 3  # nothing read again
        stats = run_sync(config, index, FakeEmbedder())
        assert (stats.documents_indexed, stats.failed) == (2, 0)
        assert index.search(None, "1,234.56", mode="fts")


def test_ocr_waits_while_a_question_is_answered(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    for number in range(3):
        lines = [f"Beleg {number}", *TEXTS["de"]]
        save_image(render_page(lines, fonts()["de"]), folder / f"beleg-{number}.png")
    add_root(config, folder)
    gate = IndexingGate()
    done: list[object] = []
    jobs: list[float] = []

    def counted(*args: object) -> ocr_worker.Outcome:
        jobs.append(time.monotonic())
        return ocr_worker.run_job(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(ocr, "run_job", counted)
    with open_index(config) as index:
        embedder = GatedEmbedder(FakeEmbedder(), gate)
        with gate.question():
            sync = threading.Thread(target=lambda: done.append(run_sync(config, index, embedder)))
            sync.start()
            time.sleep(WAIT_SECONDS)
            assert not jobs, "OCR ran while a question was being answered"
            released = time.monotonic()
        sync.join(timeout=300)
        assert len(jobs) == 3 and jobs[0] >= released
        assert done and done[0].documents_indexed == 3  # type: ignore[attr-defined]


def process_state(pid: int) -> str:
    """The one-letter state in /proc/PID/stat ("T": stopped by a signal)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_a_page_being_read_is_paused_during_a_question_without_losing_its_time(
    tmp_path: Path,
) -> None:
    """The page already in the engine stops where it is (SIGSTOP) while a question runs and
    goes on after; the time held does not count against `index.ocr_seconds`."""
    import ingest
    from ingest.limits import ReadLimits

    path = save_image(render_page(TEXTS["de"], fonts()["de"]), tmp_path / "beleg.png")
    warm_up = save_image(render_page(TEXTS["en"], fonts()["en"]), tmp_path / "first.png")
    page_seconds = 8.0
    limits = ReadLimits(ocr=ocr.OcrSettings(page_seconds=page_seconds))
    assert ingest.read(warm_up, limits).failure is None  # the engine is loaded: pages go fast
    pid = ocr_worker.worker_pid()
    assert pid is not None
    gate, results = IndexingGate(), []
    reader = threading.Thread(target=lambda: results.append(ingest.read(path, limits)))
    reader.start()
    time.sleep(0.3)  # the page is in the engine now (one takes about 1.5 s here)
    try:
        with gate.question():
            time.sleep(0.2)
            assert process_state(pid) == "T", "the OCR process went on during the question"
            time.sleep(page_seconds + 1)  # longer than the page may take: held time is free
        assert process_state(pid) != "T"
        reader.join(timeout=120)
    finally:
        ocr_worker.release()
    (result,) = results
    assert result.failure is None, result.failure
    assert "Gesamtbetrag" in result.documents[0].sections[0].text
    assert ocr_worker.worker_pid() == pid, "the paused OCR process was killed"
    ocr_worker.stop_worker()


def test_a_closing_session_stops_the_sync_between_pages(config: Config, tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    save_image(render_page(TEXTS["en"], fonts()["en"]), folder / "scan.png")
    add_root(config, folder)
    gate = IndexingGate()
    gate.stop()
    raised: list[BaseException] = []
    with open_index(config) as index:
        try:
            run_sync(config, index, GatedEmbedder(FakeEmbedder(), gate))
        except IndexingStopped as exc:
            raised.append(exc)
        assert raised, "the stopped gate did not stop the sync"
        assert index.failures() == [], "a stopped read was recorded as a failed file"


def test_forgetting_a_scan_deletes_the_ocr_cache_and_a_note_does_not(
    config: Config, tmp_path: Path
) -> None:
    """The cache holds the scan's text: `forget` promises no trace of it is left."""
    from assistant.indexing.forget import forget

    folder = folder_of_scans(tmp_path)
    add_root(config, folder)
    cache = config.paths.data_dir / "ocr-cache"

    def cached_texts() -> str:
        return "".join(p.read_text(encoding="utf-8") for p in cache.glob("*/*.json"))

    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
        assert "1,234.56" in cached_texts()
        assert forget(config, index, folder / "note.md").ocr_cache_entries == 0
        assert "1,234.56" in cached_texts()
        result = forget(config, index, folder / "invoice.pdf")
    assert result.documents == 1 and result.ocr_cache_entries == 2
    assert cached_texts() == ""
