"""A crash inside the app is one line on the terminal and a traceback in the log (issue #14).

Textual's fatal-error screen printed a traceback with local variables (the text of a mail) and
the app exited 0. A sentinel in a local of the failing code must appear nowhere: not on the
terminal, not in the log, which holds the traceback and is private (0600).
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from assistant.cli.main import setup_logging
from assistant.config import load_config
from assistant.runtime.session import Session
from tests.fakes import FakeEmbedder
from tests.tui.tui_helpers import settle
from tui.app import AssistantApp

SENTINEL = "Geheimnis-机密-4711"


# `main` / `setup_logging` point the root logger at the home's log file: undone after each
pytestmark = pytest.mark.usefixtures("restore_logging")


def failing_step() -> None:
    private_mail_text = f"Liebe Anna, {SENTINEL}"
    raise ValueError(f"broken step ({len(private_mail_text)} chars)")


def start_in_handler(app: AssistantApp) -> None:
    app.call_later(failing_step)


def start_in_thread_worker(app: AssistantApp) -> None:
    app.run_worker(failing_step, thread=True, name="sync")  # exit_on_error, as by default


@pytest.mark.parametrize("start", [start_in_handler, start_in_thread_worker])
async def test_a_crash_is_one_line_and_a_logged_traceback_without_locals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], start
) -> None:
    config = load_config({"ASSISTANT_HOME": str(tmp_path / "home")})
    setup_logging(config)
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=FakeEmbedder())
    app = AssistantApp(config, session, watch=False, background=False)
    capsys.readouterr()
    with pytest.raises(Exception, match="broken step"):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            start(app)
            await pilot.pause(0.2)
    session.close()
    assert app.return_code == 1, "a crash must not exit 0"
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    log_file = config.paths.log_dir / "assistant.log"
    assert len(lines) == 1, err
    assert lines[0].startswith("assistant: unexpected error (ValueError: broken step")
    assert f"details in {log_file}" in lines[0]
    assert "Traceback" not in err and SENTINEL not in err and "locals" not in err
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "failing_step" in logged, "the traceback is in the log"
    assert SENTINEL not in logged, "a local variable's value was logged"
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
