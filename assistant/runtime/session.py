"""One session: the models, the index and the rules that let questions and indexing share them.

The app and `assistant watch` hold one `Session` each; it owns the index, a query embedder,
an indexing embedder, the answer model, the indexing gate (`assistant.runtime.gate`) and the
sync queue (`assistant.runtime.coalesce`). Callers run its methods on threads of their own
(Textual workers, the watcher's thread) and only report what comes back.

Two Embedder instances (two llama.cpp contexts) are kept on purpose: each Embedder serialises
its calls behind a lock, so with one shared instance a question asked during a big sync waits
for whole documents to embed. With its own context a query only competes for CPU, and the
cores are split between the two contexts (see `split_threads`). While a question is answered
the indexer also waits at the gate between chunks, so the answer model gets the cores;
benchmarks/tui.py measures both. Plain Python, so tests build a Session around fakes or
already-loaded models.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from assistant.ask.answer import Answer, answer
from assistant.ask.filter_tokens import read_filter_tokens, without_filter_tokens
from assistant.ask.retrieval import Retrieval, retrieve
from assistant.ask.show import Shown, show_key
from assistant.ask.stages import Stage, StageReport, ignore_stage
from assistant.config import Config, thread_count
from assistant.errors import AssistantError
from assistant.indexing.roots import load_roots
from assistant.indexing.service import Status, index_status, open_index, run_sync
from assistant.indexing.sync import SyncStats, read_limits
from assistant.progress import Report, silent_report
from assistant.runtime.coalesce import SyncQueue, SyncRequest
from assistant.runtime.embedder import Embedder
from assistant.runtime.gate import GatedEmbedder, IndexingGate, IndexingStopped
from assistant.runtime.generator import Generator
from assistant.runtime.protocols import AnswerModel, QueryEmbedder
from store import Index

SyncDone = Callable[[SyncStats], None]
log = logging.getLogger(__name__)


def split_threads(cores: int) -> tuple[int, int]:
    """(query, indexing) threads: together no more than the cores.

    llama.cpp's threads spin while they wait, so two contexts asking for every core each
    (or a neighbour process taking one) slow both down many times over: measured here, a
    query embedding took 3.3 s with 2 threads on 2 busy cores and 40-60 ms with 1.
    """
    indexing = max(1, cores // 2)
    return max(1, cores - indexing), indexing


def embedders(config: Config) -> tuple[Embedder, Embedder]:
    """A query embedder and an indexing embedder: two contexts on the same model file."""
    query = Embedder.from_config(config)
    query.threads, indexing_threads = split_threads(thread_count(config.embedder.threads))
    indexer = Embedder(
        query.model_path,
        model_id=query.model_id,
        dim=query.dim,
        max_tokens=query.max_tokens,
        threads=indexing_threads,
    )
    return query, indexer


def _ignore(stats: SyncStats) -> None:
    """The default `on_done`: nobody needs the figures."""


@dataclass
class Session:
    """Index, embedders and answer model, built lazily off the UI thread; gate and syncs.

    `questions=False` (`assistant watch`) makes no query embedder: indexing gets every core.
    """

    config: Config
    questions: bool = True
    index: Index | None = None
    query_embedder: Embedder | None = None
    index_embedder: Embedder | None = None
    generator: AnswerModel | None = None  # a local GGUF or a llama.cpp server
    generator_ready: bool = False
    generator_note: str = ""
    query_ready: bool = False
    gate: IndexingGate = field(default_factory=IndexingGate)
    syncs: SyncQueue = field(default_factory=SyncQueue)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _skipped: set[Path] = field(default_factory=set, repr=False)  # outside the roots, said once
    # The running sync's latest (text, done, total), for an app attached to this session's
    # server to show (assistant.serve.host); None when no sync runs.
    progress: tuple[str, int, int] | None = None
    # One model load at a time: llama-cpp-python swaps fds 1 and 2 for /dev/null while it
    # loads, and two loads in two threads can leave them swapped (see tui.terminal).
    _loading: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- models and index -----------------------------------------------------------------------

    @property
    def server_pid(self) -> int:
        """The `assistant serve` whose models and indexer this session borrows; 0: its own
        (assistant.serve.attached)."""
        return 0

    def served_sync(self) -> tuple[str, int, int] | None:
        """The server's running sync as (text, done, total), None when it runs none; a
        session of its own has no server (its syncs report to their caller)."""
        return None

    def open(self) -> Index:
        """Open the index and create (not load) the embedders; cheap, idempotent."""
        with self._lock:
            if self.index is None:
                self.index = open_index(self.config)
            if self.index_embedder is None or (self.questions and self.query_embedder is None):
                if self.questions:
                    self.query_embedder, self.index_embedder = embedders(self.config)
                else:
                    self.index_embedder = Embedder.from_config(self.config)
            return self.index

    def load_query_embedder(self) -> None:
        self.open()
        assert self.query_embedder is not None, "a session without questions"
        with self._loading:
            self.query_embedder.load()
        self.query_ready = True

    def load_index_embedder(self) -> None:
        """Load the indexing context now rather than at the first sync (`assistant serve`
        loads every model before it routes its standard streams: see assistant.cli.serve)."""
        self.open()
        assert self.index_embedder is not None
        with self._loading:
            self.index_embedder.load()

    def load_generator(self) -> None:
        """Load the answer model (or reach the answer server); a missing one becomes a note,
        not an error."""
        try:
            if self.generator is None:
                self.generator = Generator.from_config(self.config)
            with self._loading:
                self.generator.load()
            self.generator_ready = True
        except AssistantError as exc:
            self.generator, self.generator_note = None, str(exc)

    def answer_model_id(self) -> str:
        """The answer model `load_generator` will load, without loading it ('' if none)."""
        if self.generator is not None:
            return self.generator.model_id
        try:
            return Generator.from_config(self.config).model_id
        except AssistantError:
            return ""

    def status(self) -> Status:
        return index_status(self.config, self.open())

    # -- syncing --------------------------------------------------------------------------------

    @property
    def syncing(self) -> bool:
        return self.syncs.running

    def claim_sync(self, paths: set[Path] | list[Path] | None) -> SyncRequest | None:
        """The sync the caller should run now, or None: merged into the one after the running
        sync (or the session is closing). `paths` None: every root."""
        if self.gate.stopped:
            return None
        return self.syncs.submit(paths)

    def run_syncs(
        self, request: SyncRequest, report: Report = silent_report, on_done: SyncDone = _ignore
    ) -> None:
        """Run a claimed sync, then whatever was merged meanwhile, until nothing waits.

        A stopped session ends the loop quietly; any other failure ends it and is raised.
        """

        def tracked(text: str, done: int = 0, total: int = 0) -> None:
            self.progress = (text, done, total)
            report(text, done, total)

        upcoming: SyncRequest | None = request
        while upcoming is not None:
            try:
                stats = self.sync(upcoming.path_list(), tracked)
                on_done(stats)
            except IndexingStopped:
                self.syncs.abandon()  # what was committed stays, the next sync does the rest
                return
            except BaseException:
                self.syncs.abandon()
                raise
            finally:
                self.progress = None
            upcoming = self.syncs.finish()

    def sync_changes(
        self,
        paths: set[Path] | list[Path] | None,
        report: Report = silent_report,
        on_done: SyncDone = _ignore,
    ) -> None:
        """Sync `paths` on this thread, or leave them to the thread already syncing."""
        request = self.claim_sync(paths)
        if request is not None:
            self.run_syncs(request, report, on_done)

    def sync(self, paths: list[Path] | None, report: Report = silent_report) -> SyncStats:
        """One sync through the gate, now (callers coalesce through `claim_sync`)."""
        index = self.open()
        assert self.index_embedder is not None
        with self._loading:
            self.index_embedder.load()
        embedder = GatedEmbedder(self.index_embedder, self.gate)
        return run_sync(
            self.config,
            index,
            embedder,
            paths,
            report,
            lambda: self.gate.stopped,
            self._skip_outside,
        )

    def _skip_outside(self, paths: list[Path]) -> None:
        """Changed paths outside the roots (a link to elsewhere, a root just removed): skipped,
        and said once per path, so the rest of their batch is indexed at once."""
        for path in paths:
            if path not in self._skipped:
                self._skipped.add(path)
                log.warning("skipping %s: it is not in a registered folder", path)

    def stop_indexing(self) -> None:
        """The session is closing: a running sync stops at its next chunk, no new one starts."""
        self.gate.stop()

    # -- questions ------------------------------------------------------------------------------

    @contextmanager
    def answering(self) -> Iterator[None]:
        """A question is in flight: indexing waits between chunks until the block ends."""
        with self.gate.question():
            yield

    def ask(
        self,
        question: str,
        history: list[tuple[str, str]],
        on_evidence: Callable[[Retrieval], None],
        on_text: Callable[[str], None],
        cancel: threading.Event,
        on_stage: StageReport = ignore_stage,
        evidence_only: bool = False,
    ) -> Answer:
        """Evidence (handed to `on_evidence` at once), then the streamed answer; questions first.

        `evidence_only`: the person asked for the sources alone; the answer model is not used.
        """
        with self.answering():
            on_stage(Stage("searching"))
            retrieval = self.retrieve(question, [q for q, _ in history])
            on_evidence(retrieval)
            if evidence_only:
                return answer(retrieval, None, evidence_only=True)
            return self.answer(retrieval, history, on_text, cancel, on_stage)

    def query_model(self) -> QueryEmbedder:
        """The query embedder, loaded now if the models worker has not got to it yet."""
        if not self.query_ready:
            self.load_query_embedder()
        assert self.query_embedder is not None
        return self.query_embedder

    def retrieve(self, question: str, history: list[str]) -> Retrieval:
        index = self.open()
        embedder = self.query_model()
        now = datetime.now().astimezone()
        # `kind:mail since:2024-03 ...` typed in the question (FilterError if unreadable)
        question, user = read_filter_tokens(question, now, load_roots(self.config))
        history = [without_filter_tokens(h) for h in history]
        return retrieve(
            index, embedder, question, now=now, history=history,
            me=self.config.mail.me, user=user,
        )  # fmt: skip

    def answer(
        self,
        retrieval: Retrieval,
        history: list[tuple[str, str]],
        on_text: Callable[[str], None],
        cancel: threading.Event,
        on_stage: StageReport = ignore_stage,
    ) -> Answer:
        generator = self.generator if self.generator_ready else None
        return answer(
            retrieval, generator, history=history, on_text=on_text, cancel=cancel,
            on_stage=on_stage,
        )  # fmt: skip

    def show(self, key_text: str) -> Shown:
        """A source in full from its file, with its whole thread for a mail (the viewer)."""
        return show_key(self.open(), key_text, thread=True, limits=read_limits(self.config))

    def close(self) -> None:
        self.gate.stop()
        if self.index is not None:
            self.index.close()
