"""What a llama.cpp server streams back, read from bytes: SSE events, chunks, errors, names.

The token estimate (for a server without a tokenize endpoint) is checked against the real
tokenizers of both stand-in models in English, German and Chinese: it must never count fewer
tokens than the model does, or packed sources could overflow the server's context.
"""

from __future__ import annotations

import json

import pytest

from assistant.runtime.server_events import (
    Chunk,
    error_text,
    estimate_tokens,
    model_name,
    read_chunk,
    served_model,
    server_context,
    sse_data,
)

TEXTS = {
    "en": "Tom Becker fixed the kitchen floor on 3 May 2024; call him on +44 20 7946 0958.",
    "de": "Herr Müller hat die Heizung gewartet. Größe: 12 m², Straße: Kärntner Straße 7.",
    "zh": "上次修地板的是李师傅，他的电话是 138 0013 8000。厨房的水龙头也换了。",
}


def lines(text: str) -> list[bytes]:
    return [line + b"\n" for line in text.encode("utf-8").split(b"\n")]


def test_events_are_split_at_blank_lines_and_comments_are_skipped() -> None:
    stream = (
        ": ping - 2025-01-01\n\n"
        'data: {"a": 1}\n\n'
        "event: message\r\ndata: first\r\ndata:second\r\n\r\n"
        "data: [DONE]"
    )
    assert list(sse_data(lines(stream))) == ['{"a": 1}', "first\nsecond", "[DONE]"]


def test_chunks_carry_text_in_any_language() -> None:
    for text in TEXTS.values():
        data = json.dumps({"choices": [{"index": 0, "delta": {"content": text}}]})
        (event,) = sse_data(lines(f"data: {data}\n\n"))
        assert read_chunk(event) == Chunk(text=text)


def test_a_role_only_or_empty_chunk_has_no_text() -> None:
    assert read_chunk('{"choices": [{"delta": {"role": "assistant"}}]}').text == ""
    assert read_chunk('{"choices": [{"delta": {}, "finish_reason": "stop"}]}').text == ""
    assert read_chunk('{"choices": []}') == Chunk()


def test_llama_servers_prompt_progress_is_read() -> None:
    chunk = read_chunk(
        '{"choices": [{"delta": {"content": null}}], '
        '"prompt_progress": {"total": 2400, "cache": 300, "processed": 1200, "time_ms": 800}}'
    )
    assert (chunk.read, chunk.total, chunk.text) == (1200, 2400, "")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"error": {"code": 400, "message": "the request exceeds the context size"}}',
         "the request exceeds the context size"),
        ('{"detail": "Not Found"}', "Not Found"),
        (b"<html>\n<body>Bad Gateway</body>\n</html>", "<html> <body>Bad Gateway</body> </html>"),
        ('{"error": "Fehler: Größe überschritten"}', "Fehler: Größe überschritten"),
    ],
)  # fmt: skip
def test_error_bodies_become_one_line(body: str | bytes, message: str) -> None:
    assert error_text(body) == message


def test_an_error_event_or_garbage_in_the_stream_is_an_error_chunk() -> None:
    assert read_chunk('{"error": {"message": "模型崩溃"}}').error == "模型崩溃"
    assert read_chunk("not json").error.startswith("not a chat-completion chunk")
    assert read_chunk("[1, 2]").error.startswith("not a chat-completion chunk")


def test_the_served_model_is_named_by_its_file() -> None:
    listed = {"data": [{"id": "/models/gemma-3n-E2B-it-Q4_K_M.gguf", "object": "model"}]}
    assert served_model(listed) == "/models/gemma-3n-E2B-it-Q4_K_M.gguf"
    assert model_name(served_model(listed)) == "gemma-3n-E2B-it-Q4_K_M"
    assert model_name("C:\\models\\qwen.gguf") == "qwen"
    assert model_name("my-alias") == "my-alias"
    assert served_model({"data": []}) == "" and served_model([]) == ""


def test_llama_servers_context_comes_from_props() -> None:
    assert server_context({"default_generation_settings": {"n_ctx": 4096}}) == 4096
    assert server_context({}) == 0 and server_context({"default_generation_settings": {}}) == 0


@pytest.mark.models
@pytest.mark.parametrize("model_id", ["smollm2-135m-instruct-q4_1", "gemma-3-270m-q4_k_m"])
def test_the_estimate_never_counts_fewer_tokens_than_the_models_do(model_id: str) -> None:
    from llama_cpp import Llama

    from assistant.config import load_config
    from assistant.models.registry import require_model

    _, path = require_model(load_config({}), model_id)
    vocab = Llama(model_path=str(path), vocab_only=True, verbose=False)
    for language, text in TEXTS.items():
        real = len(vocab.tokenize(text.encode("utf-8"), add_bos=False))
        assert estimate_tokens(text) >= real, (language, estimate_tokens(text), real)
