"""Fast unit tests of the TUI's pure helpers (no models)."""

from __future__ import annotations

from tui.highlight import HIGHLIGHT, highlighted, passage, terms
from tui.widgets.turn import linkify


def test_passage_centres_on_the_first_matching_word() -> None:
    text = "filler " * 100 + "Thomas Becker sanded the floor." + " tail" * 100
    chosen = passage(text, terms("Becker floor"), width=80)
    assert "Becker" in chosen and chosen.startswith("…") and chosen.endswith("…")
    assert passage("short text", ["x"]) == "short text"


def test_highlighting_marks_every_keyword_case_insensitively() -> None:
    words = terms("floor Boden 地板")
    assert "地" in words and "floor" in words
    text = highlighted("The FLOOR (Boden) was fixed.", words)
    marked = [text.plain[s.start : s.end] for s in text.spans if s.style == HIGHLIGHT]
    assert marked == ["FLOOR", "Boden"]


def test_citations_become_links_that_still_read_n() -> None:
    assert linkify("Becker [1], see [2].") == "Becker [\\[1\\]](cite:1), see [\\[2\\]](cite:2)."
