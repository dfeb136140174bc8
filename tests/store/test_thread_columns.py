"""The store's side of threading: the rows it hands out, the places it writes, and the hits
that carry them (the thread subject is the first message's title)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from store import Index
from store.threads import MailHeaders, Place
from tests.store.store_helpers import add, embed

WHEN = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def mail(index: Index, name: str, text: str, **fields: object) -> int:
    fields.setdefault("title", "Heizung im Keller")
    fields.setdefault("subject_key", "heizung im keller")
    return add(index, f"/mail/{name}.eml", [text], kind="mail", **fields)


def test_rows_carry_the_threading_columns_and_only_indexed_mail(index: Index) -> None:
    first = mail(
        index,
        "a",
        "Die Heizung im Keller tropft.",
        message_id="a@example.de",
        sender="Ina Becker <ina@example.de>",
        date=WHEN,
    )
    second = mail(
        index,
        "b",
        "Ich komme morgen vorbei.",
        title="AW: Heizung im Keller",
        message_id="b@example.de",
        in_reply_to="a@example.de",
        references=("a@example.de",),
        reply_origin=("Becker, Ina", WHEN.isoformat(), "Heizung im Keller"),
    )
    add(index, "/notes/keller.md", ["Keller: Heizung prüfen."])
    seen: list[MailHeaders] = []

    def place(rows: Sequence[MailHeaders]) -> Mapping[int, Place]:
        seen.extend(rows)
        return {}

    index.rethread(place)
    by_id = {row.document_id: row for row in seen}
    assert set(by_id) == {first, second}, "notes are not threaded"
    assert by_id[second].references == ("a@example.de",)
    assert by_id[second].in_reply_to == "a@example.de"
    assert by_id[second].reply_origin == ("Becker, Ina", WHEN.isoformat(), "Heizung im Keller")
    assert by_id[first].date == int(WHEN.timestamp())
    assert by_id[first].subject == "Heizung im Keller"


def test_places_are_written_once_and_stale_ones_cleared(index: Index) -> None:
    first = mail(index, "a", "Die Heizung im Keller tropft.", message_id="a@example.de")
    second = mail(index, "b", "Ich komme morgen.", title="AW: Heizung im Keller")
    places = {first: ("t1", None, 1, 2), second: ("t1", first, 2, 2)}
    assert index.rethread(lambda rows: places) == 2
    assert index.rethread(lambda rows: places) == 0, "nothing changed, nothing written"
    members = index.thread_members("t1")
    assert [(m["id"], m["thread_parent"], m["thread_position"]) for m in members] == [
        (first, None, 1),
        (second, first, 2),
    ]
    assert index.rethread(lambda rows: {first: ("t1", None, 1, 1)}) == 2
    assert [m["id"] for m in index.thread_members("t1")] == [first]
    assert index.mail_state()[1] == 1, "the mail without a place counts as unthreaded"


def test_a_hit_carries_its_thread_with_the_first_messages_title(index: Index) -> None:
    first = mail(index, "a", "Die Heizung im Keller tropft seit Montag.")
    second = mail(index, "b", "Der Monteur kommt am Donnerstag.", title="AW: Heizung im Keller")
    add(index, "/notes/keller.md", ["Der Monteur bringt ein neues Ventil."])
    index.rethread(lambda rows: {first: ("t1", None, 1, 2), second: ("t1", first, 2, 2)})
    hits = index.search(embed("Der Monteur kommt am Donnerstag."), "Monteur", k=5)
    by_path = {hit.source_path: hit for hit in hits}
    place = by_path["/mail/b.eml"].thread
    assert place is not None
    assert (place.key, place.subject, place.position, place.size) == (
        "t1",
        "Heizung im Keller",
        2,
        2,
    )
    assert place.label == "message 2 of 2 in 'Heizung im Keller'"
    assert by_path["/notes/keller.md"].thread is None


def test_the_mail_state_changes_with_every_mail_written_or_removed(index: Index) -> None:
    empty = index.mail_state()
    mail(index, "a", "Die Heizung im Keller tropft.")
    added = index.mail_state()
    assert added[0] != empty[0] and added[1] == 1
    index.delete_document("/mail/a.eml")
    assert index.mail_state()[0] != added[0]
