"""A real `llama_cpp.server` (llama-cpp-python's OpenAI server) on 127.0.0.1, for the tests of
`generator.backend = "server"`: started once per run with the SmolLM2 stand-in, killed at the end.

The same GGUF the local answer tests use, one thread and a 2048-token context (the local tests'
settings), so both backends run the same answer tests. Its output goes to a log file the
tests read (llama_cpp.server prints "Disconnected from client" when a client leaves mid-answer).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from assistant.config import GeneratorConfig, load_config
from assistant.models.registry import require_model
from tests.support import SMALL_GENERATOR

CONTEXT = 2048
START_SECONDS = 180


@dataclass(frozen=True)
class AnswerServer:
    url: str
    port: int
    model_path: Path
    log: Path

    def settings(self, **changes: object) -> GeneratorConfig:
        """The generator settings of a config pointing at this server."""
        base = GeneratorConfig(backend="server", url=self.url, context=CONTEXT, threads=1)
        return replace(base, **changes)  # type: ignore[arg-type]

    def env(self) -> dict[str, str]:
        """ASSISTANT_* variables for a child process answering from this server."""
        return {
            "ASSISTANT_GENERATOR_BACKEND": "server",
            "ASSISTANT_GENERATOR_URL": self.url,
            "ASSISTANT_GENERATOR_CONTEXT": str(CONTEXT),
        }

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(folder: Path) -> Iterator[tuple[AnswerServer, subprocess.Popen[bytes]]]:
    """`python -m llama_cpp.server` with SmolLM2 on a free port, serving once this returns
    (GET /v1/models answers); terminated, or killed, when the block ends."""
    _, model = require_model(load_config({}), SMALL_GENERATOR)
    port = free_port()
    log = folder / f"server-{port}.log"
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model),
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(CONTEXT),
        "--n_threads", "1", "--n_threads_batch", "1",
    ]  # fmt: skip
    with open(log, "wb") as out:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    server = AnswerServer(f"http://127.0.0.1:{port}", port, model, log)
    try:
        _wait_until_serving(server, child)
        yield server, child
    finally:
        if child.poll() is None:
            child.terminate()
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(timeout=20)


@pytest.fixture(scope="session")
def answer_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnswerServer]:
    """One server for the whole run (the answer tests of both backends share it)."""
    with running_server(tmp_path_factory.mktemp("answer-server")) as (server, _):
        yield server


def _wait_until_serving(server: AnswerServer, child: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if child.poll() is not None:
            pytest.fail(f"llama_cpp.server exited ({child.returncode}):\n{server.output()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/v1/models", timeout=2) as reply:
                if json.load(reply)["data"]:
                    return
        except OSError:
            time.sleep(0.25)
    pytest.fail(
        f"llama_cpp.server did not serve within {START_SECONDS} s:\n{server.output()[-2000:]}"
    )
