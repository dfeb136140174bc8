"""`assistant watch` names the files each batch indexed and removed.

A real process (with the FakeEmbedder) watches a notes folder (the samples) and a Maildir of
real LKML mail; the test adds a note and a mail, deletes a note, and reads the lines the
person would see: "indexed notes/…, mail/cur/… (+1 more)", then "removed notes/…". With
`--json` the same batches are JSON Lines on stdout and the lines for people go to stderr.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
from pathlib import Path

from tests.cli.cli_process import run, sample_notes, start_fake
from tests.process_lines import lines_of, next_line
from tests.support import CORPORA, needs_corpora

pytestmark = needs_corpora
BATCH = re.compile(r"^\[\d\d:\d\d:\d\d\] (\d+) indexed, (\d+) removed, 0 unreadable \([\d.]+s\)")
QUICK = {"ASSISTANT_INDEX_WATCH_DEBOUNCE_SECONDS": "0.3"}


def two_roots(tmp_path: Path) -> tuple[Path, Path, list[Path]]:
    """Registered folders `notes` (two sample notes) and `mail` (a Maildir of two LKML
    messages), and two more LKML messages to deliver while watching."""
    notes = sample_notes(tmp_path / "notes", "Haus.md", "装修记录.md")
    lkml = sorted((CORPORA / "mail" / "lkml" / "cur").iterdir())[:4]
    (tmp_path / "mail" / "cur").mkdir(parents=True)
    for message in lkml[:2]:
        shutil.copy(message, tmp_path / "mail" / "cur" / message.name)
    for folder in (notes, tmp_path / "mail"):
        assert run(tmp_path / "home", "add", str(folder), "--no-index").returncode == 0
    return notes, tmp_path / "mail", lkml[2:]


def test_each_batch_names_what_it_indexed_and_removed(tmp_path: Path) -> None:
    notes, mail, later = two_roots(tmp_path)
    child = start_fake(tmp_path / "home", "watch", **QUICK)
    try:
        assert child.stdout is not None
        lines = lines_of(child.stdout)
        first = next_line(lines)
        assert BATCH.match(first) and first.endswith(" (+2 more)"), first
        assert next_line(lines) == "watching 2 folders; Ctrl-C to stop"
        (notes / "wifi.txt").write_text("WLAN-Passwort: steht auf dem Router\n", encoding="utf-8")
        batch = next_line(lines)
        assert BATCH.match(batch) and batch.endswith(": indexed notes/wifi.txt"), batch
        shutil.copy(later[0], mail / "cur" / later[0].name)
        batch = next_line(lines)
        assert batch.endswith(f": indexed mail/cur/{later[0].name}"), batch
        (notes / "Haus.md").unlink()
        batch = next_line(lines)
        counts = BATCH.match(batch)
        assert counts and counts.groups() == ("0", "1"), batch
        assert batch.endswith(": removed notes/Haus.md"), batch
        child.send_signal(signal.SIGINT)
        assert next_line(lines) == "stopping"
        assert child.wait(60) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_watch_json_is_one_object_per_batch_with_the_files(tmp_path: Path) -> None:
    notes, _, _ = two_roots(tmp_path)
    child = start_fake(tmp_path / "home", "watch", "--json", **QUICK)
    try:
        assert child.stdout is not None and child.stderr is not None
        out, err = lines_of(child.stdout), lines_of(child.stderr)
        first = json.loads(next_line(out))
        assert (first["documents_indexed"], len(first["indexed_files"])) == (4, 4)
        assert str(notes / "Haus.md") in first["indexed_files"]
        assert next_line(err) == "watching 2 folders; Ctrl-C to stop"
        (notes / "wifi.txt").write_text("Wi-Fi 密码在路由器背面\n", encoding="utf-8")
        batch = json.loads(next_line(out))
        assert batch["indexed_files"] == [str(notes / "wifi.txt")] and batch["removed_files"] == []
        child.send_signal(signal.SIGTERM)
        assert next_line(err) == "stopping"
        assert child.wait(60) == 0
        assert out.get(timeout=10) is None, "nothing but the batches on stdout"
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
