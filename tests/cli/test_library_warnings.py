"""Python warnings from libraries go to the log, never the terminal (or over the app).

watchdog raises a RuntimeWarning naming every watched folder when folders churn under it;
printed, it fills the terminal of `assistant watch` and draws over the TUI. A real process,
because pytest's own warning capture would hide what a user sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support import REPO

SCRIPT = """
import warnings
from assistant.cli.main import setup_logging
from assistant.config import load_config
setup_logging(load_config())
warnings.warn("Callback for watch /home/someone/private already exists", RuntimeWarning)
print("done")
"""


def test_a_library_warning_is_logged_not_printed(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "PYTHONWARN"))}
    env.update(ASSISTANT_HOME=str(tmp_path), PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0 and done.stdout == "done\n", done.stderr
    assert done.stderr == ""
    log = (tmp_path / "logs" / "assistant.log").read_text(encoding="utf-8")
    assert "RuntimeWarning: Callback for watch /home/someone/private" in log
