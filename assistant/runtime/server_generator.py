"""Answers from a llama.cpp server on this machine or the LAN (`generator.backend = "server"`).

For a laptop too slow for Gemma: `llama-server` (llama.cpp's own) or `llama_cpp.server`
(llama-cpp-python's) on a bigger box serves the OpenAI chat API, and this client streams the
answer from it. The index, the embedder and retrieval stay here; what crosses the LAN is the
system rules, the question (with earlier turns) and the packed sources, and nothing else.

The only module that imports a network client, and only once a server answer is asked for
(tests/reliability/test_offline.py holds both). The stdlib's `http.client` is enough: one
POST whose Server-Sent Events are read line by line, plus small JSON calls.

- Which address: the host is resolved once, every address it gives must be on the LAN
  (assistant/server_url.py), and the client connects to that checked address only.
- Cancel (Esc, Ctrl-C) shuts the socket down from a watcher thread, so a read blocked during
  the server's prefill returns at once. Both servers stop on a closed connection: llama-server
  polls it every second and cancels the task (its prompt is read in batches, so even a
  prefill stops at the next batch); llama_cpp.server checks after each streamed chunk, so it
  stops at the next token, but a prefill already running ends first (measured in
  tests/integration/test_server_backend.py).
- Timeouts: a few seconds to connect, minutes between two bytes (a big prompt's prefill on
  a CPU server sends nothing meanwhile, unless llama-server reports its progress).
- Progress: llama-server with `"return_progress": true` (other servers ignore the field)
  streams how many prompt tokens it has read; that is passed on as prefill progress. A server
  that says nothing leaves the stage at "reading N sources…" with its seconds: no percentage
  is made up.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from assistant.config import Config, GeneratorConfig
from assistant.errors import ServerError
from assistant.runtime.prefill import PrefillReport
from assistant.runtime.protocols import Message
from assistant.runtime.server_events import (
    error_text,
    estimate_tokens,
    model_name,
    one_line,
    read_chunk,
    served_model,
    server_context,
    sse_data,
)
from assistant.runtime.server_link import (
    CONNECT_SECONDS,
    READ_SECONDS,
    checked_address,
    close_when_cancelled,
    failure,
)
from assistant.server_url import ServerAddress, parse_server_url

if TYPE_CHECKING:  # never at run time: the import happens in `_open`, when a server is used
    from http.client import HTTPConnection, HTTPResponse

# (path, the text's field): llama-server's, then llama_cpp.server's (which replies a count).
TOKENIZERS = (("/tokenize", "content"), ("/extras/tokenize/count", "input"))


class ServerGenerator:
    """Streams answers from one OpenAI-compatible llama.cpp server."""

    def __init__(self, address: ServerAddress, settings: GeneratorConfig) -> None:
        self.address = address
        self._settings = settings
        self._ip = ""  # the checked address every connection goes to
        self._served = ""  # the model id as the server lists it
        self._tokenizer: tuple[str, str] | None = None  # None: estimate (said in `doctor`)
        self._lock = threading.Lock()
        self._counted = lru_cache(maxsize=512)(self._count_tokens)  # sources are counted twice

    @classmethod
    def from_config(cls, config: Config) -> ServerGenerator:
        """The configured server; nothing is resolved or contacted until it is needed."""
        return cls(parse_server_url(config.generator.url), config.generator)

    @property
    def model_id(self) -> str:
        """'gemma-3n-E2B-it-Q4_K_M @ 192.168.1.20' (before the first contact: 'server @ ...')."""
        return f"{model_name(self._served) if self._served else 'server'} @ {self.address.shown}"

    @property
    def settings(self) -> GeneratorConfig:
        """The sampling settings, with the context no larger than the server's own (asked of
        the server first, so the answer path packs sources into the window it really has)."""
        self.load()
        return self._settings

    @property
    def tokenizer(self) -> str:
        """Which endpoint counts tokens, or the estimate used instead (for `doctor`)."""
        self.load()
        return self._tokenizer[0] if self._tokenizer else "an estimate (1 token per UTF-8 byte)"

    def load(self) -> None:
        """Resolve and check the address, then ask the server what it serves (once)."""
        with self._lock:
            if self._served:
                return
            self._ip = self._ip or checked_address(self.address)
            served = served_model(self._json("GET", "/v1/models"))
            if not served:
                raise ServerError(f"the answer server at {self.address.url} serves no model")
            self._tokenizer = self._find_tokenizer()
            context = server_context(self._json("GET", "/props", missing_ok=True))
            if 0 < context < self._settings.context:
                self._settings = replace(self._settings, context=context)
            self._served = served

    def round_trip(self) -> float:
        """Seconds one `GET /v1/models` takes, connection included (for `doctor`)."""
        self.load()
        started = time.perf_counter()
        self._json("GET", "/v1/models")
        return time.perf_counter() - started

    def count_tokens(self, text: str) -> int:
        return self._counted(text)

    def _count_tokens(self, text: str) -> int:
        self.load()
        if self._tokenizer is None:
            return estimate_tokens(text)
        path, field = self._tokenizer
        reply = self._json("POST", path, {field: text, "add_special": False})
        return len(reply["tokens"]) if "tokens" in reply else int(reply["count"])

    def stream(
        self,
        messages: list[Message],
        cancel: threading.Event | None = None,
        on_prefill: PrefillReport | None = None,
    ) -> Iterator[str]:
        """Yield the answer piece by piece; setting `cancel` closes the connection at once
        (the server then stops generating, see the module docstring)."""
        cancel = cancel or threading.Event()
        self.load()
        body = self._request_body(messages)
        connection = self._open()
        finished = threading.Event()
        assert connection.sock is not None, "connected by _open"
        watcher = threading.Thread(
            target=close_when_cancelled,
            args=(connection.sock, cancel, finished),
            name="answer-server-cancel",
            daemon=True,
        )
        watcher.start()
        try:
            response = self._post_stream(connection, body, cancel)
            if response is None:
                return
            yield from self._pieces(response, cancel, on_prefill)
        finally:
            finished.set()
            connection.close()

    def _request_body(self, messages: list[Message]) -> bytes:
        s = self._settings
        return json.dumps(
            {
                "model": self._served,
                "messages": [{"role": m.role, "content": m.content} for m in messages],
                "stream": True,
                "max_tokens": s.max_answer_tokens,
                "temperature": s.temperature,
                "top_p": s.top_p,
                "top_k": s.top_k,
                "seed": s.seed,
                "return_progress": True,  # llama-server: real prefill progress; others ignore it
            },
            ensure_ascii=False,
        ).encode("utf-8")

    def _post_stream(
        self, connection: HTTPConnection, body: bytes, cancel: threading.Event
    ) -> HTTPResponse | None:
        """The streaming response, or None when cancelled before it began."""
        try:
            connection.request("POST", "/v1/chat/completions", body, _headers("text/event-stream"))
            response = connection.getresponse()
        except OSError as exc:
            if cancel.is_set():
                return None
            raise failure(self.address.url, "request", exc) from exc
        if response.status != 200:
            raise ServerError(
                f"the answer server at {self.address.url} refused the question "
                f"(HTTP {response.status}: {error_text(response.read())})"
            )
        return response

    def _pieces(
        self, response: HTTPResponse, cancel: threading.Event, on_prefill: PrefillReport | None
    ) -> Iterator[str]:
        import http.client

        done, said = False, False
        try:
            for data in sse_data(response):
                if cancel.is_set():
                    return
                if data.strip() == "[DONE]":
                    done = True
                    break
                chunk = read_chunk(data)
                if chunk.error:
                    raise ServerError(
                        f"the answer server at {self.address.url} failed: {chunk.error}"
                    )
                if chunk.read >= 0 and on_prefill is not None and not chunk.text:
                    on_prefill(chunk.read, chunk.total)
                if chunk.text:
                    said = True
                    yield chunk.text
        except (OSError, ValueError, http.client.HTTPException) as exc:
            if cancel.is_set():
                return  # our own shutdown of the socket
            raise failure(self.address.url, "answer", exc) from exc
        if not done and not cancel.is_set():
            raise ServerError(
                f"the answer server at {self.address.url} closed the connection "
                + ("in the middle of the answer; ask again once it is back" if said else
                   "before answering (a prompt longer than its context does that: lower "
                   f"generator.context, now {self._settings.context}, to the server's)")
            )  # fmt: skip

    # -- the network ---------------------------------------------------------------------------

    def _open(self) -> HTTPConnection:
        """A connection to the checked address: a short timeout to connect, a long one to read."""
        import http.client

        connection = http.client.HTTPConnection(
            self._ip, self.address.port, timeout=CONNECT_SECONDS
        )
        try:
            connection.connect()
        except OSError as exc:
            connection.close()
            raise failure(self.address.url, "connect", exc) from exc
        assert connection.sock is not None
        connection.sock.settimeout(READ_SECONDS)
        return connection

    def _json(
        self,
        method: str,
        path: str,
        payload: dict[str, Any] | None = None,
        missing_ok: bool = False,
    ) -> Any:
        """One small JSON request; {} for a path the server does not have when `missing_ok`."""
        import http.client

        body = json.dumps(payload, ensure_ascii=False).encode("utf-8") if payload else None
        connection = self._open()
        try:
            connection.request(method, path, body, _headers("application/json"))
            response = connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as exc:
            raise failure(self.address.url, "request", exc) from exc
        finally:
            connection.close()
        if missing_ok and response.status in (404, 405, 501):
            return {}
        if response.status != 200:
            raise ServerError(
                f"the answer server at {self.address.url} failed {method} {path} "
                f"(HTTP {response.status}: {error_text(raw)})"
            )
        try:
            reply = json.loads(raw)
        except ValueError as exc:
            raise ServerError(
                f"{self.address.url} does not answer like a llama.cpp server "
                f"({method} {path}: {one_line(raw.decode('utf-8', 'replace'), 80)})"
            ) from exc
        return reply

    def _find_tokenizer(self) -> tuple[str, str] | None:
        """The first tokenize endpoint the server has that counts a probe; None: estimate."""
        for path, field in TOKENIZERS:
            try:
                reply = self._json("POST", path, {field: "probe", "add_special": False}, True)
            except ServerError:
                continue  # e.g. 422: another server's body; the estimate still works
            if isinstance(reply.get("tokens"), list) or isinstance(reply.get("count"), int):
                return path, field
        return None


def _headers(accept: str) -> dict[str, str]:
    return {"Content-Type": "application/json", "Accept": accept}
