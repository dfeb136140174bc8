"""The folders a person registered for indexing (`assistant add` / `assistant remove`).

Kept as a small JSON file in the home, written atomically (temp file + rename), so the CLI,
the watcher and the TUI can all change it without a half-written file ever being read. It names
the person's folders, so it is private to its owner (0600) like everything in the home.
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.config import Config
from assistant.errors import AssistantError
from assistant.paths import write_private_text

ROOTS_FILE = "roots.json"


def _roots_file(config: Config) -> Path:
    return config.paths.data_dir / ROOTS_FILE


def load_roots(config: Config) -> list[Path]:
    """Registered roots, in the order they were added."""
    try:
        data = json.loads(_roots_file(config).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except ValueError as exc:
        raise AssistantError(f"{_roots_file(config)} is damaged ({exc}); fix or delete it") from exc
    return [Path(p) for p in data.get("roots", [])]


def _save(config: Config, roots: list[Path]) -> None:
    payload = json.dumps({"roots": [str(r) for r in roots]}, indent=2, ensure_ascii=False)
    try:
        write_private_text(_roots_file(config), payload + "\n")
    except OSError as exc:  # a read-only or full home: nothing was changed
        raise AssistantError(
            f"Cannot save the folder list {_roots_file(config)} ({exc.strerror or exc}): make "
            f"{config.paths.data_dir} writable (or free space there) and run the command again."
        ) from exc


def is_under(path: Path, roots: list[Path]) -> bool:
    """Whether `path` is one of `roots` or lies below one of them."""
    return any(path.is_relative_to(root) for root in roots)


def add_root(config: Config, path: Path) -> Path:
    """Register a folder (or a single file, e.g. an mbox); returns its absolute path."""
    root = path.expanduser().resolve()
    if not root.exists():
        raise AssistantError(f"{root} does not exist")
    roots = load_roots(config)
    if root in roots:
        return root
    for existing in roots:
        if root.is_relative_to(existing):
            raise AssistantError(f"{root} is already indexed as part of {existing}")
    # A new parent folder takes over the roots below it.
    _save(config, [r for r in roots if not r.is_relative_to(root)] + [root])
    return root


def remove_root(config: Config, path: Path) -> Path:
    """Unregister a root; its documents leave the index at the next sync."""
    root = path.expanduser().resolve()
    roots = load_roots(config)
    if root not in roots:
        known = ", ".join(str(r) for r in roots) or "none"
        raise AssistantError(f"{root} is not a registered folder (registered: {known})")
    _save(config, [r for r in roots if r != root])
    return root
