"""Pieces of the kill -9 tests (tests/reliability/test_kill_everywhere.py).

A command is killed *inside SQLite*: the child is `assistant` with the fake embedder plus a
progress handler on every connection it opens, which counts SQLite virtual-machine steps and
sends the process SIGKILL at a chosen step. A first, uninterrupted run counts the steps of the
command, and the seeded kill points are drawn from that range; so every kill lands somewhere
in the command's own database work (a statement, a transaction, a VACUUM, a checkpoint),
which a kill from outside after a random sleep would mostly miss on a small index.
"""

from __future__ import annotations

import random
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from store import Index
from tests.fakes import FakeEmbedder
from tests.reliability.robustness_support import FAKE_CLI, home_env
from tests.support import REPO

STEP_INSTRUCTIONS = 100  # SQLite VM instructions between two progress callbacks
SECRET = "quokkavault"
KILLABLE_CLI = (
    """
import atexit, os, signal, sys
import store.connection

KILL_AT = int(os.environ.get("KILL_AT_STEP", "0"))  # 0: only count the steps
steps = 0

def tick():
    global steps
    steps += 1
    if steps == KILL_AT:
        os.kill(os.getpid(), signal.SIGKILL)
    return 0

configure = store.connection._configure

def configure_and_count(conn):
    conn = configure(conn)
    conn.set_progress_handler(tick, int(os.environ["STEP_INSTRUCTIONS"]))
    return conn

store.connection._configure = configure_and_count
atexit.register(lambda: print(f"progress-steps {steps}", file=sys.stderr, flush=True))
"""
    + FAKE_CLI
)
QUERIES = (
    "boiler key",
    "fuse box behind the coats",
    "invoice for the kitchen floor",
    "tomatoes in the garden",
    "train to Lyon",
    SECRET,
    "meeting notes march",
    "water stopcock",
)
TOPICS = (
    "boiler key",
    "fuse box",
    "garden tomatoes",
    "train to Lyon",
    "kitchen floor",
    "water stopcock",
    "meeting notes",
    "bicycle lock",
    "tax return",
    "piano lesson",
)
MAIL = """From anna@example.org Mon May  6 10:00:00 2024
From: Anna Becker <anna@example.org>
To: me@example.org
Subject: {subject}
Date: Mon, {day} May 2024 10:00:00 +0200
Message-ID: <m{n}@example.org>

{body}

"""


def write_corpus(folder: Path) -> tuple[Path, Path]:
    """Two roots: `notes` (notes, an mbox, a private vault note) and `other` (more notes)."""
    notes, other = folder / "notes", folder / "other"
    (notes / "private").mkdir(parents=True)
    other.mkdir()
    for n in range(40):
        topic = TOPICS[n % len(TOPICS)]
        body = f"# {topic.title()} {n}\n\nNote {n} about the {topic}: detail {n * 7} of it.\n"
        body += "\n".join(f"Line {i} on the {topic}, item {n}-{i}." for i in range(n % 5 + 1))
        (notes if n < 30 else other / f"set{n % 3}").mkdir(exist_ok=True)
        target = notes / f"note{n:02}.md" if n < 30 else other / f"set{n % 3}" / f"o{n}.md"
        target.write_text(body + "\n", encoding="utf-8")
    mails = "".join(
        MAIL.format(subject=f"Invoice {n}", day=n + 1, n=n, body=f"The kitchen floor invoice {n}.")
        for n in range(6)
    )
    (notes / "inbox.mbox").write_text(mails, encoding="utf-8")
    vault = notes / "private" / "vault.md"
    vault.write_text(f"# Vault\n\nThe {SECRET} code is 7731, behind the mirror.\n", "utf-8")
    return notes, other


def copy_home(template: Path, home: Path) -> Path:
    """A fresh home with the template's index (closed: nothing holds it open while copying)."""
    shutil.copytree(template, home)
    return home


def run_cli(
    home: Path, *args: str, kill_at: int = 0, check: bool = True
) -> subprocess.CompletedProcess:
    """`assistant ARGS` with the fake embedder; SIGKILLed at SQLite step `kill_at` if > 0."""
    env = home_env(home, KILL_AT_STEP=str(kill_at), STEP_INSTRUCTIONS=str(STEP_INSTRUCTIONS))
    done = subprocess.run([sys.executable, "-c", KILLABLE_CLI, *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    if check:
        assert done.returncode == 0, f"assistant {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


def steps_of(done: subprocess.CompletedProcess) -> int:
    """The step count an uninterrupted run printed at exit."""
    found = re.findall(r"progress-steps (\d+)", done.stderr)
    assert found, done.stderr
    return int(found[-1])


def killed(done: subprocess.CompletedProcess) -> bool:
    return done.returncode == -signal.SIGKILL


def top_hits(index: Index, k: int = 5) -> list[list[tuple[str, str]]]:
    """For each query, the top hits as (document key, chunk text): what a person sees."""
    embedder = FakeEmbedder()
    results = []
    for query in QUERIES:
        vector = embedder.embed_query(query)
        hits = index.search(vector, query, k=k, model_id=embedder.model_id)
        results.append([(h.source_path, h.text) for h in hits])
    return results


def vector_layout(index: Index) -> tuple[int, str, int]:
    """(dim, type) the vec0 table was declared with, and how many vectors it holds."""
    conn = index._pool.get()
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'chunk_vectors'").fetchone()[0]
    found = re.search(r"embedding (float|int8|bit)\[(\d+)\]", sql)
    assert found, sql
    kind = {"float": "float32", "int8": "int8", "bit": "binary"}[found[1]]
    count = conn.execute("SELECT count(*) FROM chunk_vectors").fetchone()[0]
    return int(found[2]), kind, int(count)


def raw_bytes(database: Path) -> bytes:
    """The index's main file, WAL and shared memory, read by a child process (an open/close of
    our own on them would drop this process's SQLite locks: store/connection.py)."""
    script = (
        "import sys, pathlib; sys.stdout.buffer.write(b''.join(p.read_bytes() for p in "
        "(pathlib.Path(sys.argv[1] + s) for s in ('', '-wal', '-shm')) if p.exists()))"
    )
    return subprocess.run([sys.executable, "-c", script, str(database)], capture_output=True,
                          check=True, timeout=60).stdout  # fmt: skip


def kill_points(total: int, count: int, seed: int) -> list[int]:
    """`count` seeded step numbers inside a run of `total` steps (all of them if fewer)."""
    candidates = range(1, max(total, 2))
    return sorted(random.Random(seed).sample(candidates, min(count, len(candidates))))
