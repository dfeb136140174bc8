"""The client finds the socket the way the rest of the program finds the home, cheaply."""

from __future__ import annotations

import os
import shutil

import pytest

from assistant.paths import resolve_paths
from assistant.serve.client import terminal_columns
from assistant.serve.place import MAX_SOCKET_PATH, home_of, socket_path


@pytest.mark.parametrize(
    "environ",
    [
        {"ASSISTANT_HOME": "/srv/家/assistant"},
        {"HOME": "/home/jürgen", "XDG_DATA_HOME": "/data/jürgen"},
        {"HOME": "/home/someone"},
    ],
)
def test_the_home_is_the_one_resolve_paths_finds(environ, monkeypatch) -> None:
    for name in ("XDG_DATA_HOME", "ASSISTANT_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert home_of(environ) == str(resolve_paths(dict(environ)).data_dir)


def test_a_deep_home_has_a_short_socket_the_same_for_everyone(tmp_path) -> None:
    deep = str(tmp_path / ("长" * 40))
    runtime = {"XDG_RUNTIME_DIR": "/run/user/1000"}
    path = socket_path(deep, runtime)
    assert path.startswith(f"/run/user/1000/assistant-{os.getuid()}/")
    assert len(os.fsencode(path)) <= MAX_SOCKET_PATH
    assert path == socket_path(deep, runtime)
    assert socket_path("/home/a", runtime) == "/home/a/serve.sock"


@pytest.mark.parametrize("columns", ["120", "0", "", "wide"])
def test_the_width_is_what_shutil_would_say(columns, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns(os.environ) == shutil.get_terminal_size().columns
