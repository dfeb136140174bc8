"""Complete a folder path as a shell does, for the folders screen's Tab key.

Only folders are offered (a root is usually one); `~` is expanded so what is shown is what
will be registered; several matches complete to their common prefix and are all returned, so
the screen can list them. Unreadable or vanished folders complete to nothing, never raise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Completion:
    text: str  # the path completed as far as it is unambiguous
    matches: list[str]  # the folder names that match what was typed (sorted)


def _folders(parent: Path, prefix: str) -> list[str]:
    hidden = prefix.startswith(".")
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return []
    names = []
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            continue
        if is_folder and entry.name.startswith(prefix) and (hidden or entry.name[0] != "."):
            names.append(entry.name)
    return sorted(names)


def _common_start(names: list[str]) -> str:
    """The longest start all names share, character by character (names, not paths)."""
    first, last = min(names), max(names)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def complete_path(typed: str) -> Completion:
    """The completion of `typed`: a unique folder gains its name and a '/'."""
    text = os.path.expanduser(typed)
    head, _, prefix = text.rpartition(os.sep)
    parent = Path(head or os.sep) if os.sep in text else Path.cwd()
    matches = _folders(parent, prefix)
    if not matches:
        return Completion(text, [])
    start = text[: len(text) - len(prefix)]
    if len(matches) == 1:
        return Completion(start + matches[0] + os.sep, matches)
    return Completion(start + _common_start(matches), matches)
