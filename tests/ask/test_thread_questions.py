"""Thread positions, who said what, recipients and "me" in questions: en, de and zh."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.ask.analysis import analyze
from assistant.ask.thread_cues import ThreadCue

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ME = ("jan@x.org", "Jan Brenner")


@pytest.mark.parametrize(
    ("question", "cue"),
    [
        ("Who answered first when Jonathan posted the scheduler patch?", ThreadCue.FIRST_REPLY),
        ("What was the first reply to the firmware question?", ThreadCue.FIRST_REPLY),
        ("Who was the first to respond about the build failure?", ThreadCue.FIRST_REPLY),
        ("Wer hat zuerst geantwortet, als Jani den Patch gepostet hat?", ThreadCue.FIRST_REPLY),
        ("Was stand in der ersten Antwort zum Treiber-Patch?", ThreadCue.FIRST_REPLY),
        ("谁先回复了关于调度器的补丁？", ThreadCue.FIRST_REPLY),
        ("固件问题的第一个回复说了什么？", ThreadCue.FIRST_REPLY),
        ("Who had the last word in the thread about i915 regressions?", ThreadCue.LAST_WORD),
        ("What did the final reply say about the merge window?", ThreadCue.LAST_WORD),
        ("Who sent the last reply on the tty patch?", ThreadCue.LAST_WORD),
        ("Was stand in der letzten Antwort zum Speicherleck?", ThreadCue.LAST_WORD),
        ("Wer hatte das letzte Wort zur Firmware?", ThreadCue.LAST_WORD),
        ("关于内存泄漏的最后回复是谁写的？", ThreadCue.LAST_WORD),
        ("驱动讨论的最后一个回复说了什么？", ThreadCue.LAST_WORD),
        ("Who started the thread about the build failure?", ThreadCue.START),
        ("What did the original post about the scheduler ask?", ThreadCue.START),
        ("Wer hat den Thread über die Firmware begonnen?", ThreadCue.START),
        ("谁发起了关于固件的讨论？", ThreadCue.START),
        ("Who replied to the question about memory leaks?", ThreadCue.ANY_REPLY),
        ("Did anyone answer the question about the boot delay?", ThreadCue.ANY_REPLY),
        ("Wer hat auf die Frage zum Bootvorgang geantwortet?", ThreadCue.ANY_REPLY),
        ("谁回复了关于启动延迟的问题？", ThreadCue.ANY_REPLY),
        ("What did Linus reply to Greg about the tty patch?", ThreadCue.REPLY_BY),
        ("Was hat Jani Linus geantwortet?", ThreadCue.REPLY_BY),
        ("Jani怎么回复Linus？", ThreadCue.REPLY_BY),
        ("Jani回复了什么？", ThreadCue.REPLY_BY),
    ],
)
def test_thread_positions(question: str, cue: ThreadCue) -> None:
    analysis = analyze(question, NOW)
    assert analysis.thread is cue, question
    assert any(line.startswith("thread:") for line in analysis.explanation)


@pytest.mark.parametrize(
    "question",
    [
        "Who fixed the floor last time?",
        "What did the electrical check in 2019 find?",
        "Wer hat zuletzt die Heizung gewartet?",
        "Wie heißt unser WLAN und wie ist das Passwort?",
        "上次修地板的是谁？",
        "最后一次保养锅炉是哪天？",
    ],
)
def test_no_thread_position_without_a_cue(question: str) -> None:
    assert analyze(question, NOW).thread is None


@pytest.mark.parametrize(
    ("question", "sender"),
    [
        ("What did Linus say about the scheduler?", "Linus"),
        ("What did Linus Torvalds write about the merge window?", "Linus Torvalds"),
        ("what did jani.nikula@intel.com say about the driver?", "jani.nikula@intel.com"),
        ("was schrieb Jani zu den Treibern?", "Jani"),
        ("Was hat Greg zum tty-Patch gesagt?", "Greg"),
        ("Jani关于驱动说了什么？", "Jani"),
        ("王伟关于暖气说了什么？", "王伟"),
        ("mail from Anna Schmidt about the heating", "Anna Schmidt"),  # the old "from" cue
    ],
)
def test_names_without_a_title_become_the_sender(question: str, sender: str) -> None:
    analysis = analyze(question, NOW)
    assert analysis.sender == sender
    assert sender not in analysis.keywords or "from" in question  # a filter, not a keyword
    assert f"sender: {sender}" in analysis.explanation


@pytest.mark.parametrize(
    "question",
    [
        "What did the maintainer say about the scheduler?",
        "What did he fix?",
        "Was hat er gemacht?",
        "Was hat Herr Wolter 2019 fürs Abschleifen verlangt?",  # a titled person, not a sender
        "An wie vielen Tagen ist Jan 2023 laut Steuererklärung zur Arbeit gefahren?",
        "谁先回复了关于调度器的补丁？",
        "妈妈对什么药过敏？",
    ],
)
def test_function_words_and_documents_are_no_sender(question: str) -> None:
    assert analyze(question, NOW).sender is None


@pytest.mark.parametrize(
    ("question", "sender", "recipient"),
    [
        ("What did Linus reply to Greg about the tty patch?", "Linus", "Greg"),
        ("mail from Becker to Ina about the invoice", "Becker", "Ina"),
        ("Was hat Jani Linus geantwortet?", "Jani", "Linus"),
        ("Mail von Becker an Ina zur Rechnung", "Becker", "Ina"),
        ("Jani怎么回复Linus？", "Jani", "Linus"),
        ("what did I send to Ina", ME, "Ina"),
        ("was habe ich Ina geschickt", ME, "Ina"),
        ("我发给Ina的邮件", ME, "Ina"),
        ("mail from Becker to me", "Becker", ME),
        ("Was schrieb mir von Becker?", "Becker", ME),
        ("Becker发给我的邮件", "Becker", ME),
        ("王伟发给林晓雨的邮件", "王伟", "林晓雨"),
    ],
)
def test_senders_and_recipients_with_me_configured(
    question: str, sender: object, recipient: object
) -> None:
    analysis = analyze(question, NOW, me=ME)
    assert (analysis.sender, analysis.recipient) == (sender, recipient), question


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("what did I send to Ina", "sender"),
        ("was habe ich Ina geschickt", "sender"),
        ("我发给Ina的邮件", "sender"),
        ("mail from Becker to me", "recipient"),
    ],
)
def test_me_unset_says_so_and_filters_nothing(question: str, role: str) -> None:
    analysis = analyze(question, NOW)
    assert getattr(analysis, role) is None
    assert any(f"{role}: you, but [mail] me is not set" in line for line in analysis.explanation)


def test_me_configured_is_named_in_the_explanation() -> None:
    analysis = analyze("what did I send to Ina", NOW, me=ME)
    assert "sender: you (jan@x.org, Jan Brenner)" in analysis.explanation
    assert "recipient: Ina" in analysis.explanation


@pytest.mark.parametrize(
    ("question", "poster"),
    [
        ("Who answered first when Jonathan posted the scheduler patch?", "Jonathan"),
        ("Wer hat zuerst geantwortet, als Jani den Patch gepostet hat?", "Jani"),
        ("谁先回复Jonathan的补丁？", "Jonathan"),
    ],
)
def test_the_threads_starter_is_a_person_the_question_is_about(question: str, poster: str) -> None:
    analysis = analyze(question, NOW)
    assert poster in analysis.people
    assert analysis.recipient is None  # "回复Jonathan的补丁" replies to his post: no To filter


@pytest.mark.parametrize(
    ("question", "kept", "dropped"),
    [
        ("Who had the last word in the thread about i915 regressions?", "i915", "word"),
        ("Wer hat den Thread über die Firmware begonnen?", "Firmware", "begonnen"),
        ("驱动讨论的最后一个回复说了什么？", "驱动", "回复"),
        ("What did Linus say about the scheduler?", "scheduler", "Linus"),
    ],
)
def test_cue_words_and_named_people_leave_the_keywords(
    question: str, kept: str, dropped: str
) -> None:
    words = analyze(question, NOW).keywords
    assert kept in words and dropped not in words, words
