"""Chinese, Japanese and German questions through every reader of CJK characters in ask/.

Pins which characters each one counts as Han (see store.cjk): the basic block for our own
messages and Chinese names, the basic block plus Extension A for keywords and follow-ups.
"""

from __future__ import annotations

import pytest

from assistant.ask.analysis import keywords
from assistant.ask.answer import language_of
from assistant.ask.cues import PERSON, SENDER
from assistant.ask.retrieval import standalone_query


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("谁修的水龙头？", "zh"),
        ("東京の会議はいつ？", "zh"),  # kanji are in the basic Han block
        ("いつですか", "en"),  # kana alone are not Chinese
        ("㐀", "en"),  # Extension A is not in the basic block
        ("㐀是什么", "zh"),
        ("Wer hat das Dach repariert?", "de"),
        ("Who fixed it?", "en"),
    ],
)
def test_language_of_our_own_messages(question: str, language: str) -> None:
    assert language_of(question) == language


@pytest.mark.parametrize(
    ("question", "groups"),
    [
        ("王伟发来的报价", (None, "王伟")),
        ("上次㐀伟发来的", None),
        ("von Anna Becker", ("Anna Becker", None)),
        ("田中さん発来", None),
    ],
)
def test_sender_names(question: str, groups: tuple[str | None, ...] | None) -> None:
    match = SENDER.search(question)
    assert (match.groups() if match else None) == groups


@pytest.mark.parametrize(
    ("question", "groups"),
    [
        ("张师傅来过吗", (None, "张")),
        ("修地板的师傅", None),
        ("㐀师傅", None),
        ("Herr Doyle kam", ("Doyle", None)),
    ],
)
def test_people_named_with_a_title(question: str, groups: tuple[str | None, ...] | None) -> None:
    match = PERSON.search(question)
    assert (match.groups() if match else None) == groups


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("上次张师傅修的地板", "张师傅修 地板"),
        ("東京の会議はいつ", "東京 の会議はいつ"),  # kana end a Han run
        ("㐀㐁的报价", "㐀㐁 报价"),  # Extension A is part of a run
        ("Wer hat den Boden im März repariert?", "Boden März repariert"),
    ],
)
def test_keywords_of_cjk_and_german_questions(question: str, kept: str) -> None:
    assert keywords(question, []) == kept


@pytest.mark.parametrize(
    ("question", "follow_up"),
    [
        ("他的电话呢", True),
        ("厨房水龙头是谁修的还有多少钱", False),
        ("㐀㐁㐂㐃㐄㐅㐆㐇㐈㐉㐊㐋㐌㐍", False),  # counted per character, like the basic block
        ("とうきょうのかいぎはいつですかおしえてください", True),  # kana: one "word"
        ("und seine Nummer?", True),
        ("Wann kommt der Fliesenleger wieder zu uns nach Hause", False),
    ],
)
def test_follow_ups_count_han_characters_as_half_words(question: str, follow_up: bool) -> None:
    expected = f"previous {question}" if follow_up else question
    assert standalone_query(question, ["previous"]) == expected
