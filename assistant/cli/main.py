"""The `assistant` command line: parse, call one core function, print.

Human output by default, ``--json`` for scripts. Errors a person can fix are printed as one
line (an `AssistantError` or the store's `StoreError` carries the what-to-do-next), never as a
traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence

from assistant import __version__
from assistant.cli.ask import add_ask_commands
from assistant.cli.chat import add_chat_command
from assistant.cli.completion import add_completion_commands
from assistant.cli.config import add_config_commands
from assistant.cli.conversations import add_conversations_commands
from assistant.cli.doctor import add_doctor_commands
from assistant.cli.engine import Engine, LocalEngine
from assistant.cli.forget import add_forget_commands
from assistant.cli.index import add_index_commands
from assistant.cli.mcp import add_mcp_commands
from assistant.cli.models import add_models_commands
from assistant.cli.net import stdout_flushed, unexpected
from assistant.cli.rebuild import add_rebuild_commands
from assistant.cli.serve import add_serve_command
from assistant.cli.show import add_show_commands
from assistant.config import MRL_DIMS, Config, load_config
from assistant.display import printable
from assistant.errors import AssistantError
from assistant.paths import touch_private_file
from store import StoreError, read_only_index

# `--help` lists the commands in the order a newcomer needs them: add a folder, search and ask,
# then looking after the index; the developer tool last. A command not named here comes just
# before it.
NEWCOMER_ORDER = (
    "add", "index", "status", "search", "ask", "chat", "show", "conversations", "watch",
    "serve", "remove", "forget", "doctor", "config", "models", "rebuild", "reindex", "completion",
    "similarity",
)  # fmt: skip
DESCRIPTION = """Ask questions about your own notes, mail and PDFs, offline.

`assistant` with no command opens the app: add a folder there (F3) and ask.
The commands below do the same from a shell or a script."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"assistant {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    add_config_commands(commands)

    sim = commands.add_parser(
        "similarity", help="(for developers) cosine scores of documents against a query"
    )
    sim.add_argument("query", help="the text to compare against")
    sim.add_argument("documents", nargs="+", metavar="DOC", help="texts to score")
    sim.add_argument("--dim", type=int, choices=MRL_DIMS, help="only this MRL dim")
    sim.add_argument("--json", action="store_true", help="machine-readable output")
    sim.set_defaults(handler=cmd_similarity)

    add_index_commands(commands)
    add_ask_commands(commands)
    add_chat_command(commands)
    add_show_commands(commands)
    add_mcp_commands(commands)
    add_serve_command(commands)
    add_conversations_commands(commands)
    add_models_commands(commands)
    add_doctor_commands(commands)
    add_forget_commands(commands)
    add_rebuild_commands(commands)
    add_completion_commands(commands)
    _in_newcomer_order(commands)
    return parser


def _in_newcomer_order(commands: argparse._SubParsersAction) -> None:
    """Order `--help`'s list (argparse shows the commands in the order they were added)."""
    last = NEWCOMER_ORDER.index("similarity")
    rank = {name: n for n, name in enumerate(NEWCOMER_ORDER)}
    commands._choices_actions.sort(key=lambda action: rank.get(action.dest, last - 0.5))


def cmd_similarity(config: Config, args: argparse.Namespace) -> int:
    from assistant.runtime.embedder import Embedder
    from assistant.runtime.similarity import similarity_table

    embedder = Embedder.from_config(config)
    dims = (args.dim,) if args.dim else MRL_DIMS
    table = similarity_table(embedder, args.query, args.documents, dims)
    if args.json:
        print(
            json.dumps(
                {
                    "query": args.query,
                    "documents": args.documents,
                    "scores": {str(d): s for d, s in table.items()},
                }
            )
        )
        return 0
    print(f"model: {embedder.model_id}")
    print("  ".join(f"{d:>6}d" for d in dims) + "  document")
    for i, doc in enumerate(args.documents):
        print("  ".join(f"{table[d][i]:7.4f}" for d in dims) + f"  {doc}")
    return 0


def setup_logging(config: Config) -> None:
    """Warnings and errors go to a log file in the home, not the terminal.

    Libraries (pypdf above all) log warnings about odd files; on the terminal they would
    drown the output and corrupt the TUI. Python `warnings` go the same way (watchdog raises a
    RuntimeWarning naming every watched folder when folders churn). `ASSISTANT_DEBUG=1` also
    logs debug detail.
    Our own warnings name files and reasons, never document text or questions: the log is
    kept longer and looked at more casually than the index (tests/reliability check this).
    """
    try:
        # 0600 in a 0700 folder
        log_file = touch_private_file(config.paths.log_dir / "assistant.log")
        handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8")
    except OSError as exc:  # a read-only or full home must not stop search from working
        print(f"assistant: not logging ({exc.strerror}: {config.paths.log_dir})", file=sys.stderr)
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if os.environ.get("ASSISTANT_DEBUG") else logging.WARNING)
    logging.captureWarnings(True)


def open_app(config: Config) -> int:
    """`assistant` with no command: the terminal app (imported only now: it pulls in Textual)."""
    from tui.app import run

    return run(config)


READING_COMMANDS = ("status", "search", "ask", "chat", "conversations", "show")


def _note_read_only(config: Config, command: str) -> None:
    """One line before a command that only reads an index opened read-only (immutable)."""
    if command in READING_COMMANDS and read_only_index(config.paths.database):
        print(
            f"note: {config.paths.database} is read-only (its folder cannot be written): "
            "search works; indexing and saving conversations do not",
            file=sys.stderr,
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its output is flushed before returning, so a reader that left
    (`assistant search x | head -1`) ends it quietly with 141, never a traceback."""
    try:
        code = _command(argv)
    except SystemExit:  # argparse: --help, --version, usage errors
        if not stdout_flushed():
            raise SystemExit(141) from None
        raise
    return code if stdout_flushed() else 141


def _command(
    argv: Sequence[str] | None,
    environ: dict[str, str] | None = None,
    engine: Engine | None = None,
) -> int:
    """Parse and run one command. `environ` and `engine` are a client's environment and the
    server's models when `assistant serve` runs the command for a client (assistant.cli.remote);
    the server has set up the log already."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.engine = engine if engine is not None else LocalEngine()
    config: Config | None = None
    try:
        if (early := getattr(args, "before_config", None)) and (code := early(args)) is not None:
            return int(code)
        config = load_config(environ)
        if engine is None:
            setup_logging(config)
        _note_read_only(config, args.command)
        if not getattr(args, "handler", None):
            return open_app(config)
        return args.handler(config, args)
    except (AssistantError, StoreError) as exc:  # the store's family is its own, shown alike
        print(f"assistant: {printable(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("assistant: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last net: one line here, the traceback in the log
        return unexpected(exc, config.paths.log_dir / "assistant.log" if config else None)
