"""Answering from a thread: "who answered first", "who had the last word", "what did X reply".

The mail most like such a question is rarely its answer: it is the post that started the
discussion, or a reply quoting the passage the question paraphrases. So the best hits only
say which thread the question is about (they vote, the best-ranked weighing most); the answer
is the member at the position the question names (assistant.ask.thread_cues), narrowed to
the sender and recipient it names. That member's best chunk (a search restricted to it) leads
the evidence and the ordinary hits follow, so a wrong pick still leaves the right mail in view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from assistant.ask.analysis import Analysis
from assistant.ask.thread_cues import ThreadCue
from store import Hit, SearchFilters, ThreadPlace
from store.fts import fold

# How many of the best hits vote for the thread a question is about.
VOTING_HITS = 5

Member = Mapping[str, object]  # a documents row, as Index.thread_members lists it
Restricted = Callable[[SearchFilters], list[Hit]]


def lead_with_member(
    hits: list[Hit],
    analysis: Analysis,
    members_of: Callable[[str], list[dict[str, object]]],
    restricted: Restricted,
) -> tuple[list[Hit], str]:
    """`hits` led by the thread member `analysis.thread` asks for, and a note saying which."""
    place = thread_of(hits)
    if place is None:
        return hits, "thread: none of the best hits belongs to a thread; plain ranking"
    members = members_of(place.key)
    chosen = pick(members, analysis)
    if not chosen:
        return hits, f"thread: nothing in '{place.subject}' fits the question; plain ranking"
    found = restricted(SearchFilters(document_ids=tuple(int(str(m["id"])) for m in chosen)))
    if not found:
        return hits, f"thread: no passage of the chosen mail matched in '{place.subject}'"
    lead = found[0]
    rest = [h for h in hits if h.document_id != lead.document_id]
    who = lead.sender or "an unknown sender"
    return [lead, *rest], f"thread: {who} in '{place.subject}' leads ({_label(lead)})"


def thread_of(hits: Sequence[Hit]) -> ThreadPlace | None:
    """The thread most of the best hits belong to (rank 1 counts most; threads of one mail
    are no thread)."""
    votes: dict[str, float] = {}
    places: dict[str, ThreadPlace] = {}
    for rank, hit in enumerate(hits[:VOTING_HITS], start=1):
        if hit.thread is not None and hit.thread.size > 1:
            votes[hit.thread.key] = votes.get(hit.thread.key, 0.0) + 1 / rank
            places.setdefault(hit.thread.key, hit.thread)
    if not votes:
        return None
    return places[max(votes, key=lambda key: votes[key])]


def pick(members: Sequence[Member], analysis: Analysis) -> list[Member]:
    """The members the question's position, sender and recipient point at (several for
    "what did X reply": the restricted search then picks X's best passage)."""
    if not members or analysis.thread is None:
        return []
    root, replies = members[0], list(members[1:])
    cue = analysis.thread
    if cue is ThreadCue.START:
        return [root]
    candidates = _by_position(cue, root, replies, list(members))
    sender = analysis.sender
    if sender and not (cue is not ThreadCue.REPLY_BY and _names(root["sender"], sender)):
        candidates = [m for m in candidates if _names(m["sender"], sender)]
    if analysis.recipient:
        to_them = [m for m in candidates if _addressed(m, members, analysis.recipient)]
        candidates = to_them or candidates
    if not candidates:
        return []
    if cue is ThreadCue.LAST_WORD:
        return [max(candidates, key=_date)]
    return candidates if cue is ThreadCue.REPLY_BY else candidates[:1]


def _by_position(
    cue: ThreadCue, root: Member, replies: list[Member], members: list[Member]
) -> list[Member]:
    if cue is ThreadCue.ANY_REPLY:
        others = [m for m in replies if fold(str(m["sender"])) != fold(str(root["sender"]))]
        return others or replies
    if cue is ThreadCue.LAST_WORD:
        return members
    return replies  # first reply: position 2 first; "what did X reply": X's replies


def _names(field: object, wanted: str | tuple[str, ...]) -> bool:
    """Whether a From/To value names `wanted` (a name, or the user's names), case-folded."""
    names = (wanted,) if isinstance(wanted, str) else wanted
    folded = fold(str(field or ""))
    return any(fold(name) in folded for name in names if name.strip())


def _addressed(member: Member, members: Sequence[Member], wanted: str | tuple[str, ...]) -> bool:
    """Sent to `wanted`, or a reply to a mail of theirs."""
    if _names(member["recipients"], wanted):
        return True
    parent = next((m for m in members if m["id"] == member["thread_parent"]), None)
    return parent is not None and _names(parent["sender"], wanted)


def _date(member: Member) -> float:
    value = member.get("date")
    return float(value) if isinstance(value, int | float) else float("-inf")


def _label(hit: Hit) -> str:
    return hit.thread.label if hit.thread is not None and hit.thread.label else "its thread"
