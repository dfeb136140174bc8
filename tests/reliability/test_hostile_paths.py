"""Hostile paths inside a root (issue 11, test 6), through real `assistant` processes.

One home, three roots: a folder whose own path contains `#msg:` (the locator separator), a
root registered through a symlink, and a root holding the nasty names: emoji, a newline,
leading dashes, the same name in NFC and in NFD, 255-byte names, 200 nested folders, a tree
deeper than PATH_MAX, hard links, a FIFO and a socket named like notes, a link to
/proc/self/status (skipped with the reason: it changed at every look and was re-embedded at
every sync), and a file that turns into a folder of the same name and back. Every command
runs as a child process with the fake embedder and a timeout, so a hang (a FIFO opened for
reading) fails the test instead of stalling CI. Decisions the test pins down:
- NFC and NFD names are two files to the file system, so they are two documents, each
  opened by its own stored path.
- Hard links are indexed once per path (a person knows a file by its name, and `forget` or a
  rename acts on one path); the second costs no embedding, the vector cache answers.
- A folder deeper than PATH_MAX cannot be listed by path: it is recorded with the reason.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import unicodedata
from pathlib import Path

import ingest
from assistant.indexing.service import open_index, run_sync
from tests.fakes import FakeEmbedder
from tests.reliability.robustness_support import FAKE_CLI, config_for, home_env, show
from tests.support import REPO

COMMAND_BOUND_SECONDS = 300  # turns a hang into a failure; the commands take seconds
NFC = unicodedata.normalize("NFC", "café")
NFD = unicodedata.normalize("NFD", "café")
NAMES = {  # file name -> a word only that file holds
    "🦘 kangaroo 🎉.md": "wombatfirst",
    "line\nbreak.md": "newlineword",
    "-rf.md": "dashword",
    "--help.md": "doubledash",
    f"{NFC}.md": "composedword",
    f"{NFD}.md": "decomposedword",
    "a" * 252 + ".md": "longascii",
    "ä" * 126 + ".md": "longumlaut",  # 252 bytes of UTF-8, then ".md": 255 bytes
    "hard1.md": "hardlinkword",
}


def cli(home: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", FAKE_CLI, *args], env=home_env(home),
                          cwd=REPO, capture_output=True, text=True,
                          timeout=COMMAND_BOUND_SECONDS)  # fmt: skip
    assert done.returncode == 0, f"assistant {args}:\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def index_json(home: Path) -> dict:
    return json.loads(cli(home, "index", "--json").strip().splitlines()[-1])


def make_deep(root: Path, levels: int, name: str) -> None:
    """`levels` nested folders with a note at the bottom, made by descriptor (paths beyond
    PATH_MAX cannot be made by name)."""
    fd = os.open(root, os.O_RDONLY)
    for _ in range(levels):
        os.mkdir(name, dir_fd=fd)
        below = os.open(name, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = below
    note = os.open("deep.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(note, f"# Deep\n\nthe {name[:1]}deepword{levels} lives here\n".encode())
    os.close(note)
    os.close(fd)


def make_nasty_root(root: Path) -> socket.socket:
    root.mkdir(parents=True)
    for name, word in NAMES.items():
        (root / name).write_text(f"# Note\n\nThis note holds {word} only.\n", encoding="utf-8")
    os.link(root / "hard1.md", root / "hard2.md")
    os.mkfifo(root / "pipe.md")
    if Path("/proc/self/status").exists():  # new size, mtime and text at every look
        (root / "status.txt").symlink_to("/proc/self/status")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "sock.md"))
    make_deep(root, 200, "d")
    (root / "toolong").mkdir()
    make_deep(root / "toolong", 80, "p" * 60)  # ~4.9 kB of path: beyond PATH_MAX (4096)
    (root / "swap.md").write_text("# Swap\n\nswapfileword\n", encoding="utf-8")
    return server


def rows_by_path(home: Path) -> dict[str, dict]:
    config = config_for(home, [])
    with open_index(config) as index:
        return {str(r["source_path"]): r for r in index.documents(status=None)}


def search_paths(home: Path, word: str) -> list[str]:
    lines = cli(home, "search", "--json", word).strip().splitlines()
    rows = [json.loads(line) for line in lines if line]
    return [row["path"] for row in rows if row["type"] == "hit"]


def test_hostile_paths_are_indexed_or_listed_and_never_hang(
    tmp_path: Path, record_property
) -> None:
    home = tmp_path / "home"
    nasty = tmp_path / "nasty"
    server = make_nasty_root(nasty)
    hashed = tmp_path / "mail#msg:0" / "notes"
    hashed.mkdir(parents=True)
    (hashed / "m.md").write_text("# M\n\nhashrootword here\n", encoding="utf-8")
    real = tmp_path / "real-target"
    real.mkdir()
    (real / "t.md").write_text("# T\n\nlinkedrootword here\n", encoding="utf-8")
    (tmp_path / "link-root").symlink_to(real)
    for root in (nasty, hashed, tmp_path / "link-root"):
        cli(home, "add", "--no-index", str(root))

    started = time.perf_counter()
    first = index_json(home)
    first_seconds = time.perf_counter() - started
    rows = rows_by_path(home)
    ok = {p for p, r in rows.items() if r["status"] == "ok"}
    for name in NAMES:
        assert str(nasty / name) in ok, f"{name!r} not indexed"
    assert str(nasty / "hard2.md") in ok
    assert str(nasty / f"{NFC}.md") != str(nasty / f"{NFD}.md")
    for name in (f"{NFC}.md", f"{NFD}.md"):  # each opens by its stored path, with its own text
        text = Path(rows[str(nasty / name)]["source_path"]).read_text(encoding="utf-8")
        assert NAMES[name] in text
    deep = [Path(p).relative_to(nasty).parts for p in ok if p.endswith("/deep.md")]
    assert deep == [("d",) * 200 + ("deep.md",)]
    reasons = {Path(p).name: str(r["reason"]) for p, r in rows.items() if r["status"] != "ok"}
    assert reasons["pipe.md"] == "not a regular file (a FIFO)"
    assert "not a regular file" in reasons["sock.md"]
    if (nasty / "status.txt").is_symlink():
        assert reasons["status.txt"].startswith("on a pseudo file system (/proc)")
    assert any("File name too long" in why for why in reasons.values())
    for word, name in (("composedword", f"{NFC}.md"), ("decomposedword", f"{NFD}.md")):
        assert search_paths(home, word)[0] == str(nasty / name)
    assert search_paths(home, "hashrootword")[0] == str(hashed / "m.md")
    assert search_paths(home, "linkedrootword")[0] == str(real.resolve() / "t.md")

    again = index_json(home)
    assert (again["documents_indexed"], again["deleted"], again["embedded"]) == (0, 0, 0)

    (nasty / "swap.md").unlink()
    (nasty / "swap.md").mkdir()
    (nasty / "swap.md" / "inner.md").write_text("# In\n\ninnerfolderword\n", encoding="utf-8")
    to_folder = index_json(home)
    rows = rows_by_path(home)
    assert str(nasty / "swap.md") not in rows and rows[str(nasty / "swap.md/inner.md")]
    (nasty / "swap.md" / "inner.md").unlink()
    (nasty / "swap.md").rmdir()
    (nasty / "swap.md").write_text("# Swap\n\nswapfileword back\n", encoding="utf-8")
    back = index_json(home)
    rows = rows_by_path(home)
    assert rows[str(nasty / "swap.md")]["status"] == "ok"
    assert str(nasty / "swap.md/inner.md") not in rows
    assert search_paths(home, "hashrootword")[0] == str(hashed / "m.md"), "#msg: root emptied"
    server.close()
    show(record_property, "hostile paths", files_seen=first["files_seen"],
         documents=first["documents_indexed"], skipped=first["skipped"],
         embedded_first=first["embedded"], reused_first=first["reused"],
         first_sync_s=f"{first_seconds:.1f}", resync_unchanged=again["unchanged"],
         resync_embedded=again["embedded"], to_folder_deleted=to_folder["deleted"],
         back_indexed=back["documents_indexed"])  # fmt: skip


def test_a_fifo_that_replaces_a_file_between_scan_and_read_does_not_hang(
    tmp_path: Path, record_property, monkeypatch
) -> None:
    """The scan saw a regular file; by the time the reader opens it, it is a FIFO."""
    folder = tmp_path / "notes"
    folder.mkdir()
    for name in ("a.md", "b.md", "c.eml", "d.pdf"):
        (folder / name).write_text("# Note\n\nsome text\n", encoding="utf-8")
    real_read = ingest.read

    def swap_then_read(path: Path, limits):
        if path.name != "a.md":
            path.unlink()
            os.mkfifo(path)
        return real_read(path, limits)

    monkeypatch.setattr(ingest, "read", swap_then_read)
    config = config_for(tmp_path / "home", [folder])
    box: list = []

    def run() -> None:
        with open_index(config) as index:
            box.append(run_sync(config, index, FakeEmbedder()))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(COMMAND_BOUND_SECONDS)
    assert box, "the sync hung on a FIFO"
    stats = box[0]
    assert (stats.documents_indexed, stats.failed) == (1, 3)
    assert {why for _, why in stats.failures} == {"not a regular file (a FIFO)"}
    show(record_property, "fifo between scan and read", files=4, failed=stats.failed,
         seconds=f"{stats.seconds:.2f}")  # fmt: skip
