"""`assistant conversations list|export`: the saved conversations of the app, from the shell."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from assistant.config import Config
from assistant.display import json_text, printable
from assistant.errors import AssistantError


def add_conversations_commands(commands: argparse._SubParsersAction) -> None:
    conversations = commands.add_parser(
        "conversations", help="list saved conversations or export one as Markdown"
    )
    sub = conversations.add_subparsers(dest="conversations_command", metavar="ACTION")
    sub.required = True
    listing = sub.add_parser("list", help="saved conversations, newest first, with their ids")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=cmd_list)
    export = sub.add_parser(
        "export", help="one conversation as Markdown: questions, answers, cited sources"
    )
    export.add_argument("conversation_id", type=int, metavar="ID", help="from `conversations list`")
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: print)"
    )
    export.set_defaults(handler=cmd_export)


def cmd_list(config: Config, args: argparse.Namespace) -> int:
    from assistant.ask.conversations import Conversations

    store = Conversations.of(config)
    try:
        listed = store.list()
    finally:
        store.close()
    for item in listed:
        when = datetime.fromtimestamp(item.updated).astimezone()
        if args.json:
            row = {"id": item.id, "title": item.title, "turns": item.turns}
            print(json_text({**row, "updated": when.isoformat(timespec="seconds")}))
        else:
            turns = f"{item.turns} turn{'' if item.turns == 1 else 's'}"
            print(f"{item.id:>4}  {when:%Y-%m-%d %H:%M}  {turns:>8}  {printable(item.title)}")
    if not listed and not args.json:
        print("no saved conversations yet (the app saves each answered question)")
    return 0


def cmd_export(config: Config, args: argparse.Namespace) -> int:
    from assistant.ask.conversations import Conversations
    from assistant.ask.export import export_markdown
    from assistant.paths import write_private_text

    store = Conversations.of(config)
    try:
        text = export_markdown(store, args.conversation_id, datetime.now().astimezone())
    finally:
        store.close()
    if args.output is None:
        print(text, end="")
        return 0
    try:
        write_private_text(args.output.expanduser(), text)
    except OSError as exc:
        raise AssistantError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    print(f"wrote {args.output}")
    return 0
