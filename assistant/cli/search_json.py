"""`assistant search --json`: JSON Lines in which every line says what it is (its `type`).

The first line describes the query (how it was understood, the user's filters, how many
sources the relevance floor hid); one `hit` line per source follows. `score` is a 0..1
figure that never increases with rank (assistant.ask.relevance.display_scores), so scripts can
threshold on it; the raw fusion score and the cosine similarity are given beside it, since
recency and thread reordering mean the raw fusion score does not follow the order shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from assistant.ask.relevance import display_scores, similarity

if TYPE_CHECKING:
    from assistant.ask.retrieval import Retrieval


def search_lines(retrieval: Retrieval) -> Iterator[dict[str, object]]:
    """The query line, then one line per hit, best first; nothing for a refused query
    (its reason goes to standard error)."""
    from assistant.cli.ask import source_row

    if retrieval.refused:
        return

    yield {
        "type": "query",
        "query": retrieval.query,
        "analysis": _analysis(retrieval),
        "filters": list(retrieval.filters),
        "below_floor": retrieval.below_floor,
    }
    scores = display_scores(retrieval.hits)
    for rank, (hit, score) in enumerate(zip(retrieval.hits, scores, strict=True), start=1):
        close = similarity(hit)
        row = source_row(rank, hit)
        row.update(
            score=score,
            similarity=None if close is None else round(close, 4),
            fused_score=round(hit.score, 5),
        )
        yield {"type": "hit", **row}


def _analysis(retrieval: Retrieval) -> dict[str, object]:
    """What the question was understood as: keywords, dates, people, cues (all JSON values)."""
    a = retrieval.analysis
    return {
        "keywords": a.keywords,
        "date_from": a.date_from.isoformat() if a.date_from else None,
        "date_to": a.date_to.isoformat() if a.date_to else None,
        "recency": a.recency,
        "sender": list(a.sender) if isinstance(a.sender, tuple) else a.sender,
        "recipient": list(a.recipient) if isinstance(a.recipient, tuple) else a.recipient,
        "kinds": list(a.kinds),
        "people": list(a.people),
        "thread": str(a.thread) if a.thread is not None else None,
        "explanation": list(a.explanation),
        "best_similarity": retrieval.best_similarity,
    }
