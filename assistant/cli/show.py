"""`assistant show`: one source in full (headers, body with quotes, attachments), or its thread.

It takes what the other commands print (a key, a path, a Message-ID), so a person can go from
`assistant search` to the whole mail. Everything read from a file is printed through
`printable` line by line; `--json` keeps the exact values.
"""

from __future__ import annotations

import argparse

from assistant.ask.show import Shown, ShownDocument
from assistant.ask.show_target import Choices
from assistant.config import Config
from assistant.display import json_text, plural, printable

PICK_ONE = 2  # the exit code when a file holds several documents and none was named

HELP = "print a document in full, or with --thread its whole mail thread"
DESCRIPTION = (
    "Print a source in full: its headers (From, To, Date, Subject), its whole text with "
    "quoted history, forwarded parts and attachments, and for a mail its place in its thread. "
    f"An mbox path alone lists its messages' keys to pick from (exit {PICK_ONE}); something "
    "not in the index exits 1."
)


def add_show_commands(commands: argparse._SubParsersAction) -> None:
    show = commands.add_parser("show", help=HELP, description=DESCRIPTION)
    show.add_argument(
        "target",
        metavar="PATH-or-KEY",
        help="a file path, a key as `assistant search` prints it, or a Message-ID",
    )
    show.add_argument(
        "--thread", action="store_true", help="every message of the mail's thread, in order"
    )
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=cmd_show)


def cmd_show(config: Config, args: argparse.Namespace) -> int:
    from assistant.ask.show import show_target
    from assistant.indexing.service import open_index
    from assistant.indexing.sync import read_limits

    with open_index(config) as index:
        shown = show_target(index, args.target, thread=args.thread, limits=read_limits(config))
    if isinstance(shown, Choices):
        print(json_text(choices_row(shown)) if args.json else "\n".join(choice_lines(shown)))
        return PICK_ONE
    if args.json:
        print(json_text(shown_row(shown, args.thread)))
    else:
        print("\n".join(shown_lines(shown, args.thread)))
    return 0


# -- JSON -----------------------------------------------------------------------------------


def document_row(document: ShownDocument) -> dict[str, object]:
    thread = document.thread
    return {
        "key": document.key_text,
        "path": str(document.key.file_path),
        "locator": document.key.locator.as_dict() if document.key.locator else None,
        "kind": document.kind,
        "title": document.title,
        "sender": document.sender,
        "recipients": document.recipients,
        "date": document.date.isoformat() if document.date else None,
        "date_source": document.date_source,  # "modified": a note's mtime (ingest.note_dates)
        "thread": {
            "id": thread.key,
            "subject": thread.subject,
            "position": thread.position,
            "size": thread.size,
        }
        if thread
        else None,
        "sections": [
            {"heading": s.heading, "page": s.page, "ocr": s.ocr, "text": s.text}
            for s in document.sections
        ],
        "text_from": "file" if document.from_file else "index",
        "note": document.note or None,
    }


def shown_row(shown: Shown, thread: bool) -> dict[str, object]:
    row = document_row(shown.document)
    if thread:
        messages = shown.messages or (shown.document,)
        row["messages"] = [{**document_row(m), "hit": m.asked} for m in messages]
    return row


def choices_row(choices: Choices) -> dict[str, object]:
    return {
        "path": choices.path,
        "pick_one": [
            {
                "key": listed.key_text,
                "title": listed.title,
                "sender": listed.sender,
                "date": listed.date.isoformat() if listed.date else None,
            }
            for listed in choices.documents
        ],
    }


# -- people ---------------------------------------------------------------------------------


def choice_lines(choices: Choices) -> list[str]:
    count = len(choices.documents)
    lines = [f"{printable(choices.path)} holds {plural(count, 'message')}; show one by its key:"]
    for listed in choices.documents:
        date = listed.date.date().isoformat() if listed.date else "undated"
        lines.append(f"  {printable(listed.key_text)}")
        lines.append(f"      {date} · {printable(listed.sender)} · {printable(listed.title)}")
    lines.append("e.g. assistant show 'KEY'  (add --thread for its whole thread)")
    return lines


def shown_lines(shown: Shown, thread: bool = False) -> list[str]:
    if not shown.messages:
        alone = ["", "(not in a thread with other indexed mail)"] if thread else []
        return document_lines(shown.document) + (alone if shown.document.kind == "mail" else [])
    place = shown.document.thread
    subject = printable(place.subject) if place else ""
    lines = [f"Thread '{subject}': {plural(len(shown.messages), 'message')}", ""]
    for number, message in enumerate(shown.messages, start=1):
        mark = "  <- the one asked for" if message.asked else ""
        lines.append(f"=== {number} of {len(shown.messages)}{mark} " + "=" * 20)
        lines += [*document_lines(message), ""]
    return lines[:-1]


def document_lines(document: ShownDocument) -> list[str]:
    """Headers, then the whole text; every line escaped for the terminal."""
    lines = [f"{label:>8}: {printable(value)}" for label, value in document.headers()]
    if document.note:
        lines.append(f"    note: {printable(document.note)}")
    lines.append("")
    lines += [printable(line.expandtabs()) for line in document.text.split("\n")]
    return lines
