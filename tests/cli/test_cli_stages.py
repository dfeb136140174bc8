"""`ask` and `chat` as real processes: their stages go to stderr, stdout holds only answers.

The child runs `main` with the FakeEmbedder and a fake answer model that reports a prefill
and streams a fixed answer (a test-only stand-in; it never answers a user). The similarity
floor is lowered in the child, because the FakeEmbedder's vectors are random and the
question must reach the answer model for its stages to show.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.cli_process import TIME_LIMIT, run_fake, sample_notes
from tests.reliability.robustness_support import home_env
from tests.support import REPO

FAKE_ANSWERING_CLI = """
import sys
import tests.fakes
import assistant.ask.retrieval
from assistant.config import GeneratorConfig
from assistant.runtime.embedder import Embedder
from assistant.runtime.generator import Generator

class StagedGenerator:
    model_id = "staged-fake"
    settings = GeneratorConfig(context=4096, max_answer_tokens=64)

    def count_tokens(self, text):
        return len(text.split()) + 1

    def stream(self, messages, cancel=None, on_prefill=None):
        for done in (0, 50, 100):
            on_prefill(done, 100)
        yield "Die Wartung war im März [1]."

assistant.ask.retrieval.NOT_FOUND_SIMILARITY = -1.0
Embedder.from_config = classmethod(lambda cls, c: tests.fakes.FakeEmbedder())
Generator.from_config = classmethod(lambda cls, c: StagedGenerator())
from assistant.cli.main import main
sys.exit(main(sys.argv[1:]))
"""
ANSWER = "Die Wartung war im März [1]."


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("stages")
    notes = sample_notes(base / "notes", "Haus.md", "装修记录.md")
    assert run_fake(base / "home", "add", str(notes)).returncode == 0
    return base / "home"


def answering(home: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", FAKE_ANSWERING_CLI, *argv], env=home_env(home), cwd=REPO,
        input=stdin, capture_output=True, text=True, timeout=TIME_LIMIT,
    )  # fmt: skip


def test_ask_writes_its_stages_to_stderr_and_keeps_stdout_clean(home: Path) -> None:
    done = answering(home, "ask", "Wann war die Wartung der Heizung?")
    assert done.returncode == 0, done.stderr
    stages = [line for line in done.stderr.splitlines() if line.startswith("assistant: ")]
    # not a terminal: one plain line per stage, no flood of prefill percentages
    assert [line.split("…")[0] for line in stages] == [
        "assistant: searching",
        stages[1].split("…")[0],
        "assistant: writing",
    ]
    assert stages[1].startswith("assistant: reading 2 sources (") and " tokens)… · " in stages[1]
    assert all(line.endswith(" s") for line in stages)
    assert "\x1b" not in done.stderr and "\r" not in done.stderr
    assert "searching" not in done.stdout and "reading" not in done.stdout
    assert f"Answer:\n{ANSWER}" in done.stdout


def test_ask_json_is_one_json_line_while_stages_go_to_stderr(home: Path) -> None:
    done = answering(home, "ask", "装修 什么时候?", "--json")
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert json.loads(line)["answer"] == ANSWER
    assert "assistant: reading 2 sources" in done.stderr


def test_chat_greets_and_prompts_on_stderr_and_answers_on_stdout(home: Path) -> None:
    done = answering(home, "chat", stdin="Wann war die Wartung?\n")
    assert done.returncode == 0, done.stderr
    greeting, rest = done.stderr.split("\n", 1)
    assert greeting.startswith("Ask about your notes, mail and PDFs") and "Ctrl-D" in greeting
    assert rest.startswith("> ")  # the prompt, before the question was read
    assert rest.count("> ") == 2  # again after the answer, then the end of input
    assert "assistant: reading 2 sources" in rest
    assert ANSWER in done.stdout
    assert "> " not in done.stdout and "Ask about" not in done.stdout
