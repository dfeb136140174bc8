"""A session whose models and indexer are the running server's: the app and `assistant mcp`.

`attach` asks the home's server (`hello`); when it serves this config, the program gets an
`AttachedSession` instead of a `Session` of its own: the same object to the app's screens and
to the MCP tools, reading the same index, but its query vectors, answers and syncs come from
the server (assistant.serve.host), so no second copy of the models is loaded and no second
watcher runs. Without a server (or one that declines) `attach` says None and the program
builds its own Session as before.

The server stopping while attached is an error of the one question or sync that was using
it (`ServerGone`, one line); the program itself goes on.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.config import Config, GeneratorConfig
from assistant.errors import AssistantError
from assistant.indexing.service import open_index
from assistant.indexing.sync import SyncStats
from assistant.progress import Report, silent_report
from assistant.runtime.prefill import PrefillReport
from assistant.runtime.protocols import Message as Turn
from assistant.runtime.protocols import QueryEmbedder
from assistant.runtime.session import Session
from assistant.serve.client import switched_off
from assistant.serve.place import home_of, socket_path
from assistant.serve.wire import Channel, Message, WireError, messages
from store import Index

HELLO_SECONDS = 3.0  # a server still loading its models does not accept yet: run alone
CANCEL_POLL = 0.05


class ServerGone(AssistantError):
    """The server stopped (or broke the wire) during a request."""


@dataclass(frozen=True)
class ServerLink:
    """How to reach the server: a new connection per request, so threads never share one."""

    path: str

    def connect(self, timeout: float | None = None) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(self.path)
        except OSError:
            sock.close()
            raise ServerGone("assistant serve is no longer running") from None
        return sock

    def call(self, request: Message, timeout: float | None = None) -> Message:
        """One request, one reply."""
        for reply in self.replies(request, timeout):
            return reply
        raise ServerGone("assistant serve stopped before it answered")

    def replies(
        self,
        request: Message,
        timeout: float | None = None,
        *,
        opened: Callable[[Channel], None] | None = None,
    ) -> Generator[Message, None, None]:
        """The replies to one request until the server closes; `error` raises its line.
        `opened` is handed the connection's sending half once the request is sent (to send
        a `cancel` on it later)."""
        sock = self.connect(timeout)
        channel = Channel(sock)
        try:
            if not channel.send(request):
                raise ServerGone("assistant serve is no longer running")
            if opened is not None:
                opened(channel)
            try:
                for reply in messages(sock):
                    if "error" in reply:
                        raise AssistantError(str(reply["error"]))
                    yield reply
            except (WireError, TimeoutError):
                raise ServerGone("assistant serve broke off its answer") from None
        finally:
            sock.close()


def attach(config: Config, environ: Mapping[str, str] = os.environ) -> AttachedSession | None:
    """A session on the home's running server, or None (none runs, or it declined)."""
    if switched_off(environ):
        return None
    link = ServerLink(socket_path(home_of(environ), environ))
    try:
        hello = link.call({"op": "hello", "env": dict(environ)}, timeout=HELLO_SECONDS)
    except AssistantError:
        return None
    if not hello.get("ready"):
        return None
    return AttachedSession(config, link=link, hello=hello)


class ServedEmbedder:
    """The server's query embedder, as `retrieve` needs it."""

    def __init__(self, link: ServerLink, model_id: str, dim: int) -> None:
        self.link = link
        self.model_id = model_id
        self.dim = dim

    def embed_query(self, query: str, dim: int | None = None) -> np.ndarray:
        reply = self.link.call({"op": "embed", "text": query, "dim": dim})
        vector = reply.get("vector")
        if not isinstance(vector, list):
            raise ServerGone("assistant serve sent no vector")
        return np.asarray(vector, dtype=np.float32)


class ServedAnswerModel:
    """The server's answer model, as the answer path needs it (an `AnswerModel`).

    `settings` are this program's own: the server only attaches a client whose config is
    its own, so they are the server's too."""

    def __init__(self, link: ServerLink, model_id: str, settings: GeneratorConfig) -> None:
        self.link = link
        self._model_id = model_id
        self._settings = settings
        self._counted = lru_cache(maxsize=512)(self._count)  # sources are counted twice

    @property
    def settings(self) -> GeneratorConfig:
        return self._settings

    @property
    def model_id(self) -> str:
        return self._model_id

    def load(self) -> None:
        """Loaded in the server already."""

    def count_tokens(self, text: str) -> int:
        return self._counted(text)

    def _count(self, text: str) -> int:
        count = self.link.call({"op": "count", "text": text}).get("count")
        if not isinstance(count, int):
            raise ServerGone("assistant serve sent no token count")
        return count

    def stream(
        self,
        messages: list[Turn],
        cancel: threading.Event | None = None,
        on_prefill: PrefillReport | None = None,
    ) -> Iterator[str]:
        """The answer's pieces as the server streams them; `cancel` stops it there too."""
        finished = threading.Event()

        def watch(channel: Channel) -> None:
            if cancel is not None:
                threading.Thread(
                    target=_pass_cancel, args=(cancel, finished, channel), daemon=True
                ).start()

        request = {"op": "stream", "messages": [vars(m) for m in messages]}
        replies = self.link.replies(request, opened=watch)
        try:
            yield from _answer_pieces(replies, on_prefill)
        finally:
            finished.set()
            replies.close()  # the connection, now: a cut-short answer frees the model at once


