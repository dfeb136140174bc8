"""Mail threads from Message-ID, In-Reply-To and References, the way mail clients build them.

This follows Jamie Zawinski's threading algorithm in substance, split in two the way notmuch
does: *which thread* a mail belongs to is the union of every ID it names (so a parent that was
never indexed still joins its replies, and a mail whose References name a thread's original
joins that thread), while *where in the thread* it stands comes from its own headers only:
In-Reply-To first (clients that write a wrong References still write the right In-Reply-To),
then References from the newest. A link that would make a mail its own ancestor is never
made. Missing parents leave no trace but the join: a reply to an unindexed mail hangs under
the nearest indexed ancestor, as JWZ's pruning of empty containers would leave it.

Mail without any of those headers (Outlook, Exchange) is placed afterwards by
`ingest.thread_fallback`; `ingest.threading` runs both.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.documents import Origin


@dataclass(frozen=True)
class ThreadMail:
    """What threading needs of one indexed mail."""

    document_id: int
    stable_id: str  # the document's key: stands in for a missing Message-ID
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()  # oldest first
    subject: str = ""
    subject_key: str = ""  # ingest.mail_header_block.normalized_subject of the subject
    date: float | None = None  # unix seconds
    sender: str = ""
    reply_origin: Origin | None = None

    @property
    def own_id(self) -> str:
        return self.message_id or f"document:{self.stable_id}"

    @property
    def has_parent_headers(self) -> bool:
        return bool(self.in_reply_to or self.references)

    @property
    def order(self) -> tuple[float, str]:
        """Date order; undated mail goes last, ties by key so every run agrees."""
        return (self.date if self.date is not None else math.inf, self.stable_id)


@dataclass(frozen=True)
class ThreadSlot:
    """Where one mail stands: its thread, the indexed mail it answers, its 1-based place in
    thread order (parents before replies, siblings by date) and the thread's size."""

    document_id: int
    key: str
    parent: int | None
    position: int
    size: int


class Forest:
    """The indexed mails with their parent links and their thread membership."""

    def __init__(self, mails: Iterable[ThreadMail]) -> None:
        self.mails: dict[str, ThreadMail] = {}  # in date order
        self.parent: dict[str, str] = {}  # own id -> the indexed mail it answers
        self._group: dict[str, str] = {}  # union-find over every ID named, indexed or not
        self._named: dict[str, list[str]] = {}
        for mail in sorted(mails, key=_order):
            if self.mails.setdefault(mail.own_id, mail) is mail:
                self._named[mail.own_id] = _named_parents(mail)

    def find(self, some_id: str) -> str:
        root = self._group.setdefault(some_id, some_id)
        while root != self._group[root]:
            root = self._group[root]
        while some_id != root:  # path compression
            self._group[some_id], some_id = root, self._group[some_id]
        return root

    def join(self, one: str, other: str) -> None:
        first, second = self.find(one), self.find(other)
        if first != second:
            self._group[max(first, second)] = min(first, second)

    def is_ancestor(self, candidate: str, of: str) -> bool:
        """Whether `candidate` is `of` or above it in the parent links."""
        seen: set[str] = set()
        current: str | None = of
        while current is not None and current not in seen:
            if current == candidate:
                return True
            seen.add(current)
            current = self.parent.get(current)
        return False

    def link(self, child: str, parent: str) -> bool:
        """Make `parent` the parent of `child` unless that closes a loop."""
        if child == parent or self.is_ancestor(child, parent):
            return False
        self.parent[child] = parent
        self.join(child, parent)
        return True

    def link_by_headers(self) -> None:
        """Join every mail with every ID it names; link each to its nearest indexed parent.
        A parent newer than its reply waits for a second pass, so that in a loop of two the
        older mail stays on top."""
        ordered = list(self.mails.values())
        for mail in ordered:
            for named in self._named[mail.own_id]:
                self.join(mail.own_id, named)
        for mail in ordered:
            parents = self._indexed_parents(mail)
            if parents and parents[0].order[0] <= mail.order[0]:
                self.link(mail.own_id, parents[0].own_id)
        for mail in ordered:
            if mail.own_id not in self.parent:
                any(self.link(mail.own_id, p.own_id) for p in self._indexed_parents(mail))

    def _indexed_parents(self, mail: ThreadMail) -> list[ThreadMail]:
        return [self.mails[n] for n in self._named[mail.own_id] if n in self.mails]

    def threads(self) -> list[list[ThreadMail]]:
        """The mails grouped by thread, each group in date order."""
        groups: dict[str, list[ThreadMail]] = {}
        for mail in self.mails.values():
            groups.setdefault(self.find(mail.own_id), []).append(mail)
        return list(groups.values())

    def slots(self) -> list[ThreadSlot]:
        """Every mail's place: a depth-first walk of each thread, children by date."""
        found: list[ThreadSlot] = []
        for members in self.threads():
            ordered = self._walk(members)
            key = thread_key(ordered[0])
            for position, mail in enumerate(ordered, start=1):
                parent_id = self.parent.get(mail.own_id)
                parent = self.mails[parent_id].document_id if parent_id else None
                found.append(ThreadSlot(mail.document_id, key, parent, position, len(ordered)))
        return found

    def _walk(self, members: list[ThreadMail]) -> list[ThreadMail]:
        children: dict[str | None, list[ThreadMail]] = {}
        for mail in members:  # already in date order, so children lists are too
            children.setdefault(self.parent.get(mail.own_id), []).append(mail)
        ordered: list[ThreadMail] = []
        pending = list(reversed(children.get(None, [])))
        while pending:
            mail = pending.pop()
            ordered.append(mail)
            pending.extend(reversed(children.get(mail.own_id, [])))
        return ordered


def _order(mail: ThreadMail) -> tuple[float, str]:
    return mail.order


def _named_parents(mail: ThreadMail) -> list[str]:
    """The IDs a mail names as its ancestors, nearest first, without its own. An ID has an
    "@": git send-email writes the answer to its prompt ("In-Reply-To: yes") when misused,
    and such a word would join every thread that carries it."""
    named = [mail.in_reply_to] if mail.in_reply_to else []
    named += reversed(mail.references)
    return [n for n in dict.fromkeys(named) if n != mail.own_id and "@" in n]


def thread_key(head: ThreadMail) -> str:
    """A thread's id: from the oldest ID its first mail names (the thread's original, even
    when that was never indexed), so it stays the same as the thread fills in."""
    named = _named_parents(head)
    origin = named[-1] if named else head.own_id
    return hashlib.sha256(origin.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def split_copies(mails: Iterable[ThreadMail]) -> tuple[list[ThreadMail], dict[int, int]]:
    """One mail per Message-ID (the earliest); the others as {copy's id: the kept one's id}."""
    kept: dict[str, ThreadMail] = {}
    copies: dict[int, int] = {}
    for mail in sorted(mails, key=_order):
        first = kept.setdefault(mail.own_id, mail)
        if first is not mail:
            copies[mail.document_id] = first.document_id
    return list(kept.values()), copies
