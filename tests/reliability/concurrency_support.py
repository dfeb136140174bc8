"""Processes for test_concurrency_one_home.py: a CLI whose embedder can be held.

`GATED_CLI` is `assistant ARGS...` with the FakeEmbedder, plus test hooks read from the
environment: while the file `TEST_EMBED_GATE` exists every embedding waits (so a test can keep
a sync provably running, holding the writer lock, without sleeping on a clock); each embedded
chunk's hash is appended, with the pid, to `TEST_EMBED_LOG` (so a test counts the embeddings of
all its processes together); while `TEST_START_GATE` exists a starting process says it is ready
(a file named after its pid) and waits, so that several start their command at the same moment;
`TEST_SLOW_ROOTS_WRITE` seconds pass before each write of roots.json, widening the window in
which two unlocked `add`s would overwrite each other.
"""

from __future__ import annotations

import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.reliability.robustness_support import FAKE_CLI, home_env
from tests.support import REPO

GATED_CLI = """
import os, sys, time
import tests.fakes
from assistant.runtime.embedder import Embedder
from ingest.documents import chunk_hash

class GatedEmbedder(tests.fakes.FakeEmbedder):
    def embed_documents(self, items, *, truncate=False):
        while os.path.exists(os.environ["TEST_EMBED_GATE"]):
            time.sleep(0.02)
        with open(os.environ["TEST_EMBED_LOG"], "a", encoding="utf-8") as log:
            log.writelines(f"{os.getpid()} {chunk_hash(i.title or '', i.text)}\\n" for i in items)
        return super().embed_documents(items, truncate=truncate)

Embedder.from_config = classmethod(lambda cls, c: GatedEmbedder())
if os.environ.get("TEST_SLOW_ROOTS_WRITE"):  # widen the read-modify-write of roots.json
    import assistant.indexing.roots as roots
    write = roots.write_private_text
    def write_slowly(path, text):
        time.sleep(float(os.environ["TEST_SLOW_ROOTS_WRITE"]))
        write(path, text)
    roots.write_private_text = write_slowly
if os.path.exists(os.environ["TEST_START_GATE"]):  # start together: say ready, wait for go
    open(os.environ["TEST_START_GATE"] + f".{os.getpid()}", "w").close()
    while os.path.exists(os.environ["TEST_START_GATE"]):
        time.sleep(0.001)
from assistant.cli.main import main
sys.exit(main(sys.argv[1:]))
"""
WAIT_SECONDS = 120  # a generous bound on something that never comes, not a timing assertion
WAITING = r"waiting for (assistant \w+) \(pid (\d+)\) to finish its (\w+)\.\.\."


class Home:
    """One ASSISTANT_HOME with its gate file and embedding log, shared by its processes."""

    def __init__(self, path: Path, **settings: str) -> None:
        self.path = path
        self.gate, self.embed_log = (
            path.parent / f"{path.name}.gate",
            path.parent / f"{path.name}.embeds",
        )
        self.start_gate = path.parent / f"{path.name}.start"
        hooks = {"TEST_EMBED_GATE": str(self.gate), "TEST_EMBED_LOG": str(self.embed_log),
                 "TEST_START_GATE": str(self.start_gate)}  # fmt: skip
        debounce = {"ASSISTANT_INDEX_WATCH_DEBOUNCE_SECONDS": "0.3"}
        self.env = home_env(path, **hooks, **debounce, **settings)

    def start(self, *args: str) -> Process:
        return Process(self, args)

    def run(self, *args: str, script: str = GATED_CLI) -> str:
        """Run a command to its end; its output (it must succeed)."""
        done = subprocess.run([sys.executable, "-c", script, *args], env=self.env, cwd=REPO,
                              capture_output=True, text=True, timeout=600)  # fmt: skip
        assert done.returncode == 0, f"assistant {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout + done.stderr

    def start_together(self, commands: list[tuple[str, ...]]) -> list[Process]:
        """Start the commands, and let them go once every one waits at the start gate."""
        self.start_gate.touch()
        processes = [self.start(*command) for command in commands]
        deadline = time.monotonic() + WAIT_SECONDS
        ready = [Path(f"{self.start_gate}.{p.pid}") for p in processes]
        while not all(path.exists() for path in ready):
            if time.monotonic() > deadline:
                pytest.fail("the processes never reached the start gate")
            time.sleep(0.02)
        self.start_gate.unlink()
        return processes

    def holder(self) -> dict | None:
        """Who holds the writer lock now, as it wrote itself into index.lock (None: nobody)."""
        try:
            return json.loads((self.path / "index.lock").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def wait_for_holder(self, process: Process) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while (self.holder() or {}).get("pid") != process.pid:
            if time.monotonic() > deadline:
                pytest.fail(f"pid {process.pid} never took the writer lock:\n{process.text()}")
            time.sleep(0.02)

    def embeds(self) -> list[tuple[int, str]]:
        """(pid, chunk hash) of every embedding any process of this home made."""
        if not self.embed_log.exists():
            return []
        lines = self.embed_log.read_text(encoding="utf-8").splitlines()
        return [(int(pid), digest) for pid, digest in (line.split() for line in lines)]

    def top_hit(self, query: str) -> str:
        lines = self.run("search", query, "--json", script=FAKE_CLI).splitlines()
        rows = [row for row in map(json.loads, lines) if row["type"] == "hit"]
        return rows[0]["path"] if rows else ""


class Process:
    """A command of a home in a child process; its output lines read by a thread."""

    def __init__(self, home: Home, args: tuple[str, ...]) -> None:
        self.args = args
        self.popen = subprocess.Popen(
            [sys.executable, "-c", GATED_CLI, *args], env=home.env, cwd=REPO,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.pid = self.popen.pid
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self.output.append(line)
            self.lines.put(line)

    def text(self) -> str:
        return "".join(self.output)

    def wait_for(self, pattern: str) -> re.Match[str]:
        """The next output line that matches `pattern` (fails when none comes)."""
        while True:
            try:
                line = self.lines.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                pytest.fail(f"`assistant {' '.join(self.args)}` never printed {pattern!r}:\n"
                            f"{self.text()}")  # fmt: skip
            if found := re.search(pattern, line):
                return found

    def finish(self) -> str:
        """Wait for the end (it must succeed); all its output."""
        code = self.popen.wait(timeout=WAIT_SECONDS)
        assert code == 0, f"`assistant {' '.join(self.args)}` exited {code}:\n{self.text()}"
        return self.text()

    def stop(self) -> int:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGINT)
        return self.popen.wait(timeout=WAIT_SECONDS)


def write_notes(folder: Path, count: int, topic: str) -> list[Path]:
    """`count` notes with texts of their own (no two share a chunk)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"{topic}-{number:03d}.md"
        path.write_text(f"# {topic} {number}\n\nNote {number} about {topic}{number}stone.\n",
                        encoding="utf-8")  # fmt: skip
        paths.append(path)
    return paths
