"""`assistant watch` running while other commands use the same home (issue 11, A).

The watcher is a real `assistant watch` process (with the fake embedder); `status`, `search`,
`forget` and `reindex` run as separate processes meanwhile, exactly as a person types them.
Each of those closes its connection when it ends; if the watcher had lost its SQLite locks
(an `open`/`close` of the index file beside a live connection drops them), the closing process
would delete the -wal under the watcher: what the watcher indexes next is then invisible, and
a `forget` is undone when the watcher's orphan WAL is checkpointed back on exit.
Afterwards: the forgotten file stays forgotten, search finds what the watcher indexed, the
integrity check passes, and the index equals a clean one of the same files. The forgotten note
sits in a second root the watcher sees no event in: a batch for its own folder is a sync, and a
sync indexes a forgotten file that is still there again, by design (assistant/indexing/forget.py).
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assistant.indexing.forget import forget
from assistant.indexing.service import open_index, run_sync
from tests.fakes import FakeEmbedder
from tests.reliability.robustness_support import FAKE_CLI, config_for, home_env, show
from tests.support import REPO

NOTES = {
    "one.md": "# Door\n\nThe spare quokkadoor key is under the flower pot.\n",
    "two.md": "# Boiler\n\nThe boiler key hangs by the door.\n",
    "three.md": "# Fuse\n\nThe fuse box is behind the coats.\n",
    "four.md": "# Water\n\nThe water stopcock is under the sink.\n",
}
SETTINGS = {"ASSISTANT_INDEX_WATCH_DEBOUNCE_SECONDS": "0.3"}
WAIT_SECONDS = 120  # a generous bound on a missing event, not a timing assertion


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-c", FAKE_CLI, *args], env=home_env(home, **SETTINGS),
                          cwd=REPO, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, f"assistant {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


class Watcher:
    """`assistant watch` in a child process, its output lines read by a thread."""

    def __init__(self, home: Path) -> None:
        self.log = home / "logs" / "assistant.log"
        self.process = subprocess.Popen(
            [sys.executable, "-c", FAKE_CLI, "watch"], env=home_env(home, **SETTINGS), cwd=REPO,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line)

    def wait_for(self, pattern: str) -> re.Match[str]:
        """The next output line that matches `pattern` (fails when none comes)."""
        while True:
            try:
                line = self.lines.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                log = self.log.read_text(encoding="utf-8")[-3000:] if self.log.exists() else ""
                pytest.fail(f"the watcher never printed {pattern!r}:\n{''.join(self.output)}{log}")
            if found := re.search(pattern, line):
                return found

    def index(self, folder: Path, name: str) -> None:
        """Write note `name` and wait until a batch has indexed it."""
        (folder / name).write_text(NOTES[name], encoding="utf-8")
        while int(self.wait_for(r"(\d+) indexed, \d+ removed")[1]) == 0:
            pass  # a batch of events that changed nothing (the folder's own mtime)

    def orphaned(self, database: Path) -> list[str]:
        """The watcher's descriptors on an index file that was deleted under it."""
        found = []
        for fd in Path(f"/proc/{self.process.pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith(str(database)) and target.endswith("(deleted)"):
                found.append(target)
        return found

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=WAIT_SECONDS)


def top_hit(home: Path, query: str) -> str:
    lines = cli(home, "search", query, "--json").stdout.splitlines()
    rows = [row for row in map(json.loads, lines) if row["type"] == "hit"]
    return rows[0]["path"] if rows else ""


def clean_index(home: Path, quiet: Path, folder: Path) -> dict:
    """The same files indexed from scratch at 256-d int8, then `one.md` forgotten."""
    config = config_for(home, [quiet, folder], ASSISTANT_EMBEDDER_DIM="256",
                        ASSISTANT_INDEX_VECTOR_TYPE="int8")  # fmt: skip
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
        forget(config, index, quiet / "one.md")
        return {"fingerprint": index.fingerprint(), "stats": index.stats()}


def test_watch_with_status_search_forget_and_reindex_meanwhile(
    tmp_path: Path, record_property
) -> None:
    home, quiet, folder = tmp_path / "home", tmp_path / "m", tmp_path / "n"
    quiet.mkdir()
    folder.mkdir()
    (quiet / "one.md").write_text(NOTES["one.md"], encoding="utf-8")
    database = home / "index.sqlite3"
    cli(home, "add", str(quiet))
    cli(home, "add", str(folder))
    watcher = Watcher(home)
    orphaned: list[str] = []
    try:
        watcher.wait_for(r"^watching ")
        watcher.index(folder, "two.md")
        cli(home, "status")
        watcher.index(folder, "three.md")
        orphaned += watcher.orphaned(database)
        assert orphaned == [], "`status` deleted index files under the running watcher"
        found_three = top_hit(home, "fuse box coats")
        cli(home, "forget", str(quiet / "one.md"))
        cli(home, "reindex", "--dim", "256", "--vector-type", "int8")
        watcher.index(folder, "four.md")
        orphaned += watcher.orphaned(database)
        found_four = top_hit(home, "water stopcock sink")
    finally:
        code = watcher.stop()
    log = (home / "logs" / "assistant.log").read_text(encoding="utf-8")
    show(record_property, "watch with other commands", orphaned_descriptors=len(orphaned),
         watcher_exit=code, log_errors=log.count(" ERROR "))  # fmt: skip
    assert orphaned == [], "index files were deleted under the running watcher"
    assert code == 0, "".join(watcher.output)
    assert found_three == str(folder / "three.md"), "search misses what the watcher indexed"
    assert found_four == str(folder / "four.md"), "search misses what the watcher indexed"
    assert "Could not find latest chunk" not in log and "malformed" not in log, log[-3000:]

    config = config_for(home, [])
    with open_index(config) as index:
        assert index.integrity_check() == []
        paths = sorted(Path(str(r["source_path"])).name for r in index.documents(status=None))
        assert paths == ["four.md", "three.md", "two.md"], "the forgotten note came back"
        assert (index.dim, index.vector_type) == (256, "int8")
        fingerprint, stats = index.fingerprint(), index.stats()
    clean = clean_index(tmp_path / "clean", quiet, folder)
    assert fingerprint == clean["fingerprint"]
    assert stats["chunks"] == clean["stats"]["chunks"]
    assert top_hit(home, "quokkadoor key") != str(quiet / "one.md")
