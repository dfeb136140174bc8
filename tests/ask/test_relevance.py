"""The relevance floor and the monotone display score, on synthetic similarities."""

from __future__ import annotations

import pytest

from assistant.ask.relevance import FLOORS, Floor, above_floor, display_scores, floor_for
from tests.fakes import make_hit

FLOOR = Floor(absolute=0.30, margin=0.12)


def hits(*similarities: float | None, scores: tuple[float, ...] = ()):
    return [
        make_hit(
            f"chunk {i}",
            chunk_id=i,
            vector_distance=None if s is None else 1 - s,
            score=scores[i] if scores else 1.0,
        )
        for i, s in enumerate(similarities)
    ]


def kept_ids(found, floor=FLOOR):
    kept, dropped = above_floor(found, floor)
    return [h.chunk_id for h in kept], dropped


def test_sources_far_below_the_best_are_dropped_and_counted() -> None:
    assert kept_ids(hits(0.62, 0.55, 0.51, 0.49, 0.40, 0.31)) == ([0, 1, 2], 3)


def test_the_absolute_bottom_applies_when_the_best_is_weak() -> None:
    # best - margin = 0.23, but nothing under 0.30 is ever shown
    assert kept_ids(hits(0.35, 0.31, 0.29, 0.25)) == ([0, 1], 2)


def test_a_question_the_files_cannot_answer_shows_nothing() -> None:
    assert kept_ids(hits(0.27, 0.22, 0.20)) == ([], 3)


def test_the_best_hit_is_kept_wherever_it_ranks() -> None:
    # recency or a thread's member can put a weaker hit first: the lead stays while it is
    # plausible at all, the best one stays too, order unchanged
    assert kept_ids(hits(0.45, 0.70, 0.30)) == ([0, 1], 1)
    assert kept_ids(hits(0.45, 0.50, 0.40)) == ([0, 1, 2], 0)
    assert kept_ids(hits(0.20, 0.70, 0.60)) == ([1, 2], 1), "a lead below the bottom goes"


def test_text_only_hits_stay_when_the_evidence_is_plausible() -> None:
    assert kept_ids(hits(0.60, None, 0.30)) == ([0, 1], 1)
    assert kept_ids(hits(0.20, None)) == ([], 2)
    assert kept_ids(hits(None, None)) == ([0, 1], 0)  # full-text mode: nothing to measure


def test_no_floor_for_an_unmeasured_model() -> None:
    assert floor_for("embeddinggemma-300m-q8_0") is FLOORS["embeddinggemma-300m-q8_0"]
    assert floor_for("some-other-embedder") is None
    assert kept_ids(hits(0.9, 0.1), floor=None) == ([0, 1], 0)
    assert above_floor([], FLOOR) == ([], 0)


@pytest.mark.parametrize(
    "fused",
    [(0.033, 0.031, 0.016), (0.016, 0.033, 0.020, 0.031), (0.02, 0.02, 0.03)],
)
def test_display_score_never_increases_with_rank(fused: tuple[float, ...]) -> None:
    scores = display_scores(hits(*[0.5] * len(fused), scores=fused))
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)
    assert max(scores) <= 1 and display_scores([]) == []


def test_display_score_is_relative_to_the_best_fused_score() -> None:
    assert display_scores(hits(0.5, 0.5, 0.5, scores=(0.032, 0.016, 0.008))) == [1.0, 0.5, 0.25]
