"""A home where the log cannot be written (read-only, full) must not stop the CLI."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from assistant.cli import main as cli
from assistant.config import load_config


def test_unwritable_log_folder_turns_logging_off_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = load_config({"ASSISTANT_HOME": str(tmp_path)})

    def read_only(path: Path) -> Path:
        raise OSError(30, "Read-only file system", str(path))

    monkeypatch.setattr(cli, "touch_private_file", read_only)
    saved = logging.getLogger().handlers[:]
    try:
        cli.setup_logging(config)
        assert [type(h) for h in logging.getLogger().handlers] == [logging.NullHandler]
    finally:
        logging.getLogger().handlers[:] = saved
    assert capsys.readouterr().err.strip() == (
        f"assistant: not logging (Read-only file system: {config.paths.log_dir})"
    )
