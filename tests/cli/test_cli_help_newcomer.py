"""`assistant --help` for someone who has never used it (issue #14).

It must say that `assistant` alone opens the app, list the commands in the order a newcomer
uses them (developer tools last), and every argument, positional ones included, has help.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from assistant.cli.main import build_parser
from tests.support import REPO


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found[name] = child
                found.update({f"{name} {k}": v for k, v in subcommands(child).items()})
    return found


def test_every_argument_of_every_command_has_help() -> None:
    missing = [
        f"{name}: {action.dest}"
        for name, parser in {"": build_parser(), **subcommands(build_parser())}.items()
        for action in parser._actions
        if not action.help and not isinstance(action, argparse._SubParsersAction)
    ]
    assert missing == []


def test_help_says_the_app_opens_and_lists_commands_for_a_newcomer() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "--help"], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "`assistant` with no command opens the app" in " ".join(text.split())
    listed = [
        line.split()[0]
        for line in text.split("COMMAND\n", 2)[-1].split("\noptions:")[0].splitlines()
        if line.startswith("    ") and not line.startswith("       ")
    ]
    first = ["add", "index", "status", "search", "ask", "chat"]
    assert listed[: len(first)] == first, listed
    assert listed[-1] == "similarity", "the developer tool comes last"
    assert sorted(listed) == sorted(subcommands(build_parser()).keys() & set(listed))
    assert len(listed) == len([n for n in subcommands(build_parser()) if " " not in n])
