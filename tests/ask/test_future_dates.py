"""Recency and mail dated in the future: a year-9999 spam date must not win "last time"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from assistant.ask.analysis import Analysis
from assistant.ask.retrieval import reorder
from tests.fakes import make_hit


def dated(n: int, date: datetime | None) -> object:
    return make_hit(
        "text", chunk_id=n, document_id=n, source_path=f"/m/{n}.eml", kind="mail",
        title=f"t{n}", sender="Anna <a@x>", date=date, score=1.0 / n, vector_distance=0.4,
    )  # fmt: skip


def test_a_date_after_tomorrow_sorts_like_an_undated_hit() -> None:
    now = datetime.now(UTC)
    hits = [
        dated(1, datetime(9999, 12, 31, tzinfo=UTC)),
        dated(2, now - timedelta(days=400)),
        dated(3, None),
        dated(4, now - timedelta(hours=1)),
        dated(5, now + timedelta(days=30)),
    ]
    order = [h.chunk_id for h in reorder(hits, Analysis("last time", recency=True))]
    assert order[:2] == [4, 2]
    assert sorted(order[2:]) == [1, 3, 5]


def test_a_date_a_few_hours_ahead_still_counts() -> None:
    now = datetime.now(UTC)
    hits = [dated(1, now - timedelta(days=2)), dated(2, now + timedelta(hours=3))]
    assert [h.chunk_id for h in reorder(hits, Analysis("last time", recency=True))] == [2, 1]
