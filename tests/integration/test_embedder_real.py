"""The real EmbeddingGemma Q8_0 through llama.cpp, checked against published numbers."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.errors import InputTooLong
from assistant.runtime.embedder import DocumentText, Embedder
from assistant.runtime.similarity import similarity_table

pytestmark = pytest.mark.models

RED_PLANET_QUERY = "Which planet is known as the Red Planet?"
RED_PLANET_DOCS = [
    "Venus is often called Earth's twin because of its similar size and proximity.",
    "Mars, known for its reddish appearance, is often referred to as the Red Planet.",
    "Jupiter, the largest planet in our solar system, has a prominent red spot.",
    "Saturn, famous for its rings, is sometimes mistaken for the Red Planet.",
]
# From the EmbeddingGemma model card (sentence-transformers, float32, 768-d).
MODEL_CARD_SCORES = [0.3011, 0.6359, 0.4930, 0.4889]
# sentence-transformers float32 on the same weights, truncated and renormalised, measured here.
# Note the reference itself ranks Saturn above Jupiter at 512d (the two are 0.004 apart at
# 768d): what must hold at every dim is that Mars wins and that we rank as the reference does.
REFERENCE_BY_DIM = {
    768: [0.3008, 0.6361, 0.4927, 0.4889],
    512: [0.3267, 0.6313, 0.4742, 0.4853],
    256: [0.4015, 0.6716, 0.5282, 0.5261],
    128: [0.4184, 0.6521, 0.5961, 0.5160],
}


def test_red_planet_scores_match_the_model_card(real_embedder: Embedder) -> None:
    table = similarity_table(real_embedder, RED_PLANET_QUERY, RED_PLANET_DOCS)
    np.testing.assert_allclose(table[768], MODEL_CARD_SCORES, atol=0.01)


@pytest.mark.parametrize("dim", [768, 512, 256, 128])
def test_every_mrl_dim_matches_the_float32_reference(real_embedder: Embedder, dim: int) -> None:
    (scores,) = similarity_table(real_embedder, RED_PLANET_QUERY, RED_PLANET_DOCS, (dim,)).values()
    reference = REFERENCE_BY_DIM[dim]
    np.testing.assert_allclose(scores, reference, atol=0.01)
    assert int(np.argmax(scores)) == 1, "Mars must be the best match at every dim"
    assert list(np.argsort(scores)) == list(np.argsort(reference)), "ranking differs"


def test_vectors_are_unit_length_at_every_dim(real_embedder: Embedder) -> None:
    for dim in (768, 512, 256, 128):
        vector = real_embedder.embed_query("Heizung", dim=dim)
        assert vector.shape == (dim,)
        assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4


@pytest.mark.parametrize(
    ("query", "right", "wrong"),
    [
        (
            "Wer hat zuletzt den Boden repariert?",
            "Herr Becker hat am Dienstag die losen Dielen im Flur abgeschliffen und neu verlegt.",
            "Die Heizungswartung ist für nächsten März bei der Firma Wärme GmbH gebucht.",
        ),
        (
            "上次是谁修的地板？",
            "王师傅上周把客厅松动的木地板重新铺好了，他的电话是138 0013 8000。",
            "物业通知下个月停水两天，请提前储水。",
        ),
        (
            "Who fixed the floor last time?",
            "王师傅上周把客厅松动的木地板重新铺好了。",
            "Die Heizungswartung ist für nächsten März gebucht.",
        ),
    ],
    ids=["german", "chinese", "cross-lingual"],
)
def test_multilingual_retrieval_prefers_the_answer(
    real_embedder: Embedder, query: str, right: str, wrong: str
) -> None:
    scores = similarity_table(real_embedder, query, [right, wrong], dims=(768, 256))
    for dim, (good, bad) in scores.items():
        assert good > bad + 0.05, f"{dim}d: {good:.3f} vs {bad:.3f}"


def test_titles_change_the_document_vector(real_embedder: Embedder) -> None:
    plain, titled = real_embedder.embed_documents(
        [DocumentText("Invoice total 420 EUR"), DocumentText("Invoice total 420 EUR", "Floor")]
    )
    assert float(plain @ titled) < 0.999


def test_over_long_text_is_refused_or_cut_but_never_crashes(real_embedder: Embedder) -> None:
    long_text = "Der Handwerker kam wieder. 又来修地板了。 " * 400  # well over 2048 tokens
    assert real_embedder.count_tokens(long_text) > real_embedder.max_tokens
    with pytest.raises(InputTooLong, match="over the embedder's limit"):
        real_embedder.embed_documents([DocumentText(long_text)])
    (vector,) = real_embedder.embed_documents([DocumentText(long_text)], truncate=True)
    assert vector.shape == (768,) and np.all(np.isfinite(vector))
    # A query that is too long is cut rather than refused: people paste whole mails.
    assert real_embedder.embed_query(long_text).shape == (real_embedder.dim,)
