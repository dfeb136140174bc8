"""From a question to the evidence: analysis, query embedding, hybrid search, reordering.

The store ranks by relevance. "Who fixed the floor last time?" needs something else: the
newest of the documents that are *about the same thing*. Sorting the whole top-k by date
would let a newer mail about the heating win, so recency reorders only the hits whose vector
similarity is within `RELEVANT_MARGIN` of the best one. Dates in the question ("in 2023") work
the same way, softly: among those relevant hits, the ones dated inside the window come first.
A hard filter on the document's date was measured to lose ordinary questions whose date names
the content, not the mail ("the 2018 service-charge statement" arrived in 2019). The margin
was tuned on tests/quality (see benchmarks/quality.py). Chunks of
the same message (its body and its attachments) or PDF page are de-duplicated so the
evidence names each source once. A question about a place in a thread ("who answered first")
is led by that member of the thread (assistant.ask.threads).
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np

from assistant.ask import user_filters
from assistant.ask.analysis import Analysis, analyze
from assistant.ask.cues import is_plan, names_person
from assistant.ask.query import check_query
from assistant.ask.recency import effective_date, recency_key
from assistant.ask.relevance import above_floor, floor_for
from assistant.ask.threads import lead_with_member
from assistant.ask.user_filters import NO_FILTERS, UserFilters
from assistant.runtime.protocols import QueryEmbedder
from store import FULL_DIM, Hit, Index, SearchFilters
from store.cjk import HAN

RELEVANT_MARGIN = 0.09
# How far below the best hit the best hit that fits the question's window or people may be.
FIT_REACH = 0.16
# Below this best cosine similarity the corpus almost surely does not hold the answer.
NOT_FOUND_SIMILARITY = 0.30
# A follow-up is short ("and his number?", "und 2022?", "电话呢？") or points back with a
# pronoun. Articles and words like "this"/"es" are left out: "Wer hat den Boden ...?" and
# "this year" are new questions. Chinese has no spaces: two characters count as one word.
FOLLOW_UP_WORDS = 4
_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "it",
        "his",
        "her",
        "hers",
        "they",
        "them",
        "their",
        "him",
        "er",
        "ihm",
        "ihn",
        "sein",
        "seine",
        "seiner",
        "ihr",
        "ihre",
    ]
)
_CJK_PRONOUNS = ("他", "她", "它", "那个", "这个")
_CJK_CHAR = re.compile(f"[{HAN}]")


@dataclass(frozen=True)
class Retrieval:
    """The evidence for one question, and how it was found."""

    analysis: Analysis
    query: str
    hits: list[Hit]
    best_similarity: float | None
    timings_ms: dict[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    # Non-empty when the question had nothing to search for (assistant.ask.query): no hits.
    refused: str = ""
    # Non-empty when the user's filters (assistant.ask.user_filters) left nothing: which did.
    filtered_out: str = ""
    # The user's filters as a person reads them ("kind mail", "since 2024-03-01", "by date").
    filters: tuple[str, ...] = ()
    # How many sources fell below the relevance floor (assistant.ask.relevance) and are not shown.
    below_floor: int = 0

    @property
    def supported(self) -> bool:
        """Whether the best evidence is close enough to the question to answer from it."""
        if self.best_similarity is None:
            return bool(self.hits)  # text-only match: let the answer model judge
        return self.best_similarity >= NOT_FOUND_SIMILARITY


def standalone_query(question: str, history: list[str]) -> str:
    """A retrieval query for a follow-up ("and his number?"): the previous question + this one.

    Deterministic and explainable, unlike asking a small model to rewrite the question.
    """
    if not history:
        return question
    words = [w.strip(",.!?;:") for w in _CJK_CHAR.sub(" ", question.casefold()).split()]
    length = len([w for w in words if w]) + len(_CJK_CHAR.findall(question)) / 2
    refers = any(w in _PRONOUNS for w in words) or any(p in question for p in _CJK_PRONOUNS)
    return f"{history[-1]} {question}" if length <= FOLLOW_UP_WORDS or refers else question


def retrieve(
    index: Index,
    embedder: QueryEmbedder,
    question: str,
    *,
    now: datetime,
    k: int = 8,
    mode: str = "hybrid",
    use_analysis: bool = True,
    history: list[str] | None = None,
    me: tuple[str, ...] = (),
    user: UserFilters = NO_FILTERS,
    floor: bool = True,
) -> Retrieval:
    """The evidence for `question`, best first, at most `k` sources.

    A question with nothing to search for (`check_query`) gets no hits and its reason in
    `refused`; a follow-up is checked on its own, before the previous question is added.
    `me` are the user's own addresses and names (``[mail] me``), for "what did I send".
    `user` are the person's hard filters (and sort): no hit lies outside them.
    `floor=False` keeps sources below the relevance floor (for benchmarks/relevance.py).
    """
    checked = check_query(question)
    if checked.refused:
        return Retrieval(Analysis(checked.text), checked.text, [], None, refused=checked.refused)
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    query = standalone_query(checked.text, [check_query(h).text for h in history or []])
    analysis = analyze(query, now, me)
    if not use_analysis:  # baseline for benchmarks: keywords only, no filters, no recency
        analysis = Analysis(query, keywords=analysis.keywords)
    timings["analysis"] = _lap(clock)
    clock = time.perf_counter()
    vector = embedder.embed_query(query, dim=FULL_DIM) if mode != "fts" else None
    timings["embed"] = _lap(clock)
    clock = time.perf_counter()
    hits, notes = _search(index, vector, query, k * 4, analysis, mode, embedder.model_id, user)
    hits = _one_per_source(hits)
    best = max((1 - h.vector_distance for h in hits if h.vector_distance is not None), default=None)
    hits = reorder(hits, analysis)
    if analysis.thread is not None:
        hits, thread_note = _thread_lead(
            index, vector, hits, analysis, mode, embedder.model_id, user
        )
        notes.append(thread_note)
    shown, dropped = above_floor(hits[:k], floor_for(embedder.model_id) if floor else None)
    shown = user_filters.shown_order(shown, user)
    empty = (
        "" if shown or dropped else _why_empty(index, vector, query, mode, embedder.model_id, user)
    )
    timings["search"] = _lap(clock)
    all_notes = checked.notes + tuple(notes) + user_filters.filter_notes(user, empty)
    return Retrieval(
        analysis, query, shown, best, timings, all_notes, filtered_out=empty, filters=user.labels,
        below_floor=dropped,
    )  # fmt: skip


def _why_empty(
    index: Index, vector: np.ndarray | None, text: str, mode: str, model_id: str, user: UserFilters
) -> str:
    """Which of the user's filters left no source (one tiny search per filter)."""
    search = functools.partial(index.search, vector, text, k=1, mode=mode, model_id=model_id)
    return user_filters.why_empty(user, lambda filters: bool(search(filters=filters)))


