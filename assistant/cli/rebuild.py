"""`assistant rebuild`: set a damaged index aside, keep its conversations, index afresh."""

from __future__ import annotations

import argparse
import sys

from assistant.config import Config


def add_rebuild_commands(commands: argparse._SubParsersAction) -> None:
    rebuild = commands.add_parser(
        "rebuild",
        help="move a damaged index aside, keep its readable conversations, index the folders",
    )
    rebuild.add_argument("--json", action="store_true", help="print the sync summary as JSON")
    rebuild.set_defaults(handler=cmd_rebuild)


def cmd_rebuild(config: Config, args: argparse.Namespace) -> int:
    from assistant.cli.index import _sync
    from assistant.indexing.locks import index_writer
    from assistant.indexing.rebuild import set_aside

    # Waits for a running writer, then holds the lock (the sync inside retakes it: a no-op).
    with index_writer(config.paths.data_dir, "rebuild"):
        rebuilt = set_aside(config)
        out = sys.stderr if args.json else sys.stdout
        for path in rebuilt.moved:
            print(f"kept the old file as {path}", file=out)
        if rebuilt.moved:
            note = f" ({rebuilt.unreadable})" if rebuilt.unreadable else ""
            print(f"conversations kept: {rebuilt.conversations}{note}", file=out)
        return _sync(config, None, args.json)
