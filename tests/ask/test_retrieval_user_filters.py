"""Retrieval under the user's filters: every search it makes stays inside them.

The small mailbox of tests/ask/test_thread_retrieval.py (two threads and a lone mail, 1-8 March
2026): the thread-lead search, the date-window and person extra searches and the relaxing of
the question's own hints must all keep to the user's kind, sender, folder and dates.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.ask.retrieval import Retrieval, retrieve
from assistant.ask.user_filters import UserFilters
from store import Index
from tests.ask.test_thread_retrieval import INGO, JAN, JONATHAN, NOW, mailbox  # noqa: F401
from tests.fakes import FakeEmbedder

MARCH_5 = datetime(2026, 3, 5, tzinfo=UTC)


def found(index: Index, question: str, user: UserFilters) -> Retrieval:
    return retrieve(index, FakeEmbedder(), question, now=NOW, user=user)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "question",
    [
        "Who had the last word on the sched wakeup latency patch?",
        "Wer hatte das letzte Wort zum sched wakeup latency patch?",
        "sched wakeup latency patch 的最后一个回复是什么？",
    ],
)
def test_the_thread_lead_keeps_to_the_users_sender(mailbox: Index, question: str) -> None:  # noqa: F811
    unfiltered = found(mailbox, question, UserFilters())
    assert unfiltered.hits[0].sender == INGO  # the last word, without a filter
    filtered = found(mailbox, question, UserFilters(sender="jonathan"))
    assert filtered.hits and {h.sender for h in filtered.hits} == {JONATHAN}


@pytest.mark.parametrize(
    "question",
    [
        "What did Jan write in March 2026?",
        "Was hat Jan im März 2026 geschrieben?",
        "Jan 2026年3月写了什么？",
    ],
)
def test_date_and_person_searches_keep_to_the_users_dates(mailbox: Index, question: str) -> None:  # noqa: F811
    retrieval = found(mailbox, question, UserFilters(date_to=MARCH_5))
    assert retrieval.hits
    assert all(h.date is not None and h.date <= MARCH_5 for h in retrieval.hits)
    assert all(h.sender != JAN for h in retrieval.hits)  # Jan wrote on the 7th and 8th only


def test_a_soft_hint_relaxes_but_the_users_kind_does_not(mailbox: Index) -> None:  # noqa: F811
    retrieval = found(mailbox, "the PDF about the firmware loader", UserFilters(kinds=("note",)))
    assert retrieval.hits == []
    assert retrieval.filtered_out == "no source matches the filter 'kind note'"
    assert "nothing found: no source matches the filter 'kind note'" in retrieval.notes


def test_the_folder_filter_and_the_sort(mailbox: Index, tmp_path: Path) -> None:  # noqa: F811
    user = UserFilters(folder="/mail/", by_date=True)
    dates = [h.date for h in found(mailbox, "firmware loader timeout", user).hits]
    assert dates and dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    assert found(mailbox, "firmware", UserFilters(folder="/notes/")).hits == []
    chips = found(mailbox, "firmware", user).notes
    assert "filters: folder /mail/, by date" in chips
