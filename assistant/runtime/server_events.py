"""What a llama.cpp server sends back, read without any network code: SSE events, chunks,
error bodies, model names, and the token estimate used when a server cannot tokenize.

Kept apart from assistant/runtime/server_generator.py (the one module that opens
connections) so these rules are tested on bytes alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any


def sse_data(lines: Iterable[bytes]) -> Iterator[str]:
    """The `data` of each Server-Sent Event in a stream of lines (the WHATWG event-stream
    rules: fields up to the first colon, one optional space, comment lines start with a colon,
    a blank line ends an event, several data lines are joined with newlines)."""
    data: list[str] = []
    for raw in lines:
        # A line ends at b"\n", which is never inside a multi-byte UTF-8 character.
        line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        if not line:
            if data:
                yield "\n".join(data)
            data = []
            continue
        name, _, value = line.partition(":")
        if name == "data":
            data.append(value.removeprefix(" "))
    if data:
        yield "\n".join(data)


@dataclass(frozen=True)
class Chunk:
    """One streamed chat-completion chunk: text to show, prompt progress, or an error."""

    text: str = ""
    read: int = -1  # prompt tokens the server has read (llama-server's `prompt_progress`)
    total: int = 0
    error: str = ""


def read_chunk(data: str) -> Chunk:
    """An SSE event's data as a `Chunk`; text that is not JSON is an error, said in one line."""
    try:
        event = json.loads(data)
    except ValueError:
        return Chunk(error=f"not a chat-completion chunk: {one_line(data)}")
    if not isinstance(event, dict):
        return Chunk(error=f"not a chat-completion chunk: {one_line(data)}")
    if "error" in event:
        return Chunk(error=error_text(event))
    progress = event.get("prompt_progress")
    read, total = -1, 0
    if isinstance(progress, dict):  # llama-server with "return_progress": true
        read, total = int(progress.get("processed", -1)), int(progress.get("total", 0))
    pieces = []
    for choice in event.get("choices") or []:
        delta = choice.get("delta") if isinstance(choice, dict) else None
        content = delta.get("content") if isinstance(delta, dict) else None
        if isinstance(content, str):
            pieces.append(content)
    return Chunk(text="".join(pieces), read=read, total=total)


def error_text(body: Any) -> str:
    """The message in an error body: llama-server's {"error": {"message"}}, FastAPI's
    {"detail"}, or the text itself; one line, at most 300 characters."""
    if isinstance(body, bytes | str):
        raw = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
        try:
            body = json.loads(raw)
        except ValueError:
            return one_line(raw)
    if isinstance(body, dict):
        error = body.get("error", body.get("detail", body))
        if isinstance(error, dict):
            error = error.get("message", error)
        return one_line(str(error))
    return one_line(str(body))


def one_line(text: str, limit: int = 300) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def served_model(models: Any) -> str:
    """The id of the first model `GET /v1/models` lists ('' if it lists none)."""
    data = models.get("data") if isinstance(models, dict) else None
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        return ""
    return str(data[0].get("id", ""))


def model_name(served: str) -> str:
    """How a served model is named to people: servers report the GGUF's path as its id
    ('/models/gemma-3n-E2B-it-Q4_K_M.gguf'); its file name without '.gguf' is the name."""
    name = served.replace("\\", "/").rsplit("/", 1)[-1]
    return name.removesuffix(".gguf") or served


def server_context(props: Any) -> int:
    """llama-server's context per slot from `GET /props` (0 when it does not say)."""
    settings = props.get("default_generation_settings") if isinstance(props, dict) else None
    n_ctx = settings.get("n_ctx") if isinstance(settings, dict) else None
    return n_ctx if isinstance(n_ctx, int) and n_ctx > 0 else 0


def estimate_tokens(text: str) -> int:
    """Tokens of `text` for a server that cannot tokenize: one per UTF-8 byte.

    A bound rather than a guess: every token of a byte-level BPE or byte-fallback tokenizer
    covers at least one byte, so the prompt can never overflow the server's context; the price
    is fewer sources packed. A tighter guess was tried and failed: two bytes a token undercounts
    SmolLM2 on Chinese (1.5 bytes a token) and any text full of digits (one token each, 2.2
    bytes a token in English); tests/runtime/test_server_events.py checks the bound.
    """
    return max(1, len(text.encode("utf-8")))
