"""Which stored paths a sync looks at: the key a path is stored under, and set-based tests of
"below one of these folders" that stay fast at 20,000 rows (`is_under` scans every root).

Kept apart from sync.py so the syncer reads as the order of its steps, not path arithmetic.
"""

from __future__ import annotations

from pathlib import Path

from ingest.scan import is_utf8


def path_key(path: Path) -> str:
    """The path as stored: a name that is not UTF-8 shows its bad bytes as U+FFFD."""
    text = str(path)
    return text if is_utf8(text) else text.encode("utf-8", "replace").decode("utf-8")


def below(path: Path, folders: set[Path]) -> bool:
    """`is_under` for many folders: a set lookup per ancestor instead of a scan per folder."""
    return path in folders or any(parent in folders for parent in path.parents)


def outermost(paths: list[Path]) -> list[Path]:
    """The paths not below another one: a watcher batch names a folder and files in it, and
    scanning both would read each changed file twice."""
    kept: set[Path] = set()
    for path in sorted(set(paths), key=lambda p: len(p.parts)):
        if not any(parent in kept for parent in path.parents):
            kept.add(path)
    return sorted(kept)
