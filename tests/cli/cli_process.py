"""`assistant` as a real process in a fresh home, for the CLI consistency tests.

`run` is `python -m assistant ARGS...`; `run_fake` is the same `main` with the FakeEmbedder in
place of EmbeddingGemma (tests.reliability.robustness_support.FAKE_CLI), for the commands that
embed (add, index, search, ask, watch), so these tests need no model and run in seconds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.reliability.robustness_support import FAKE_CLI, home_env
from tests.support import REPO, SAMPLES

TIME_LIMIT = 120  # seconds for one command: a bound against a hang, not a target


def run(home: Path, *argv: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """`assistant ARGV...` with `home` as ASSISTANT_HOME (and `settings` in the environment)."""
    return _run(home, [sys.executable, "-m", "assistant", *argv], settings)


def run_fake(home: Path, *argv: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """`assistant ARGV...` with the FakeEmbedder."""
    return _run(home, [sys.executable, "-c", FAKE_CLI, *argv], settings)


def _run(
    home: Path, command: list[str], settings: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    env = home_env(home, **settings)
    return subprocess.run(
        command, env=env, cwd=REPO, capture_output=True, text=True, timeout=TIME_LIMIT
    )


def sample_notes(target: Path, *names: str) -> Path:
    """A folder `target` holding the named notes of samples/notes (English, German, Chinese)."""
    target.mkdir(parents=True)
    for name in names:
        shutil.copy(SAMPLES / "notes" / name, target / name)
    return target


def start_fake(home: Path, *argv: str, **settings: str) -> subprocess.Popen[str]:
    """`assistant ARGV...` (FakeEmbedder) left running; read it with `process_lines.lines_of`."""
    command = [sys.executable, "-c", FAKE_CLI, *argv]
    return subprocess.Popen(
        command, env=home_env(home, **settings), cwd=REPO, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
