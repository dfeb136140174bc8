"""Paths of the test corpora and a fake token counter, shared by the ingest tests.

The fake counter (whitespace-separated words, plus one token per CJK character) behaves
enough like a real tokenizer for size bounds and is cheap enough for thousands of calls;
test_real_tokenizer.py checks the chunker with EmbeddingGemma's own tokenizer.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import CORPORA, REPO

__all__ = ["CORPORA", "MAIL", "NOTES", "PDFS", "REPO", "corpus_files", "fake_count"]

MAIL = CORPORA / "mail"
PDFS = CORPORA / "pdf"
NOTES = Path(__file__).parent / "data" / "notes"

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def fake_count(text: str) -> int:
    """Words between whitespace, with each CJK character counted as a word of its own."""
    cjk = len(_CJK.findall(text))
    return len(_CJK.sub(" ", text).split()) + cjk


def corpus_files(root: Path) -> list[Path]:
    """Every file below `root`; none when the corpora are absent (their tests skip then)."""
    return sorted(p for p in root.rglob("*") if p.is_file())
