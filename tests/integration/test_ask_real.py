"""The ask pipeline with the real embedder and the small offline answer models.

The offline models (SmolLM2 135M, Gemma 3 270M base) only exercise the answer path: what is
checked is the machinery (templates, streaming, citation checking, the not-found threshold),
not the wisdom of the answers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from assistant.ask.answer import NOT_FOUND, answer
from assistant.ask.retrieval import retrieve
from assistant.config import load_config
from assistant.models.registry import require_model
from assistant.runtime.embedder import Embedder
from assistant.runtime.generator import Generator
from assistant.runtime.protocols import AnswerModel
from assistant.runtime.server_generator import ServerGenerator
from assistant.server_url import parse_server_url
from tests.answer_server import AnswerServer
from tests.support import REPO

pytestmark = pytest.mark.models
NOW = datetime(2025, 1, 15, 12, tzinfo=timezone(timedelta(hours=1)))
GENERATORS = ["smollm2-135m-instruct-q4_1", "gemma-3-270m-q4_k_m"]


@pytest.fixture(scope="module", params=[*GENERATORS, "server"])
def generator(request: pytest.FixtureRequest) -> AnswerModel:
    """Each stand-in run here, and SmolLM2 served by a real llama_cpp.server on 127.0.0.1."""
    if request.param == "server":
        server: AnswerServer = request.getfixturevalue("answer_server")
        return ServerGenerator(parse_server_url(server.url), server.settings(max_answer_tokens=48))
    config = load_config()
    _, path = require_model(config, request.param)
    settings = replace(config.generator, max_answer_tokens=48, context=2048)
    return Generator(path, settings, model_id=request.param)


def test_answer_streams_and_cites_only_given_sources(
    sample_index,
    real_embedder: Embedder,
    generator: AnswerModel,
) -> None:
    retrieval = retrieve(sample_index, real_embedder, "Who fixed the floor last time?", now=NOW)
    assert retrieval.supported
    # The Becker mail, or the house note (dated later) that records his 2024 job: either answers.
    assert "Becker" in retrieval.hits[0].text
    pieces: list[tuple[float, str]] = []
    result = answer(retrieval, generator, on_text=lambda p: pieces.append((time.monotonic(), p)))
    ended = time.monotonic()
    assert len(pieces) > 3 and result.text, "the model streamed its answer in pieces"
    assert pieces[0][0] < pieces[-1][0] < ended, "the first piece came before the end"
    assert all(1 <= n <= len(result.sources) for n in result.cited)
    assert result.timings_ms["first_token"] <= result.timings_ms["generation"]


def test_unsupported_question_is_not_found_without_generation(
    sample_index,
    real_embedder: Embedder,
    generator: AnswerModel,
) -> None:
    retrieval = retrieve(sample_index, real_embedder, "What is the capital of Peru?", now=NOW)
    assert not retrieval.supported
    result = answer(retrieval, generator, on_text=lambda _p: pytest.fail("must not generate"))
    assert result.not_found and result.text == NOT_FOUND["en"]


def test_ask_json_from_the_command_line(sample_index, tmp_path) -> None:
    home = tmp_path / "home"
    env = {
        **os.environ,
        "ASSISTANT_HOME": str(home),
        "ASSISTANT_GENERATOR_MODEL": "smollm2-135m-instruct-q4_1",
        "ASSISTANT_GENERATOR_MAX_ANSWER_TOKENS": "32",
    }

    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", "assistant", *a],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    assert run("add", str(REPO / "samples")).returncode == 0
    result = run("ask", "谁修的厨房水龙头？", "--json", "--now", NOW.isoformat())
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert any(s["path"].endswith("2024-02-10-plumber.eml") for s in payload["sources"][:3])
    assert set(payload["sources"][0]) >= {
        "rank",
        "score",
        "chunk_id",
        "path",
        "kind",
        "title",
        "sender",
        "date",
        "page",
        "text",
    }
    assert {"analysis", "embed", "search", "first_token"} <= set(payload["timings_ms"])


def test_a_looping_answer_is_cut_and_says_so(sample_index, real_embedder: Embedder) -> None:
    """SmolLM2 (seed 0) answers the floor question with one name again and again (seen: "Mike
    O'Brien" on 5 lines, then on until the token limit); the guard stops it after three."""
    config = load_config()
    model_id = GENERATORS[0]
    _, path = require_model(config, model_id)
    settings = replace(config.generator, max_answer_tokens=256, context=4096)
    looping = Generator(path, settings, model_id=model_id)
    question = "who fixed the floor last time, and what's his number?"
    retrieval = retrieve(sample_index, real_embedder, question, now=NOW)
    pieces: list[str] = []
    result = answer(retrieval, looping, on_text=pieces.append)
    assert result.cut, f"SmolLM2 no longer loops here; it said {''.join(pieces)!r}"
    assert result.text.endswith(result.cut)
    lines = [line for line in result.text.splitlines() if line.strip()]
    assert not any(lines[i] == lines[i + 1] == lines[i + 2] for i in range(len(lines) - 2))
    assert len(pieces) < settings.max_answer_tokens, "stopped early, not at the token limit"
