"""`assistant forget`: after it (and --vacuum), not one byte of the file's text is in the index.

The strongest check there is: read the raw database files (main file, WAL, shared memory) and
look for a distinctive phrase of the forgotten document. Rows, FTS5 segments, free pages and
WAL frames all count; only a rewritten file passes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.ask.conversations import Conversations
from assistant.cli.main import main
from assistant.config import Config
from assistant.indexing.forget import forget
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.embedder import Embedder
from store import Index
from tests.reliability.notes_helpers import GARDEN_NOTE, SECRET, write_notes

pytestmark = pytest.mark.models
MAIL = """From anna@example.org Mon May  6 10:00:00 2024
From: Anna Becker <anna@example.org>
To: me@example.org
Subject: Floor
Date: Mon, 6 May 2024 10:00:00 +0200
Message-ID: <floor-2024@example.org>

The quokkafloorboard invoice is attached; 312 EUR for the kitchen.
"""


def raw_bytes(database: Path) -> bytes:
    """Everything SQLite keeps on disk for this index, read by a child process: closing a file
    of our own on the index would drop this process's SQLite locks (store/connection.py)."""
    script = (
        "import sys, pathlib; sys.stdout.buffer.write(b''.join(p.read_bytes() for p in "
        "(pathlib.Path(sys.argv[1] + s) for s in ('', '-wal', '-shm')) if p.exists()))"
    )
    return subprocess.run([sys.executable, "-c", script, str(database)], capture_output=True,
                          check=True, timeout=60).stdout  # fmt: skip


def save_two_answers(config: Config, index: Index) -> Conversations:
    """A saved conversation: one answer citing the vault note, one citing only the garden."""
    saved = Conversations.of(config)
    chat = saved.create("notes")
    vault = index.search(None, SECRET, mode="fts")
    garden = index.search(None, "tomatoes", mode="fts")
    assert vault and garden
    saved.add_turn(chat, "vault code?", f"The {SECRET} code is 7731 [1].", vault[:1])
    saved.add_turn(
        chat, "garden?", "Water daily [1].", [h for h in garden if "private" not in h.source_path]
    )
    return saved


@pytest.fixture
def indexed(config: Config, tmp_path: Path, real_embedder: Embedder):
    """Two notes, a copy of the ordinary one inside the private folder, an unreadable PDF."""
    folder = write_notes(tmp_path / "files")
    (folder / "private" / "garden-copy.md").write_text(GARDEN_NOTE, encoding="utf-8")
    (folder / "private" / "scan.pdf").write_bytes(b"%PDF-1.4 truncated")
    add_root(config, folder)
    with open_index(config) as index:
        stats = run_sync(config, index, real_embedder)
        assert (stats.documents_indexed, stats.failed) == (3, 1)
        yield folder, index


def test_forgotten_folder_leaves_no_byte_of_its_text(
    config: Config, indexed: tuple[Path, Index], real_embedder: Embedder
) -> None:
    folder, index = indexed
    private = folder / "private"
    saved = save_two_answers(config, index)
    assert SECRET.encode() in raw_bytes(index.db_path), "the grep can see indexed text"
    result = forget(config, index, private, vacuum=True)
    assert (result.documents, result.chunks, result.compacted) == (3, 2, True)
    assert result.saved_answers == 1
    assert [t.question for t in saved.turns(saved.list()[0].id)] == ["garden?"]
    saved.close()
    assert result.cached_vectors == 1, "the copy's vector stays: garden.md still uses it"
    assert [d["source_path"] for d in index.documents(status=None)] == [str(folder / "garden.md")]
    assert index.integrity_check() == []
    data = raw_bytes(index.db_path)
    for trace in (SECRET, "behind the mirror", str(private)):
        assert trace.encode() not in data, f"{trace!r} is still in the database file"
    assert result.returning_roots == [folder], "it is still under a root: the user is told"
    assert run_sync(config, index, real_embedder).documents_indexed == 2, "and it comes back"


def test_forget_without_vacuum_removes_every_row(
    config: Config, indexed: tuple[Path, Index]
) -> None:
    folder, index = indexed
    vault = folder / "private" / "vault.md"
    result = forget(config, index, vault)
    assert (result.documents, result.chunks, result.cached_vectors) == (1, 1, 1)
    assert result.compacted is None
    conn = index._pool.get()
    assert not conn.execute("SELECT 1 FROM chunks WHERE text LIKE ?", (f"%{SECRET}%",)).fetchall()
    assert not index.search(None, SECRET, mode="fts")
    assert index.stats()["unused_cached_vectors"] == 0
    assert index.integrity_check() == []


def test_forgetting_an_mbox_also_drops_duplicate_records_naming_it(
    config: Config, tmp_path: Path, real_embedder: Embedder
) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "inbox.mbox").write_text(MAIL, encoding="utf-8")
    (folder / "copy.eml").write_text(MAIL.split("\n", 1)[1], encoding="utf-8")
    add_root(config, folder)
    with open_index(config) as index:
        run_sync(config, index, real_embedder)
        rows = index.documents(status=None)
        assert len(rows) == 2 and any("duplicate of" in str(r["reason"]) for r in rows)
        forget(config, index, folder / "inbox.mbox")
        left = index.documents(status=None)
    assert [r["source_path"] for r in left] == [str(folder / "copy.eml")]
    assert all("inbox.mbox" not in str(r["reason"]) for r in left)


@pytest.mark.usefixtures("restore_logging")
def test_forget_from_the_command_line(
    config: Config, indexed: tuple[Path, Index], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, index = indexed
    index.close()
    assert main(["forget", str(folder / "private" / "vault.md"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 1
    assert main(["forget", str(folder / "garden.md")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("forgot 1 document ") and "next sync will index it again" in out
    assert main(["forget", str(folder / "nothing-here.md")]) == 1, "nothing forgotten: not done"
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "nothing in the index under" in err
    assert "next sync will index it again" not in err, "a missing file will not come back"
