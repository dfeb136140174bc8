"""Question analysis on real-mail questions: full names, posters, and numbers that are no dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.ask.analysis import analyze
from assistant.ask.thread_cues import ThreadCue

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("Wo hat Carl Worth das kaputte Archiv repariert?", "Carl Worth"),
        ("What did the patch by Jiri Kosina change?", "Jiri Kosina"),
        ("Jiri Kosina 对这场争论有什么看法？", "Jiri Kosina"),
    ],
)
def test_a_full_name_prefers_that_persons_mail(question: str, person: str) -> None:
    assert person in analyze(question, NOW).people


def test_titles_and_function_words_are_no_full_names() -> None:
    assert analyze("Wann war Herr Doyle da?", NOW).people == ("Doyle",)
    assert analyze("Was Sagte Die Rechnung?", NOW).people == ()


@pytest.mark.parametrize(
    ("question", "poster", "cue"),
    [
        ("When Lars Kellogg-Stedman said it died, who was the first to reply?",
         "Lars Kellogg-Stedman", ThreadCue.FIRST_REPLY),
        ("Nachdem Timur den Fehler meldete, wer hat zuerst geantwortet?", "Timur",
         ThreadCue.FIRST_REPLY),
        ("Michael Neuling 说编译失败之后，谁第一个回复？", "Michael Neuling",
         ThreadCue.FIRST_REPLY),
    ],
)  # fmt: skip
def test_the_poster_of_the_mail_a_thread_question_is_about(
    question: str, poster: str, cue: ThreadCue
) -> None:
    found = analyze(question, NOW)
    assert found.posters == (poster,) and found.thread is cue


@pytest.mark.parametrize(
    "question",
    [
        "Who had the final say on the cache patch?",
        "What was Joe Perches's final message in the argument?",
        "讨论里最后一封邮件是谁发的？",
    ],
)
def test_final_say_and_the_last_mail_are_the_last_word(question: str) -> None:
    assert analyze(question, NOW).thread is ThreadCue.LAST_WORD


def test_patch_numbers_and_kernel_versions_are_no_dates_but_short_dates_are() -> None:
    assert analyze("Who answered the patch (05/10) first?", NOW).date_from is None
    assert analyze("Michael 说 2.6.35 编译失败", NOW).date_from is None
    assert analyze("Was hat Jonathan am 3.5.24 geschrieben?", NOW).date_from == datetime(
        2024, 3, 5, tzinfo=UTC
    )


def test_who_in_a_chinese_question_is_no_sender() -> None:
    assert analyze("关于补丁的讨论里最后一封邮件是谁发的？", NOW).sender is None
