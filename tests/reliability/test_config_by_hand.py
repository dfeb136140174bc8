"""A config edited by hand (issue 11, test 3): every mistake is one line, never a traceback.

Each case writes a `config.toml` (or sets an environment override, or points the home
somewhere odd) and runs real `assistant` commands as processes: the error must be one line on
stderr that names the key and the values it allows, with a non-zero exit and nothing on
stdout. Then the embedding model is switched by hand under an index of another model: every
entry point (search, search --json, ask, chat, index) must refuse with the model names and
the setting to change, and print no hit computed with the other model's query vector (the
app is covered in tests/tui/test_tui_hostile_input.py).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.robustness_support import home_env, show
from tests.support import REPO

# `assistant ARGS...` with a fake embedder whose model id is the configured `embedder.model`,
# so switching that setting really switches the model the query vectors come from.
MODEL_CLI = """
import sys
import tests.fakes
from assistant.runtime.embedder import Embedder

def _fake(cls, config):
    embedder = tests.fakes.FakeEmbedder()
    embedder.model_id = config.embedder.model
    return embedder

Embedder.from_config = classmethod(_fake)
from assistant.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


@dataclass(frozen=True)
class Case:
    """One hand-made mistake and the words its one-line error must contain."""

    name: str
    toml: str | None = None  # the config file's text (None: no file)
    env: tuple[tuple[str, str], ...] = ()
    home: str | None = None  # a home other than the test's own
    words: tuple[str, ...] = ()


CASES = [
    Case("broken table", "[embedder\n", words=("config.toml", "not valid TOML", "fix or delete")),
    Case("broken value", "[index]\nmax_file_mb = \n", words=("not valid TOML",)),
    Case("bad string", '[embedder]\nmodel = "x\n', words=("not valid TOML",)),
    Case("unknown section", "[nonsense]\n", words=("unknown section", "'embedder'", "'index'")),
    Case("unknown key", "[embedder]\ndims = 256\n", words=("'dims'", "known:", "'dim'")),
    Case("section not a table", "embedder = 5\n", words=("[embedder] must be a table",)),
    Case("dim 100", "[embedder]\ndim = 100\n", words=("embedder.dim", "100", "768, 512, 256, 128")),
    Case("dim float", "[embedder]\ndim = 768.9\n", words=("embedder.dim", "768.9", "whole")),
    Case("dim bool", "[embedder]\ndim = true\n", words=("embedder.dim", "True", "one of")),
    Case("dim words", '[embedder]\ndim = "many"\n', words=("embedder.dim", "'many'", "one of")),
    Case(
        "vector_type foo",
        '[index]\nvector_type = "foo"\n',
        words=("index.vector_type", "'foo'", "binary"),
    ),
    Case("vector_type number", "[index]\nvector_type = 5\n", words=("index.vector_type", "string")),
    Case("ignore not a list", "[index]\nignore = 5\n", words=("index.ignore", "list")),
    Case(
        "max_file_mb negative",
        "[index]\nmax_file_mb = -1\n",
        words=("index.max_file_mb", "-1", "1 to"),
    ),
    Case(
        "max_file_mb 1e400",
        "[index]\nmax_file_mb = 1e400\n",
        words=("index.max_file_mb", "inf", "1 to"),
    ),
    Case(
        "max_pdf_pages 0",
        "[index]\nmax_pdf_pages = 0\n",
        words=("index.max_pdf_pages", "0", "1 to"),
    ),
    Case(
        "pdf_seconds nan",
        "[index]\npdf_seconds = nan\n",
        words=("index.pdf_seconds", "nan", "0.1 to"),
    ),
    Case(
        "reconcile 0",
        "[index]\nwatch_reconcile_seconds = 0\n",
        words=("index.watch_reconcile_seconds", "10 to"),
    ),
    Case(
        "debounce negative",
        "[index]\nwatch_debounce_seconds = -1\n",
        words=("index.watch_debounce_seconds", "-1", "0.05 to"),
    ),
    Case(
        "chunk too big",
        "[index]\nchunk_max_tokens = 2040\n",
        words=("index.chunk_max_tokens", "room for the prompt"),
    ),
    Case(
        "embedder max_tokens",
        "[embedder]\nmax_tokens = 10\n",
        words=("embedder.max_tokens", "10", "64 to 2048"),
    ),
    Case(
        "threads negative",
        "[embedder]\nthreads = -1\n",
        words=("embedder.threads", "-1", "one per core"),
    ),
    Case(
        "temperature -3",
        "[generator]\ntemperature = -3\n",
        words=("generator.temperature", "-3", "0 to 2"),
    ),
    Case("top_p 7", "[generator]\ntop_p = 7\n", words=("generator.top_p", "7", "0 to 1")),
    Case(
        "top_k negative", "[generator]\ntop_k = -1\n", words=("generator.top_k", "-1", "0 to 1000")
    ),
    Case(
        "max_answer_tokens -5",
        "[generator]\nmax_answer_tokens = -5\n",
        words=("generator.max_answer_tokens", "-5", "1 to"),
    ),
    Case(
        "context -1",
        "[generator]\ncontext = -1\n",
        words=("generator.context", "-1", "1024 to 32768"),
    ),
    Case(
        "context 100",
        "[generator]\ncontext = 100\n",
        words=("generator.context", "100", "1024 to 32768"),
    ),
    Case(
        "answer longer than context",
        "[generator]\ncontext = 2048\nmax_answer_tokens = 2000\n",
        words=("generator.max_answer_tokens", "generator.context"),
    ),
    Case("seed negative", "[generator]\nseed = -1\n", words=("generator.seed", "-1", "0 to")),
    Case("generator model number", "[generator]\nmodel = 3\n", words=("generator.model", "string")),
    Case(
        "env dim float",
        env=(("ASSISTANT_EMBEDDER_DIM", "768.9"),),
        words=("embedder.dim", "'768.9'"),
    ),
    Case(
        "env max_file_mb 1e400",
        env=(("ASSISTANT_INDEX_MAX_FILE_MB", "1e400"),),
        words=("index.max_file_mb", "1e400"),
    ),
    Case(
        "env top_p inf",
        env=(("ASSISTANT_GENERATOR_TOP_P", "inf"),),
        words=("generator.top_p", "finite"),
    ),
    Case(
        "env vector_type",
        env=(("ASSISTANT_INDEX_VECTOR_TYPE", "foo"),),
        words=("index.vector_type", "'foo'"),
    ),
    Case(
        "config file is a folder",
        toml="<folder>",
        words=("cannot read the config file", "ASSISTANT_HOME"),
    ),
    Case("home under /proc", home="/proc/assistant-home", words=("/proc", "ASSISTANT_HOME")),
    Case("home under /sys", home="/sys/assistant-home", words=("/sys", "ASSISTANT_HOME")),
    Case("home is /dev/null", home="/dev/null", words=("/dev", "ASSISTANT_HOME")),
    Case("home is a file", home="<file>", words=("not a folder", "ASSISTANT_HOME")),
]
COMMANDS = (("status",), ("search", "floor"))