def _thread_lead(
    index: Index,
    vector: np.ndarray | None,
    hits: list[Hit],
    analysis: Analysis,
    mode: str,
    model_id: str,
    user: UserFilters,
) -> tuple[list[Hit], str]:
    """`hits` led by the thread member the question asks for (assistant.ask.threads)."""
    text = analysis.keywords or analysis.question

    def restricted(filters: SearchFilters) -> list[Hit]:
        narrowed = user.restrict(filters)
        return index.search(vector, text, k=1, filters=narrowed, mode=mode, model_id=model_id)

    return lead_with_member(hits, analysis, index.thread_members, restricted)


def _lap(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


def _search(
    index: Index,
    vector: np.ndarray | None,
    query: str,
    depth: int,
    analysis: Analysis,
    mode: str,
    model_id: str,
    user: UserFilters,
) -> tuple[list[Hit], list[str]]:
    """Search with the question's filters; relax the soft ones (sender, kind) if nothing fits.

    A date window or a named person also get a search of their own: the right mail of July
    2023 may rank 60th among all mails and first among July's. `reorder` decides whether
    those extra candidates are relevant enough to lead. The user's filters bound every search.
    """
    filters = SearchFilters(
        kinds=analysis.kinds, sender=analysis.sender, recipient=analysis.recipient
    )
    text = analysis.keywords or query
    found = functools.partial(index.search, vector, text, mode=mode, model_id=model_id)

    def search(k: int, filters: SearchFilters) -> list[Hit]:
        return found(k=k, filters=user.restrict(filters))

    hits = search(k=depth, filters=filters)
    notes = []
    if not hits and (analysis.sender or analysis.recipient or analysis.kinds):
        filters = replace(filters, sender=None, recipient=None, kinds=())
        hits = search(k=depth, filters=filters)
        notes.append(
            "nothing matched the sender/recipient/kind hints; showing results without them"
        )
    extra: list[Hit] = []
    if analysis.date_from is not None and vector is not None:
        window = replace(filters, date_from=analysis.date_from, date_to=analysis.date_to)
        extra += search(k=depth // 2, filters=window)
    for person in analysis.people if vector is not None else ():  # by surname: "Multrus, Markus"
        extra += search(k=depth // 2, filters=replace(filters, sender=person.split()[-1]))
    return _merge(hits, extra), notes


def _merge(hits: list[Hit], extra: list[Hit]) -> list[Hit]:
    """`hits`, then the chunks of `extra` not already among them, each once."""
    merged = {h.chunk_id: h for h in hits}
    for hit in extra:
        merged.setdefault(hit.chunk_id, hit)
    return list(merged.values())


def _one_per_source(hits: list[Hit]) -> list[Hit]:
    """The best chunk of each message / note / PDF page. A mail is one source with its
    attachments (a PDF attachment's pages are pages of the mail's document), so the answer
    model gets more distinct sources; the best part of it is the one shown."""
    seen: set[tuple[int, int | None]] = set()
    kept = []
    for hit in hits:
        key = (hit.document_id, None if hit.kind == "mail" else hit.page)
        if key not in seen:
            seen.add(key)
            kept.append(hit)
    return kept


def reorder(
    hits: list[Hit], analysis: Analysis, margin: float = RELEVANT_MARGIN, reach: float = FIT_REACH
) -> list[Hit]:
    """Put first the relevant hits that fit the question's date window and named people.

    Relevant means within `margin` of the best similarity among the fitting hits, which must
    itself be within `reach` of the best overall (else the window or name was about the
    content, and the plain ranking stands). Recency then orders that group newest first.
    """
    fits = _constraints(analysis)
    if not fits and not analysis.recency:
        return hits
    similar = [h for h in hits if h.vector_distance is not None]
    if not similar:
        return hits
    best = max(_similarity(h) for h in similar)
    fitting = [h for h in similar if all(fit(h) for fit in fits)]
    if fitting and max(_similarity(h) for h in fitting) >= best - reach:
        best, similar = max(_similarity(h) for h in fitting), fitting
    close = [h for h in similar if _similarity(h) >= best - margin]
    if analysis.recency:
        close.sort(key=recency_key, reverse=True)
    if analysis.prefer_done:
        close.sort(key=lambda h: is_plan(h.title))  # stable: recency kept within each group
    chosen = {h.chunk_id for h in close}
    return close + [h for h in hits if h.chunk_id not in chosen]


def _constraints(analysis: Analysis) -> list[Callable[[Hit], bool]]:
    fits: list[Callable[[Hit], bool]] = []
    if analysis.date_from is not None:
        fits.append(lambda hit: _within(hit, analysis))
    if analysis.people:
        fits.append(lambda hit: any(_by_person(hit, p) for p in analysis.people))
    return fits


def _by_person(hit: Hit, person: str) -> bool:
    """Sent by `person`, or carrying a forwarded mail of theirs (its text is this hit's)."""
    return any(names_person(sender, person) for sender in (hit.sender, *hit.forwarded_from))


def _similarity(hit: Hit) -> float:
    return 1 - (hit.vector_distance if hit.vector_distance is not None else 1)


def _within(hit: Hit, analysis: Analysis) -> bool:
    """Dated inside the question's window (a note by the date its text states, if any)."""
    when = effective_date(hit)
    if when is None or analysis.date_from is None or analysis.date_to is None:
        return False
    return analysis.date_from <= when <= analysis.date_to
