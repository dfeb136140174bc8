"""Hybrid search: fusion, modes, filters, and the quantised vector types."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from store_helpers import MODEL, add, embed, make_chunks, make_doc

from store import Hit, Index, SearchFilters, SearchMode, retrievers


def day(d: int, month: int = 5) -> datetime:
    return datetime(2024, month, d, tzinfo=UTC)


@pytest.fixture
def mailbox(index: Index) -> Index:
    add(index, "/mail/1.eml", ["Budget review for the Q3 plan"], kind="mail",
        sender="Jürgen Weiß <jw@example.de>", date=day(2))  # fmt: skip
    add(index, "/mail/2.eml", ["Lunch on Friday?"], kind="mail", sender="anna@example.org",
        date=day(9))  # fmt: skip
    add(index, "/mail/3.eml", ["Budget numbers, final version"], kind="mail",
        sender="JÜRGEN WEISS <jw@example.de>", date=day(20))  # fmt: skip
    add(index, "/notes/budget.md", ["My notes on the budget"], date=day(15))
    add(index, "/pdf/report.pdf", ["Annual report with budget tables"], kind="pdf", date=None)
    return index


def test_vector_search_returns_the_nearest_chunk_first(mailbox: Index) -> None:
    hits = mailbox.search(embed("Lunch on Friday?"), "", k=3, mode=SearchMode.VECTOR)
    assert hits[0].source_path == "/mail/2.eml"
    assert hits[0].vector_rank == 1 and hits[0].vector_distance == pytest.approx(0, abs=1e-5)
    assert hits[0].bm25_rank is None
    assert [h.vector_rank for h in hits] == [1, 2, 3]


def test_hybrid_fuses_both_lists(mailbox: Index) -> None:
    hits = mailbox.search(embed("Lunch on Friday?"), "budget", k=5)
    by_path = {h.source_path: h for h in hits}
    assert by_path["/mail/2.eml"].vector_rank == 1 and by_path["/mail/2.eml"].bm25_rank is None
    assert all(h.bm25_rank for p, h in by_path.items() if p != "/mail/2.eml")
    for hit in hits:
        expected = sum(1 / (60 + r) for r in (hit.vector_rank, hit.bm25_rank) if r)
        assert hit.score == pytest.approx(expected)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_fusion_rewards_agreement() -> None:
    fused = retrievers.fuse([1, 2, 3], [3, 4, 5])
    assert next(iter(fused)) == 3
    assert fused[3] == pytest.approx(1 / 63 + 1 / 61)


def test_modes_use_only_their_retriever(mailbox: Index) -> None:
    fts = mailbox.search(embed("Lunch on Friday?"), "budget", k=10, mode="fts")
    assert "/mail/2.eml" not in {h.source_path for h in fts}
    assert all(h.vector_rank is None for h in fts)
    vec = mailbox.search(embed("Lunch on Friday?"), "budget", k=10, mode="vector")
    assert len(vec) == 5 and all(h.bm25_rank is None for h in vec)


def test_text_only_search_needs_no_vector(mailbox: Index) -> None:
    assert len(mailbox.search(None, "budget", k=10)) == 4


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (SearchFilters(kinds=("mail",)), {"/mail/1.eml", "/mail/3.eml"}),
        (SearchFilters(kinds=("pdf", "note")), {"/notes/budget.md", "/pdf/report.pdf"}),
        (SearchFilters(date_from=day(10)), {"/mail/3.eml", "/notes/budget.md"}),
        (SearchFilters(date_to=day(15)), {"/mail/1.eml", "/notes/budget.md"}),
        (SearchFilters(date_from=day(3), date_to=day(16)), {"/notes/budget.md"}),
        (SearchFilters(sender="jürgen"), {"/mail/1.eml", "/mail/3.eml"}),
        (SearchFilters(sender="weiß"), {"/mail/1.eml", "/mail/3.eml"}),  # ß folds to ss
        (SearchFilters(sender="anna"), set()),  # anna never wrote about the budget
        (SearchFilters(path_prefix="/notes/"), {"/notes/budget.md"}),
        (SearchFilters(path_prefix="/mail/", date_from=day(10)), {"/mail/3.eml"}),
    ],
)
@pytest.mark.parametrize("mode", ["hybrid", "vector", "fts"])
def test_filters_apply_to_both_retrievers(
    mailbox: Index, filters: SearchFilters, expected: set[str], mode: str
) -> None:
    everything = mailbox.search(embed("budget"), "", k=10, mode="vector")
    passing = {h.source_path for h in everything if _passes(h, filters)}
    hits = mailbox.search(embed("budget"), "budget", k=10, filters=filters, mode=mode)
    got = {h.source_path for h in hits}
    # Vectors match every document, so vector and hybrid return all that pass the filter.
    assert got == (expected if mode == "fts" else passing)
    assert expected <= passing


def _passes(hit: Hit, filters: SearchFilters) -> bool:
    if filters.kinds and hit.kind not in filters.kinds:
        return False
    if filters.date_from and not (hit.date and hit.date >= filters.date_from):
        return False
    if filters.date_to and not (hit.date and hit.date <= filters.date_to):
        return False
    if filters.sender and filters.sender.casefold() not in hit.sender.casefold():
        return False
    return not (filters.path_prefix and not hit.source_path.startswith(filters.path_prefix))


def test_hits_carry_document_metadata(mailbox: Index) -> None:
    (hit,) = mailbox.search(None, "final version", k=1)
    assert (hit.kind, hit.sender, hit.date) == ("mail", "JÜRGEN WEISS <jw@example.de>", day(20))
    assert hit.text == "Budget numbers, final version" and hit.ordinal == 0


def test_empty_index_and_zero_k(index: Index) -> None:
    assert index.search(embed("x"), "x", k=10) == []
    add(index, "/n/a.md", ["x"])
    assert index.search(embed("x"), "x", k=0) == []


def _random_index(tmp_path: Path, vector_type: str, dim: int, n: int = 600) -> Index:
    idx = Index.open(tmp_path / f"{vector_type}.sqlite", dim=dim, vector_type=vector_type)
    for d in range(n // 6):
        texts = [f"doc {d} chunk {i}" for i in range(6)]
        chunks = make_chunks(texts)
        idx.replace_document(make_doc(f"/n/{d}.md"), chunks,
                             {c.content_hash: embed(c.text) for c in chunks}, MODEL)  # fmt: skip
    return idx


def _exact_top(texts: list[str], query: np.ndarray, dim: int, k: int) -> list[str]:
    matrix = np.stack([embed(t)[:dim] for t in texts])
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    q = query[:dim] / np.linalg.norm(query[:dim])
    return [texts[i] for i in np.argsort(-(matrix @ q))[:k]]


@pytest.mark.parametrize("vector_type", ["float32", "int8", "binary"])
def test_quantised_types_return_the_exact_neighbours(tmp_path: Path, vector_type: str) -> None:
    idx = _random_index(tmp_path, vector_type, dim=128)
    texts = [f"doc {d} chunk {i}" for d in range(100) for i in range(6)]
    rng = np.random.default_rng(1)
    for _ in range(5):
        query = embed(texts[int(rng.integers(len(texts)))]) + rng.standard_normal(768) * 0.5
        hits = idx.search(query, "", k=10, mode="vector")
        assert [h.text for h in hits] == _exact_top(texts, query, 128, 10)
    idx.close()


def test_large_sender_filter_goes_through_vec0(tmp_path: Path, monkeypatch) -> None:
    """Above EXACT_LIMIT allowed chunks the filter becomes a vec0 rowid constraint."""
    idx = _random_index(tmp_path, "binary", dim=128, n=120)
    query = embed("doc 3 chunk 2")
    exact = idx.search(query, "", k=5, filters=SearchFilters(path_prefix="/n/1"), mode="vector")
    monkeypatch.setattr(retrievers, "EXACT_LIMIT", 0)
    via_vec0 = idx.search(query, "", k=5, filters=SearchFilters(path_prefix="/n/1"), mode="vector")
    assert [h.chunk_id for h in via_vec0] == [h.chunk_id for h in exact]
    assert all(h.source_path.startswith("/n/1") for h in via_vec0)
    idx.close()


def test_any_term_matches_on_common_words_alone_stay_out(index: Index) -> None:
    """No chunk has every word of a natural question; a chunk matching only "the" must not
    join the fusion as if it were a real lexical match."""
    add(index, "/n/floor.md", ["Mike replaced the loose oak floor boards in the hallway."])
    add(index, "/n/wifi.md", ["The router is in the cupboard; the password is on it."])
    add(index, "/n/tap.md", ["Priya fixed the kitchen tap, the drip has stopped."])
    hits = index.search(None, "Who repaired the living room floor boards?", k=5, mode="fts")
    assert [h.source_path for h in hits] == ["/n/floor.md"]
    # With nothing better on offer, the best any-term match is still returned.
    hits = index.search(None, "who owns the cupboard key", k=5, mode="fts")
    assert hits and hits[0].source_path == "/n/wifi.md"
