"""`assistant forget PATH [--vacuum]`: erase a file or a folder's files from the index."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import Config

if TYPE_CHECKING:
    from assistant.indexing.forget import ForgetResult


def add_forget_commands(commands: argparse._SubParsersAction) -> None:
    forget = commands.add_parser(
        "forget", help="erase every trace of a file (or a folder's files) from the index"
    )
    forget.add_argument("path", type=Path)
    forget.add_argument(
        "--vacuum",
        action="store_true",
        help="then rewrite the index file so no deleted text stays in it (takes a while)",
    )
    forget.add_argument("--json", action="store_true", help="machine-readable output")
    forget.set_defaults(handler=cmd_forget)


def cmd_forget(config: Config, args: argparse.Namespace) -> int:
    from assistant.indexing.forget import forget
    from assistant.indexing.service import open_index
    from assistant.progress import notes_report, plain_report

    with open_index(config) as index:
        if args.vacuum and not args.json:
            print("erasing, then rewriting the index file (VACUUM)...", flush=True)
        report = notes_report if args.json else plain_report
        result = forget(config, index, args.path, vacuum=args.vacuum, report=report)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
        return 0
    if not (result.documents or result.duplicate_records or result.saved_answers):
        print(f"nothing in the index under {result.target}")
    else:
        duplicates = result.duplicate_records
        print(
            f"forgot {result.documents} documents under {result.target}: {result.chunks} "
            f"chunks, {result.cached_vectors} cached vectors"
            + (f", {duplicates} records of duplicate copies" if duplicates else "")
        )
    if result.saved_answers:
        print(f"deleted {result.saved_answers} saved answers that cited it")
    _print_afterwards(result)
    return 0


def _print_afterwards(result: ForgetResult) -> None:
    """How complete the erasure is, and whether the next sync brings it back."""
    if result.compacted is None:
        print("deleted text may remain in free space of the index file until `--vacuum`")
    elif not result.compacted:
        print(
            "note: another program has the index open, so its write-ahead log still holds old "
            "pages; close the app or watcher and run `assistant forget --vacuum` again"
        )
    for root in result.returning_roots:
        print(
            f"note: it is still inside the registered folder {root}, so the next sync will "
            "index it again; move or delete it, add it to `index.ignore` in config.toml, "
            f"or `assistant remove {root}`"
        )
