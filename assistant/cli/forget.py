"""`assistant forget PATH [--vacuum]`: erase a file or a folder's files from the index.

A path with nothing in the index exits 1 (with one line, or the JSON result): a script that
forgets a misspelt path must not take it for done. (Unless the run did finish something: the
rewrite of the file that an interrupted forget still owed.)"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import Config
from assistant.display import json_text, plural, printable

if TYPE_CHECKING:
    from assistant.indexing.forget import ForgetResult


def add_forget_commands(commands: argparse._SubParsersAction) -> None:
    forget = commands.add_parser(
        "forget", help="erase every trace of a file (or a folder's files) from the index"
    )
    forget.add_argument("path", type=Path, help="the file, or a folder for all its files")
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
    found = bool(result.documents or result.duplicate_records or result.saved_answers)
    done = found or result.compacted is True  # or it finished the compaction one owed
    if args.json:
        print(json_text(result.as_dict()))
        return 0 if done else 1
    target = printable(result.target)
    if not done:
        print(f"assistant: nothing in the index under {target}; nothing forgotten", file=sys.stderr)
        return 1
    if not found:
        print(f"nothing in the index under {target}")
    else:
        duplicates = result.duplicate_records
        print(
            f"forgot {plural(result.documents, 'document')} under {target}: "
            f"{plural(result.chunks, 'chunk')}, {plural(result.cached_vectors, 'cached vector')}"
            + (f", {plural(duplicates, 'record')} of duplicate copies" if duplicates else "")
        )
    if result.saved_answers:
        print(f"deleted {plural(result.saved_answers, 'saved answer')} that cited it")
    if result.ocr_cache_entries:
        print(
            f"deleted the OCR cache ({plural(result.ocr_cache_entries, 'result')}; it is kept by "
            "content, not by file; other scans are read by OCR again when they change or are shown)"
        )
    _print_afterwards(result)
    return 0


def _print_afterwards(result: ForgetResult) -> None:
    """How complete the erasure is, and whether the next sync brings it back."""
    if result.compacted is None:
        print("deleted text may remain in free space of the index file until `--vacuum`")
    elif result.compacted and not result.documents:
        print("rewrote the index file: nothing an earlier forget erased is left in it")
    elif not result.compacted:
        print(
            "note: another program has the index open, so its write-ahead log still holds old "
            "pages; close the app or watcher and run `assistant forget --vacuum` again"
        )
    for root in map(printable, result.returning_roots):
        print(
            f"note: it is still inside the registered folder {root}, so the next sync will "
            "index it again; move or delete it, add it to `index.ignore` in config.toml, "
            f"or `assistant remove {root}`"
        )
