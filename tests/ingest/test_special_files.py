"""FIFOs, sockets and pseudo-file-system files: never read, never a hang, always a reason."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

import ingest
from identity import FailureKind
from ingest.pseudo_fs import pseudo_mounts
from ingest.scan import FileInfo, ScanRules, Skipped, scan

HANG_GUARD_SECONDS = 30  # not a timing assertion: only turns a hang into a failure


def _read_in_thread(path: Path) -> ingest.ReadResult:
    box: list[ingest.ReadResult] = []
    worker = threading.Thread(target=lambda: box.append(ingest.read(path)), daemon=True)
    worker.start()
    worker.join(HANG_GUARD_SECONDS)
    assert box, f"reading {path.name} hung (open() on a FIFO without O_NONBLOCK)"
    return box[0]


@pytest.mark.parametrize("name", ["notes.md", "mail.eml", "box.mbox", "paper.pdf", "plain"])
def test_a_fifo_that_appears_after_the_scan_is_refused_at_once(tmp_path: Path, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)  # the scan saw a file here; by the read it is a FIFO without a writer
    result = _read_in_thread(fifo)
    assert result.read_failure is not None and result.documents == ()
    if name != "plain":
        assert result.read_failure.kind is FailureKind.NOT_A_FILE
        assert "FIFO" in result.read_failure.detail


def test_a_socket_named_like_a_note_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.md"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = _read_in_thread(path)
    assert result.read_failure is not None and result.read_failure.kind is FailureKind.NOT_A_FILE


def _found(root: Path) -> tuple[list[str], dict[str, str]]:
    kept, skipped = [], {}
    for item in scan(root, ScanRules(), ingest.supported):
        if isinstance(item, FileInfo):
            kept.append(item.path.name)
        elif isinstance(item, Skipped):
            skipped[item.path.name] = item.reason
    return kept, skipped


def test_a_fifo_named_like_a_note_is_skipped_with_a_reason(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    os.mkfifo(tmp_path / "pipe-without-suffix")
    (tmp_path / "real.md").write_text("real", encoding="utf-8")
    kept, skipped = _found(tmp_path)
    assert kept == ["real.md"]
    assert skipped == {"pipe.md": "not a regular file (a FIFO)"}


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_links_into_proc_sys_and_dev_are_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "status.txt").symlink_to("/proc/self/status")
    (tmp_path / "proc").symlink_to("/proc/self")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "real.md").write_text("real", encoding="utf-8")
    kept, skipped = _found(tmp_path)
    assert kept == ["real.md"]
    assert "pseudo file system (/proc)" in skipped["status.txt"]
    assert "pseudo file system (/proc)" in skipped["proc"]
    assert set(skipped) == {"status.txt", "proc", "zero.txt"}


def test_the_mount_table_names_pseudo_file_systems() -> None:
    table = (
        "proc /proc proc rw 0 0\nsysfs /sys sysfs ro 0 0\n/dev/sda1 / ext4 rw 0 0\n"
        "tmpfs /tmp tmpfs rw 0 0\nproc /mnt/with\\040space proc rw 0 0\n"
    )
    assert pseudo_mounts(table) == {"/proc": "proc", "/sys": "sysfs", "/mnt/with space": "proc"}