def run(home: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", MODEL_CLI, *args]
    return subprocess.run(command, env=home_env(home, **env), cwd=REPO, input=stdin,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def problem(done: subprocess.CompletedProcess, words: tuple[str, ...]) -> str:
    """What is wrong with a refusal ('' if it is one clear line containing `words`)."""
    lines = done.stderr.strip().splitlines()
    if done.returncode == 0:
        return f"exit 0, stdout {done.stdout[:200]!r}"
    if "Traceback" in done.stderr or len(lines) != 1 or not lines[0].startswith("assistant: "):
        return f"not one line: {done.stderr[-600:]!r}"
    missing = [w for w in words if w not in lines[0]]
    return f"{lines[0]!r} lacks {missing}" if missing else ""


def prepare(case: Case, tmp: Path) -> Path:
    home = tmp / case.name.replace(" ", "-")
    home.mkdir(parents=True)
    if case.toml == "<folder>":
        (home / "config.toml").mkdir()
    elif case.toml is not None:
        (home / "config.toml").write_text(case.toml)
    if case.home == "<file>":
        (tmp / "a-file").write_text("")
        return tmp / "a-file"
    return Path(case.home) if case.home else home


def test_every_hand_made_mistake_is_one_line_naming_key_and_allowed_values(
    tmp_path: Path, record_property
) -> None:
    failures = []
    tried = 0
    for case in CASES:
        home = prepare(case, tmp_path)
        for command in COMMANDS:
            tried += 1
            done = run(home, *command, **dict(case.env))
            if reason := problem(done, case.words) or (done.stdout and f"stdout {done.stdout!r}"):
                failures.append(f"{case.name} / {' '.join(command)}: {reason}")
    show(record_property, "config by hand", cases=len(CASES), runs=tried,
         passed=tried - len(failures))  # fmt: skip
    assert not failures, "\n".join(failures)


def test_a_switched_embedding_model_is_refused_at_every_entry_point(
    tmp_path: Path, record_property
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "floor.md").write_text("# Floor\n\nBob fixed the kitchen floor in March.\n")
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('[embedder]\nmodel = "model-a"\n')
    assert run(home, "add", str(notes)).returncode == 0
    assert "floor.md" in run(home, "search", "kitchen floor").stdout  # model-a finds it
    (home / "config.toml").write_text('[embedder]\nmodel = "model-b"\n')  # switched by hand
    words = ("'model-a'", "'model-b'", "embedder.model")
    entry_points = [("search", "kitchen floor"), ("search", "--json", "kitchen floor"),
                    ("ask", "kitchen floor"), ("ask", "--json", "kitchen floor"),
                    ("chat",), ("index",)]  # fmt: skip
    failures = []
    for args in entry_points:
        done = run(home, *args, stdin="kitchen floor\n", ASSISTANT_MODELS=str(tmp_path / "none"))
        reason = problem(done, words)
        if "floor.md" in done.stdout:  # a hit ranked with model-b's vector of the question
            reason += f" searched anyway: {done.stdout[:300]!r}"
        if reason:
            failures.append(f"{' '.join(args)}: {reason}")
    show(record_property, "switched embedding model", entry_points=len(entry_points),
         refused=len(entry_points) - len(failures))  # fmt: skip
    assert not failures, "\n".join(failures)
    (home / "config.toml").write_text('[embedder]\nmodel = "model-a"\n')  # switched back
    assert "floor.md" in run(home, "search", "kitchen floor").stdout
