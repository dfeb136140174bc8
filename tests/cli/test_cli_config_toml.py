"""`assistant config` prints TOML that loads, and `config --edit` opens (creating) config.toml.

Every case is a real `python -m assistant` process in a fresh home. The editor is a small
shell script named by $EDITOR that changes the file the way a person would (appends a
setting, or breaks the file), so the whole path runs: create, edit, check.
"""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

from assistant.config import load_config
from tests.cli.cli_process import run
from tests.reliability.robustness_support import home_env

# Appended to the file the editor is given (its last table is [mail]): a setting a person
# adds, with names in the three languages the users write in.
ME_LINE = 'me = ["jan@example.org", "Jan Brenner", "Jürgen Weiß", "王小明"]'


def editor(tmp_path: Path, body: str) -> str:
    """An executable script that edits the file it is given ($1) with the shell `body`."""
    script = tmp_path / "edit.sh"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def test_config_prints_toml_that_loads_with_where_each_value_came_from(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('[index]\nignore = ["*.log", "草稿*"]\n', encoding="utf-8")
    done = run(home, "config", ASSISTANT_GENERATOR_TEMPERATURE="0.5")
    assert done.returncode == 0, done.stderr
    printed = tomllib.loads(done.stdout)  # the whole output is TOML: paths are comments
    assert set(printed) == {"embedder", "index", "generator", "mail"}
    assert printed["index"]["ignore"] == ["*.log", "草稿*"]
    assert printed["generator"]["temperature"] == 0.5
    assert printed["embedder"]["dim"] == 768
    lines = done.stdout.splitlines()
    assert 'ignore = ["*.log", "草稿*"]  # from config.toml' in lines
    assert "temperature = 0.5  # from ASSISTANT_GENERATOR_TEMPERATURE" in lines
    assert "dim = 768  # default" in lines
    assert f"#   config file: {home / 'config.toml'}" in lines


def test_printed_config_saved_as_config_toml_loads_to_the_same_settings(tmp_path: Path) -> None:
    first = tmp_path / "first"
    done = run(
        first, "config", ASSISTANT_MAIL_ME="Jan Brenner,王小明", ASSISTANT_EMBEDDER_DIM="256"
    )
    second = tmp_path / "second"
    second.mkdir()
    (second / "config.toml").write_text(done.stdout, encoding="utf-8")
    loaded = load_config(home_env(second))
    assert loaded.mail.me == ("Jan Brenner", "王小明") and loaded.embedder.dim == 256


def test_edit_creates_the_file_with_defaults_commented_out_then_says_it_loads(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    done = run(home, "config", "--edit", EDITOR=editor(tmp_path, f"echo '{ME_LINE}' >> \"$1\""))
    assert done.returncode == 0, done.stderr
    config_file = home / "config.toml"
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    text = config_file.read_text(encoding="utf-8")
    assert "# dim = 768  # one of (768, 512, 256, 128)" in text.splitlines()
    assert "[embedder]" in text.splitlines(), "tables are open: uncommenting a line is enough"
    assert text.endswith(ME_LINE + "\n")
    assert done.stdout == f"{config_file} loads: 1 setting set in it\n"
    shown = tomllib.loads(run(home, "config").stdout)
    assert shown["mail"]["me"] == ["jan@example.org", "Jan Brenner", "Jürgen Weiß", "王小明"]


def test_edit_that_breaks_the_file_is_one_line_naming_the_mistake(tmp_path: Path) -> None:
    home = tmp_path / "home"
    broken = editor(tmp_path, "printf '[embedder]\\ndim = 100\\n' > \"$1\"")
    done = run(home, "config", "--edit", EDITOR=broken)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "does not load" in done.stderr and "embedder.dim" in done.stderr
    unparsable = editor(tmp_path, "echo '[embedder' >> \"$1\"")
    again = run(home, "config", "--edit", EDITOR=unparsable)  # --edit opens a broken file too
    assert again.returncode == 1 and again.stderr.count("\n") == 1
    assert "not valid TOML" in again.stderr


def test_edit_without_any_editor_says_where_the_file_is(tmp_path: Path) -> None:
    home = tmp_path / "home"
    empty = tmp_path / "no-editors"
    empty.mkdir()
    done = run(home, "config", "--edit", EDITOR="", VISUAL="", PATH=str(empty))
    assert done.returncode == 1 and done.stdout == ""
    assert (
        done.stderr
        == f"assistant: no editor found (set $EDITOR); the config file is {home / 'config.toml'}\n"
    )
    assert not (home / "config.toml").exists(), "nothing is created that nobody will edit"


def test_visual_comes_before_editor(tmp_path: Path) -> None:
    home = tmp_path / "home"
    visual = editor(tmp_path, f"echo '{ME_LINE}' >> \"$1\"")
    done = run(home, "config", "--edit", VISUAL=visual, EDITOR="/bin/false")
    assert done.returncode == 0, done.stderr
    assert (home / "config.toml").read_text(encoding="utf-8").endswith(ME_LINE + "\n")
