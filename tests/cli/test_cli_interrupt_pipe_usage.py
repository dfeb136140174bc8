"""The CLI as a newcomer's shell meets it (issue #14): a closed pipe, Ctrl-C, a blank question.

Real processes, fake embedder (no model): `… | head -1` ends quietly with 141 (128 + SIGPIPE, what
a shell reports for a writer whose reader left) or 0 (everything was written before the reader
left); Ctrl-C while a command runs is exactly "assistant: interrupted" and exit 130; a blank
question or `--k 0` is argparse's usage error, exit 2, before anything loads.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.cli_process import run_fake
from tests.reliability.robustness_support import FAKE_CLI, home_env
from tests.support import REPO, SMALL_GENERATOR

TOPICS = ["Heizung Wartung Herr Meier", "暖气 维修 师傅 电话", "boiler service and the plumber"]
# The fake embedder, a model that blocks until Ctrl-C, and an answer model that streams slowly
# and stops between pieces when cancelled (as the real one does); READY tells the test when.
SLOW_CLI = """
import sys, threading, time
from pathlib import Path
import tests.fakes
from assistant.runtime.embedder import Embedder
from assistant.runtime.generator import Generator
from assistant.config import GeneratorConfig

READY = Path(sys.argv[1])
class Slow(tests.fakes.FakeEmbedder):
    def embed_query(self, query, dim=None):
        if "slow" in query:
            READY.write_text("searching")
            time.sleep(60)
        return super().embed_query(query, dim)

class Streaming:
    model_id = "fake-generator"
    settings = GeneratorConfig(context=4096, max_answer_tokens=256)
    def count_tokens(self, text):
        return len(text.split()) + 1
    def stream(self, messages, cancel=None, on_prefill=None):
        for n in range(600):
            if cancel is not None and cancel.is_set():
                return
            if n == 3:
                READY.write_text("answering")
            yield f"Wort{n} "
            time.sleep(0.1)

import assistant.ask.retrieval
assistant.ask.retrieval.NOT_FOUND_SIMILARITY = -1.0  # fake vectors: every hit is evidence
Embedder.from_config = classmethod(lambda cls, c: Slow())
Generator.from_config = classmethod(lambda cls, c: Streaming())
from assistant.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


