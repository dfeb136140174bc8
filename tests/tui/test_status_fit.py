"""The status line's wording choice: whole wordings only, least important parts give way first."""

from __future__ import annotations

from tui.widgets.status_fit import Part, fit

PARTS = [
    Part("models", ("answers: gemma-3n-e2b-it-q4_k_m", "answers: gemma-3n-e2b", "gemma-3n-e2b"), 1),
    Part("watcher", ("watch: 2 folders", "2 folders"), 2),
    Part("counts", ("12,400 docs · 30,120 chunks", "12,400 docs"), 3),
    Part("file", ("notes/装修记录.md",), 4),
]


def test_a_wide_line_shows_every_part_in_full() -> None:
    assert fit(PARTS, 160) == {p.name: p.wordings[0] for p in PARTS}


def test_parts_give_way_least_important_first_and_whole() -> None:
    shown = fit(PARTS, 60)
    assert shown["file"] is None  # it has no shorter wording: hidden whole, never cut
    assert shown["counts"] == "12,400 docs" and shown["watcher"] == "2 folders"
    assert shown["models"] == "answers: gemma-3n-e2b-it-q4_k_m"  # the line fit before its turn
    assert sum(len(w) + 2 for w in shown.values() if w) <= 60
    narrow = fit(PARTS, 30)
    assert narrow == {
        "models": "answers: gemma-3n-e2b",
        "watcher": None,
        "counts": None,
        "file": None,
    }
    assert fit(PARTS, 5)["models"] == "gemma-3n-e2b"  # too narrow even so: never hidden


def test_wide_characters_count_as_two_cells() -> None:
    only_file = [Part("file", ("notes/装修记录.md",), 1), Part("x", ("x" * 10,), 2)]
    assert fit(only_file, 2 + 16 + 2 + 10)["x"] is None  # 装修记录 is 8 cells, not 4
    assert fit(only_file, 2 + 17 + 2 + 10)["x"] == "x" * 10
