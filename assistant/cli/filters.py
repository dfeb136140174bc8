"""`--kind/--folder/--from/--since/--until/--sort` for search, ask and chat: one typed value.

The arguments are checked while parsing (a wrong kind or date is a usage error, exit 2, before
any model loads); relative dates are resolved against `--now` once the command runs, and a
folder against the registered roots. The result is an `assistant.ask.user_filters.UserFilters`
that retrieval lays over every search it makes.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from assistant.ask.filter_values import (
    DATE_FORMS,
    KINDS,
    FilterError,
    check_window,
    folder_prefix,
    parse_since,
    parse_until,
)
from assistant.ask.user_filters import UserFilters
from assistant.config import Config

if TYPE_CHECKING:
    from assistant.ask.retrieval import Retrieval


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (nothing outside them is shown)")
    group.add_argument(
        "--kind", action="append", choices=KINDS, default=[], help="only this kind (repeatable)"
    )
    group.add_argument(
        "--folder", metavar="PATH", help="only files in this registered folder or below it"
    )
    group.add_argument(
        "--from", dest="sender", metavar="SENDER", help="only mail from this name or address"
    )
    group.add_argument("--since", metavar="DATE", type=_date, help=f"from DATE on ({DATE_FORMS})")
    group.add_argument("--until", metavar="DATE", type=_date, help="up to the end of DATE")
    group.add_argument(
        "--sort",
        choices=("relevance", "date"),
        default="relevance",
        help="order of the shown sources: best first (default) or newest first",
    )


def _date(text: str) -> str:
    """Checked now, resolved later (a span like 30d counts back from --now)."""
    try:
        parse_since(text, datetime.now().astimezone())
    except FilterError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


# Read with getattr: a caller that builds its own Namespace (a test, a script) may leave them out.
_FILTER_ARGUMENTS = ("kind", "folder", "sender", "since", "until", "sort")


def user_filters(config: Config, args: argparse.Namespace, now: datetime) -> UserFilters:
    """The filters the command line sets; a folder outside the roots is a FilterError."""
    from assistant.indexing.roots import load_roots

    given = {name: getattr(args, name, None) for name in _FILTER_ARGUMENTS}
    since = parse_since(given["since"], now) if given["since"] else None
    until = parse_until(given["until"], now) if given["until"] else None
    check_window(since, until)
    return UserFilters(
        kinds=tuple(dict.fromkeys(given["kind"] or ())),
        folder=folder_prefix(given["folder"], load_roots(config)) if given["folder"] else None,
        sender=(given["sender"] or "").strip() or None,
        date_from=since,
        date_to=until,
        by_date=given["sort"] == "date",
    )


def say_filtered_out(retrieval: Retrieval, *, to_stderr: bool = False) -> None:
    """When the filters left nothing: which one did it (stderr keeps --json output clean)."""
    if retrieval.filtered_out:
        reason = f"nothing found: {retrieval.filtered_out}"
        if to_stderr:
            print(f"assistant: {reason}", file=sys.stderr)
        else:
            print(reason)
