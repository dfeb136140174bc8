"""The config as TOML: values that round-trip through tomllib, escapes a terminal cannot act
on, and a starting file that loads to the defaults."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from assistant.config import Config, load_config
from assistant.config_text import effective_toml, starting_toml, toml_value
from tests.reliability.robustness_support import home_env


@pytest.mark.parametrize(
    "value",
    [
        "embeddinggemma-300m-q8_0", "", 'say "hi" \\ bye', "Prüfung", "装修记录", "tab\there",
        "a\x1b[31mred", "b\u202eevil", 768, 0.2, 1e-05, True, ("*.log", "草稿*", "Entwurf*"), (),
    ],
)  # fmt: skip
def test_a_value_reads_back_as_itself(value: object) -> None:
    expected = list(value) if isinstance(value, tuple) else value
    assert tomllib.loads(f"key = {toml_value(value)}")["key"] == expected


def test_terminal_controls_are_escaped_not_written() -> None:
    written = toml_value("a\x1b[31m\u202e\x7f")
    assert written.isascii() and written.isprintable()
    assert written == '"a\\u001B[31m\\u202E\\u007F"'


def test_the_starting_file_loads_to_the_defaults(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(starting_toml(), encoding="utf-8")
    loaded = load_config(home_env(home))
    assert loaded.origins == {} and loaded.embedder.dim == 768
    assert set(tomllib.loads(starting_toml())) == {"embedder", "index", "generator", "mail"}


def test_the_printed_settings_are_the_ones_in_force(config: Config) -> None:
    printed = tomllib.loads(effective_toml(config))
    assert printed["index"]["vector_type"] == config.index.vector_type
    assert printed["generator"]["top_k"] == config.generator.top_k
    assert printed["mail"]["me"] == list(config.mail.me)
