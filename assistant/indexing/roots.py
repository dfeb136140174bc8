"""The folders a person registered for indexing (`assistant add` / `assistant remove`).

Kept as a small JSON file in the home, written atomically (temp file + rename), so the CLI,
the watcher and the TUI can all change it without a half-written file ever being read; each
change (read, modify, write) holds `roots.lock` (`assistant.indexing.locks`), so two `add`s at
once both land. It names the person's folders, so it is private to its owner (0600) like
everything in the home.

A root is stored as the person gave it (made absolute, not resolved) and resolved whenever the
roots are loaded: after `ln -sfn b LINK` a root added as LINK is b's files from the next sync
on (a's leave the index), and `remove LINK` finds it. Every caller sees resolved paths.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Config
from assistant.errors import AssistantError
from assistant.indexing.locks import roots_change
from assistant.paths import write_private_text

ROOTS_FILE = "roots.json"


def _roots_file(config: Config) -> Path:
    return config.paths.data_dir / ROOTS_FILE


def _stored(config: Config) -> list[Path]:
    """The roots as given (absolute, unresolved), in the order they were added."""
    try:
        data = json.loads(_roots_file(config).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except ValueError as exc:
        raise AssistantError(f"{_roots_file(config)} is damaged ({exc}); fix or delete it") from exc
    return [Path(p) for p in data.get("roots", [])]


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the path as given, which holds nothing
        return path


def _given(path: Path) -> Path:
    """The path as typed, made absolute (`..` folded, symlinks kept)."""
    return Path(os.path.abspath(path.expanduser()))


def load_roots(config: Config) -> list[Path]:
    """Registered roots, resolved now, in the order they were added."""
    roots: list[Path] = []
    for stored in _stored(config):
        root = _resolved(stored)
        if root not in roots:
            roots.append(root)
    return roots


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


@dataclass(frozen=True)
class Registration:
    """What `register_root` did: `outcome` is "added", "registered" (it was already),
    "inside" (below the registered root in `related`, whose sync covers it) or "replaced"
    (added, taking the place of the registered roots in `related`, which lie below it)."""

    root: Path
    outcome: str
    related: tuple[Path, ...] = ()


def register_root(config: Config, path: Path) -> Registration:
    """Register a folder (or a single file, e.g. an mbox) unless a registered root covers it."""
    given = _given(path)
    root = _resolved(given)
    if not root.exists():
        raise AssistantError(f"{root} does not exist")
    with roots_change(config.paths.data_dir):
        stored = _stored(config)
        for existing in map(_resolved, stored):
            if root == existing:
                return Registration(root, "registered")
            if root.is_relative_to(existing):
                return Registration(root, "inside", (existing,))
        # A new parent folder takes over the roots below it.
        below = [s for s in stored if _resolved(s).is_relative_to(root)]
        _save(config, [*(s for s in stored if s not in below), given])
    replaced = tuple(map(_resolved, below))
    return Registration(root, "replaced" if replaced else "added", replaced)


def add_root(config: Config, path: Path) -> Path:
    """Register a folder (or a single file, e.g. an mbox); returns its resolved path. A path
    inside a registered root is refused (it is indexed as part of that root already)."""
    registration = register_root(config, path)
    if registration.outcome == "inside":
        raise AssistantError(
            f"{registration.root} is already indexed as part of {registration.related[0]}"
        )
    return registration.root


def remove_root(config: Config, path: Path) -> Path:
    """Unregister a root, named as it was given or as it resolves now; its documents leave
    the index at the next sync. Returns the resolved root."""
    given = _given(path)
    root = _resolved(given)
    with roots_change(config.paths.data_dir):
        stored = _stored(config)
        kept = [s for s in stored if s != given and _resolved(s) != root]
        if len(kept) == len(stored):
            known = ", ".join(str(r) for r in load_roots(config)) or "none"
            raise AssistantError(f"{root} is not a registered folder (registered: {known})")
        _save(config, kept)
    return root
