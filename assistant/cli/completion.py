"""`assistant completion bash|zsh|fish`: a shell script that completes commands and options.

The script is generated from the parser itself by shtab, so it can never fall behind a new
command or option. shtab is imported only here: the other commands do not pay for it.
Paths complete as files, folders where only a folder makes sense.
"""

from __future__ import annotations

import argparse

SHELLS = ("bash", "zsh", "fish")
_FOLDER_ARGUMENTS = frozenset({"folder"})
_PATH_METAVARS = frozenset({"PATH", "FILE", "DOC"})


def add_completion_commands(commands: argparse._SubParsersAction) -> None:
    completion = commands.add_parser(
        "completion",
        help="print a shell completion script (see README: Shell completion)",
        description="Print a completion script for your shell; the README says where it goes.",
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    completion.set_defaults(handler=cmd_completion)


def cmd_completion(_config: object, args: argparse.Namespace) -> int:
    print(completion_script(args.shell), end="")
    return 0


def completion_script(shell: str) -> str:
    import shtab

    from assistant.cli.main import build_parser  # here: main registers this very command

    parser = build_parser()
    for action in _all_actions(parser):
        if action.dest in _FOLDER_ARGUMENTS:
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
        elif action.metavar in _PATH_METAVARS or action.dest in ("path", "paths", "output"):
            action.complete = shtab.FILE  # type: ignore[attr-defined]
    return shtab.complete(parser, shell=shell)


def _all_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Every argument of `parser` and of its subcommands, however deep."""
    found = list(parser._actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found += _all_actions(sub)
    return found
