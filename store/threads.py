"""The thread columns of mail rows: read what threading needs, write where each mail stands.

Threading itself is not the store's (it is `ingest.threading`, run by assistant.indexing): the
caller hands in a function from the rows to their places, and the store runs it inside one
write transaction, so the places written are those of exactly the rows read (a sync in
another process cannot slip a mail in between). Only rows whose place changed are written,
so re-threading an unchanged mailbox writes nothing; rows that are no longer indexed mail
(a copy recorded as a duplicate, say) lose their place.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import sqlean as sqlite3

# The place of one mail: (thread key, parent document id or None, 1-based position, size).
Place = tuple[str, int | None, int, int]

_READ = """
SELECT id, source_path, message_id, in_reply_to, refs, title, subject_key, date, sender,
       reply_origin, thread_key, thread_parent, thread_position, thread_size
FROM documents WHERE kind = 'mail' AND status = 'ok'
"""


@dataclass(frozen=True, slots=True)
class MailHeaders:
    """A mail row's threading columns; `reply_origin` is (sender, ISO date or "", subject)."""

    document_id: int
    key: str
    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str
    subject_key: str
    date: int | None  # unix seconds
    sender: str
    reply_origin: tuple[str, str, str] | None


# Threading: the indexed mails' rows in, each one's place out (by document id).
Placing = Callable[[Sequence["MailHeaders"]], Mapping[int, Place]]


def rethread(conn: sqlite3.Connection, place: Placing) -> int:
    """Place every indexed mail with `place` and store the result; returns rows changed."""
    rows = conn.execute(_READ).fetchall()
    mails = [_headers(row) for row in rows]
    stored: dict[int, Place] = {row[0]: (row[10], row[11], row[12], row[13]) for row in rows}
    places = place(mails)
    changed = [(*new, doc_id) for doc_id, new in places.items() if stored.get(doc_id) != new]
    conn.executemany(
        "UPDATE documents SET thread_key = ?, thread_parent = ?, thread_position = ?, "
        "thread_size = ? WHERE id = ?",
        changed,
    )
    stale = [
        (doc_id,)
        for (doc_id,) in conn.execute("SELECT id FROM documents WHERE thread_key IS NOT NULL")
        if doc_id not in places
    ]
    conn.executemany(
        "UPDATE documents SET thread_key = NULL, thread_parent = NULL, thread_position = NULL, "
        "thread_size = NULL WHERE id = ?",
        stale,
    )
    return len(changed) + len(stale)


def unthreaded_mail(conn: sqlite3.Connection) -> int:
    """How many indexed mails have no thread yet (new since the last threading)."""
    row = conn.execute(
        "SELECT count(*) FROM documents "
        "WHERE kind = 'mail' AND status = 'ok' AND thread_key IS NULL"
    ).fetchone()
    return int(row[0])


def mail_state(conn: sqlite3.Connection) -> tuple[int, int, float]:
    """A value that changes whenever an indexed mail is added, replaced or removed: the count,
    the sum of ids and the latest write time of the mail rows."""
    count, ids, latest = conn.execute(
        "SELECT count(*), total(id), max(indexed_at) FROM documents "
        "WHERE kind = 'mail' AND status = 'ok'"
    ).fetchone()
    return int(count), int(ids), float(latest or 0.0)


def _headers(row: tuple) -> MailHeaders:
    (doc_id, key, message_id, in_reply_to, refs, title, subject_key, date, sender,
     origin) = row[:10]  # fmt: skip
    return MailHeaders(
        document_id=doc_id,
        key=key,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=tuple(str(ref) for ref in json_list(refs)),
        subject=title or "",
        subject_key=subject_key or "",
        date=date,
        sender=sender or "",
        reply_origin=_origin(origin),
    )


def _origin(text: str | None) -> tuple[str, str, str] | None:
    fields = json_list(text)
    if len(fields) != 3:
        return None
    return (str(fields[0]), str(fields[1]), str(fields[2]))


def json_list(text: str | None) -> list:
    """A JSON list column (refs, reply_origin, forwarded); anything else (NULL, damage)
    reads as empty."""
    if not text or text == "[]":
        return []
    try:
        value = json.loads(text) if text else []
    except ValueError:
        return []
    return value if isinstance(value, list) else []
