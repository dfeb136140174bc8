"""The PDF time budget bounds one pathological page too (issue 11, test 9).

`index.pdf_seconds` used to be checked between pages only, so one page that keeps pypdf busy
for minutes (tests/pdf_bombs.py: nested form XObjects in a 2 kB file) blocked the whole sync.
PDFs are now read in a worker process that is killed when a page outlasts the budget. Here a
real `assistant index` (fake embedder) meets such a file beside a note, with a timeout so a
hang fails the test; the pages before the bomb stay searchable. The second test measures
what the worker costs on the shared corpora's real PDFs: its start-up (once per process) and
the time against reading in-process, with identical results.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import ingest
from assistant.indexing.service import open_index
from ingest import pdf_worker
from ingest.pdf import read_pdf
from tests.pdf_bombs import write_bomb
from tests.reliability.robustness_support import FAKE_CLI, config_for, home_env, show
from tests.support import CORPORA, REPO, needs_corpora

BUDGET_SECONDS = "2"
COMMAND_BOUND_SECONDS = 300  # turns a hang into a failure; the index takes seconds


def cli(home: Path, *args: str) -> str:
    env = home_env(home, ASSISTANT_INDEX_PDF_SECONDS=BUDGET_SECONDS)
    done = subprocess.run([sys.executable, "-c", FAKE_CLI, *args], env=env, cwd=REPO,
                          capture_output=True, text=True,
                          timeout=COMMAND_BOUND_SECONDS)  # fmt: skip
    assert done.returncode == 0, f"assistant {args}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_one_pathological_page_does_not_block_the_sync(tmp_path: Path, record_property) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    write_bomb(folder / "bomb.pdf", plain_pages=2)
    (folder / "note.md").write_text("# Note\n\nthe quokkanote is here\n", encoding="utf-8")
    home = tmp_path / "home"
    cli(home, "add", "--no-index", str(folder))
    started = time.perf_counter()
    stats = json.loads(cli(home, "index", "--json").strip().splitlines()[-1])
    seconds = time.perf_counter() - started
    assert (stats["documents_indexed"], stats["failed"]) == (2, 0)
    rows = [json.loads(line) for line in cli(home, "search", "--json", "wordpage2").splitlines()]
    hits = [row for row in rows if row["type"] == "hit"]
    assert hits and hits[0]["path"] == str(folder / "bomb.pdf")
    config = config_for(home, [])
    with open_index(config) as index:
        (row,) = [r for r in index.documents() if str(r["source_path"]).endswith("bomb.pdf")]
    show(record_property, "pdf page bound", budget_s=BUDGET_SECONDS,
         index_wall_s=f"{seconds:.1f}", documents=stats["documents_indexed"],
         failed=stats["failed"],
         bomb_bytes=(folder / "bomb.pdf").stat().st_size, bomb_status=row["status"])  # fmt: skip


@needs_corpora
def test_the_worker_costs_little_on_real_pdfs(record_property) -> None:
    pdfs = sorted(p for p in CORPORA.rglob("*") if p.suffix.lower() == ".pdf")
    assert pdfs
    pdf_worker._worker.clear()  # a fresh worker: its start-up is part of the figure
    started = time.perf_counter()
    with pdf_worker._lock:
        pdf_worker._current_worker()
    start_s = time.perf_counter() - started
    started = time.perf_counter()
    in_process = [read_pdf(p) for p in pdfs]
    in_process_s = time.perf_counter() - started
    started = time.perf_counter()
    through_worker = [ingest.read(p) for p in pdfs]
    worker_s = time.perf_counter() - started
    assert through_worker == in_process
    show(record_property, "pdf worker overhead", pdfs=len(pdfs), start_s=f"{start_s:.2f}",
         in_process_s=f"{in_process_s:.1f}", worker_s=f"{worker_s:.1f}",
         overhead_pct=f"{100 * (worker_s - in_process_s) / in_process_s:.0f}")  # fmt: skip
