"""The relevance floor: which sources are shown at all, and a score that follows rank order.

Retrieval always returns up to k sources, and the panel used to say "8 sources" even when six
of them were unrelated (kernel patches for "is the password on the router?", anything at all
for "What is the capital of Australia?"). A source is shown only when its cosine similarity to
the question is at least ``max(absolute, best - margin)``: relative to the best hit, because
similarities of one model drift by question length and language, with an absolute bottom so
that a question the files cannot answer shows (almost) nothing. The best hit, and the first
hit the ordering put in the lead (a thread's asked-for member, the newest for "last time"),
are kept when their own similarity reaches the absolute bottom.

The numbers were measured with benchmarks/relevance.py on tests/quality (invented corpus:
1 of 89 right sources dropped, 374 of 623 others removed, 0 sources for unanswerable questions)
with EmbeddingGemma; the real-mail sets were not measured yet. They mean nothing for
another embedding model, whose cosines live on another scale: for any other model there is
NO floor (every source is kept), rather than a wrong one.

A source that only the full-text side found has no similarity. It is kept when the best
similarity is plausible (an exact name or number can matter); when nothing is, it goes too.
"""

from __future__ import annotations

from dataclasses import dataclass

from store import Hit


@dataclass(frozen=True)
class Floor:
    absolute: float  # below this no source is shown, however it ranks
    margin: float  # how far below the best similarity a source may be


# Measured with this model only (benchmarks/relevance.py; README, "Relevance floor").
FLOORS = {"embeddinggemma-300m-q8_0": Floor(absolute=0.25, margin=0.15)}


def floor_for(model_id: str) -> Floor | None:
    """The floor measured for `model_id`, or None: an unmeasured model gets no floor."""
    return FLOORS.get(model_id)


def similarity(hit: Hit) -> float | None:
    """Cosine similarity of question and chunk; None when only full-text search found it."""
    return None if hit.vector_distance is None else 1 - hit.vector_distance


def above_floor(hits: list[Hit], floor: Floor | None) -> tuple[list[Hit], int]:
    """The hits worth showing, in their order, and how many fell below the floor."""
    if floor is None or not hits:
        return hits, 0
    known = [s for s in map(similarity, hits) if s is not None]
    best = max(known, default=None)
    if best is None:  # full-text only (fts mode): nothing to measure against
        return hits, 0
    if best < floor.absolute:
        return [], len(hits)
    bottom = max(floor.absolute, best - floor.margin)
    kept = [
        hit
        for position, hit in enumerate(hits)
        if (s := similarity(hit)) is None
        or s >= bottom
        # the lead the ordering chose on purpose (the asked-for member of a thread, the
        # newest for "last time") stays while it is plausible at all
        or (position == 0 and s >= floor.absolute)
    ]
    return kept, len(hits) - len(kept)


def display_scores(hits: list[Hit]) -> list[float]:
    """A 0..1 score per hit that never increases with rank.

    The fused (RRF) score explains the ranking before recency and thread reordering; after
    them it no longer follows the order shown. This is the fused score relative to the best,
    capped by every score above it, so a script may sort or threshold on it safely.
    """
    top = max((h.score for h in hits), default=0.0)
    scores: list[float] = []
    running = 1.0
    for hit in hits:
        running = min(running, hit.score / top if top > 0 else 0.0)
        scores.append(round(running, 4))
    return scores
