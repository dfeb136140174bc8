"""`assistant watch [--json]`: index, then keep the index current as files change.

Each settled batch of changes is one line: its counts, then the files it indexed and removed
by name (the first two, then how many more), so a person sees that the note they just saved
is in. With `--json` each batch is one JSON object per line (JSON Lines: the output is a
stream), and the lines meant for people go to stderr.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from assistant.config import Config
from assistant.display import json_text, plural, printable
from assistant.progress import notes_report

if TYPE_CHECKING:
    from assistant.indexing.sync import SyncStats
    from assistant.runtime.session import Session
    from ingest.watcher import FolderWatcher

NAMED_FILES = 2  # per batch line; the rest are counted


def add_watch_command(commands: argparse._SubParsersAction) -> None:
    watch = commands.add_parser("watch", help="index, then keep the index current as files change")
    watch.add_argument("--json", action="store_true", help="one JSON object per batch (JSON Lines)")
    watch.set_defaults(handler=cmd_watch)


def cmd_watch(config: Config, args: argparse.Namespace) -> int:
    """Sync, then sync each settled batch of changes, through the app's own session."""
    from assistant.indexing.roots import load_roots
    from assistant.runtime.session import Session

    roots = load_roots(config)
    if not roots:
        print(
            "assistant: no folders registered; add one with `assistant add PATH`", file=sys.stderr
        )
        return 1
    people = sys.stderr if args.json else sys.stdout

    def on_batch(stats: SyncStats) -> None:
        print(batch_json(stats) if args.json else batch_line(stats, roots), flush=True)

    session = Session(config, questions=False)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM stops like Ctrl-C
    try:
        session.open()
        session.sync_changes(None, notes_report, on_batch)
        _watch(config, session, roots, on_batch, people)
    finally:
        signal.signal(signal.SIGTERM, previous)
        session.close()
    return 0


def _watch(
    config: Config,
    session: Session,
    roots: list[Path],
    on_batch: Callable[[SyncStats], None],
    people: TextIO,
) -> None:
    """Sync each settled batch until Ctrl-C or SIGTERM; a running batch stops at its next chunk."""
    watcher = start_watcher(config, session, roots, on_batch, people)
    print(f"watching {plural(len(roots), 'folder')}; Ctrl-C to stop", file=people, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("stopping", file=people, flush=True)
    finally:
        session.stop_indexing()
        watcher.stop()


def start_watcher(
    config: Config,
    session: Session,
    roots: list[Path],
    on_batch: Callable[[SyncStats], None],
    people: TextIO,
) -> FolderWatcher:
    """A started watcher that syncs each settled batch of changes through `session`."""
    from assistant.indexing.watching import roots_source
    from ingest.watcher import FolderWatcher

    watcher = FolderWatcher(
        roots,
        lambda paths: session.sync_changes(paths, notes_report, on_batch),
        debounce=config.index.watch_debounce_seconds,
        reconcile_every=config.index.watch_reconcile_seconds,
        source=roots_source(config),
        on_notice=lambda text: print(f"note: {text}", file=people, flush=True),
    )
    watcher.start()
    return watcher


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def shown_path(path: str, roots: list[Path]) -> str:
    """A file as a person finds it: its root's name and the path below it ("notes/a.md")."""
    file = Path(path)
    for root in roots:
        if file.is_relative_to(root):
            return str(Path(root.name) / file.relative_to(root))
    return path


def named(files: list[str], roots: list[Path]) -> str:
    """The first files by name, then how many more: "notes/a.md, mail/cur/123 (+3 more)"."""
    names = ", ".join(printable(shown_path(file, roots)) for file in files[:NAMED_FILES])
    more = len(files) - NAMED_FILES
    return names + (f" (+{more} more)" if more > 0 else "")


def batch_line(stats: SyncStats, roots: list[Path]) -> str:
    """One batch for people: the counts, then the files indexed and removed, by name."""
    counts = (
        f"{stats.documents_indexed} indexed, {stats.deleted} removed, {stats.failed} unreadable"
    )
    names = []
    if stats.indexed_files:
        names.append(f"indexed {named(stats.indexed_files, roots)}")
    if stats.removed_files:
        names.append(f"removed {named(stats.removed_files, roots)}")
    files = f": {'; '.join(names)}" if names else ""
    return f"[{time.strftime('%H:%M:%S')}] {counts} ({stats.seconds:.1f}s){files}"


def batch_json(stats: SyncStats) -> str:
    """One batch as one line of JSON: the summary `index --json` prints, and the files."""
    return json_text(
        {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            **stats.as_dict(),
            "indexed_files": stats.indexed_files,
            "removed_files": stats.removed_files,
        }
    )
