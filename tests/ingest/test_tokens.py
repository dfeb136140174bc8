"""ingest.tokens: the one binary search the chunker's token fitting uses."""

from __future__ import annotations

import random

import pytest

from ingest.overlap import overlap_start
from ingest.segment import longest_prefix
from ingest.tokens import MAX_CHARS_PER_TOKEN, first_true


def _longest_prefix_before(fits: list[bool]) -> int:
    """The hand-written search segment.longest_prefix had, as the reference."""
    low, high, best = 0, len(fits) - 1, -1
    while low <= high:
        middle = (low + high) // 2
        if fits[middle]:
            best, low = middle, middle + 1
        else:
            high = middle - 1
    return best


def _earliest_fitting_before(fits: list[bool]) -> int | None:
    """The hand-written search overlap._earliest_fitting had, as the reference."""
    low, high, best = 0, len(fits) - 1, None
    while low <= high:
        middle = (low + high) // 2
        if fits[middle]:
            best, high = middle, middle - 1
        else:
            low = middle + 1
    return best


@pytest.mark.parametrize("size", [0, 1, 2, 3, 7, 8, 100])
def test_first_true_finds_the_boundary_of_a_monotone_test(size: int) -> None:
    for boundary in range(size + 1):
        tested = [i >= boundary for i in range(size)]
        calls: list[int] = []

        def test(i: int, tested: list[bool] = tested, calls: list[int] = calls) -> bool:
            calls.append(i)
            return tested[i]

        assert first_true(size, test) == boundary
        assert len(calls) <= max(1, size).bit_length()


def test_both_searches_give_what_the_hand_written_ones_gave_even_for_uneven_counts() -> None:
    """Token counts are not strictly monotone in the prefix length; results must not move."""
    rng = random.Random(12)
    for _ in range(2000):
        fits = [rng.random() < 0.5 for _ in range(rng.randrange(0, 20))]
        size = len(fits)
        too_long = [not f for f in fits]
        assert first_true(size, too_long.__getitem__) - 1 == _longest_prefix_before(fits)
        earliest = first_true(size, fits.__getitem__)
        assert (earliest if earliest < size else None) == _earliest_fitting_before(fits)


def test_longest_prefix_and_overlap_start_use_token_counts() -> None:
    text = "one two three four five. six seven eight."
    ends = [3, 7, 13, 18, 24, 28, 34, 41]
    words = len  # one "token" per character keeps the arithmetic visible
    assert longest_prefix(text, 0, ends, 13, words) == 2
    assert longest_prefix(text, 0, ends, 2, words) == -1
    assert overlap_start(text, (0, len(text), 99), 16, words) == text.index("six")
    assert overlap_start(text, (0, len(text), 99), 3, words) is None


def test_the_estimate_is_generous() -> None:
    assert MAX_CHARS_PER_TOKEN == 16
