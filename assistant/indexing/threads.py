"""Keep mail threads current: after every sync that changed mail, and after a forget.

A thread is a property of the whole mailbox, not of one file: a reply indexed today moves
every later message of its thread one place down, and a forgotten message takes its replies'
parent away. So the places are computed again over all indexed mail (`ingest.threading`),
and only the rows whose place changed are written. benchmarks/ingest.py measures it: 0.5 s at
10k mails, 6-8 s at 100k on the 2-core machine (threading only the touched threads would be
the next step for mailboxes that large). A sync that changed no mail does not thread at all;
mail indexed before threads existed (or by a sync that was killed before threading) has no
thread key, and the next sync threads it whether or not it changed anything itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from ingest.documents import Origin
from ingest.mail_header_block import normalized_subject
from ingest.threading import ThreadMail, place_mails
from store import Index
from store.threads import MailHeaders, Place

MailState = tuple[int, int, float]


def mail_state(index: Index) -> MailState:
    """What the indexed mail looks like now, to tell after a sync whether it changed."""
    state, _ = index.mail_state()
    return state


def rethread_if_changed(index: Index, before: MailState) -> int | None:
    """Thread the mail again if it changed since `before` or some of it has no thread yet;
    returns how many rows got a new place, or None when nothing needed doing."""
    state, unthreaded = index.mail_state()
    if state == before and not unthreaded:
        return None
    return rethread(index)


def rethread(index: Index) -> int:
    """Compute every indexed mail's thread place and store what changed."""
    return index.rethread(places)


def places(rows: Sequence[MailHeaders]) -> dict[int, Place]:
    """The places of the store's mail rows, by document id."""
    slots = place_mails(_thread_mail(row) for row in rows)
    return {doc_id: (s.key, s.parent, s.position, s.size) for doc_id, s in slots.items()}


def _thread_mail(row: MailHeaders) -> ThreadMail:
    return ThreadMail(
        document_id=row.document_id,
        stable_id=row.key,
        message_id=row.message_id,
        in_reply_to=row.in_reply_to,
        references=row.references,
        subject=row.subject,
        subject_key=row.subject_key or normalized_subject(row.subject),
        date=float(row.date) if row.date is not None else None,
        sender=row.sender,
        reply_origin=_origin(row.reply_origin),
    )


def _origin(fields: tuple[str, str, str] | None) -> Origin | None:
    if fields is None:
        return None
    sender, iso_date, subject = fields
    try:
        date = datetime.fromisoformat(iso_date) if iso_date else None
    except ValueError:
        date = None
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    return Origin(sender=sender, date=date, subject=subject)
