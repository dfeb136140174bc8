"""Question analysis in English, German and Chinese: time windows, recency, sender, kind."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from assistant.ask.analysis import analyze

NOW = datetime(2025, 1, 15, 12, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("Who fixed the floor in March 2024?", "2024-03-01", "2024-03-31"),
        ("Wer hat im März 2024 den Boden repariert?", "2024-03-01", "2024-03-31"),
        ("2024年3月谁修的地板？", "2024-03-01", "2024-03-31"),
        ("heating in 2023", "2023-01-01", "2023-12-31"),
        ("去年谁修的暖气？", "2024-01-01", "2024-12-31"),
        ("What did Anna send yesterday?", "2025-01-14", "2025-01-14"),
        ("Rechnung von letzter Woche", "2025-01-06", "2025-01-12"),
        ("上周的账单", "2025-01-06", "2025-01-12"),
    ],
)
def test_time_expressions_become_windows(question: str, start: str, end: str) -> None:
    analysis = analyze(question, NOW)
    assert analysis.date_from is not None and analysis.date_to is not None, question
    assert (analysis.date_from.date().isoformat(), analysis.date_to.date().isoformat()) == (
        start,
        end,
    )
    assert analysis.date_from.tzinfo is not None
    assert any(line.startswith("time:") for line in analysis.explanation)


@pytest.mark.parametrize(
    "question",
    ["Wie hoch war die Rechnung 2024-0917?", "What's the wifi password?", "v2.2023 release notes"],
)
def test_numbers_and_plain_words_are_not_dates(question: str) -> None:
    analysis = analyze(question, NOW)
    assert (analysis.date_from, analysis.date_to) == (None, None)


@pytest.mark.parametrize(
    "question",
    [
        "Who fixed the floor last time?",
        "Wer hat zuletzt die Heizung gewartet?",
        "上次谁修的地板？",
        "the most recent mail from the bank",
    ],
)
def test_recency_cues(question: str) -> None:
    assert analyze(question, NOW).recency


def test_no_recency_without_a_cue() -> None:
    assert not analyze("Who fixed the floor?", NOW).recency


def test_sender_and_kind_hints() -> None:
    mail = analyze("mail from Anna Schmidt about the heating", NOW)
    assert (mail.sender, mail.kinds) == ("Anna Schmidt", ("mail",))
    assert analyze("Was schrieb mir von Becker?", NOW).sender == "Becker"
    assert analyze("王伟发的邮件", NOW).sender == "王伟"
    assert analyze("in the PDF, what is the total?", NOW).kinds == ("pdf",)
    assert analyze("What is the total?", NOW).kinds == ()


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Who fixed the floor, and what is his number?", "fixed floor"),
        ("Wer hat im März 2024 den Boden repariert?", "Boden repariert"),
        ("上次谁修的地板？", "修 地板"),
        ("Who fixed the floor last time?", "fixed floor"),
        ("the", "the"),  # nothing informative left: search the question as it is
    ],
)
def test_keywords_drop_function_words_and_phrases_that_became_filters(
    question: str, words: str
) -> None:
    assert analyze(question, NOW).keywords == words


def test_people_named_with_a_title() -> None:
    assert analyze("Wann war Herr Doyle das letzte Mal da?", NOW).people == ("Doyle",)
    assert analyze("What did Mrs. Hughes quote?", NOW).people == ("Hughes",)
    assert analyze("张师傅地下室的地板哪天开工？", NOW).people == ("张",)
    assert analyze("Who fixed the floor?", NOW).people == ()
    assert analyze("上次修地板的师傅是谁？", NOW).people == ()


def test_last_time_prefers_finished_work_unless_asking_for_a_quote() -> None:
    assert analyze("Who fixed the floor last time?", NOW).prefer_done
    assert analyze("上次修地板的是谁？", NOW).prefer_done
    assert not analyze("What was the most recent quote for a floor?", NOW).prefer_done
    assert not analyze("Von wem kam das neueste Angebot?", NOW).prefer_done
    assert not analyze("Who fixed the floor?", NOW).prefer_done  # no recency: nothing to prefer
