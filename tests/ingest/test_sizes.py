"""ingest.sizes: one MB (2**20 bytes) and the one way sizes are printed."""

from __future__ import annotations

import pytest

from ingest.limits import too_large
from ingest.sizes import MB, megabytes


@pytest.mark.parametrize(
    ("size", "printed"),
    [
        (0, "0 MB"),
        (MB, "1 MB"),
        (MB + MB // 2, "1.5 MB"),
        (int(2.94 * MB), "2.9 MB"),
        (10 * MB - 1, "10.0 MB"),
        (10 * MB, "10 MB"),
        (333_590_880, "318 MB"),  # the EmbeddingGemma Q8_0 file: 334 million bytes
        (3 * 1024 * MB, "3,072 MB"),
    ],
)
def test_megabytes(size: int, printed: str) -> None:
    assert megabytes(size) == printed


def test_a_megabyte_is_two_to_the_twenty_bytes() -> None:
    assert MB == 1 << 20


def test_limits_and_sizes_print_alike() -> None:
    reason = too_large(30 * MB, 20 * MB, "max_note_mb", " for notes")
    assert reason == "larger than the 20 MB limit for notes (30 MB; index.max_note_mb)"
