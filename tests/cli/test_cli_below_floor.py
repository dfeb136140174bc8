"""`search` and `ask` say how many weak matches the relevance floor left out, never silently."""

from __future__ import annotations

import pytest

from assistant.ask.analysis import Analysis
from assistant.ask.retrieval import Retrieval
from assistant.cli.ask import say_below_floor


@pytest.mark.parametrize(
    ("hidden", "line"),
    [
        (0, ""),
        (1, "(1 weaker match not shown: too far from the question to be evidence)\n"),
        (8, "(8 weaker matches not shown: too far from the question to be evidence)\n"),
    ],
)
def test_the_hidden_matches_are_counted(hidden: int, line: str, capsys) -> None:
    question = "Was ist die Hauptstadt von Australien?"
    say_below_floor(Retrieval(Analysis(question), question, [], None, below_floor=hidden))
    assert capsys.readouterr().out == line
