"""Filter values as people type them: dates, spans, kinds, folders, and the app's tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.ask.filter_tokens import read_filter_tokens, without_filter_tokens
from assistant.ask.filter_values import (
    FilterError,
    folder_prefix,
    parse_kind,
    parse_since,
    parse_until,
)

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "since", "until"),
    [
        ("2024", (2024, 1, 1), (2024, 12, 31)),
        ("2024-02", (2024, 2, 1), (2024, 2, 29)),
        ("2024-03-15", (2024, 3, 15), (2024, 3, 15)),
    ],
)
def test_a_year_month_or_day_spans_all_of_it(text: str, since: tuple, until: tuple) -> None:
    start, end = parse_since(text, NOW), parse_until(text, NOW)
    assert (start.year, start.month, start.day, start.hour) == (*since, 0)
    assert (end.year, end.month, end.day, end.hour, end.minute) == (*until, 23, 59)
    assert start.tzinfo is not None and end.tzinfo is not None


def test_a_span_counts_back_from_now() -> None:
    assert parse_since("30d", NOW) == NOW - timedelta(days=30)
    assert parse_since("2w", NOW) == NOW - timedelta(days=14)
    assert parse_until("1y", NOW) == NOW - timedelta(days=365)


@pytest.mark.parametrize("text", ["2024-13", "last tuesday", "letzte Woche", "去年", "30x", ""])
def test_an_unreadable_date_says_what_is_accepted(text: str) -> None:
    with pytest.raises(FilterError, match="YYYY-MM-DD"):
        parse_since(text, NOW)


def test_kinds_are_the_indexed_ones() -> None:
    assert parse_kind(" Mail ") == "mail"
    with pytest.raises(FilterError, match="mail"):
        parse_kind("video")


def test_a_folder_must_be_in_a_registered_one(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    (root / "haus").mkdir(parents=True)
    assert folder_prefix(str(root / "haus"), [root]) == f"{root}/haus/"
    assert folder_prefix(str(root), [root]) == f"{root}/"
    with pytest.raises(FilterError, match="not in a registered folder"):
        folder_prefix(str(tmp_path), [root])


@pytest.mark.parametrize(
    ("typed", "question"),
    [
        ("kind:mail from:becker since:2024-03 sort:date who fixed the floor?",
         "who fixed the floor?"),
        ("art:mail von:becker seit:2024-03 sortierung:datum Wer hat den Boden repariert?",
         "Wer hat den Boden repariert?"),
        ("类型：邮件 来自：becker 从：2024-03 排序：日期 谁修的地板？", "谁修的地板？"),
    ],
)  # fmt: skip
def test_tokens_in_the_question_set_the_filters(typed: str, question: str) -> None:
    searched, user = read_filter_tokens(typed, NOW, [])
    assert searched == question
    assert user.kinds == ("mail",) and user.sender == "becker" and user.by_date
    assert user.date_from is not None and (user.date_from.year, user.date_from.month) == (2024, 3)


@pytest.mark.parametrize(
    ("typed", "kinds"),
    [("kind:note,pdf x", ("note", "pdf")), ("art:notiz x", ("note",)), ("类型：笔记 x", ("note",))],
)
def test_kind_names_in_three_languages(typed: str, kinds: tuple[str, ...]) -> None:
    assert read_filter_tokens(typed, NOW, [])[1].kinds == kinds


def test_a_question_without_tokens_is_left_alone() -> None:
    question = "What is the ratio 3:4 of http://example.org?"
    assert read_filter_tokens(question, NOW, []) == (question, read_filter_tokens("", NOW, [])[1])
    assert without_filter_tokens('from:"Anna Schmidt" wann kam sie?') == "wann kam sie?"


@pytest.mark.parametrize(
    "typed", ["since:yesterday x", "seit:2025 bis:2024 x", "排序：作者 x", "kind:video x"]
)
def test_a_wrong_token_is_an_error_with_the_fix(typed: str) -> None:
    with pytest.raises(FilterError):
        read_filter_tokens(typed, NOW, [])
