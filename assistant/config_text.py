"""The config written out as TOML: what `assistant config` prints and what `--edit` starts from.

The printed config must be a file a person can paste into config.toml and load, so it is TOML
and nothing else: the paths (which come from the environment, not from the file) are comments,
and each value carries a comment saying where it came from. The starting file for `--edit`
holds every setting commented out at its default, with its allowed values, so a person sees
what can be set and changes only what they uncomment. Strings are escaped the TOML way; any
character a terminal could act on (controls, bidi overrides) is written as a `\\u` escape.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from assistant.config import SECTIONS, Config
from assistant.config_rules import ALLOWED
from assistant.display import printable

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def toml_value(value: object) -> str:
    """One setting's value as TOML (a string, a number, a bool or a list of strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return '"' + "".join(_escaped(char) for char in str(value)) + '"'


def _escaped(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if 0xD800 <= ord(char) <= 0xDFFF:  # an undecodable byte: TOML has no way to say it
        return "\\uFFFD"
    return char if printable(char) == char else f"\\u{ord(char):04X}"


def _origin(config: Config, key: str) -> str:
    origin = config.origins.get(key)
    if origin is None:
        return "default"
    return f"from {config.paths.config_file.name}" if origin == "file" else f"from {origin}"


def effective_toml(config: Config) -> str:
    """The settings in force, as TOML, each with where it came from."""
    paths = config.paths
    lines = [
        "# The settings in force: defaults, then config.toml, then ASSISTANT_* variables.",
        "# Paths (set by ASSISTANT_HOME, ASSISTANT_MODELS and ASSISTANT_CACHE, not by this file):",
        f"#   config file: {printable(paths.config_file)}",
        f"#   database:    {printable(paths.database)}",
        f"#   logs:        {printable(paths.log_dir)}",
        f"#   models:      {printable(paths.models_dir)}",
        f"#   cache:       {printable(paths.cache_dir)}",
    ]
    for section in SECTIONS:
        lines += ["", f"[{section}]"]
        for name, value in dataclasses.asdict(getattr(config, section)).items():
            origin = _origin(config, f"{section}.{name}")
            lines.append(f"{name} = {toml_value(value)}  # {origin}")
    return "\n".join(lines) + "\n"


def starting_toml() -> str:
    """A new config.toml: every setting commented out at its default, with what it allows."""
    lines = [
        "# assistant settings. Uncomment a line and change its value; a line left commented",
        "# keeps the default. `assistant config` shows what is in force and where it came from.",
    ]
    for section, cls in SECTIONS.items():
        lines += ["", f"[{section}]"]
        for field in dataclasses.fields(cls):
            allowed = ALLOWED.get(f"{section}.{field.name}")
            note = f"  # {allowed}" if allowed else ""
            lines.append(f"# {field.name} = {toml_value(_default(field))}{note}")
    return "\n".join(lines) + "\n"


def _default(field: dataclasses.Field[Any]) -> object:
    if field.default is not dataclasses.MISSING:
        return field.default
    assert field.default_factory is not dataclasses.MISSING, "every setting has a default"
    return field.default_factory()
