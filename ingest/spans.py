"""Mapping offsets in a section's embedded `text` to offsets in its `display_text`.

For mail the embedded text is the displayed body with quoted lines and the signature taken
out, whole lines at a time, so the lines of `text` are a subsequence of the lines of
`display_text`. Matching them in order gives each text line its display position; a
citation can then highlight the right place in what the user sees.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable


def offset_mapper(text: str, display_text: str) -> Callable[[int], int]:
    """A function from offsets in `text` to offsets in `display_text`.

    Raises ValueError when `text` is not `display_text` with whole lines removed.
    """
    if text == display_text:
        return lambda offset: offset
    if not text:  # every line removed (a mail that is all list footer): nothing to map
        return lambda offset: 0
    text_starts, display_starts = _matched_line_starts(text, display_text)

    def to_display(offset: int) -> int:
        line = bisect_right(text_starts, offset) - 1
        return display_starts[line] + offset - text_starts[line]

    return to_display


def _matched_line_starts(text: str, display_text: str) -> tuple[list[int], list[int]]:
    display_lines = display_text.split("\n")
    display_offsets = _line_offsets(display_lines)
    text_lines = text.split("\n")
    text_offsets = _line_offsets(text_lines)
    matched: list[int] = []
    cursor = 0
    for line in text_lines:
        while cursor < len(display_lines) and display_lines[cursor] != line:
            cursor += 1
        if cursor == len(display_lines):
            raise ValueError("section text is not its display text with whole lines removed")
        matched.append(display_offsets[cursor])
        cursor += 1
    return text_offsets, matched


def _line_offsets(lines: list[str]) -> list[int]:
    offsets, position = [], 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    return offsets
