"""Retrieval quality on the labeled personal corpus in tests/quality (real EmbeddingGemma).

Usage:  .venv/bin/python benchmarks/quality.py [--quick]

Every question in tests/quality/questions.toml names the one file that answers it; a question
counts as found at rank r when that file's best chunk is the r-th source. Printed, per set
(timeline: "who ... last time / in 2023 / im März 2024" over years of similar mails;
held-out timeline questions; ordinary; cross-lingual): recall@1, recall@5 and MRR for
- vector:      the question's vector only (the naive baseline);
- fts:         BM25 over the question's keywords only;
- hybrid:      both, fused (RRF), no question analysis;
- full:        hybrid + analysis (date windows, sender/kind hints, recency for "last time");
then the full pipeline at each Matryoshka dim (vectors rebuilt from the stored ones) and with
the Q4_0 embedder, and how well the not-found threshold separates answerable questions from
questions the corpus cannot answer. `--quick`: Q8_0 and 768-d only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.ask.retrieval import NOT_FOUND_SIMILARITY, retrieve  # noqa: E402
from assistant.config import load_config  # noqa: E402
from assistant.indexing.roots import add_root  # noqa: E402
from assistant.indexing.service import open_index, run_sync  # noqa: E402
from assistant.models.registry import require_model  # noqa: E402
from assistant.runtime.embedder import Embedder  # noqa: E402

QUALITY = REPO / "tests" / "quality"
CORPUS = QUALITY / "corpus"
UNANSWERABLE = [
    "What is the capital of Peru?",
    "Wie funktioniert ein Fusionsreaktor?",
    "谁赢得了2018年世界杯？",
    "What's the recipe for beef wellington?",
    "Welche Farbe hat das Auto von Herrn Müller?",
]
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


def row(label: str, ranks: dict[str, list[int | None]]) -> str:
    cells = []
    for name in SETS:
        at1, at5, mrr = scores(ranks.get(name, []))
        cells.append(f"{at1:.2f} / {at5:.2f} / {mrr:.2f}")
    return f"| {label} | " + " | ".join(cells) + " |"


def header(first: str) -> None:
    print(f"| {first} | timeline R@1 / R@5 / MRR | held-out timeline | ordinary | cross-lingual |")
    print("|---|---|---|---|---|")


def build_index(workdir: Path, model_id: str):
    home = workdir / model_id
    shutil.rmtree(home, ignore_errors=True)
    config = load_config(
        {**os.environ, "ASSISTANT_HOME": str(home), "ASSISTANT_EMBEDDER_MODEL": model_id}
    )
    require_model(config, model_id)
    embedder = Embedder.from_config(config)
    add_root(config, CORPUS)
    index = open_index(config)
    stats = run_sync(config, index, embedder)
    if stats.failed:
        print(f"warning: {stats.failed} corpus files could not be read: {stats.failures}")
    return index, embedder


def threshold_report(index, embedder, now, questions) -> None:
    answerable = [retrieve(index, embedder, q.text, now=now).best_similarity for q in questions]
    unanswerable = [retrieve(index, embedder, q, now=now).best_similarity for q in UNANSWERABLE]
    low = min(s for s in answerable if s is not None)
    high = max(s for s in unanswerable if s is not None)
    wrongly_refused = sum(s is not None and s < NOT_FOUND_SIMILARITY for s in answerable)
    print(
        f"\nNot-found threshold {NOT_FOUND_SIMILARITY}: answerable questions' best similarity "
        f">= {low:.3f} ({wrongly_refused} of {len(answerable)} below the threshold); "
        f"unanswerable ones <= {high:.3f} ({len(UNANSWERABLE)} questions)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    now, questions = load_questions()
    counts = {s: sum(q.set == s for q in questions) for s in SETS}
    print(f"{len(questions)} questions {counts}, evaluated as of {now.isoformat()}\n")
    with tempfile.TemporaryDirectory(prefix="quality-") as temp:
        index, embedder = build_index(Path(temp), "embeddinggemma-300m-q8_0")
        header("retrieval (Q8_0, 768-d)")
        for label, config in CONFIGS.items():
            print(row(label, evaluate(index, embedder, now, questions, config)))
        threshold_report(index, embedder, now, questions)
        if args.quick:
            return
        print()
        header("full pipeline, Q8_0, MRL dim")
        for dim in (768, 512, 256, 128):
            index.rebuild_vectors(dim, index.vector_type)
            print(row(f"{dim}-d", evaluate(index, embedder, now, questions, CONFIGS["full"])))
        index.close()
        index, embedder = build_index(Path(temp), "embeddinggemma-300m-q4_0")
        print(row("Q4_0, 768-d", evaluate(index, embedder, now, questions, CONFIGS["full"])))
        index.close()


if __name__ == "__main__":
    main()
