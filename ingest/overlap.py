"""Where the overlap of a chunk with the end of the previous chunk begins.

A fact that straddles a cut ("... the tiler was Herr Meier. | His number is ...") is still
found if the next chunk repeats the previous chunk's last sentence or so. The overlap starts
at a sentence start if one fits in the budget, else at a word start; tokens are counted a
handful of times per chunk (binary search), never per character.
"""

from __future__ import annotations

from ingest.segment import sentence_starts, word_starts
from ingest.tokens import MAX_CHARS_PER_TOKEN, TokenCounter, first_true

Span = tuple[int, int, int]  # (start, end, token count) in the section text


def overlap_start(text: str, previous: Span, budget: int, count: TokenCounter) -> int | None:
    """The earliest sentence (else word) start in `previous` whose tail fits `budget` tokens.

    None when not even the last word fits: then there is no overlap.
    """
    start, end, _ = previous
    window = max(start, end - budget * MAX_CHARS_PER_TOKEN)
    for candidates in (sentence_starts(text, window, end), word_starts(text, window, end)):
        found = _earliest_fitting(text, candidates, end, budget, count)
        if found is not None:
            return found
    return None


def _earliest_fitting(
    text: str, starts: list[int], end: int, budget: int, count: TokenCounter
) -> int | None:
    """Binary search: tails get shorter (and cheaper in tokens) as the start moves right."""
    found = first_true(len(starts), lambda i: count(text[starts[i] : end]) <= budget)
    return starts[found] if found < len(starts) else None
