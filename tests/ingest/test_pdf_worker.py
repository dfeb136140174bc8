"""The PDF worker process: one pathological page cannot outlast `index.pdf_seconds`."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import PDFS

import ingest
from identity import FailureKind
from ingest import pdf_worker
from ingest.limits import ReadLimits
from ingest.pdf import read_pdf
from tests.pdf_bombs import write_bomb
from tests.support import needs_corpora

BUDGET = ReadLimits(pdf_seconds=1.0)


def test_a_page_that_outlasts_the_budget_is_cut_and_the_pages_before_it_kept(
    tmp_path: Path,
) -> None:
    bomb = write_bomb(tmp_path / "bomb.pdf", plain_pages=2)
    (doc,) = ingest.read(bomb, BUDGET).documents
    assert [s.page for s in doc.sections] == [1, 2]
    assert "wordpage2" in doc.sections[1].text
    (note,) = doc.notes
    assert note.startswith("page 3 of 3 took longer than ")
    assert note.endswith("reading stopped there (index.pdf_seconds = 1 s per file)")


def test_a_first_page_that_outlasts_the_budget_fails_the_file_with_the_reason(
    tmp_path: Path,
) -> None:
    result = ingest.read(write_bomb(tmp_path / "bomb.pdf", plain_pages=0), BUDGET)
    assert result.documents == () and result.read_failure is not None
    assert result.read_failure.kind is FailureKind.TOO_LARGE
    assert result.read_failure.detail.startswith("page 1 of 1 took longer than ")


def test_after_a_kill_the_next_pdf_gets_a_new_worker(tmp_path: Path) -> None:
    ingest.read(write_bomb(tmp_path / "bomb.pdf", plain_pages=0), BUDGET)
    assert not pdf_worker._worker, "the killed worker is not reused"
    plain = write_bomb(tmp_path / "plain.pdf", plain_pages=1, depth=0, fanout=0, leaf_ops=0)
    (doc,) = ingest.read(plain, BUDGET).documents
    assert "wordpage1" in doc.sections[0].text
    assert pdf_worker._worker and pdf_worker._worker[0].alive()


@needs_corpora
@pytest.mark.parametrize(
    "name", ["004-pdflatex-4-pages/pdflatex-4-pages.pdf", "001-trivial/minimal-document.pdf"]
)
def test_the_worker_reads_what_the_reader_reads(name: str) -> None:
    path = PDFS / name
    if not path.exists():
        pytest.skip(f"{name} is not in the corpora")
    assert ingest.read(path) == read_pdf(path)


def test_a_missing_file_is_not_found_through_the_worker(tmp_path: Path) -> None:
    result = ingest.read(tmp_path / "gone.pdf")
    assert result.read_failure is not None and result.read_failure.kind is FailureKind.NOT_FOUND


def test_pypdf_warnings_in_the_worker_reach_this_process_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The log keeps the library's own words about a broken file (tests/reliability/
    test_privacy.py reads them there); the worker must hand them over, not drop them."""
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(b"%PDF-1.4\n% a scan, cut short")
    with caplog.at_level("WARNING"):
        result = pdf_worker.read_pdf_bounded(cut, BUDGET)
    assert result.read_failure is not None
    assert any(r.name.startswith("pypdf") for r in caplog.records), caplog.text
