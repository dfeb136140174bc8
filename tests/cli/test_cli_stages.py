"""`ask` and `chat` as real processes: their stages go to stderr, stdout holds only answers.

stderr is a pseudo-terminal, as when a person runs them (stdout a pipe, so it can be read
apart); with stderr a pipe too, as in a script, nothing but errors may appear there. The
child runs `main` with the FakeEmbedder and a fake answer model that reports a prefill
and streams a fixed answer (a test-only stand-in; it never answers a user). The similarity
floor is lowered in the child, because the FakeEmbedder's vectors are random and the
question must reach the answer model for its stages to show.
"""

from __future__ import annotations

import json
import os
import pty
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


def answering(home: Path, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    """(exit code, stdout, what reached the terminal on stderr)."""
    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-c", FAKE_ANSWERING_CLI, *argv], env=home_env(home), cwd=REPO,
        input=stdin.encode(), stdout=subprocess.PIPE, stderr=follower, timeout=TIME_LIMIT,
    )  # fmt: skip
    os.close(follower)
    terminal = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end is closed: all was read
            break
        if not chunk:
            break
        terminal += chunk
    os.close(leader)
    return done.returncode, done.stdout.decode(), terminal.decode().replace("\r\n", "\n")


def piped(home: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", FAKE_ANSWERING_CLI, *argv], env=home_env(home), cwd=REPO,
        input=stdin, capture_output=True, text=True, timeout=TIME_LIMIT,
    )  # fmt: skip


CLEAR = "\r\x1b[K"


def test_ask_shows_its_stages_on_the_terminal_and_keeps_stdout_clean(home: Path) -> None:
    code, out, terminal = answering(home, "ask", "Wann war die Wartung der Heizung?")
    assert code == 0, terminal
    drawn = [part for part in terminal.split(CLEAR) if part]
    assert drawn[0] == "searching… · 0 s"
    assert drawn[1].startswith("reading 2 sources (") and drawn[1].endswith(" tokens)… · 0 s")
    assert [d.split("… ")[1].split(" ·")[0] for d in drawn[2:]] == ["0%", "50%", "100%"]
    assert terminal.endswith(CLEAR), "wiped before the answer"
    assert "\n" not in terminal, "one line, rewritten in place"
    assert "searching" not in out and "reading" not in out and "\x1b" not in out
    assert f"Answer:\n{ANSWER}" in out


def test_ask_json_is_one_json_line_while_stages_go_to_the_terminal(home: Path) -> None:
    code, out, terminal = answering(home, "ask", "装修 什么时候?", "--json")
    assert code == 0, terminal
    (line,) = out.splitlines()
    assert json.loads(line)["answer"] == ANSWER
    assert "reading 2 sources (" in terminal and "100%" in terminal


def test_chat_greets_and_prompts_on_the_terminal_and_answers_on_stdout(home: Path) -> None:
    code, out, terminal = answering(home, "chat", stdin="Wann war die Wartung?\n")
    assert code == 0, terminal
    greeting, rest = terminal.split("\n", 1)
    assert greeting.startswith("Ask about your notes, mail and PDFs") and "Ctrl-D" in greeting
    assert rest.startswith("> ")  # the prompt, before the question was read
    assert rest.count("> ") == 2 and rest.endswith("> \n"), "again after the answer, then ended"
    assert "reading 2 sources (" in rest
    assert ANSWER in out
    assert "> " not in out and "Ask about" not in out


def test_in_a_script_stderr_holds_nothing_but_errors(home: Path) -> None:
    asked = piped(home, "ask", "Wann war die Wartung?")
    chat = piped(home, "chat", stdin="Wann war die Wartung?\n王师傅?\n")
    assert (asked.returncode, chat.returncode) == (0, 0), asked.stderr + chat.stderr
    assert asked.stderr == "" and chat.stderr == ""
    assert ANSWER in asked.stdout and chat.stdout.count(ANSWER) == 2
