"""Retrieval quality on the labeled corpus must not regress below what was measured.

The floors are the figures in the README's quality table, rounded down: a change that makes
the full pipeline find fewer right answers fails here, not only in a benchmark nobody runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.quality import evaluation as quality

pytestmark = pytest.mark.models
# recall@1 of the full pipeline; the held-out set has 12 questions, so 0.83 allows two misses.
FLOORS = {"timeline": 0.9, "heldout": 0.83, "ordinary": 0.95, "crosslingual": 0.95}


def test_full_pipeline_recall_floors(tmp_path: Path) -> None:
    now, questions = quality.load_questions()
    index, embedder = quality.build_index(tmp_path, "embeddinggemma-300m-q8_0")
    with index:
        ranks = quality.evaluate(index, embedder, now, questions, quality.CONFIGS["full"])
        baseline = quality.evaluate(index, embedder, now, questions, quality.CONFIGS["vector"])
    for name, floor in FLOORS.items():
        at1, at5, _ = quality.scores(ranks[name])
        assert at1 >= floor, f"{name}: recall@1 {at1:.2f} < {floor}"
        assert at5 >= (1.0 if name == "ordinary" else 0.9), f"{name}: recall@5 {at5:.2f}"
    timeline_gain = quality.scores(ranks["timeline"])[0] - quality.scores(baseline["timeline"])[0]
    assert timeline_gain >= 0.2, "question analysis must beat plain vector search on timelines"
