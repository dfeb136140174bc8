"""Token counts for the chunker, taken a handful of times per piece and never per character.

A count is a tokenizer call, so the chunker bounds how much text it may hand to one
(`MAX_CHARS_PER_TOKEN` characters per token allowed) and finds the longest piece that fits, or
the earliest start whose tail fits, by binary search over candidate offsets (`first_true`).
"""

from __future__ import annotations

from collections.abc import Callable

TokenCounter = Callable[[str], int]

# Generous: no text is searched for beyond this many characters per allowed token (a token is
# a few characters of prose, fewer of base64 or CJK).
MAX_CHARS_PER_TOKEN = 16


def first_true(size: int, test: Callable[[int], bool]) -> int:
    """The first index in range(size) where `test` holds (`size` if nowhere), in ~log2(size) calls.

    `test` must be False and then True along the range: for token counts, "this prefix is too
    long" as prefixes grow, or "this tail fits" as its start moves right.
    """
    low, high = 0, size - 1
    while low <= high:
        middle = (low + high) // 2
        if test(middle):
            high = middle - 1
        else:
            low = middle + 1
    return low
