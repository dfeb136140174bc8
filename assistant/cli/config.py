"""`assistant config [--json] [--edit]`: the settings in force, and the file they come from.

Printed as TOML a person can paste into config.toml (comments say where each value came
from); `--edit` opens config.toml in the person's editor, creating it first with every
setting commented out, and says in one line whether the result loads. The config a command
got at start-up is the one from before the edit, so the edited file is loaded afresh.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from assistant.config import Config, as_dict, load_config
from assistant.config_text import effective_toml, starting_toml
from assistant.display import json_text, plural, printable
from assistant.errors import AssistantError, ConfigError
from assistant.paths import resolve_paths, write_private_text

# Tried in this order after $VISUAL and $EDITOR: Debian's alternative, then two that most
# systems have.
FALLBACK_EDITORS = ("editor", "nano", "vi")


def add_config_commands(commands: argparse._SubParsersAction) -> None:
    config_cmd = commands.add_parser(
        "config", help="print the settings in force (as TOML) and where the files are"
    )
    config_cmd.add_argument("--json", action="store_true", help="machine-readable output")
    config_cmd.add_argument(
        "--edit",
        action="store_true",
        help="open config.toml in $VISUAL/$EDITOR (created with the defaults commented out)",
    )
    config_cmd.set_defaults(handler=cmd_config, before_config=edit_before_loading)


def edit_before_loading(args: argparse.Namespace) -> int | None:
    """`--edit` runs before the config is loaded: a file that does not load is what it fixes."""
    return edit_config(resolve_paths().config_file) if args.edit else None


def cmd_config(config: Config, args: argparse.Namespace) -> int:
    if args.json:
        print(json_text(as_dict(config)))
    else:
        print(effective_toml(config), end="")
    return 0


def editor_command() -> list[str] | None:
    """The person's editor as an argument list, or None when there is none to run."""
    for variable in ("VISUAL", "EDITOR"):
        words = shlex.split(os.environ.get(variable, ""))
        if words and shutil.which(words[0]):
            return words
    for name in FALLBACK_EDITORS:
        if shutil.which(name):
            return [name]
    return None


def edit_config(config_file: Path) -> int:
    """Open `config_file` in an editor (creating it first), then check that it loads."""
    editor = editor_command()
    if editor is None:
        print(
            f"assistant: no editor found (set $EDITOR); the config file is "
            f"{printable(config_file)}",
            file=sys.stderr,
        )
        return 1
    if not config_file.exists():
        _create(config_file)
    try:
        subprocess.run([*editor, str(config_file)], check=False)
    except OSError as exc:
        raise AssistantError(
            f"could not start {editor[0]} ({exc.strerror}); the config file is {config_file}"
        ) from exc
    return _check(config_file)


def _create(config_file: Path) -> None:
    try:
        write_private_text(config_file, starting_toml())
    except OSError as exc:
        raise AssistantError(
            f"cannot create {config_file} ({exc.strerror}); make its folder writable"
        ) from exc


def _check(config_file: Path) -> int:
    """One line: the edited file loads (and how many settings it sets), or what is wrong."""
    try:
        edited = load_config()
    except ConfigError as exc:
        print(f"assistant: the edited config does not load: {printable(exc)}", file=sys.stderr)
        return 1
    from_file = sum(origin == "file" for origin in edited.origins.values())
    print(f"{printable(config_file)} loads: {plural(from_file, 'setting')} set in it")
    return 0
