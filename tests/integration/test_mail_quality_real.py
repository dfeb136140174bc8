"""Retrieval on the real mail corpora must not fall below what was measured, nor below vectors.

The questions (tests/quality/mail_questions.toml) were written by reading the mail; the floors
are the full pipeline's figures from benchmarks/mail_quality.py, rounded down. The index comes
from the benchmark's cache when the corpus and the indexing code are unchanged
(tests/quality/index_cache.py): a real-model build of ~430 mails takes minutes.
"""

from __future__ import annotations

import pytest

from tests.quality.evaluation import CONFIGS, scores
from tests.quality.index_cache import cached_index
from tests.quality.mail_evaluation import (
    ALL,
    HELDOUT,
    MAIL,
    TUNED,
    evaluate_mail,
    load_mail_questions,
    ranks_by_set,
)
from tests.support import needs_corpora

pytestmark = [pytest.mark.models, needs_corpora]
MODEL = "embeddinggemma-300m-q8_0"
# (recall@1, recall@5) of the full pipeline per set, measured with threads, quotes, forwards
# and content duplicates (84 questions: 32 thread, 33 who, 9 forward, 10 ordinary; README
# quality table), rounded down by about one question. Before that work: all 0.52 / 0.83.
FLOORS = {
    "thread": (0.81, 0.93),
    "who": (0.9, 0.96),
    "forward": (0.44, 0.88),
    "ordinary": (0.9, 1.0),
    ALL: (0.83, 0.95),
}
# The held-out questions (never tuned on) may trail the tuned set by at most this (issue 13).
HELDOUT_GAP = 0.1


@pytest.fixture(scope="module")
def ranks() -> dict[str, dict[str, list[int | None]]]:
    now, questions = load_mail_questions(TUNED)
    index, embedder, _ = cached_index(MAIL, MODEL, "mail")
    with index:
        return {
            label: ranks_by_set(evaluate_mail(index, embedder, now, questions, CONFIGS[label]))
            for label in ("full", "vector")
        }


@pytest.mark.parametrize("name", list(FLOORS))
def test_full_pipeline_recall_floors(ranks, name: str) -> None:
    at1, at5, _ = scores(ranks["full"][name])
    floor1, floor5 = FLOORS[name]
    assert at1 >= floor1, f"{name}: recall@1 {at1:.2f} < {floor1}"
    assert at5 >= floor5, f"{name}: recall@5 {at5:.2f} < {floor5}"


@pytest.mark.parametrize("name", list(FLOORS))
def test_full_pipeline_is_not_below_plain_vectors(ranks, name: str) -> None:
    full = scores(ranks["full"][name])
    vector = scores(ranks["vector"][name])
    for label, got, baseline in zip(("recall@1", "recall@5", "MRR"), full, vector, strict=True):
        assert got >= baseline, f"{name} {label}: full {got:.2f} < plain vectors {baseline:.2f}"


def test_held_out_questions_are_within_reach_of_the_tuned_ones(ranks) -> None:
    now, questions = load_mail_questions(HELDOUT)
    index, embedder, _ = cached_index(MAIL, MODEL, "mail")
    with index:
        held = ranks_by_set(evaluate_mail(index, embedder, now, questions, CONFIGS["full"]))
    tuned_at1 = scores(ranks["full"][ALL])[0]
    held_at1 = scores(held[ALL])[0]
    assert held_at1 >= tuned_at1 - HELDOUT_GAP, f"held-out {held_at1:.2f}, tuned {tuned_at1:.2f}"
