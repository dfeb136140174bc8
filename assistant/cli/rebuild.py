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
    from assistant.ask.salvage import carry_over
    from assistant.cli.index import _sync
    from assistant.indexing.locks import index_writer
    from assistant.indexing.rebuild import set_aside

    # Waits for a running writer, then holds the lock (the sync inside retakes it: a no-op).
    with index_writer(config.paths.data_dir, "rebuild"):
        moved = set_aside(config)
        out = sys.stderr if args.json else sys.stdout
        for path in moved:
            print(f"kept the old file as {path}", file=out)
        main_file = [path for path in moved if not path.name.endswith(("-wal", "-shm"))]
        if main_file:
            kept, why = carry_over(main_file[0], config.paths.database)
            note = f" ({why})" if why else ""
            print(f"conversations kept: {kept}{note}", file=out)
        return _sync(config, None, args.json)
