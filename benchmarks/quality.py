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
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.ask.retrieval import NOT_FOUND_SIMILARITY, retrieve  # noqa: E402
from tests.quality.evaluation import (  # noqa: E402
    CONFIGS,
    SETS,
    build_index,
    evaluate,
    load_questions,
    scores,
)

UNANSWERABLE = [
    "What is the capital of Peru?",
    "Wie funktioniert ein Fusionsreaktor?",
    "谁赢得了2018年世界杯？",
    "What's the recipe for beef wellington?",
    "Welche Farbe hat das Auto von Herrn Müller?",
]


def row(label: str, ranks: dict[str, list[int | None]]) -> str:
    cells = []
    for name in SETS:
        at1, at5, mrr = scores(ranks.get(name, []))
        cells.append(f"{at1:.2f} / {at5:.2f} / {mrr:.2f}")
    return f"| {label} | " + " | ".join(cells) + " |"


def header(first: str) -> None:
    print(f"| {first} | timeline R@1 / R@5 / MRR | held-out timeline | ordinary | cross-lingual |")
    print("|---|---|---|---|---|")


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