def _answer_pieces(replies: Iterator[Message], on_prefill: PrefillReport | None) -> Iterator[str]:
    for reply in replies:
        if "text" in reply:
            yield str(reply["text"])
        elif "prefill" in reply and on_prefill is not None:
            done, total = reply["prefill"]
            on_prefill(int(done), int(total))
        elif reply.get("end"):
            return
    raise ServerGone("assistant serve stopped in the middle of the answer")


def _pass_cancel(cancel: threading.Event, finished: threading.Event, channel: Channel) -> None:
    while not finished.is_set():
        if cancel.wait(CANCEL_POLL):
            channel.send({"cancel": True})
            return


@dataclass
class AttachedSession(Session):
    """A `Session` whose models and indexer are the server's; the index is read here."""

    link: ServerLink = field(default_factory=lambda: ServerLink(""))
    hello: Message = field(default_factory=dict)
    served_embedder: QueryEmbedder | None = None

    @property
    def server_pid(self) -> int:
        pid = self.hello.get("pid")
        return pid if isinstance(pid, int) else 0

    def open(self) -> Index:
        """The index only: the embedders are the server's."""
        with self._lock:
            if self.index is None:
                self.index = open_index(self.config)
            return self.index

    def load_query_embedder(self) -> None:
        self.open()
        held = self.hello.get("embedder") or {}
        self.served_embedder = ServedEmbedder(self.link, str(held["model_id"]), int(held["dim"]))
        self.query_ready = True

    def load_index_embedder(self) -> None:
        """The server indexes."""

    def load_generator(self) -> None:
        generator = self.hello.get("generator")
        if not generator:
            self.generator, self.generator_note = None, str(self.hello.get("note") or "")
            return
        self.generator = ServedAnswerModel(
            self.link, str(generator["model_id"]), self.config.generator
        )
        self.generator_ready = True

    def answer_model_id(self) -> str:
        generator = self.hello.get("generator")
        return str(generator["model_id"]) if generator else ""

    def query_model(self) -> QueryEmbedder:
        if self.served_embedder is None:
            self.load_query_embedder()
        assert self.served_embedder is not None
        return self.served_embedder

    def served_sync(self) -> tuple[str, int, int] | None:
        """The server's running sync, None when it runs none; `ServerGone` when the server
        itself is gone (the app then takes the work back: tui.jobs)."""
        state = self.link.call({"op": "state"}, timeout=HELLO_SECONDS)
        if not state.get("syncing"):
            return None
        progress = state.get("progress")
        if isinstance(progress, list) and len(progress) == 3:
            return str(progress[0]), int(progress[1]), int(progress[2])
        return "syncing in assistant serve", 0, 0

    def sync(self, paths: list[Path] | None, report: Report = silent_report) -> SyncStats:
        """The server syncs; its progress is reported here as it goes."""
        request = {"op": "sync", "paths": None if paths is None else [str(p) for p in paths]}
        done: list[SyncStats] = []
        for reply in self.link.replies(request):
            if "progress" in reply:
                text, count, total = reply["progress"]
                report(str(text), int(count), int(total))
            elif "stats" in reply:
                done.append(_stats(reply["stats"]))
            elif reply.get("end"):
                return _sum(done)
        raise ServerGone("assistant serve stopped during the sync")


def _stats(raw: object) -> SyncStats:
    if not isinstance(raw, dict):
        raise ServerGone("assistant serve sent no sync figures")
    known = {f.name for f in fields(SyncStats)}
    values = {name: value for name, value in raw.items() if name in known}
    values["failures"] = [tuple(pair) for pair in values.get("failures", [])]
    return SyncStats(**values)


def _sum(done: list[SyncStats]) -> SyncStats:
    """One sync's figures for the several the server ran for this request (merged ones)."""
    if len(done) == 1:
        return done[0]
    total = SyncStats()
    for stats in done:
        for f in fields(SyncStats):
            setattr(total, f.name, getattr(total, f.name) + getattr(stats, f.name))
    return total
