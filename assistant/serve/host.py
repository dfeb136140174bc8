"""The server's models lent to a whole program: the typed requests of an attached app or MCP.

A CLI command is run inside the server as a whole (assistant.cli.remote). The Textual app and
`assistant mcp` are long-lived programs with their own screens and protocol, so they attach
instead (assistant.serve.attached): they keep their own read of the index (SQLite serves
several processes) and borrow only what is slow to make, the server's warm models, and its
indexer. Each request is one connection and one of these operations:

- `hello`: the models the server holds (or why it declines: another config or time zone).
- `embed`: a query vector, on every idle core (`IdleCoreQueries`); the indexer waits meanwhile.
- `count`: the answer model's token count of a text (packing the sources needs it).
- `stream`: an answer's words as the model says them, with prefill progress; a `cancel`
  message or the client leaving stops it at the next token.
- `sync`: a sync of some paths (or every root) by the server's indexer, with its progress.
- `state`: whether the server is syncing, and how far (the app shows the server's syncs).

Vectors travel as JSON numbers: a float32 printed by Python reads back as the same float32.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from assistant.config import Config, load_config
from assistant.errors import AssistantError
from assistant.indexing.sync import SyncStats
from assistant.runtime.protocols import AnswerModel
from assistant.runtime.protocols import Message as Turn
from assistant.runtime.session import Session
from assistant.serve.idle_cores import IdleCoreQueries
from assistant.serve.wire import Channel, Message, WireError

log = logging.getLogger(__name__)

WAIT_SECONDS = 0.2  # how often a sync request looks whether the server's own sync ended


def config_differs(env: object, config: Config) -> str:
    """Why a client with this environment should not use the server ('' when it may)."""
    if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
        return "no environment"
    if env.get("TZ") != os.environ.get("TZ"):
        return "another time zone"
    try:
        theirs = load_config(env)
    except Exception:  # the client fails on it by itself, the same way as here
        return ""
    return "" if theirs == config else "another configuration"


def serve_operation(
    request: Message, replies: Iterator[Message], channel: Channel, session: Session
) -> None:
    """Answer one typed request; a failure the person should read goes back as `error`."""
    op = request.get("op")
    try:
        if op == "hello":
            channel.send(_hello(request, session))
        elif op == "embed":
            channel.send({"vector": _embed(request, session)})
        elif op == "count":
            channel.send({"count": _answer_model(session).count_tokens(_text(request, "text"))})
        elif op == "stream":
            _stream(request, replies, channel, session)
        elif op == "sync":
            _sync(request, channel, session)
        elif op == "state":
            progress = session.progress
            channel.send({"syncing": session.syncing, "progress": progress and list(progress)})
        else:
            channel.send({"error": f"unknown request {op!r}"})
    except AssistantError as exc:
        channel.send({"error": str(exc)})
    except WireError:
        raise
    except Exception as exc:  # logged here; the client shows one line
        log.exception("request %r failed", op)
        channel.send({"error": f"the server failed: {type(exc).__name__} (see its log)"})


def _hello(request: Message, session: Session) -> Message:
    reason = config_differs(request.get("env"), session.config)
    if reason:
        return {"fallback": reason}
    embedder = session.query_embedder
    if embedder is None or not session.query_ready:
        return {"fallback": "the server holds no query model"}
    generator = session.generator if session.generator_ready else None
    return {
        "ready": True,
        "pid": os.getpid(),
        "embedder": {"model_id": embedder.model_id, "dim": embedder.dim},
        "generator": None if generator is None else {"model_id": generator.model_id},
        "note": session.generator_note,
    }


def _embed(request: Message, session: Session) -> list[float]:
    dim = request.get("dim")
    if dim is not None and not isinstance(dim, int):
        raise AssistantError("a query dimension that is not a number")
    with session.answering():  # as a question asked here: the indexer waits between chunks
        vector = IdleCoreQueries(session).embed_query(_text(request, "text"), dim)
    return [float(x) for x in vector]


def _answer_model(session: Session) -> AnswerModel:
    if session.generator is None or not session.generator_ready:
        raise AssistantError(session.generator_note or "the server has no answer model")
    return session.generator


def _stream(
    request: Message, replies: Iterator[Message], channel: Channel, session: Session
) -> None:
    raw = request.get("messages")
    if not isinstance(raw, list):
        raise AssistantError("an answer request without messages")
    turns = [Turn(str(m.get("role", "")), str(m.get("content", ""))) for m in raw]
    generator = _answer_model(session)
    cancel = threading.Event()
    threading.Thread(
        target=_cancel_on, args=(replies, cancel), name="answer cancel", daemon=True
    ).start()

    def prefill(done: int, total: int) -> None:
        channel.send({"prefill": [done, total]})

    with session.answering():
        for text in generator.stream(turns, cancel, prefill):
            if not channel.send({"text": text}):
                cancel.set()  # the client left: stop at the next token
    channel.send({"end": True})


def _cancel_on(replies: Iterator[Message], cancel: threading.Event) -> None:
    """A `cancel` message, or the client closing its end, stops the answer."""
    try:
        for message in replies:
            if message.get("cancel"):
                break
    except WireError:
        pass
    cancel.set()


def _sync(request: Message, channel: Channel, session: Session) -> None:
    raw = request.get("paths")
    if raw is not None and not (isinstance(raw, list) and all(isinstance(p, str) for p in raw)):
        raise AssistantError("a sync request whose paths are not a list of names")
    paths = None if raw is None else [Path(p) for p in raw]

    def report(text: str, done: int = 0, total: int = 0) -> None:
        channel.send({"progress": [text, done, total]})

    claimed = session.claim_sync(paths)
    if claimed is None:  # merged into the server's next sync: wait for it, then check again
        report("waiting for the server's own sync")
        while claimed is None and not session.gate.stopped:
            time.sleep(WAIT_SECONDS)
            if not session.syncing:
                claimed = session.claim_sync(paths)
        if claimed is None:  # the server is stopping
            channel.send({"end": True})
            return

    # The sync goes on when the client leaves (its sends are dropped): the index is the
    # server's to keep current, whoever asked.
    def done(stats: SyncStats) -> None:
        channel.send({"stats": asdict(stats)})

    session.run_syncs(claimed, report, done)
    channel.send({"end": True})


def _text(request: Message, name: str) -> str:
    value = request.get(name)
    if not isinstance(value, str):
        raise AssistantError(f"a request without its {name}")
    return value
