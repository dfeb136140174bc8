"""Mail threads as data: for each indexed mail its thread, parent, place and thread size.

The steps, in the order mail clients run them: threads by Message-ID, In-Reply-To and
References (`ingest.thread_forest`), then mail without those headers by the message it quotes,
then by subject (`ingest.thread_fallback`). Copies of one message (the same Message-ID twice)
take the place of the first copy and do not count twice in the thread's size. Pure: the
store's rows come in, places go out (assistant.indexing.threads runs it after a sync).
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.thread_fallback import group_by_subject, link_by_origin
from ingest.thread_forest import Forest, ThreadMail, ThreadSlot, split_copies

__all__ = ["ThreadMail", "ThreadSlot", "place_mails"]


def place_mails(mails: Iterable[ThreadMail]) -> dict[int, ThreadSlot]:
    """Every mail's place in its thread, by document id."""
    kept, copies = split_copies(mails)
    forest = Forest(kept)
    forest.link_by_headers()
    link_by_origin(forest)
    group_by_subject(forest)
    slots = {slot.document_id: slot for slot in forest.slots()}
    for copy, original in copies.items():
        slot = slots[original]
        slots[copy] = ThreadSlot(copy, slot.key, slot.parent, slot.position, slot.size)
    return slots
