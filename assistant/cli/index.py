"""`assistant add|remove|index|status|watch|reindex`: the index from the command line."""

from __future__ import annotations

import argparse
import signal
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import MRL_DIMS, VECTOR_TYPES, Config
from assistant.display import json_text, printable
from assistant.progress import ConsoleReport, notes_report, plain_report

if TYPE_CHECKING:
    from assistant.indexing.sync import SyncStats
    from assistant.runtime.session import Session


def add_index_commands(commands: argparse._SubParsersAction) -> None:
    add = commands.add_parser("add", help="register a folder (or an mbox file) for indexing")
    add.add_argument("path", type=Path)
    add.add_argument("--no-index", action="store_true", help="register only; index later")
    add.set_defaults(handler=cmd_add)

    remove = commands.add_parser("remove", help="unregister a folder and drop its documents")
    remove.add_argument("path", type=Path)
    remove.set_defaults(handler=cmd_remove)

    index = commands.add_parser("index", help="bring the index in line with the folders")
    index.add_argument("paths", nargs="*", type=Path, help="only these (default: all roots)")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.set_defaults(handler=cmd_index)

    status = commands.add_parser("status", help="roots, counts and files that could not be read")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_status)

    watch = commands.add_parser("watch", help="index, then keep the index current as files change")
    watch.set_defaults(handler=cmd_watch)

    reindex = commands.add_parser("reindex", help="rebuild vectors at another dim/type (no model)")
    reindex.add_argument("--dim", type=int, choices=MRL_DIMS)
    reindex.add_argument("--vector-type", choices=VECTOR_TYPES)
    reindex.set_defaults(handler=cmd_reindex)


def _sync(config: Config, paths: list[Path] | None, as_json: bool) -> int:
    from assistant.indexing.service import open_index, run_sync, settings_note
    from assistant.runtime.embedder import Embedder

    with open_index(config) as index:
        report = notes_report if as_json else ConsoleReport()
        stats = run_sync(config, index, Embedder.from_config(config), paths, report)
        note = settings_note(config, index)
    if as_json:
        print(json_text(stats.as_dict()))
        return 0
    print(
        f"{stats.files_seen} files: {stats.documents_indexed} documents indexed, "
        f"{stats.unchanged} unchanged, {stats.deleted} removed, {stats.failed} unreadable, "
        f"{stats.skipped} skipped; {stats.chunks} chunks ({stats.embedded} embedded, "
        f"{stats.reused} reused) in {stats.seconds:.1f}s"
    )
    for path, reason in stats.failures[:20]:
        print(f"  ! {printable(path)}: {printable(reason)}")
    if len(stats.failures) > 20:
        print(f"  ... and {len(stats.failures) - 20} more (see `assistant status`)")
    if note:
        print(f"note: {note}")
    return 0


def cmd_add(config: Config, args: argparse.Namespace) -> int:
    from assistant.indexing.roots import add_root

    root = add_root(config, args.path)
    print(f"added {printable(root)}")
    return 0 if args.no_index else _sync(config, [root], as_json=False)


def cmd_remove(config: Config, args: argparse.Namespace) -> int:
    from assistant.indexing.roots import remove_root

    root = remove_root(config, args.path)
    print(f"removed {printable(root)}")
    return _sync(config, None, as_json=False)


def cmd_index(config: Config, args: argparse.Namespace) -> int:
    return _sync(config, args.paths or None, args.json)


def cmd_status(config: Config, args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from assistant.indexing.service import index_status, open_index
    from ingest.sizes import megabytes

    with open_index(config) as index:
        status = index_status(config, index)
    if args.json:
        print(json_text(asdict(status), indent=2))
        return 0
    print(
        "roots:",
        ", ".join(map(printable, status.roots)) or "none (add one with `assistant add PATH`)",
    )
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(status.by_kind.items())) or "nothing yet"
    print(f"indexed: {status.documents} documents ({kinds}), {status.chunks} chunks")
    print(
        f"vectors: {status.dim}-d {status.vector_type}, model {status.model_id or '-'}; "
        f"database {megabytes(status.database_bytes)}"
    )
    if status.last_sync:
        when = datetime.fromtimestamp(status.last_sync["finished_at"]).isoformat(" ", "seconds")
        print(f"last sync: {when} ({status.last_sync['seconds']:.1f}s)")
    if status.duplicates:
        by_content = status.duplicates_by_content
        print(
            f"duplicates skipped: {status.duplicates} "
            f"(same Message-ID: {status.duplicates - by_content}, same content: {by_content})"
        )
    print(f"could not be indexed: {len(status.failures)}")
    for failure in status.failures:
        print(f"  ! {printable(failure.where)}: {printable(failure.reason)}")
    if status.settings_note:
        print(f"note: {printable(status.settings_note)}")
    return 0


def cmd_watch(config: Config, args: argparse.Namespace) -> int:
    """Sync, then sync each settled batch of changes, through the app's own session."""
    from assistant.indexing.roots import load_roots
    from assistant.runtime.session import Session

    roots = load_roots(config)
    if not roots:
        print("no folders registered: add one with `assistant add PATH`")
        return 1
    session = Session(config, questions=False)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM stops like Ctrl-C
    try:
        session.open()
        session.sync_changes(None, notes_report, _print_batch)
        _watch(config, session, roots)
    finally:
        signal.signal(signal.SIGTERM, previous)
        session.close()
    return 0


def _watch(config: Config, session: Session, roots: list[Path]) -> None:
    """Sync each settled batch until Ctrl-C or SIGTERM; a running batch stops at its next chunk."""
    from assistant.indexing.watching import roots_source
    from ingest.watcher import FolderWatcher

    watcher = FolderWatcher(
        roots,
        lambda paths: session.sync_changes(paths, notes_report, _print_batch),
        debounce=config.index.watch_debounce_seconds,
        reconcile_every=config.index.watch_reconcile_seconds,
        source=roots_source(config),
        on_notice=lambda text: print(f"note: {text}", flush=True),
    )
    watcher.start()
    print(f"watching {len(roots)} folder(s); Ctrl-C to stop", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("stopping", flush=True)
    finally:
        session.stop_indexing()
        watcher.stop()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _print_batch(stats: SyncStats) -> None:
    stamp = time.strftime("%H:%M:%S")
    print(
        f"[{stamp}] {stats.documents_indexed} indexed, {stats.deleted} removed, "
        f"{stats.failed} unreadable ({stats.seconds:.1f}s)",
        flush=True,
    )


def cmd_reindex(config: Config, args: argparse.Namespace) -> int:
    from assistant.indexing.service import open_index, reindex

    started = time.perf_counter()
    with open_index(config) as index:
        count = reindex(config, index, args.dim, args.vector_type, plain_report)
        print(
            f"rebuilt {count} vectors as {index.dim}-d {index.vector_type} "
            f"in {time.perf_counter() - started:.1f}s (no re-embedding)"
        )
    return 0
