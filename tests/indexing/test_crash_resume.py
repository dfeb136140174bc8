"""kill -9 in the middle of a sync: the next sync finishes the job and redoes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from tests.fakes import FakeEmbedder
from tests.support import CORPORA, REPO, needs_corpora

CHILD = """
import sys
from assistant.config import load_config
from assistant.indexing.service import open_index, run_sync
from tests.fakes import FakeEmbedder

def report(text, done=0, total=0):
    print(done, flush=True)

config = load_config()
with open_index(config) as index:
    run_sync(config, index, FakeEmbedder(), report=report)
"""


def home_env(home: Path) -> dict[str, str]:
    return {**os.environ, "ASSISTANT_HOME": str(home), "PYTHONPATH": str(REPO)}


def full_index_fingerprint(home: Path) -> dict:
    config = load_config(home_env(home))
    add_root(config, CORPORA / "mail")
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
        return index.fingerprint()


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return full_index_fingerprint(tmp_path_factory.mktemp("clean"))


@needs_corpora
@pytest.mark.parametrize("kill_after", [3, 60, 200])
def test_kill_during_sync_then_resume(tmp_path: Path, clean: dict, kill_after: int) -> None:
    env = home_env(tmp_path)
    config = load_config(env)
    add_root(config, CORPORA / "mail")
    child = subprocess.Popen([sys.executable, "-c", CHILD], env=env, cwd=REPO,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stdout is not None
    for _ in range(kill_after):
        if not child.stdout.readline():
            break
    child.send_signal(signal.SIGKILL)
    child.wait()

    with open_index(config) as index:
        committed = {  # duplicates are looked at again on purpose: leave them out
            r["source_path"]: r["indexed_at"]
            for r in index.documents(status=None)
            if r["duplicate_of"] is None
        }
        embedder = FakeEmbedder()
        run_sync(config, index, embedder)
        assert index.integrity_check() == []
        assert index.fingerprint() == clean
        after = {r["source_path"]: r["indexed_at"] for r in index.documents(status=None)}
    assert committed, "the child committed some documents before it was killed"
    redone = [p for p, when in committed.items() if after.get(p) != when]
    assert redone == [], "documents committed before the crash were not indexed again"
