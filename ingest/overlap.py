"""Where the overlap of a chunk with the end of the previous chunk begins.

A fact that straddles a cut ("... the tiler was Herr Meier. | His number is ...") is still
found if the next chunk repeats the previous chunk's last sentence or so. The overlap starts
at a sentence start if one fits in the budget, else at a word start; tokens are counted a
handful of times per chunk (binary search), never per character.
"""

from __future__ import annotations

from ingest.segment import TokenCounter, sentence_starts, word_starts

Span = tuple[int, int, int]  # (start, end, token count) in the section text
# Look no further back than this many characters per overlap token.
_CHARS_PER_TOKEN = 16


def overlap_start(text: str, previous: Span, budget: int, count: TokenCounter) -> int | None:
    """The earliest sentence (else word) start in `previous` whose tail fits `budget` tokens.

    None when not even the last word fits: then there is no overlap.
    """
    start, end, _ = previous
    window = max(start, end - budget * _CHARS_PER_TOKEN)
    for candidates in (sentence_starts(text, window, end), word_starts(text, window, end)):
        found = _earliest_fitting(text, candidates, end, budget, count)
        if found is not None:
            return found
    return None


def _earliest_fitting(
    text: str, starts: list[int], end: int, budget: int, count: TokenCounter
) -> int | None:
    """Binary search: tails get shorter (and cheaper in tokens) as the start moves right."""
    low, high, best = 0, len(starts) - 1, None
    while low <= high:
        middle = (low + high) // 2
        if count(text[starts[middle] : end]) <= budget:
            best, high = starts[middle], middle - 1
        else:
            low = middle + 1
    return best
