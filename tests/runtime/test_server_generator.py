"""The answer-server client against a scripted fake server: dialects, failures, cancel, address.

What a failing or vanishing server looks like to a person is one line (`ServerError`), never a
traceback; a public address is refused before any connection; cancel closes the connection
within a fraction of a second even while the server sends nothing.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import pytest

from assistant.config import GeneratorConfig, load_config
from assistant.errors import ConfigError, ServerError
from assistant.runtime import server_link
from assistant.runtime.generator import Generator
from assistant.runtime.protocols import Message
from assistant.runtime.server_generator import ServerGenerator
from assistant.server_url import parse_server_url
from tests.answer_server import free_port
from tests.runtime.fake_answer_server import PIECES, Script, fake_server

QUESTION = [Message("system", "Rules."), Message("user", "Wer hat den Boden repariert? 谁修的？")]


def client(url: str, **settings: object) -> ServerGenerator:
    config = GeneratorConfig(backend="server", url=url, **settings)  # type: ignore[arg-type]
    return ServerGenerator(parse_server_url(url), config)


def test_a_llama_server_streams_reports_progress_and_counts_tokens() -> None:
    script = Script(n_ctx=1024)
    with fake_server(script) as url:
        server = client(url, context=4096)
        progress: list[tuple[int, int]] = []
        pieces = list(
            server.stream(QUESTION, None, lambda read, total: progress.append((read, total)))
        )
        assert pieces == PIECES and progress == [(20, 40)]
        assert server.count_tokens("drei Wörter hier") == 3 and server.tokenizer == "/tokenize"
        assert server.settings.context == 1024, "packed for the server's context, not ours"
        assert server.model_id == "fake-model-Q4_K_M @ 127.0.0.1"
    (posted,) = [body for method, path, body in script.requests if path == "/v1/chat/completions"]
    sent = json.loads(posted)
    assert sent["stream"] is True and sent["return_progress"] is True
    assert sent["messages"][1]["content"] == "Wer hat den Boden repariert? 谁修的？"
    assert "谁修的".encode() in posted, "UTF-8 on the wire, not \\u escapes"


def test_a_server_without_a_tokenizer_gets_the_byte_bound() -> None:
    with fake_server(Script(tokenize=False)) as url:
        server = client(url)
        assert server.count_tokens("Größe") == len("Größe".encode()) == 7
        assert "estimate" in server.tokenizer
        assert server.settings.context == GeneratorConfig().context, "no /props: ours stands"


def test_a_server_that_is_down_is_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ServerError) as down:
        list(client(url).stream(QUESTION))
    assert str(down.value) == (
        f"the answer server at {url} is not reachable (Connection refused); start it, or set "
        'generator.backend = "local"'
    )


@pytest.mark.parametrize(
    ("answer", "said", "message"),
    [
        ("die", PIECES[:2], "in the middle of the answer; ask again once it is back"),
        ("http500", [], "refused the question (HTTP 500: model crashed)"),
        ("error_event", PIECES, "failed: out of memory"),
    ],
)
def test_a_server_that_fails_mid_answer_is_one_line_after_what_it_said(
    answer: str, said: list[str], message: str
) -> None:
    pieces: list[str] = []
    with fake_server(Script(answer=answer)) as url, pytest.raises(ServerError) as failed:
        for piece in client(url).stream(QUESTION):
            pieces.append(piece)
    assert pieces == said and message in str(failed.value) and "\n" not in str(failed.value)


def test_cancel_closes_the_connection_while_the_server_is_silent() -> None:
    script = Script(answer="hang")
    cancel = threading.Event()
    with fake_server(script) as url:
        server = client(url)
        server.load()
        threading.Timer(0.3, cancel.set).start()
        started = time.monotonic()
        assert list(server.stream(QUESTION, cancel)) == []
        stopped = time.monotonic() - started - 0.3
        assert script.disconnected.wait(5), "the server saw the connection close"
    assert stopped < 0.5, f"stopped {stopped:.2f} s after cancel"


def test_a_name_is_resolved_when_first_needed_and_its_address_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    looked_up: list[str] = []

    def lan_only(host: str, port: int, *args: object, **kwargs: object) -> list[tuple]:
        looked_up.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(server_link.socket, "getaddrinfo", lan_only)
    with fake_server(Script()) as url:
        port = int(url.rsplit(":", 1)[1])
        server = client(f"http://answers.lan:{port}")
        assert looked_up == [] and server.model_id == "server @ answers.lan"
        assert list(server.stream(QUESTION)) == PIECES
        assert server.model_id == "fake-model-Q4_K_M @ answers.lan"
    # resolved once; every connection went to the checked address (its lookup is a literal's)
    assert looked_up[0] == "answers.lan" and set(looked_up[1:]) == {"127.0.0.1"}


@pytest.mark.parametrize("addresses", [["93.184.216.34"], ["192.168.1.5", "93.184.216.34"]])
def test_a_name_that_resolves_outside_the_lan_is_refused_before_connecting(
    monkeypatch: pytest.MonkeyPatch, addresses: list[str]
) -> None:
    def resolve(host: str, port: int, *args: object, **kwargs: object) -> list[tuple]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in addresses]

    def no_connect(*args: object, **kwargs: object) -> None:
        raise AssertionError("connected to a refused address")

    monkeypatch.setattr(server_link.socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket.socket, "connect", no_connect)
    with pytest.raises(ConfigError) as refused:
        client("http://gpu.example.org:8080").load()
    assert str(refused.value).startswith(
        "generator.url = gpu.example.org (93.184.216.34) is not on this machine or the LAN"
    )


def test_the_server_backend_needs_no_local_model_and_contacts_nothing_when_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network was used to build the answer model")

    monkeypatch.setattr(server_link.socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    empty_models = tmp_path / "no-models"
    empty_models.mkdir()
    config = load_config(
        {
            "ASSISTANT_HOME": str(tmp_path / "home"),
            "ASSISTANT_MODELS": str(empty_models),
            "ASSISTANT_GENERATOR_BACKEND": "server",
            "ASSISTANT_GENERATOR_URL": "http://gpu-box.local:8080",
        }
    )
    answers = Generator.from_config(config)
    assert isinstance(answers, ServerGenerator) and answers.model_id == "server @ gpu-box.local"
