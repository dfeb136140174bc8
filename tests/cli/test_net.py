"""The CLI's last net (issue 11 G): an unforeseen error is one line; the traceback is logged."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from assistant.cli import main as cli_main

# `main` / `setup_logging` point the root logger at the home's log file: undone after each
pytestmark = pytest.mark.usefixtures("restore_logging")


def _failing_command(exc: BaseException):
    def handler(config, args: argparse.Namespace) -> int:
        raise exc

    return handler


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (ValueError("Failed to create llama_context\nmore"), "unexpected error (ValueError: "),
        (UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed"), "Unicode"),
        (PermissionError(13, "Permission denied", "/x/y"), "permission denied: /x/y; check"),
        (RecursionError("maximum recursion depth exceeded"), "unexpected error (RecursionError"),
    ],
)
def test_an_unexpected_error_is_one_line_and_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, exc: BaseException, expected: str
) -> None:
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path))
    parser = cli_main.build_parser()
    original = parser.parse_args

    def parse(argv):
        args = original(argv)
        args.handler = _failing_command(exc)
        return args

    monkeypatch.setattr(cli_main, "build_parser", lambda: parser)
    monkeypatch.setattr(parser, "parse_args", parse)
    assert cli_main.main(["status"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert expected in err and "Traceback" not in err
    assert "details in" in err
    log = (tmp_path / "logs" / "assistant.log").read_text()
    assert "Traceback" in log and type(exc).__name__ in log


def test_a_closed_pipe_ends_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path))
    from assistant.cli import net

    monkeypatch.setattr(net, "silence_stdout", lambda: None)  # pytest's stdout is not a pipe
    assert net.unexpected(BrokenPipeError(32, "Broken pipe"), None) == 141
    assert capsys.readouterr().err == ""
