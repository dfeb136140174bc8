"""A tiny HTTP server that plays a llama.cpp server badly on purpose, in a thread of the test.

The real `llama_cpp.server` (tests/answer_server.py) shows that answers work; this one makes
the failures a real server rarely shows on demand: dying in the middle of an answer, an HTTP
500, an error event, a prefill that never ends. It speaks llama-server's dialect (`/tokenize`,
`/props`, `prompt_progress`) unless told to be a server without those.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PIECES = ["Tom ", "Becker ", "fixed ", "it ", "[1]."]


@dataclass
class Script:
    """How the fake behaves, and what it saw."""

    answer: str = "ok"  # ok | die | http500 | error_event | hang
    tokenize: bool = True  # llama-server's /tokenize and /props
    n_ctx: int = 0
    requests: list[tuple[str, str, bytes]] = field(default_factory=list)
    disconnected: threading.Event = field(default_factory=threading.Event)


class _Handler(BaseHTTPRequestHandler):
    script: Script
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _json(self, status: int, payload: object) -> None:
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self) -> None:
        self.script.requests.append(("GET", self.path, b""))
        if self.path == "/v1/models":
            self._json(200, {"object": "list", "data": [{"id": "/srv/fake-model-Q4_K_M.gguf"}]})
        elif self.path == "/props" and self.script.tokenize and self.script.n_ctx:
            self._json(200, {"default_generation_settings": {"n_ctx": self.script.n_ctx}})
        else:
            self._json(404, {"error": {"code": 404, "message": "File Not Found"}})

    def do_POST(self) -> None:
        body = self._body()
        self.script.requests.append(("POST", self.path, body))
        if self.path == "/tokenize" and self.script.tokenize:
            words = json.loads(body)["content"].split()
            self._json(200, {"tokens": list(range(len(words)))})
        elif self.path == "/v1/chat/completions":
            self._stream()
        else:
            self._json(404, {"error": {"code": 404, "message": "File Not Found"}})

    def _stream(self) -> None:
        answer = self.script.answer
        if answer == "http500":
            self._json(500, {"error": {"code": 500, "message": "model crashed"}})
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self._event({"choices": [], "prompt_progress": {"total": 40, "processed": 20, "cache": 0}})
        if answer == "hang":  # a prefill that never ends: wait until the client leaves
            self._wait_for_disconnect()
            return
        for n, piece in enumerate(PIECES):
            if answer == "die" and n == 2:
                # mid-answer, no final chunk, no [DONE] (shutdown: rfile/wfile keep the fd open)
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self._event({"choices": [{"index": 0, "delta": {"content": piece}}]})
        if answer == "error_event":
            self._event({"error": {"code": 500, "message": "out of memory"}})
        self._chunk(b"data: [DONE]\n\n")
        self._chunk(b"")

    def _event(self, payload: object) -> None:
        self._chunk(b"data: " + json.dumps(payload, ensure_ascii=False).encode() + b"\n\n")

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _wait_for_disconnect(self) -> None:
        self.connection.settimeout(0.05)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.connection.recv(1) == b"":
                    break
            except TimeoutError:
                continue
            except OSError:
                break
        self.script.disconnected.set()


@contextmanager
def fake_server(script: Script) -> Iterator[str]:
    """Serve `script` on 127.0.0.1 (a free port); yields the URL."""
    handler = type("Handler", (_Handler,), {"script": script})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