CHAT_POST = '"POST /v1/chat/completions HTTP/1.1" 200'
REAL_ANSWER_CLI = FAKE_CLI.replace(
    "from assistant.cli.main",
    "import assistant.ask.retrieval\nassistant.ask.retrieval.NOT_FOUND_SIMILARITY = -1.0\n"
    "from assistant.cli.main",
)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with 90 notes in German, Chinese and English: enough output to fill a pipe."""
    notes = tmp_path_factory.mktemp("notes")
    for n in range(90):
        topic = TOPICS[n % 3]
        (notes / f"note-{n}.md").write_text(f"# {topic} {n}\n\n" + f"{topic} {n}. " * 40)
    home = tmp_path_factory.mktemp("home")
    done = run_fake(home, "add", str(notes))
    assert done.returncode == 0, done.stderr
    return home


def reader_leaves_after_one_line(home: Path, *argv: str) -> tuple[int, str, str]:
    """`assistant ARGV | head -1`: read one line, close the pipe, collect exit code and stderr."""
    command = [sys.executable, "-c", FAKE_CLI, *argv]
    no_models = home / "no-models"  # no answer model: `ask` is search-only, as in the issue
    no_models.mkdir(exist_ok=True)
    env = home_env(home, ASSISTANT_MODELS=str(no_models))
    child = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()
    child.stdout.close()
    err = child.stderr.read()
    return child.wait(timeout=120), first, err


@pytest.mark.parametrize(
    "argv",
    [
        ("search", "Heizung", "--k", "90"),
        ("search", "暖气", "--json", "--k", "90"),
        ("ask", "--json", "Wer wartet die Heizung?", "--k", "90"),
        ("config",),
    ],
)
def test_a_reader_that_leaves_ends_the_command_quietly(home: Path, argv: tuple[str, ...]) -> None:
    code, first, err = reader_leaves_after_one_line(home, *argv)
    assert first.strip(), "the first line arrived"
    assert code in (0, 141), (code, err)
    assert err == "", err  # no BrokenPipeError, no "Exception ignored"


def test_the_large_search_really_hits_the_closed_pipe(home: Path) -> None:
    """Guard for the test above: its output is far larger than a pipe's buffer (64 KiB), so
    the writer must meet the closed pipe while it runs, and 141 is what it says."""
    done = run_fake(home, "search", "暖气", "--json", "--k", "90")
    assert done.returncode == 0 and len(done.stdout.encode()) > 100_000
    code, _, err = reader_leaves_after_one_line(home, "search", "暖气", "--json", "--k", "90")
    assert (code, err) == (141, "")


def interrupt_when_ready(home: Path, tmp_path: Path, *argv: str) -> tuple[int, str, str]:
    ready = tmp_path / "ready"
    command = [sys.executable, "-c", SLOW_CLI, str(ready), *argv]
    child = subprocess.Popen(command, env=home_env(home), cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while not ready.exists() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert ready.exists(), child.communicate(timeout=60)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    return child.returncode, out, err


@pytest.mark.parametrize(
    "argv",
    [
        ("search", "slow Heizung"),  # Ctrl-C while the question is embedded
        ("ask", "Wer wartet die Heizung?"),  # Ctrl-C while the answer streams
        ("ask", "--json", "谁修暖气？"),
    ],
)
def test_ctrl_c_while_a_command_runs_is_one_line_and_130(
    home: Path, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    code, out, err = interrupt_when_ready(home, tmp_path, *argv)
    assert (code, err) == (130, "assistant: interrupted\n"), err
    if argv[:2] == ("ask", "Wer wartet die Heizung?"):
        assert "Wort0 Wort1 Wort2" in out and "Wort599" not in out, "stopped, what came kept"


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (("search", ""), "argument query: the question is blank: type what to look for"),
        (("search", " \u3000\t"), "argument query: the question is blank: type what to look for"),
        (("ask", "  "), "argument question: the question is blank: type what to look for"),
        (("search", "Heizung", "--k", "0"), "argument --k: must be 1 or more, not 0"),
        (("ask", "暖气", "--k", "-3"), "argument --k: must be 1 or more, not -3"),
        (("chat", "--k", "zwei"), "argument --k: not a whole number: 'zwei'"),
    ],
)
def test_a_blank_question_or_no_sources_is_a_usage_error(
    home: Path, argv: tuple[str, ...], reason: str
) -> None:
    done = run_fake(home, *argv)
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert done.stderr.startswith(f"usage: assistant {argv[0]} ")
    assert done.stderr.splitlines()[-1] == f"assistant {argv[0]}: error: {reason}"
    assert "Traceback" not in done.stderr


@pytest.mark.models
@pytest.mark.parametrize("backend", ["local", "server"])
def test_ctrl_c_during_the_real_models_prefill_says_one_line(
    home: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    """The report's case: Ctrl-C while llama.cpp reads the prompt printed a ctypes traceback,
    "decode: removing memory module entries" and "llama_decode returned 2". With the server
    backend (a real llama_cpp.server on 127.0.0.1) Ctrl-C closes the connection the same way."""
    command = [sys.executable, "-c", REAL_ANSWER_CLI, "ask", "Wer wartet die Heizung?"]
    answers, server = {"ASSISTANT_GENERATOR_MODEL": SMALL_GENERATOR}, None
    if backend == "server":
        server = request.getfixturevalue("answer_server")
        answers, asked = server.env(), server.output().count(CHAT_POST)
    env = home_env(home, **answers, PYTHONUNBUFFERED="1")
    child = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)  # fmt: skip
    assert child.stdout is not None
    seen = b""
    while b"Answer:" not in seen and (byte := child.stdout.read(1)):
        seen += byte
    deadline = time.monotonic() + 60
    while server and server.output().count(CHAT_POST) == asked and time.monotonic() < deadline:
        time.sleep(0.02)  # Ctrl-C once the question has reached the server
    child.send_signal(signal.SIGINT)  # the answer model loads and reads the prompt now
    _, err = child.communicate(timeout=120)
    assert (child.returncode, err.decode()) == (130, "assistant: interrupted\n")


def test_a_question_in_any_language_still_searches(home: Path) -> None:
    done = run_fake(home, "search", "暖气 维修", "--k", "1")
    assert done.returncode == 0 and done.stdout.startswith("[1] note"), done.stderr
