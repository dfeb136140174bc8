"""Scans found by `assistant search` over real EmbeddingGemma vectors (issue 17).

A folder of what personal archives hold: a scanned invoice (an image-only PDF), a photo of a
German receipt with its EXIF date, a screenshot of a Chinese invoice, and a note. It is
indexed once with the real embedder and real OCR; each search is its own `assistant`
process, as a person types it, in English, German and Chinese.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from assistant.config import load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.embedder import Embedder
from tests.ocr.pages import TEXTS, fonts, render_page, save_image, scanned_invoice_pdf
from tests.support import REPO

pytestmark = pytest.mark.models
TAKEN = datetime(2024, 3, 15, 18, 2, 11, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, real_embedder: Embedder) -> dict[str, str]:
    home = tmp_path_factory.mktemp("ocr-home")
    folder = tmp_path_factory.mktemp("ocr-files") / "archive"
    folder.mkdir()
    scanned_invoice_pdf(folder / "scan-0117.pdf")
    receipt = render_page(TEXTS["de"], fonts()["de"])
    save_image(receipt, folder / "IMG_2041.jpg", exif_date=TAKEN)
    save_image(render_page(TEXTS["zh"], fonts()["zh"]), folder / "截图.png")
    (folder / "floor.md").write_text("# Floor\n\nBecker sanded the floor in May.\n")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")},
        "ASSISTANT_HOME": str(home),
        "ASSISTANT_EMBEDDER_THREADS": "1",
    }
    config = load_config(env)
    add_root(config, folder)
    with open_index(config) as index:
        stats = run_sync(config, index, real_embedder)
    assert (stats.documents_indexed, stats.failed) == (4, 0), stats.failures
    return env


def search(env: dict[str, str], query: str, *options: str) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "search", query, "--json", *options],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    return [row for row in rows if row["type"] == "hit"]


def test_the_scanned_invoice_total_is_found(env: dict[str, str]) -> None:
    hits = search(env, "What was the total of the Acme invoice?")
    top = hits[0]
    assert Path(top["path"]).name == "scan-0117.pdf"
    assert (top["kind"], top["page"], top["ocr"]) == ("pdf", 1, True)
    assert "1,234.56" in top["text"]


def test_a_photographed_german_receipt_is_found_with_its_photo_date(env: dict[str, str]) -> None:
    hits = search(env, "Wie hoch war der Gesamtbetrag der Rechnung für Herrn Müller?")
    top = hits[0]
    assert Path(top["path"]).name == "IMG_2041.jpg"
    assert (top["kind"], top["ocr"]) == ("image", True)
    assert datetime.fromisoformat(top["date"]) == TAKEN
    assert "89,90" in top["text"]
    only_images = search(env, "Rechnung", "--kind", "image")
    assert only_images and {row["kind"] for row in only_images} == {"image"}


def test_a_chinese_screenshot_is_found(env: dict[str, str]) -> None:
    hits = search(env, "王伟的发票总金额是多少？")
    top = hits[0]
    assert Path(top["path"]).name == "截图.png"
    assert "2400" in top["text"] and top["ocr"]


def test_plain_text_is_not_marked_as_ocr(env: dict[str, str]) -> None:
    hits = search(env, "who sanded the floor?")
    assert Path(hits[0]["path"]).name == "floor.md" and hits[0]["ocr"] is False
