"""Threading mail that names no parent: Outlook and Exchange replies, clients that drop headers.

Such a reply still says what it answers: the header block it quotes ("From: / Sent: /
Subject:", read into `reply_origin` by the quote reader). The quoted sender and date find the
original among the indexed mail; "Sent:" is written in the writer's local time with minutes
only, so a match may be off by whole (or half) hours of time zone, never by more than a few
minutes beyond that. Without a date the quoted subject and sender pick the latest earlier
mail of that subject.

Last comes JWZ's subject grouping, kept narrow because real lists reuse subjects: only a
thread whose first mail has no parent headers joins, only if it is a reply ("Re:", "AW:",
"回复:", or it quotes a header block) and within weeks of the thread, and only for a subject
that says something ("patch", "Frage" or "问题" alone join nothing). Two header-less mails of
one subject that are not replies stay apart: the notmuch threading corpus holds two different
"root message" mails sent in the same second.
"""

from __future__ import annotations

import bisect
import functools
import re

from ingest.documents import Origin
from ingest.mail_header_block import normalized_subject
from ingest.thread_forest import Forest, ThreadMail

_EXACT_SECONDS = 5 * 60
_ZONE_SLACK_SECONDS = 2 * 60
_MAX_ZONE_SECONDS = 14 * 3600
_REPLY_GAP_SECONDS = 60 * 86400
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Reply prefixes (not forwards: a forward starts a conversation of its own), after list tags.
_REPLY = re.compile(
    r"^\s*['\"]?(?:\[[^\]]{1,40}\]\s*)*(?:re|aw|sv|vs|antw|odp|ant|回复|答复|回覆)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]",
    re.IGNORECASE,
)
# Subjects too common to say two mails belong together, in English, German and Chinese.
_GENERIC_SUBJECTS = frozenset(
    {
        "(no subject)", "no subject", "patch", "question", "questions", "hi", "hello", "help",
        "test", "update", "info", "fyi", "meeting", "thanks", "kein betreff", "frage",
        "fragen", "hallo", "hilfe", "termin", "danke", "无主题", "问题", "你好", "测试",
        "会议", "谢谢",
    }
)  # fmt: skip


def is_reply_subject(subject: str) -> bool:
    """Whether a subject says it answers another mail ("Re:", "AW:", "SV:", "回复:")."""
    return bool(_REPLY.match(subject))


def distinctive_subject(subject_key: str) -> bool:
    """Whether a normalised subject says enough to group mails by it alone."""
    if subject_key in _GENERIC_SUBJECTS:
        return False
    words = len(_WORD.findall(subject_key)) + len(_CJK.findall(subject_key)) // 2
    return len(subject_key) >= 6 and words >= 2


@functools.lru_cache(maxsize=65536)
def same_person(one: str, other: str) -> bool:
    """Whether two From values name one person: by address when both have one, else by the
    words of the names ("Becker, Ina" is "Ina Becker <ina@x.de>")."""
    addresses = set(_ADDRESS.findall(one.casefold())), set(_ADDRESS.findall(other.casefold()))
    if all(addresses):
        return bool(addresses[0] & addresses[1])
    names = _name_words(one), _name_words(other)
    return all(names) and (names[0] <= names[1] or names[1] <= names[0])


@functools.lru_cache(maxsize=65536)
def _name_words(sender: str) -> frozenset[str]:
    text = sender.casefold().replace("mailto:", " ")
    words = {w for w in _WORD.findall(_ADDRESS.sub(" ", text)) if len(w) > 1}
    if not words:  # a bare address: the words of its local part ("ina.becker@...")
        for address in _ADDRESS.findall(text):
            words.update(w for w in re.split(r"[._+-]", address.split("@")[0]) if len(w) > 1)
    return frozenset(words)


def link_by_origin(forest: Forest) -> None:
    """Hang each mail that has no indexed parent under the mail its body quotes."""
    dated = [m for m in forest.mails.values() if m.date is not None]  # in date order
    finder = _OriginFinder(dated)
    for mail in dated + [m for m in forest.mails.values() if m.date is None]:
        if mail.reply_origin is None or mail.own_id in forest.parent:
            continue
        quoted = finder.quoted(mail, mail.reply_origin)
        if quoted is not None:
            forest.link(mail.own_id, quoted.own_id)


