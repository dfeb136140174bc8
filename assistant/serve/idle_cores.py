"""A served query on every idle core: what `assistant serve` gives the questions it runs.

Kept here, beside the server's other use of the session, since only a server has a session
that is idle most of the time; the app splits the cores once (`split_threads`)."""

from __future__ import annotations

import numpy as np

from assistant.config import thread_count
from assistant.runtime.session import Session


class IdleCoreQueries:
    """The session's query embedder, on every core for a query while nothing else computes.

    `split_threads` keeps the query context to its share of the cores so that a question and
    a sync never oversubscribe them; but when no sync runs and no other question is in
    flight, that share only makes the question slower (here 88 ms on one thread, 49 ms on
    two). A question that starts a moment before a sync does shares for that one query.
    `assistant serve` hands this to the commands it runs (assistant.cli.engine) and to
    attached programs (assistant.serve.host).
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        embedder = session.query_embedder
        assert embedder is not None, "a session without questions"
        self.embedder = embedder

    @property
    def model_id(self) -> str:
        return self.embedder.model_id

    @property
    def dim(self) -> int:
        return self.embedder.dim

    def embed_query(self, query: str, dim: int | None = None) -> np.ndarray:
        session = self.session
        alone = not session.syncing and session.gate.questions <= 1
        threads = thread_count(session.config.embedder.threads) if alone else None
        return self.embedder.embed_query(query, dim, threads=threads)
