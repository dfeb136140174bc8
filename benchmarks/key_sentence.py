"""How often the key sentence of the top source holds the answer (search-only mode).

Usage:  .venv/bin/python benchmarks/key_sentence.py [--misses] [--heldout]

For every question labelled in tests/quality/key_facts.toml (questions.toml over the invented
corpus, mail_questions.toml over the real mail) the real retrieval runs (EmbeddingGemma Q8_0,
the cached indexes of tests/quality/index_cache.py), and the sentence picked in its top source
counts when it holds one of the labelled strings. Printed per set: how often the top source is
the right one, and the share of questions whose picked sentence holds the answer, for
- picker:   assistant.ask.key_sentence (words, stems, bigrams and answer cues);
- baseline: the first sentence that shares a word with the question's keywords;
over all questions and over those whose top source is right (the picker cannot do better
than retrieval). `--heldout` adds the held-out questions (questions.toml set "heldout",
mail_heldout.toml), labelled in key_facts_heldout.toml: never tune on them. `--misses`
prints the tuned questions the picker gets wrong, with the sentence it chose.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.ask.key_sentence import Asked, asked, key_sentence, stem  # noqa: E402
from assistant.ask.retrieval import retrieve  # noqa: E402
from assistant.ask.sentences import Span, sentence_spans  # noqa: E402
from store import Hit  # noqa: E402
from tests.quality.evaluation import CORPUS, QUALITY, load_questions, rank_of  # noqa: E402
from tests.quality.index_cache import cached_index  # noqa: E402
from tests.quality.mail_evaluation import (  # noqa: E402
    HELDOUT,
    MAIL,
    TUNED,
    is_expected,
    load_mail_questions,
)

MODEL = "embeddinggemma-300m-q8_0"
FACTS = QUALITY / "key_facts.toml"
HELDOUT_FACTS = QUALITY / "key_facts_heldout.toml"
WORD = re.compile(r"[^\W_]+")  # as the picker splits words


@dataclass(frozen=True)
class Case:
    group: str
    text: str
    holds: tuple[str, ...]
    right: bool  # the top source is the labelled document
    picked: str | None
    baseline: str | None


def load_facts(path: Path) -> dict[str, tuple[str, ...]]:
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {entry["question"]: tuple(entry["holds"]) for entry in data.get("fact", [])}


def first_keyword_sentence(question: Asked, text: str) -> Span | None:
    """The baseline: the first sentence sharing a stem or a Chinese term with the question."""
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        words = {stem(w) for w in WORD.findall(sentence)}
        if question.stems & words or any(t in sentence for t, _ in question.han):
            return (start, end)
    return None


def _flat(text: str) -> str:
    return " ".join(text.casefold().split())


def holds(sentence: str | None, facts: tuple[str, ...]) -> bool:
    return sentence is not None and any(_flat(f) in _flat(sentence) for f in facts)


def case(
    group: str, text: str, facts: tuple[str, ...], hit: Hit | None, right: bool, found
) -> Case:
    if hit is None:
        return Case(group, text, facts, False, None, None)
    reading = asked(text, found.analysis.keywords, found.analysis.recency)
    span = key_sentence(reading, hit.text, hit.sender)
    base = first_keyword_sentence(reading, hit.text)
    picked = hit.text[span[0] : span[1]] if span else None
    baseline = hit.text[base[0] : base[1]] if base else None
    return Case(group, text, facts, right, picked, baseline)


def corpus_cases(facts: dict[str, tuple[str, ...]], heldout: bool) -> tuple[list[Case], list[Hit]]:
    index, embedder, _ = cached_index(CORPUS, MODEL, "quality")
    now, questions = load_questions()
    cases, hits = [], []
    for q in questions:
        if q.text not in facts or (q.set == "heldout") != heldout:
            continue
        found = retrieve(index, embedder, q.text, now=now, k=8)
        top = found.hits[0] if found.hits else None
        right = rank_of(found.hits[:1], q.expect) == 1
        hits += found.hits
        cases.append(case(q.set, q.text, facts[q.text], top, right, found))
    return cases, hits


def mail_cases(
    facts: dict[str, tuple[str, ...]], path: Path, prefix: str
) -> tuple[list[Case], list[Hit]]:
    index, embedder, _ = cached_index(MAIL, MODEL, "mail")
    now, questions = load_mail_questions(path)
    cases, hits = [], []
    for q in questions:
        if q.text not in facts:
            continue
        found = retrieve(index, embedder, q.text, now=now, k=8)
        top = found.hits[0] if found.hits else None
        right = top is not None and is_expected(top, q.expect)
        hits += found.hits
        cases.append(case(f"{prefix}{q.set}", q.text, facts[q.text], top, right, found))
    return cases, hits


def table(cases: list[Case]) -> None:
    print(
        "| set | questions | top source right | picker | baseline "
        "| picker, top right | baseline, top right |"
    )
    print("|---|---|---|---|---|---|---|")
    groups = sorted({c.group for c in cases}, key=lambda g: (g.startswith("mail"), g))
    for name in [*groups, "all"]:
        chosen = [c for c in cases if name in ("all", c.group)]
        right = [c for c in chosen if c.right]
        print(
            f"| {name} | {len(chosen)} | {_share(len(right), len(chosen))} "
            f"| {_share(sum(holds(c.picked, c.holds) for c in chosen), len(chosen))} "
            f"| {_share(sum(holds(c.baseline, c.holds) for c in chosen), len(chosen))} "
            f"| {_share(sum(holds(c.picked, c.holds) for c in right), len(right))} "
            f"| {_share(sum(holds(c.baseline, c.holds) for c in right), len(right))} |"
        )


def _share(count: int, total: int) -> str:
    return f"{count / total:.2f} ({count})" if total else "-"


def speed(hits: list[Hit], texts: list[str]) -> None:
    readings = [asked(t, t) for t in texts]
    started = time.perf_counter()
    picks = 0
    for reading in readings:
        for hit in hits[:64]:
            key_sentence(reading, hit.text, hit.sender)
            picks += 1
    seconds = time.perf_counter() - started
    chars = sum(len(h.text) for h in hits[:64]) / max(1, len(hits[:64]))
    print(f"\npicker: {seconds / picks * 1e6:.0f} µs per hit (mean chunk {chars:.0f} characters)")


def misses(cases: list[Case]) -> None:
    print("\nMisses (top source right, picked sentence without the answer):")
    for c in cases:
        if c.right and not holds(c.picked, c.holds):
            picked = " ".join((c.picked or "-").split())[:140]
            print(f"- [{c.group}] {c.text}\n    wanted {c.holds[0]!r}; picked: {picked}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--heldout", action="store_true")
    parser.add_argument("--only", choices=("corpus", "mail"), help="one of the two indexes")
    args = parser.parse_args()
    facts = load_facts(FACTS)
    corpus, corpus_hits = corpus_cases(facts, heldout=False) if args.only != "mail" else ([], [])
    mail, mail_hits = mail_cases(facts, TUNED, "mail ") if args.only != "corpus" else ([], [])
    print("Tuned questions (key_facts.toml):\n")
    table(corpus + mail)
    speed(corpus_hits + mail_hits, [c.text for c in corpus + mail])
    if args.misses:
        misses(corpus + mail)
    if args.heldout:
        held = load_facts(HELDOUT_FACTS)
        cases = corpus_cases(held, heldout=True)[0] if args.only != "mail" else []
        cases += mail_cases(held, HELDOUT, "mail ")[0] if args.only != "corpus" else []
        print("\nHeld-out questions (key_facts_heldout.toml), never tuned on:\n")
        table(cases)


if __name__ == "__main__":
    main()
