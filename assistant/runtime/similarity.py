"""Cosine similarity of a query against documents, with the proper prompts, at each MRL dim.

This is the smallest end-to-end check that the embedder is right: the EmbeddingGemma model
card publishes the scores for its "Red Planet" example, and ours must match them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.runtime.embedder import DocumentText, Embedder
from store import FULL_DIM, MRL_DIMS, truncate_dim


def similarity_table(
    embedder: Embedder, query: str, documents: Sequence[str], dims: Sequence[int] = MRL_DIMS
) -> dict[int, list[float]]:
    """For each dim, the cosine score of every document against the query."""
    query_full = embedder.embed_query(query, dim=FULL_DIM)
    docs_full = embedder.embed_documents([DocumentText(text) for text in documents])
    table = {}
    for dim in dims:
        scores = truncate_dim(docs_full, dim) @ truncate_dim(query_full, dim)
        table[dim] = [float(s) for s in np.asarray(scores)]
    return table
