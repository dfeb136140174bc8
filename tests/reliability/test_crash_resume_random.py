"""kill -9 at random points of a sync of the whole shared corpora; the next sync finishes it.

A child process runs the real sync (readers, chunker, store) with the fake embedder and
prints a line after every file; the test kills it with SIGKILL after a seeded random number
of files plus a random fraction of the next one, so the kill lands between files, inside a
read, an embedding or a transaction. Then a resumed sync must leave an index equal to a
clean one (same documents, failures and chunk hashes), pass the integrity check, keep every
document committed before the kill untouched, and embed exactly the chunks whose vectors
were not committed: nothing twice, nothing already cached.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.indexing.service import open_index, run_sync
from assistant.indexing.sync import DUPLICATE
from tests.reliability.robustness_support import (
    CountingEmbedder,
    chunk_hashes,
    config_for,
    copy_corpora,
    full_index,
    home_env,
    show,
)
from tests.support import REPO, needs_corpora

pytestmark = needs_corpora  # the whole module syncs a copy of the shared corpora
SEEDS = (1, 2, 3, 4, 5)
CHILD = """
from assistant.config import load_config
from assistant.indexing.service import open_index, run_sync
from tests.fakes import FakeEmbedder

def report(text, done=0, total=0):
    print(done, total, flush=True)

config = load_config()
with open_index(config) as index:
    run_sync(config, index, FakeEmbedder(), report=report)
"""


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_corpora(tmp_path_factory.mktemp("corpora") / "corpora")


@pytest.fixture(scope="module")
def clean(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    return full_index(tmp_path_factory.mktemp("clean"), [corpora])


def kill_at_random(home: Path, rng: random.Random) -> tuple[int, int]:
    """Run the child and SIGKILL it mid-sync; returns (files reported done, files to do)."""
    child = subprocess.Popen([sys.executable, "-c", CHILD], env=home_env(home), cwd=REPO,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stdout is not None
    first = child.stdout.readline().split()
    assert first, "the child ended before indexing a single file"
    total = int(first[1])
    done, target = 1, rng.randrange(1, total - 1)
    while done < target and child.stdout.readline():
        done += 1
    time.sleep(rng.uniform(0, 0.03))  # somewhere inside the next file
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, "the child finished before it was killed"
    return done, total


@pytest.mark.parametrize("seed", SEEDS)
def test_random_kill_then_resume_equals_a_clean_index(
    tmp_path: Path, corpora: Path, clean: dict, seed: int, record_property
) -> None:
    config = config_for(tmp_path, [corpora])
    done, total = kill_at_random(tmp_path, random.Random(seed))
    cached_before = chunk_hashes(config, "embeddings")
    embedder = CountingEmbedder()
    with open_index(config) as index:
        committed = {  # duplicates are looked at again on purpose: leave them out
            r["source_path"]: r["indexed_at"]
            for r in index.documents(status=None)
            if not str(r["reason"] or "").startswith(DUPLICATE)
        }
        started = time.perf_counter()
        run_sync(config, index, embedder)
        resume_seconds = time.perf_counter() - started
        assert index.integrity_check() == []
        assert index.fingerprint() == clean["fingerprint"]
        stats = index.stats()
        assert (stats["documents"], stats["chunks"]) == (clean["documents"], clean["chunks"])
        after = {r["source_path"]: r["indexed_at"] for r in index.documents(status=None)}
    redone = [path for path, when in committed.items() if after.get(path) != when]
    assert redone == [], "documents committed before the kill were indexed again"
    embedded = set(embedder.hashes)
    assert len(embedder.hashes) == len(embedded), "a chunk was embedded twice"
    assert embedded & cached_before == set(), "a committed vector was embedded again"
    assert embedded == clean["chunk_hashes"] - cached_before
    show(record_property, f"crash seed={seed}", killed_after_files=f"{done}/{total}",
         committed_documents=len(committed), embeds_on_resume=len(embedded),
         chunks_total=clean["chunks"], resume_s=round(resume_seconds, 1))  # fmt: skip
