"""`assistant watch` end to end: the first sync, one line per batch, and a clean stop.

The command runs as a child process with the real embedder (on one thread) over a one-note
folder. SIGTERM (what a service manager sends) must stop it as Ctrl-C does: "stopping" and
exit code 0, where it used to die mid-sync with no word.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.process_lines import lines_of, next_line
from tests.reliability.notes_helpers import GARDEN_NOTE
from tests.reliability.robustness_support import home_env
from tests.support import REPO

pytestmark = pytest.mark.models
BATCH = re.compile(
    r"^\[\d\d:\d\d:\d\d\] (\d+) indexed, (\d+) removed, (\d+) unreadable \([\d.]+s\): indexed (.+)$"
)
LINE_LIMIT = 300  # seconds to wait for one line: a bound against a hung child, not a target


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_watch_syncs_reports_each_batch_and_stops_cleanly(tmp_path: Path, stop: int) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "garden.md").write_text(GARDEN_NOTE, encoding="utf-8")
    env = home_env(
        tmp_path / "home",
        ASSISTANT_EMBEDDER_THREADS="1",
        ASSISTANT_INDEX_WATCH_DEBOUNCE_SECONDS="0.2",
    )
    command = [sys.executable, "-m", "assistant"]
    subprocess.run([*command, "add", str(root), "--no-index"], env=env, cwd=REPO, check=True)
    child = subprocess.Popen([*command, "watch"], env=env, cwd=REPO, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        assert child.stdout is not None
        lines = lines_of(child.stdout)
        first = BATCH.match(next_line(lines, LINE_LIMIT))
        assert first, "the first sync indexed the note"
        assert first.groups() == ("1", "0", "0", "notes/garden.md"), "and names it"
        assert next_line(lines, LINE_LIMIT) == "watching 1 folder; Ctrl-C to stop"
        (root / "bees.md").write_text("# Bees\n\nOttilie checks the hives in May.\n")
        batch = BATCH.match(next_line(lines, LINE_LIMIT))
        assert batch, "the new note, as one batch"
        assert batch.groups() == ("1", "0", "0", "notes/bees.md"), "named"
        child.send_signal(stop)
        assert next_line(lines, LINE_LIMIT) == "stopping"
        assert child.wait(LINE_LIMIT) == 0
        assert child.stderr is not None and "Traceback" not in child.stderr.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
