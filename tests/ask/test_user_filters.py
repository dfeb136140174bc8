"""The user's hard filters: how they narrow any search, say what left nothing, and sort."""

from __future__ import annotations

from datetime import UTC, datetime

from assistant.ask.user_filters import UserFilters, shown_order, sort_newest_first, why_empty
from store import SearchFilters
from tests.fakes import make_hit

MARCH = datetime(2024, 3, 1, tzinfo=UTC)
MAY = datetime(2024, 5, 1, tzinfo=UTC)


def test_restrict_keeps_the_users_limits_over_any_search() -> None:
    user = UserFilters(kinds=("mail",), folder="/home/sam/mail/", sender="anna", date_from=MARCH)
    thread_search = SearchFilters(document_ids=(3, 4))
    narrowed = user.restrict(thread_search)
    assert narrowed.document_ids == (3, 4)
    assert (narrowed.kinds, narrowed.path_prefix, narrowed.sender) == (
        ("mail",),
        "/home/sam/mail/",
        "anna",
    )
    assert narrowed.date_from == MARCH and narrowed.date_to is None


def test_a_window_from_the_question_is_intersected_with_the_users() -> None:
    user = UserFilters(date_from=MARCH, date_to=datetime(2024, 12, 31, tzinfo=UTC))
    question_window = SearchFilters(date_from=datetime(2023, 1, 1, tzinfo=UTC), date_to=MAY)
    narrowed = user.restrict(question_window)
    assert (narrowed.date_from, narrowed.date_to) == (MARCH, MAY)


def test_a_soft_kind_or_sender_gives_way_to_the_users() -> None:
    user = UserFilters(kinds=("pdf", "mail"), sender="becker")
    assert user.restrict(SearchFilters(kinds=("mail",))).kinds == ("mail",)
    assert user.restrict(SearchFilters(kinds=("note",))).kinds == ("pdf", "mail")
    assert user.restrict(SearchFilters(sender="anna")).sender == "becker"
    assert UserFilters().restrict(SearchFilters(sender="anna")).sender == "anna"


def test_why_empty_names_the_filter_that_excluded_everything() -> None:
    user = UserFilters(kinds=("pdf",), sender="nobody")

    def finds_any(filters: SearchFilters) -> bool:
        return filters.sender != "nobody"

    assert why_empty(user, finds_any) == "no source matches the filter 'from nobody'"
    together = why_empty(user, lambda filters: True)
    assert together == "each filter matches some sources, but none matches all of " + (
        "'kind pdf', 'from nobody'"
    )
    assert why_empty(UserFilters(by_date=True), lambda filters: False) == ""


def test_sort_by_date_puts_the_newest_first_and_undated_last() -> None:
    old = make_hit("old", chunk_id=1, date=MARCH)
    undated = make_hit("undated", chunk_id=2)
    new = make_hit("new", chunk_id=3, date=MAY)
    assert sort_newest_first([old, undated, new]) == [new, old, undated]
    assert shown_order([old, undated, new], UserFilters()) == [old, undated, new]
    assert shown_order([old, undated, new], UserFilters(by_date=True))[0] is new


def test_labels_read_as_chips() -> None:
    user = UserFilters(kinds=("mail", "pdf"), sender="王伟", date_to=MAY, by_date=True)
    assert user.labels == ("kind mail or pdf", "from 王伟", "until 2024-05-01", "by date")
    assert not UserFilters(by_date=True).active and user.active
