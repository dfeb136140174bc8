"""Where `search`, `ask` and `chat` get their models: made for this one command, or the
resident ones of `assistant serve`.

A command run in its own process builds its query embedder and answer model itself and pays
their load (seconds) every time. The same command run inside `assistant serve`, on behalf of a
client (assistant.cli.remote), borrows the server's session: loaded once, warm. The commands
print the same either way because this is the only thing that differs.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from assistant.config import Config

if TYPE_CHECKING:
    from assistant.runtime.protocols import AnswerModel, QueryEmbedder
    from assistant.runtime.session import Session


class Engine(Protocol):
    def embedder(self, config: Config) -> QueryEmbedder:
        """The query embedder (`ModelMissing` when none is installed)."""
        ...

    def generator(self, config: Config) -> AnswerModel:
        """The answer model (`ModelMissing` when none is installed: search only)."""
        ...

    def question(self) -> AbstractContextManager[None]:
        """Around each question's search and answer: a server's indexing waits meanwhile."""
        ...


class LocalEngine:
    """Models made for this command (loaded lazily, on first use)."""

    def embedder(self, config: Config) -> QueryEmbedder:
        from assistant.runtime.embedder import Embedder

        return Embedder.from_config(config)

    def generator(self, config: Config) -> AnswerModel:
        from assistant.runtime.generator import Generator

        return Generator.from_config(config)

    def question(self) -> AbstractContextManager[None]:
        return nullcontext()  # no indexer in this process to hold back


@dataclass
class SessionEngine:
    """The resident session's models. The server only runs a command whose config equals
    its own (assistant.cli.remote), so these are the models the command would have built."""

    session: Session

    def embedder(self, config: Config) -> QueryEmbedder:
        from assistant.serve.idle_cores import IdleCoreQueries

        if self.session.query_embedder is None or not self.session.query_ready:
            return LocalEngine().embedder(config)
        return IdleCoreQueries(self.session)

    def generator(self, config: Config) -> AnswerModel:
        if self.session.generator is not None and self.session.generator_ready:
            return self.session.generator
        # none loaded: the same model missing (the same note) or failing to load (the same
        # error) as in a process of its own
        return LocalEngine().generator(config)

    @contextmanager
    def question(self) -> Iterator[None]:
        with self.session.answering():  # as the app's questions: the indexer waits
            yield


def engine_of(args: argparse.Namespace) -> Engine:
    """The engine `main` put into the arguments; a command called directly makes its own."""
    engine: Engine | None = getattr(args, "engine", None)
    return engine if engine is not None else LocalEngine()
