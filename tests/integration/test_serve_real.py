"""`assistant serve` with the real models: what a served command prints is what it prints in
a process of its own, byte for byte (measured timings aside), in English, German and Chinese.

The embedder runs as configured by default (every core): the command's own context uses both,
the server's query context has one but is given both for a query while nothing else computes
(serve.idle_cores.IdleCoreQueries), so this also checks that the vectors do not depend on the
thread count. The answer model is the SmolLM2 test model, named explicitly as tests must (it
never answers a user), on one thread, with a short answer.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.process_lines import lines_of, next_line
from tests.reliability.robustness_support import home_env
from tests.serve.serve_support import same_output
from tests.support import REPO, SAMPLES

pytestmark = pytest.mark.models

SETTINGS = {
    "ASSISTANT_GENERATOR_THREADS": "1",
    "ASSISTANT_GENERATOR_MODEL": "smollm2-135m-instruct-q4_1",
    "ASSISTANT_GENERATOR_MAX_ANSWER_TOKENS": "12",
}
QUESTIONS = [
    ("search", "who fixed the floor last time, and what's his number?"),
    ("search", "Wer hat den Boden im Flur repariert?", "--json"),
    ("search", "谁修好了客厅的地板？", "--explain"),
    ("ask", "Who fixed the kitchen tap?"),
    ("ask", "Wer hat die Heizung gewartet?", "--json"),
    ("status",),
]


# The installed command, which must be served: running the command itself fails loudly.
SERVED = """
import sys
import assistant.cli.main as m
m.main = lambda argv=None: sys.exit("ran in-process, not in the server")
from assistant.cli.entry import main
sys.exit(main(sys.argv[1:]))
"""


def _assistant(env: dict[str, str], *argv: str, served: bool = False):
    command = ["-c", SERVED] if served else ["-m", "assistant"]
    return subprocess.run(
        [sys.executable, *command, *argv], env=env, cwd=REPO, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("serve-real")
    shutil.copytree(SAMPLES / "notes", base / "notes")
    shutil.copytree(SAMPLES / "mail", base / "mail")
    env = home_env(base / "home", **SETTINGS)
    for folder in ("notes", "mail"):
        added = _assistant(env, "add", str(base / folder))
        assert added.returncode == 0, added.stderr[-600:]
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve"], env=env, cwd=REPO, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    lines = lines_of(server.stdout)  # type: ignore[arg-type]
    said = [next_line(lines, 300)]
    while not said[-1].startswith("serving "):
        said.append(next_line(lines, 300))
    yield env, said
    server.terminate()
    assert server.wait(60) == 0


@pytest.mark.parametrize("argv", QUESTIONS, ids=lambda argv: " ".join(argv))
def test_served_and_in_process_print_the_same(served, argv) -> None:
    env, _ = served
    here = _assistant({**env, "ASSISTANT_SERVER": "off"}, *argv)
    there = _assistant(env, *argv, served=True)
    assert there.returncode == 0, there.stderr[-600:]
    same_output(there, here)


def test_the_server_names_its_answer_model(served) -> None:
    _, said = served
    assert said[0] == "answers: smollm2-135m-instruct-q4_1"
