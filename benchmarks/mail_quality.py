"""Retrieval quality on questions over the real mail in ../shared/corpora/mail (EmbeddingGemma).

Usage:  .venv/bin/python benchmarks/mail_quality.py [--rebuild]

One index of the whole mail folder (~430 messages: LKML, notmuch, 3GPP Outlook archives, ...),
built once and cached in ~/.cache/assistant/bench/ under a key of the corpus and the indexing
code (tests/quality/index_cache.py); `--rebuild` drops the cache first. For each question file
(tests/quality/mail_questions.toml, the tuned set; mail_heldout.toml when it exists) a table:
rows vector / fts / hybrid / full (tests/quality/evaluation.CONFIGS), columns thread / who /
forward / ordinary / all, cells recall@1 / recall@5 / MRR over the k=8 sources `retrieve()`
returns. Then the tuned set's misses at rank 1 under the full pipeline, with what ranked first.
The held-out set is reported as totals only: nobody tunes on its questions.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.quality.evaluation import CONFIGS, scores  # noqa: E402
from tests.quality.index_cache import CACHE, cached_index  # noqa: E402
from tests.quality.mail_evaluation import (  # noqa: E402
    ALL,
    HELDOUT,
    MAIL,
    MAIL_SETS,
    TUNED,
    K,
    Outcome,
    evaluate_mail,
    load_mail_questions,
    ranks_by_set,
)

MODEL = "embeddinggemma-300m-q8_0"


def table(title: str, results: dict[str, list[Outcome]]) -> None:
    print(f"\n### {title}\n")
    columns = (*MAIL_SETS, ALL)
    print("| config | " + " | ".join(f"{name} R@1 / R@5 / MRR" for name in columns) + " |")
    print("|---" * (len(MAIL_SETS) + 2) + "|")
    for label, outcomes in results.items():
        ranks = ranks_by_set(outcomes)
        cells = [_cell(*scores(ranks[name])) for name in columns]
        print(f"| {label} | " + " | ".join(cells) + " |")


def _cell(at1: float, at5: float, mrr: float) -> str:
    return f"{at1:.2f} / {at5:.2f} / {mrr:.2f}"


def misses(outcomes: list[Outcome]) -> None:
    missed = [o for o in outcomes if o.rank != 1]
    print(f"\n### Misses at rank 1, full pipeline, tuned set ({len(missed)} of {len(outcomes)})\n")
    for outcome in missed:
        first = outcome.first
        where = "nothing" if first is None else _describe(first)
        rank = outcome.rank or f"> {K}"
        print(
            f"- [{outcome.question.set}/{outcome.question.lang}] rank {rank}: "
            f"{outcome.question.text}\n  first: {where}"
        )


def _describe(hit) -> str:
    date = hit.date.date().isoformat() if hit.date else "?"
    return f"{hit.sender} · {date} · {hit.title!r} · {hit.message_id or hit.source_path}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="drop the cached index first")
    args = parser.parse_args()
    if args.rebuild:
        shutil.rmtree(CACHE, ignore_errors=True)
    files = [p for p in (TUNED, HELDOUT) if p.is_file()]
    index, embedder, built = cached_index(MAIL, MODEL, "mail")
    print("index: " + (f"built in {built:.0f} s" if built else f"from the cache in {CACHE}"))
    with index:
        for path in files:
            now, questions = load_mail_questions(path)
            counts = {name: sum(q.set == name for q in questions) for name in MAIL_SETS}
            started = time.perf_counter()
            results = {
                label: evaluate_mail(index, embedder, now, questions, config)
                for label, config in CONFIGS.items()
            }
            seconds = time.perf_counter() - started
            table(f"{path.name}: {len(questions)} questions {counts}, {seconds:.0f} s", results)
            if path == TUNED:
                misses(results["full"])


if __name__ == "__main__":
    main()
