"""Scoring retrieval on the labeled corpus beside this file: shared by the quality test
(tests/integration/test_quality_real.py) and the benchmark that prints the tables
(benchmarks/quality.py), so both measure the same thing and tests import no benchmark script.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assistant.ask.retrieval import retrieve
from assistant.config import Config, load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.models.registry import require_model
from assistant.runtime.embedder import Embedder

QUALITY = Path(__file__).resolve().parent
CORPUS = QUALITY / "corpus"
# "heldout": timeline questions written after the retrieval constants were tuned (see
# questions.toml); never tune on them.
SETS = ("timeline", "heldout", "ordinary", "crosslingual")
CONFIGS = {
    "vector": {"mode": "vector", "use_analysis": False},
    "fts": {"mode": "fts", "use_analysis": False},
    "hybrid": {"mode": "hybrid", "use_analysis": False},
    "full": {"mode": "hybrid", "use_analysis": True},
}


@dataclass(frozen=True)
class Question:
    text: str
    expect: str
    set: str


def load_questions() -> tuple[datetime, list[Question]]:
    data = tomllib.loads((QUALITY / "questions.toml").read_text(encoding="utf-8"))
    now = data["now"]
    if not isinstance(now, datetime):
        raise SystemExit("questions.toml: `now` must be a TOML datetime with an offset")
    questions = [Question(q["text"], q["expect"], q["set"]) for q in data["question"]]
    return now, questions


def rank_of(hits, expect: str) -> int | None:
    target = str((CORPUS / expect).resolve())
    for rank, hit in enumerate(hits, start=1):
        if str(hit.file_path.resolve()) == target:
            return rank
    return None


def scores(ranks: list[int | None]) -> tuple[float, float, float]:
    n = len(ranks) or 1
    at1 = sum(r == 1 for r in ranks) / n
    at5 = sum(r is not None and r <= 5 for r in ranks) / n
    mrr = sum(1 / r for r in ranks if r) / n
    return at1, at5, mrr


def evaluate(index, embedder, now, questions, config) -> dict[str, list[int | None]]:
    ranks: dict[str, list[int | None]] = {}
    for q in questions:
        found = retrieve(index, embedder, q.text, now=now, k=10, **config)
        ranks.setdefault(q.set, []).append(rank_of(found.hits, q.expect))
    return ranks


def model_config(home: Path, model_id: str) -> Config:
    """The config of an index kept at `home`, embedding with `model_id`."""
    overrides = {"ASSISTANT_HOME": str(home), "ASSISTANT_EMBEDDER_MODEL": model_id}
    return load_config({**os.environ, **overrides})


def build_index(workdir: Path, model_id: str, root: Path = CORPUS):
    """A fresh index of `root` under `workdir`, built with the real embedder `model_id`."""
    home = workdir / model_id
    shutil.rmtree(home, ignore_errors=True)
    config = model_config(home, model_id)
    require_model(config, model_id)
    embedder = Embedder.from_config(config)
    add_root(config, root)
    index = open_index(config)
    stats = run_sync(config, index, embedder)
    if stats.failed:
        print(f"warning: {stats.failed} corpus files could not be read: {stats.failures}")
    return index, embedder


def open_built(workdir: Path, model_id: str):
    """The index `build_index(workdir, model_id, ...)` left behind, opened as it is."""
    config = model_config(workdir / model_id, model_id)
    require_model(config, model_id)
    return open_index(config), Embedder.from_config(config)