class _OriginFinder:
    """Indexed mail by date and by subject, to find the one a reply quotes."""

    def __init__(self, dated: list[ThreadMail]) -> None:
        self.dated = dated
        self.dates = [m.date or 0.0 for m in dated]
        self.by_subject: dict[str, list[ThreadMail]] = {}
        for mail in dated:
            self.by_subject.setdefault(_bare(mail.subject_key), []).append(mail)

    def quoted(self, reply: ThreadMail, origin: Origin) -> ThreadMail | None:
        by_date = self._by_date(reply, origin) if origin.date else None
        return by_date or self._by_subject(reply, origin)

    def _by_date(self, reply: ThreadMail, origin: Origin) -> ThreadMail | None:
        assert origin.date is not None
        written = origin.date.timestamp()
        reach = _MAX_ZONE_SECONDS + _EXACT_SECONDS
        low = bisect.bisect_left(self.dates, written - reach)
        high = bisect.bisect_right(self.dates, written + reach)
        scored = []
        for candidate in self.dated[low:high]:
            offset = abs((candidate.date or 0.0) - written)
            to_zone = offset % 1800
            if offset <= _EXACT_SECONDS:
                rank = 0
            elif min(to_zone, 1800 - to_zone) <= _ZONE_SLACK_SECONDS:
                rank = 1
            else:
                continue
            if candidate is reply or not _not_after(candidate, reply):
                continue
            if same_person(origin.sender, candidate.sender):
                scored.append((rank, offset, candidate))
        return min(scored, key=lambda s: s[:2])[2] if scored else None

    def _by_subject(self, reply: ThreadMail, origin: Origin) -> ThreadMail | None:
        key = _bare(normalized_subject(origin.subject) if origin.subject else reply.subject_key)
        if not distinctive_subject(key):
            return None
        earlier = [
            m
            for m in self.by_subject.get(key, [])
            if m is not reply and _not_after(m, reply) and m.order < reply.order
        ]
        if origin.sender:
            earlier = [m for m in earlier if same_person(origin.sender, m.sender)]
        return earlier[-1] if earlier else None


def _not_after(candidate: ThreadMail, reply: ThreadMail) -> bool:
    return reply.date is None or (candidate.date or 0.0) <= reply.date


def group_by_subject(forest: Forest) -> None:
    """Join threads that header-less replies continue by subject (JWZ's last step, narrowed):
    each such reply joins the earlier thread of its subject that was active last."""
    by_subject: dict[str, list[list[ThreadMail]]] = {}
    for members in forest.threads():
        head = _head(forest, members)
        key = _bare(head.subject_key)
        if head.date is not None and distinctive_subject(key):
            by_subject.setdefault(key, []).append(members)
    for threads in by_subject.values():
        threads.sort(key=lambda members: _head(forest, members).order)
        earlier: list[tuple[ThreadMail, float]] = []  # (thread head, its latest date)
        for members in threads:
            head = _head(forest, members)
            chosen = _last_active(earlier, head) if _replies(head) else None
            if chosen is None:
                earlier.append((head, _latest(members)))
                continue
            anchor, latest = earlier[chosen]
            if is_reply_subject(head.subject) and not is_reply_subject(anchor.subject):
                forest.link(head.own_id, anchor.own_id)
            forest.join(head.own_id, anchor.own_id)
            earlier[chosen] = (anchor, max(latest, _latest(members)))


def _replies(head: ThreadMail) -> bool:
    """A header-less mail that is a reply, by its subject or the header block it quotes."""
    if head.has_parent_headers or head.date is None:
        return False
    return is_reply_subject(head.subject) or head.reply_origin is not None


def _last_active(earlier: list[tuple[ThreadMail, float]], head: ThreadMail) -> int | None:
    """The earlier thread of the subject most recently active at `head`'s date (a thread
    still going on counts as active then), if that is recent enough."""
    if not earlier:
        return None
    when = head.date or 0.0
    active, chosen = max((min(latest, when), n) for n, (_, latest) in enumerate(earlier))
    return chosen if when - active <= _REPLY_GAP_SECONDS else None


def _bare(subject_key: str) -> str:
    """The key without the quotes some list archives wrap subjects in ('Re: Draft EVS-8a')."""
    if subject_key.startswith(("'", '"')):
        return normalized_subject(subject_key.strip("'\" "))
    return subject_key


def _head(forest: Forest, members: list[ThreadMail]) -> ThreadMail:
    """A thread's first mail: its earliest with no indexed parent."""
    return next(m for m in members if m.own_id not in forest.parent)


def _latest(members: list[ThreadMail]) -> float:
    return max((m.date for m in members if m.date is not None), default=0.0)
