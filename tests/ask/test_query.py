"""What counts as something to search for (issue 11 H): every script searches; noise does not."""

from __future__ import annotations

from datetime import datetime

import pytest

from assistant.ask.answer import answer
from assistant.ask.query import MAX_QUERY_CHARS, NOTHING_TO_SEARCH, check_query
from assistant.ask.retrieval import retrieve
from tests.fakes import FakeEmbedder


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\t\n",
        "?!...",
        "—",
        "()*^\"'",
        "🎉",
        "👍🏽🔥",
        "👨‍👩‍👧",
        "\x00\x1b\x07",
        "\u200b\u200d",
    ],
)
def test_noise_has_nothing_to_search_for(query: str) -> None:
    assert check_query(query).refused == NOTHING_TO_SEARCH


@pytest.mark.parametrize(
    "query",
    ["floor", "地板", "上次", "أرضية", "רצפה", "พื้น", "फ़र्श", "2023", "٣", "ё", "🎉 party", "a"],
)
def test_every_script_and_a_bare_number_searches(query: str) -> None:
    checked = check_query(query)
    assert not checked.refused and checked.text == query


def test_undecodable_bytes_and_control_characters_are_repaired() -> None:
    raw = b"\xff\xfe floor".decode("utf-8", "surrogateescape") + "\x00 tiles\x1b"
    checked = check_query(raw)
    assert checked.text == "floor tiles"
    assert checked.text.encode("utf-8")  # what the tokenizer and SQLite need
    assert checked.notes == ("characters that were not valid text were ignored",)


def test_a_very_long_query_is_cut_with_a_note() -> None:
    checked = check_query("floor " * 5000)
    assert len(checked.text) <= MAX_QUERY_CHARS and not checked.refused
    assert "cut to its first" in checked.notes[0]


def test_retrieve_refuses_without_searching_and_answer_says_why(tmp_path) -> None:
    class NoIndex:  # any use of the index would be a search
        def __getattr__(self, name: str):
            raise AssertionError(f"searched: {name}")

    embedder = FakeEmbedder()
    found = retrieve(NoIndex(), embedder, " 🎉 ", now=datetime(2024, 1, 1))  # type: ignore[arg-type]
    assert found.hits == [] and found.refused == NOTHING_TO_SEARCH
    assert embedder.embedded == []
    result = answer(found, None)
    assert result.not_found and result.text == NOTHING_TO_SEARCH
