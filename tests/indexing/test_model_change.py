"""Changing `embedder.model` in the config after indexing: `index` and `search` each say in one
line what to do (switch back, or rebuild), instead of a traceback or silently wrong results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The CLI with a fake embedder whose model id is whatever the config names.
CLI = """
import sys
import tests.fakes
from assistant.runtime.embedder import Embedder

def fake(cls, config):
    embedder = tests.fakes.FakeEmbedder()
    embedder.model_id = config.embedder.model
    return embedder

Embedder.from_config = classmethod(fake)
from assistant.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def cli(home: Path, *args: str, model: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_HOME=str(home), PYTHONPATH=str(REPO))
    if model:
        env["ASSISTANT_EMBEDDER_MODEL"] = model
    return subprocess.run([sys.executable, "-c", CLI, *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def one_line(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr[-2000:]
    assert lines[0].startswith("assistant: ") and "Traceback" not in done.stderr
    return lines[0]


def test_a_changed_embedding_model_is_refused_with_advice(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "floor.md").write_text("# Floor\n\nBecker repaired the floor in the hall.\n")
    home = tmp_path / "home"
    added = cli(home, "add", str(notes))
    assert added.returncode == 0, added.stderr[-2000:]
    assert cli(home, "search", "floor").returncode == 0

    (notes / "wifi.md").write_text("# Wifi\n\nThe router password is on the fridge.\n")
    indexing = one_line(cli(home, "index", model="other-model"))
    searching = one_line(cli(home, "search", "who repaired the floor", model="other-model"))
    for line in (indexing, searching):
        assert "built with the embedding model 'embeddinggemma-300m-q8_0'" in line
        assert "Set embedder.model back to 'embeddinggemma-300m-q8_0'" in line
        assert "run `assistant rebuild`" in line
    status = cli(home, "status", model="other-model")
    assert status.returncode == 0 and "note: The index" in status.stdout, status.stderr[-2000:]
    assert "built with the embedding model 'embeddinggemma-300m-q8_0'" in status.stdout
    assert cli(home, "search", "floor").returncode == 0, "switching back works"

    rebuilt = cli(home, "rebuild", model="other-model")
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    found = cli(home, "search", "who repaired the floor", model="other-model")
    assert found.returncode == 0 and "floor.md" in found.stdout, found.stderr[-2000:]
    assert "wifi.md" in cli(home, "search", "router password", model="other-model").stdout
