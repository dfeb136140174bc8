"""Byte sizes as the program prints them: one MB, 2**20 bytes, everywhere.

The size settings (`index.max_file_mb`, `index.max_note_mb`, ...) count in 2**20 bytes and the
reasons that name them say "MB"; the status line, `doctor` and `models list` print sizes with
the same MB and the same function, so a file, a limit and a free disk compare at a glance.
"""

from __future__ import annotations

MB = 1024 * 1024


def megabytes(size: int) -> str:
    """A size for people: '200 MB', '2.9 MB', '3,052 MB' (whole from 10 MB or when exact)."""
    if size % MB == 0 or size >= 10 * MB:
        return f"{round(size / MB):,} MB"
    return f"{size / MB:.1f} MB"
