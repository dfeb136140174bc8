"""Filters on recipients, on a person's several names, and inside given threads or documents."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from store_helpers import add, embed, write_thread

from store import Index, SearchFilters


def day(d: int) -> datetime:
    return datetime(2024, 5, d, tzinfo=UTC)


@pytest.fixture
def mailbox(index: Index) -> Index:
    add(index, "/mail/a.eml", ["Boiler service booked for Monday"], kind="mail",
        sender="Jan Brenner <jan@x.org>", recipients="Ina Krüger <ina@example.de>",
        date=day(1))  # fmt: skip
    add(index, "/mail/b.eml", ["Re: boiler service, Monday is fine"], kind="mail",
        sender="Ina Krüger <ina@example.de>", recipients="jan@x.org", date=day(2))  # fmt: skip
    add(index, "/mail/c.eml", ["Boiler invoice attached"], kind="mail",
        sender="Heizung Kaiser <info@kaiser.example>",
        recipients="Jan Brenner <jan@x.org>, ina@example.de", date=day(3))  # fmt: skip
    add(index, "/mail/d.eml", ["Boiler pressure is low again"], kind="mail",
        sender="王伟 <wang@example.cn>", recipients="林晓雨 <lin@example.cn>",
        date=day(4))  # fmt: skip
    write_thread(index, "thread-boiler", ["/mail/a.eml", "/mail/b.eml"])
    return index


def paths(index: Index, filters: SearchFilters, mode: str = "hybrid") -> set[str]:
    hits = index.search(embed("boiler"), "boiler", k=10, filters=filters, mode=mode)
    return {h.source_path for h in hits}


@pytest.mark.parametrize("mode", ["hybrid", "vector", "fts"])
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (SearchFilters(recipient="ina"), {"/mail/a.eml", "/mail/c.eml"}),
        (SearchFilters(recipient="KRÜGER"), {"/mail/a.eml"}),  # the display name, case-folded
        (SearchFilters(recipient="jan@x.org"), {"/mail/b.eml", "/mail/c.eml"}),
        (SearchFilters(recipient="林晓雨"), {"/mail/d.eml"}),
        (SearchFilters(sender="jan", recipient="ina"), {"/mail/a.eml"}),
        (SearchFilters(sender=("jan@x.org", "Jan Brenner")), {"/mail/a.eml"}),
        (SearchFilters(recipient=("jan@x.org", "Jan Brenner")), {"/mail/b.eml", "/mail/c.eml"}),
        (SearchFilters(sender=("nobody@x.org", "王伟")), {"/mail/d.eml"}),
        (SearchFilters(recipient="nobody"), set()),
        (SearchFilters(thread_keys=("thread-boiler",)), {"/mail/a.eml", "/mail/b.eml"}),
        (SearchFilters(thread_keys=("no-such-thread",)), set()),
    ],
)
def test_recipient_person_and_thread_filters(
    mailbox: Index, filters: SearchFilters, expected: set[str], mode: str
) -> None:
    assert paths(mailbox, filters, mode) == expected


def test_search_inside_given_documents(mailbox: Index) -> None:
    everything = mailbox.search(embed("boiler"), "boiler", k=10)
    wanted = {h.document_id for h in everything if h.source_path in {"/mail/b.eml", "/mail/d.eml"}}
    hits = mailbox.search(embed("x"), "", k=10, filters=SearchFilters(document_ids=tuple(wanted)))
    assert {h.source_path for h in hits} == {"/mail/b.eml", "/mail/d.eml"}


def test_threaded_hits_carry_their_place(mailbox: Index) -> None:
    (hit,) = mailbox.search(None, "fine", k=1)
    assert hit.thread is not None
    assert (hit.thread.key, hit.thread.position, hit.thread.size) == ("thread-boiler", 2, 2)
    members = mailbox.thread_members("thread-boiler")
    assert [m["source_path"] for m in members] == ["/mail/a.eml", "/mail/b.eml"]
    assert members[1]["thread_parent"] == members[0]["id"]


def test_an_empty_alternative_does_not_match_everything(mailbox: Index) -> None:
    assert paths(mailbox, SearchFilters(sender=("", "王伟"))) == {"/mail/d.eml"}
