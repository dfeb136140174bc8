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

# How many of the best hits vote for the thread a question is about, and how far below the
# best similarity a voter may be (retrieval's RELEVANT_MARGIN; tuned on mail_questions.toml).
VOTING_HITS = 5
VOTING_MARGIN = 0.09

Member = Mapping[str, object]  # a documents row, as Index.thread_members lists it
Restricted = Callable[[SearchFilters], list[Hit]]


def lead_with_member(
    hits: list[Hit],
    analysis: Analysis,
    members_of: Callable[[str], list[dict[str, object]]],
    restricted: Restricted,
) -> tuple[list[Hit], str]:
    """`hits` led by the thread member `analysis.thread` asks for, and a note saying which."""
    place = thread_of(_by_poster(hits, analysis) or hits)
    if place is None:
        return hits, "thread: none of the best hits belongs to a thread; plain ranking"
    members = members_of(place.key)
    anchor = anchor_hit(hits, place, analysis)
    posted = bool(_by_poster([anchor], analysis))
    chosen = pick(members, analysis, anchor.document_id, climb=not posted)
    if not chosen:
        return hits, f"thread: nothing in '{place.subject}' fits the question; plain ranking"
    found = restricted(SearchFilters(document_ids=tuple(int(str(m["id"])) for m in chosen)))
    if not found:
        return hits, f"thread: no passage of the chosen mail matched in '{place.subject}'"
    lead = found[0]
    rest = [h for h in hits if h.document_id != lead.document_id]
    who = lead.sender or "an unknown sender"
    return [lead, *rest], f"thread: {who} in '{place.subject}' leads ({_label(lead)})"


def anchor_hit(hits: Sequence[Hit], place: ThreadPlace, analysis: Analysis) -> Hit:
    """The best hit in the chosen thread: the mail the question is about ("when Joe posted
    the patch ..."), by the named poster when there is one."""
    inside = [h for h in hits if h.thread is not None and h.thread.key == place.key]
    posted = _by_poster(inside, analysis)
    if posted:  # the post itself, not the poster's later replies in the thread
        return min(posted, key=lambda h: h.thread.position if h.thread else 0)
    return inside[0]


def _by_poster(hits: Sequence[Hit], analysis: Analysis) -> list[Hit]:
    """The hits sent by a person the question names as the poster ("when Lars said ...")."""
    if not analysis.posters:
        return []
    return [h for h in hits if _names(h.sender, analysis.posters)]


def thread_of(hits: Sequence[Hit]) -> ThreadPlace | None:
    """The thread most of the best hits belong to (rank 1 counts most; threads of one mail
    are no thread). Only hits about as similar to the question as the best one vote: a patch
    series of a hundred mails otherwise outvotes the one thread that is about the question
    with its many mildly similar patches."""
    votes: dict[str, float] = {}
    places: dict[str, ThreadPlace] = {}
    similar = [h.vector_distance for h in hits[:VOTING_HITS] if h.vector_distance is not None]
    floor = 1 - min(similar) - VOTING_MARGIN if similar else -1.0
    voters = [h for i, h in enumerate(hits[:VOTING_HITS]) if i == 0 or _similarity(h) >= floor]
    for rank, hit in enumerate(voters, start=1):
        if hit.thread is not None and hit.thread.size > 1:
            votes[hit.thread.key] = votes.get(hit.thread.key, 0.0) + 1 / rank
            places.setdefault(hit.thread.key, hit.thread)
    if not votes:
        return None
    return places[max(votes, key=lambda key: votes[key])]


def pick(
    members: Sequence[Member],
    analysis: Analysis,
    anchor_id: int | None = None,
    *,
    climb: bool = True,
) -> list[Member]:
    """The members the question's position, sender and recipient point at (several for
    "what did X reply": the restricted search then picks X's best passage).

    Positions count inside the discussion the question is about, not the whole thread: a
    patch series is one thread of many discussions, and "who answered first" about patch
    05/10 means the first answer to 05/10. That discussion is the anchor mail's subtree,
    from its topmost ancestor under the same subject (see `discussion`); when the anchor is
    the named poster's mail ("when Lars said ..., who answered him first?"), from the anchor
    itself (`climb=False`): the question is about the answers to that very mail.
    """
    if not members or analysis.thread is None:
        return []
    root, *replies = discussion(members, anchor_id, climb=climb)
    cue = analysis.thread
    if cue is ThreadCue.START:
        return [root]
    others = [m for m in replies if not _same_person(m, root)]
    if cue is ThreadCue.LAST_WORD:
        candidates = [root, *replies]
    elif cue is ThreadCue.ANY_REPLY:
        candidates = others or replies
    else:
        candidates = replies
    candidates = _narrowed(candidates, root, members, analysis)
    if not candidates:
        return []
    if cue is ThreadCue.LAST_WORD:
        return [max(candidates, key=_date)]
    if cue is ThreadCue.REPLY_BY:
        return candidates
    return [min(candidates, key=_date)]


def discussion(
    members: Sequence[Member], anchor_id: int | None, *, climb: bool = True
) -> list[Member]:
    """The anchor's discussion, its first mail first, then the replies below it by date.

    The first mail is the anchor's topmost ancestor with the anchor's subject (a reply's
    "Re: ..." has its parent's subject), so a hit on a reply still finds the post it answers.
    Below it, the mails under the same subject: in a patch series, patch 2/2 hangs below 1/2
    but is not an answer to it. Without an anchor in `members`, the whole thread.
    """
    by_id = {m["id"]: m for m in members}
    top = by_id.get(anchor_id)
    if top is None:
        return [members[0], *sorted(members[1:], key=_date)]
    subject = top.get("subject_key")
    while (
        climb
        and (parent := by_id.get(top["thread_parent"])) is not None
        and (parent.get("subject_key") == subject)
    ):
        top = parent
    children: dict[object, list[Member]] = {}
    for member in members:
        children.setdefault(member["thread_parent"], []).append(member)
    below, stack = [], list(children.get(top["id"], []))
    while stack:
        member = stack.pop()
        below.append(member)
        stack.extend(children.get(member["id"], []))
    same = [m for m in below if m.get("subject_key") == subject]
    return [top, *sorted(same or below, key=_date)]


def _narrowed(
    candidates: list[Member], root: Member, members: Sequence[Member], analysis: Analysis
) -> list[Member]:
    """Only the named sender's and recipient's mail, when the question names them. A named
    sender who wrote the discussion's first mail is its starter ("who answered Joe first"),
    not a filter, except in "what did X reply"."""
    sender = analysis.sender
    starter = (
        analysis.thread is not ThreadCue.REPLY_BY and sender and _names(root["sender"], sender)
    )
    if sender and not starter:
        candidates = [m for m in candidates if _names(m["sender"], sender)]
    if analysis.recipient:
        to_them = [m for m in candidates if _addressed(m, members, analysis.recipient)]
        candidates = to_them or candidates
    return candidates


def _similarity(hit: Hit) -> float:
    """Cosine similarity; a text-only hit (no vector side) always votes."""
    return 1.0 if hit.vector_distance is None else 1 - hit.vector_distance


def _same_person(member: Member, other: Member) -> bool:
    return fold(str(member["sender"])) == fold(str(other["sender"]))


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
