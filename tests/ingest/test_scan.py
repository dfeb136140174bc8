"""The folder scan: what it keeps, what it skips and why, and that loops end."""

from __future__ import annotations

import os
from pathlib import Path

from ingest.scan import FileInfo, ScanRules, Skipped, scan


def everything(_path: Path) -> bool:
    return True


def make(root: Path, *names: str, data: bytes = b"x") -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def kept(root: Path, rules: ScanRules | None = None) -> list[str]:
    found = scan(root, rules or ScanRules(), everything)
    return [str(f.path.relative_to(root)) for f in found if isinstance(f, FileInfo)]


def test_keeps_notes_and_skips_junk(tmp_path: Path) -> None:
    make(tmp_path, "notes/Boden.md", "notes/地板.md", "notes/.hidden.md", "notes/a.md.swp",
         "notes/a.md~", "notes/.#a.md", ".git/config", "code/node_modules/x/readme.md",
         "notes/~$report.docx", "notes/draft.tmp")  # fmt: skip
    assert kept(tmp_path) == ["notes/Boden.md", "notes/地板.md"]


def test_user_globs_match_names_and_relative_paths(tmp_path: Path) -> None:
    make(tmp_path, "a/secret.md", "a/keep.md", "private/x.md", "b/log.txt")
    rules = ScanRules(ignore_globs=("secret.*", "private", "b/*.txt"))
    assert kept(tmp_path, rules) == ["a/keep.md"]


def test_large_files_are_reported_not_read(tmp_path: Path) -> None:
    make(tmp_path, "big.txt", data=b"x" * 3_000_000)
    make(tmp_path, "small.txt")
    results = list(scan(tmp_path, ScanRules(max_bytes=1024 * 1024), everything))
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert [s.path.name for s in skipped] == ["big.txt"]
    assert "larger than the 1 MB limit" in skipped[0].reason
    assert [r.path.name for r in results if isinstance(r, FileInfo)] == ["small.txt"]


def test_symlink_loops_terminate(tmp_path: Path) -> None:
    make(tmp_path, "a/b/note.md")
    os.symlink(tmp_path / "a", tmp_path / "a" / "b" / "loop")
    os.symlink(tmp_path, tmp_path / "a" / "up")
    assert kept(tmp_path) == ["a/b/note.md"]


def test_dangling_symlink_is_skipped_with_reason(tmp_path: Path) -> None:
    os.symlink(tmp_path / "gone.md", tmp_path / "link.md")
    (result,) = scan(tmp_path, ScanRules(), everything)
    assert isinstance(result, Skipped) and "cannot stat" in result.reason


def test_maildir_plus_plus_hidden_folders_are_mail_but_tmp_is_not(tmp_path: Path) -> None:
    make(tmp_path, "Mail/cur/1:2,S", "Mail/new/2", "Mail/tmp/3", "Mail/.Sent/cur/4:2,S",
         "Mail/.Sent/new/5", "Mail/.Sent/tmp/6", "notes/tmp/keep.md")  # fmt: skip
    assert kept(tmp_path) == [
        "Mail/.Sent/cur/4:2,S", "Mail/.Sent/new/5", "Mail/cur/1:2,S", "Mail/new/2",
        "notes/tmp/keep.md",
    ]  # fmt: skip


def test_a_file_can_be_a_root(tmp_path: Path) -> None:
    make(tmp_path, "one.md")
    assert [f.path for f in scan(tmp_path / "one.md", ScanRules(), everything)] == [
        tmp_path / "one.md"
    ]


def test_unsupported_files_are_silently_left_out(tmp_path: Path) -> None:
    make(tmp_path, "a.md", "b.exe")
    found = scan(tmp_path, ScanRules(), lambda p: p.suffix == ".md")
    assert [f.path.name for f in found] == ["a.md"]
