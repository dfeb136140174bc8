"""The repetition guard (assistant.ask.repetition): a looping answer is stopped, keeps its
first copy and says it was cut, in the question's language; ordinary answers, lists and
tables in English, German and Chinese are never cut."""

from __future__ import annotations

import threading

import pytest

from assistant.ask.analysis import Analysis
from assistant.ask.answer import answer
from assistant.ask.repetition import CUT_NOTE, RepetitionGuard, loop_at_end
from assistant.ask.retrieval import Retrieval
from assistant.config import GeneratorConfig
from tests.fakes import make_hit

SMOLLM_LOOP = "Tom Becker\nThe answer is:\n" * 40  # what SmolLM2 said for the floor question


def feed_all(text: str, piece: int = 3) -> RepetitionGuard:
    guard = RepetitionGuard()
    for start in range(0, len(text), piece):
        if guard.feed(text[start : start + piece]):
            break
    return guard


@pytest.mark.parametrize(
    "text",
    [
        "Marco Rossi fixed the floor on 3 May [1]. His number is +39 333 1234567 [1].",
        "Den Boden hat Herr Kowalski am 14. Januar 2025 repariert [1]. Seine Nummer ist "
        "0171 2345678 [1]. Er kam zweimal, am 14. und am 15. Januar [2].",
        "王师傅修了厨房的水龙头 [1]。他的电话是 138 0013 8000 [1]。费用 200 元 [2]。",
        "| Datum | Betrag |\n|---|---|\n| 2024-01-03 | 120 € |\n| 2024-02-03 | 120 € |\n"
        "| 2024-03-03 | 120 € |\n| 2024-04-03 | 120 € |",
        "- the key [1]\n- the key [2]\n- the key [3]\n",
        "| ja | ja | ja | ja |\n| 120 € | 120 € | 120 € |\n|---|---|---|---|---|---|---|---|",
        "Very, very, very good work by Marco [1].",
        "ha ha ha ha, that was the plumber [1].",
    ],
)
def test_ordinary_answers_are_not_cut(text: str) -> None:
    guard = feed_all(text)
    assert not guard.looped
    assert guard.kept() == text


def test_the_smollm2_loop_is_stopped_after_three_copies_and_keeps_the_first() -> None:
    guard = feed_all(SMOLLM_LOOP)
    assert guard.looped
    assert guard.kept() == "Tom Becker\nThe answer is:"
    fed = len("".join(guard._raw))
    assert fed < 4 * len("Tom Becker\nThe answer is:\n") + 3  # stopped early, not at the end


def test_one_line_three_times_over_is_a_loop() -> None:
    guard = feed_all("The answer is:\n\n" + "Mike O'Brien\n" * 8, piece=4)
    assert guard.looped
    assert guard.kept() == "The answer is:\n\nMike O'Brien"
    assert "".join(guard._raw).count("Mike") == 3


def test_a_loop_that_varies_only_its_whitespace_is_a_loop() -> None:
    sentence = "Der Schlüssel liegt unter der Matte."
    text = "".join(f"{sentence}{' ' if n % 2 else chr(10)}" for n in range(9))
    guard = feed_all(text, piece=5)
    assert guard.looped
    assert guard.kept() == "Der Schlüssel liegt unter der Matte."


def test_a_chinese_loop_after_a_good_start_keeps_the_start() -> None:
    start = "王师傅修了地板 [1]。"
    guard = feed_all(start + "他的电话是多少？我不知道。" * 12, piece=2)
    assert guard.looped
    assert guard.kept() == start + "他的电话是多少？我不知道。"


def test_loop_at_end_finds_any_rotation_of_the_cycle() -> None:
    cycle = "abcdefghijklmnopqrstuvwxyz"
    assert loop_at_end((cycle * 4)[5:]) == (26, 3)
    assert loop_at_end("no loop here, just text that goes on and on and on") is None


class LoopingGenerator:
    """Streams a loop forever unless the consumer stops; records whether it was closed."""

    model_id = "looping-fake"
    settings = GeneratorConfig(context=4096, max_answer_tokens=256)

    def __init__(self) -> None:
        self.closed = False
        self.pieces = 0

    def count_tokens(self, text: str) -> int:
        return len(text) // 3

    def stream(self, messages, cancel=None, on_prefill=None):
        try:
            while True:
                self.pieces += 1
                yield ("Tom Becker [1]\n", "The answer is: ")[self.pieces % 2]
        finally:
            self.closed = True


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Who fixed the floor?", "en"),
        ("Wer hat den Boden repariert?", "de"),
        ("谁修的地板？", "zh"),
    ],
)
def test_answer_stops_a_looping_model_and_says_it_was_cut(question: str, language: str) -> None:
    hits = [make_hit("Marco Rossi fixed the floor.", chunk_id=1, title="floor")]
    retrieval = Retrieval(Analysis(question, keywords=question), question, hits, 0.8)
    generator = LoopingGenerator()
    streamed: list[str] = []
    result = answer(
        retrieval,
        generator,  # type: ignore[arg-type]
        on_text=streamed.append,
        cancel=threading.Event(),
    )
    assert result.cut == CUT_NOTE[language]
    assert generator.closed and generator.pieces < 20
    assert result.text.endswith(CUT_NOTE[language])
    assert result.text.count("Tom Becker") == 1
    assert result.cited == [1]
