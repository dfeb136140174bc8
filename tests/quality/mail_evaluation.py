"""Scoring retrieval on questions written by reading the real mail in ../shared/corpora/mail.

The invented corpus beside this file (tests/quality/evaluation.py) has one file per answer. Real
mail does not: one message is filed in several folders, sometimes under another Message-ID, so a
question lists every copy in `expect` ("id:<Message-ID>" or "path:<file below corpora/mail>")
and a source counts when either its Message-ID or its file is listed. The sources are what
`retrieve()` hands the user (k=8), not the store's raw ranking. Shared by the benchmark
(benchmarks/mail_quality.py) and the floors test (tests/integration/test_mail_quality_real.py).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assistant.ask.retrieval import retrieve
from store import Hit
from tests.quality.evaluation import QUALITY
from tests.support import CORPORA

MAIL = CORPORA / "mail"
TUNED = QUALITY / "mail_questions.toml"
# Written blind by another hand after tuning; load it, never tune on it.
HELDOUT = QUALITY / "mail_heldout.toml"
MAIL_SETS = ("thread", "who", "forward", "ordinary")
ALL = "all"
K = 8


@dataclass(frozen=True)
class MailQuestion:
    text: str
    expect: frozenset[str]
    set: str
    lang: str


@dataclass(frozen=True)
class Outcome:
    """Where one question's right message ranked (None: not among the k sources)."""

    question: MailQuestion
    rank: int | None
    first: Hit | None


def load_mail_questions(path: Path) -> tuple[datetime, list[MailQuestion]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    now = data.get("now")
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise SystemExit(f"{path.name}: `now` must be a TOML datetime with an offset")
    questions = [_question(path, entry) for entry in data.get("question", [])]
    return now, questions


def _question(path: Path, entry: dict) -> MailQuestion:
    expect = frozenset(entry["expect"])
    bad = [e for e in expect if not e.startswith(("id:", "path:"))]
    if bad or entry["set"] not in MAIL_SETS:
        raise SystemExit(f"{path.name}: bad expect {bad} or set {entry['set']!r}: {entry['text']}")
    return MailQuestion(entry["text"], expect, entry["set"], entry.get("lang", "en"))


def is_expected(hit: Hit, expect: frozenset[str], root: Path = MAIL) -> bool:
    if hit.message_id and f"id:{hit.message_id}" in expect:
        return True
    try:
        relative = hit.file_path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return f"path:{relative.as_posix()}" in expect


def rank_in(hits: list[Hit], expect: frozenset[str]) -> int | None:
    for rank, hit in enumerate(hits, start=1):
        if is_expected(hit, expect):
            return rank
    return None


def evaluate_mail(index, embedder, now, questions, config) -> list[Outcome]:
    outcomes = []
    for question in questions:
        found = retrieve(index, embedder, question.text, now=now, k=K, **config)
        first = found.hits[0] if found.hits else None
        outcomes.append(Outcome(question, rank_in(found.hits, question.expect), first))
    return outcomes


def ranks_by_set(outcomes: list[Outcome]) -> dict[str, list[int | None]]:
    """Ranks per set, plus every question under `ALL`."""
    ranks: dict[str, list[int | None]] = {name: [] for name in (*MAIL_SETS, ALL)}
    for outcome in outcomes:
        ranks[outcome.question.set].append(outcome.rank)
        ranks[ALL].append(outcome.rank)
    return ranks
