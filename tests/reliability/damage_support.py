"""Shared pieces of tests/reliability/test_damaged_database.py: a small indexed home with one
saved conversation, the CLI run as a person types it, the ways an index file gets damaged,
and a read-only view of a folder (a bind mount in a private mount namespace: chmod does not
stop root, and these tests run as root in CI).
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.ask.conversations import Conversations
from assistant.config import Config
from assistant.indexing.service import open_index, run_sync
from tests.fakes import FakeEmbedder
from tests.reliability.robustness_support import FAKE_CLI, config_for, home_env
from tests.support import REPO

WORDS = ("boiler", "fuse", "stopcock", "ladder", "kettle", "window", "garden", "attic", "cellar")
NOTE_COUNT = 40
# What every reading or writing command is asked to do on a damaged index.
COMMANDS = (("status",), ("search", "boiler key"), ("ask", "where is the boiler key"), ("index",))
QUESTION = "where is the boiler key?"


def write_notes(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for i in range(NOTE_COUNT):
        word = WORDS[i % len(WORDS)]
        body = f"The {word} key number {i} hangs by door {i}. " * 6
        (folder / f"note-{i:02}.md").write_text(f"# {word.title()} {i}\n\n{body}\n")
    return folder.resolve()


def indexed_home(tmp_path: Path) -> tuple[Config, Path]:
    """A home with NOTE_COUNT notes indexed and one saved conversation citing one of them."""
    notes = write_notes(tmp_path / "notes")
    config = config_for(tmp_path / "home", [notes])
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
        hits = index.search(FakeEmbedder().embed_query("boiler"), "boiler", k=2)
    chats = Conversations.of(config)
    chat = chats.create("boiler")
    chats.add_turn(chat, QUESTION, "By the door [1].", hits)
    chats.close()
    return config, notes


def saved_questions(config: Config) -> list[str]:
    chats = Conversations.of(config)
    try:
        return [turn.question for c in chats.list() for turn in chats.turns(c.id)]
    finally:
        chats.close()


def cli(home: Path, *args: str, wrap: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    command = [*wrap, sys.executable, "-c", FAKE_CLI, *args]
    return subprocess.run(command, env=home_env(home), cwd=REPO, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


def said(done: subprocess.CompletedProcess) -> list[str]:
    """The lines a command wrote to stderr, without the read-only home's logging note."""
    return [
        line
        for line in done.stderr.splitlines()
        if line.strip() and not line.startswith("assistant: not logging")
    ]


def assert_one_line_failure(done: subprocess.CompletedProcess, *expected: str) -> str:
    """Failed, with no traceback and exactly one line that contains each `expected`."""
    lines = said(done)
    shown = f"{done.args[3:]}: rc={done.returncode}\n{done.stdout[-500:]}\n{done.stderr[-2000:]}"
    assert done.returncode != 0 and "Traceback" not in done.stderr, shown
    assert len(lines) == 1 and lines[0].startswith("assistant: "), shown
    assert all(text in lines[0] for text in expected), shown
    return lines[0]


def truncate(db: Path) -> None:
    with db.open("r+b") as handle:
        handle.truncate(db.stat().st_size // 3)


def flip_middle(db: Path, count: int = 300, seed: int = 11) -> None:
    """`count` random bytes of the file's middle half inverted (no connection is open)."""
    data = bytearray(db.read_bytes())
    rnd = random.Random(seed)
    for _ in range(count):
        at = rnd.randrange(len(data) // 4, 3 * len(data) // 4)
        data[at] ^= 0xFF
    db.write_bytes(bytes(data))


def flip_chunk_texts(db: Path) -> int:
    """Change one letter in each stored copy of a note's text; every page stays well formed,
    so only the content hashes can tell. Returns how many copies were changed."""
    data = bytearray(db.read_bytes())
    places = [m.start() for m in re.finditer(rb"key number", data)]
    for at in places:
        data[at] = ord("K")
    db.write_bytes(bytes(data))
    return len(places)


def read_only_wrap(folder: Path) -> tuple[str, ...]:
    """A prefix that runs a command with `folder` mounted read-only; skips without mounts."""
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    for prefix in (("unshare", "-m"), ("unshare", "-rm")):
        wrap = (*prefix, "sh", "-c", script, str(folder))
        if shutil.which("unshare") and _works(wrap, folder):
            return wrap
    pytest.skip("no way to mount a folder read-only here (unshare/mount unavailable)")


def _works(wrap: tuple[str, ...], folder: Path) -> bool:
    probe = folder / ".write-probe"
    done = subprocess.run([*wrap, "touch", str(probe)], capture_output=True, timeout=30)
    made = probe.exists()
    probe.unlink(missing_ok=True)
    return done.returncode != 0 and b"Read-only" in done.stderr and not made
