"""How many right sources and how many wrong ones each candidate relevance floor removes.

Usage:  .venv/bin/python benchmarks/relevance.py [--heldout]

For each labelled set (tests/quality/questions.toml over the invented corpus; the real-mail
tests/quality/mail_questions.toml) every question is retrieved with the floor off (k=8), and
for each candidate (absolute, margin) the table counts the gold sources the floor would drop
and the other sources it would remove. "Other" counts every source that is not the labelled
one: a few of them are relevant too, so "removed" is an upper bound. Unanswerable questions
(the corpus holds no answer) show how many sources would still be listed. Indexes come from
the cache of tests/quality/index_cache.py. `--heldout` adds mail_heldout.toml, once, at the end:
never tune on it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.ask.relevance import Floor, above_floor  # noqa: E402
from assistant.ask.retrieval import retrieve  # noqa: E402
from tests.quality.evaluation import CORPUS, load_questions, rank_of  # noqa: E402
from tests.quality.index_cache import cached_index  # noqa: E402
from tests.quality.mail_evaluation import (  # noqa: E402
    HELDOUT,
    MAIL,
    TUNED,
    K,
    is_expected,
    load_mail_questions,
)

MODEL = "embeddinggemma-300m-q8_0"
CANDIDATES = [Floor(a, m) for a in (0.25, 0.30, 0.35) for m in (0.06, 0.09, 0.12, 0.15, 1.0)]
UNANSWERABLE = (
    "What is the capital of Australia?",
    "Wie hoch ist der Mount Everest?",
    "澳大利亚的首都是哪里？",
    "Who won the 1998 football world cup?",
)


def retrieved(index, embedder, now, labelled):
    """(hits, is_gold per hit) per question, with the floor off."""
    rows = []
    for text, gold in labelled:
        hits = retrieve(index, embedder, text, now=now, k=K, floor=False).hits
        rows.append((hits, [gold(h, i) for i, h in enumerate(hits, start=1)]))
    return rows


def table(name: str, rows, unanswerable) -> None:
    golds = sum(sum(flags) for _, flags in rows)
    others = sum(len(flags) - sum(flags) for _, flags in rows)
    print(f"\n### {name}: {len(rows)} questions, {golds} gold and {others} other sources\n")
    print("| absolute | margin | gold dropped | other removed | sources left, unanswerable |")
    print("|---|---|---|---|---|")
    for floor in CANDIDATES:
        dropped = removed = 0
        for hits, flags in rows:
            kept = {h.chunk_id for h in above_floor(hits, floor)[0]}
            for hit, gold in zip(hits, flags, strict=True):
                if hit.chunk_id not in kept:
                    dropped += gold
                    removed += not gold
        left = [len(above_floor(hits, floor)[0]) for hits in unanswerable]
        margin = "none" if floor.margin >= 1 else f"{floor.margin:.2f}"
        print(f"| {floor.absolute:.2f} | {margin} | {dropped}/{golds} | {removed}/{others} | "
              f"{' '.join(map(str, left))} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--heldout", action="store_true")
    parser.add_argument("--skip-mail", action="store_true")
    args = parser.parse_args()
    index, embedder, _ = cached_index(CORPUS, MODEL, "quality")
    now, questions = load_questions()
    labelled = [(q.text, lambda h, i, q=q: rank_of([h], q.expect) == 1) for q in questions]
    none = [(t, lambda h, i: False) for t in UNANSWERABLE]
    rows = retrieved(index, embedder, now, labelled)
    table(
        "tests/quality (invented corpus)",
        rows,
        [h for h, _ in retrieved(index, embedder, now, none)],
    )
    if args.skip_mail:
        return
    index, embedder, _ = cached_index(MAIL, MODEL, "mail")
    sets = [TUNED, HELDOUT] if args.heldout else [TUNED]
    for path in sets:
        now, mail = load_mail_questions(path)
        labelled = [(q.text, lambda h, i, q=q: is_expected(h, q.expect)) for q in mail]
        unanswerable = [h for h, _ in retrieved(index, embedder, now, none)]
        table(f"{path.name} (real mail)", retrieved(index, embedder, now, labelled), unanswerable)


if __name__ == "__main__":
    main()
