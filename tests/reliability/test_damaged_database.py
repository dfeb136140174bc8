"""A damaged index (issue 11, F and test 4): a truncated file, bytes flipped in the middle,
chunk texts changed behind SQLite's back, the -wal deleted while another process writes to
it, a folder where the file should be, and a read-only home.

For each, `doctor` says what is wrong with the fix that applies, every command fails with one
line saying what to do (never a traceback), and `assistant rebuild` sets the old file aside
(never deleting it), keeps the saved conversations SQLite can still read and indexes the
folders again: search then equals a clean index of the same files. Figures are printed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.damage_support import (
    COMMANDS,
    NOTE_COUNT,
    QUESTION,
    assert_one_line_failure,
    cli,
    flip_chunk_texts,
    flip_middle,
    indexed_home,
    read_only_wrap,
    said,
    saved_questions,
    truncate,
)
from tests.reliability.robustness_support import show
from tests.support import REPO

REBUILD = "assistant rebuild"
# Holds the index open with an uncheckpointed write, as a running `watch` does.
HOLDER = """
import sys, time
from pathlib import Path
from store import Index
index = Index(Path(sys.argv[1]))
conn = index._pool.get()
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("INSERT INTO settings VALUES ('probe', '1') ON CONFLICT DO UPDATE SET value = '2'")
print("holding", flush=True)
sys.stdin.read()
"""


def top_hits(home: Path, query: str = "boiler key") -> list[str]:
    done = cli(home, "search", "--json", query)
    assert done.returncode == 0, done.stderr
    return hit_paths(done.stdout)


def hit_paths(output: str) -> list[str]:
    """The file of each hit of `search --json` (one JSON object a line), best first."""
    rows = [json.loads(line) for line in output.splitlines() if line.strip()]
    return [row["path"] for row in rows if row["type"] == "hit"]


def doctor(home: Path, *flags: str, wrap: tuple[str, ...] = ()) -> dict:
    done = cli(home, "doctor", "--quick", "--json", *flags, wrap=wrap)
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    return {f["check"]: f for f in report["findings"] if f["check"].startswith(("index", "home"))}


def rebuild_and_compare(home: Path, clean_hits: list[str], record_property, title: str) -> int:
    """`assistant rebuild`; the old file is kept aside and search equals the clean index."""
    started = time.perf_counter()
    done = cli(home, "rebuild")
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stdout + done.stderr
    aside = sorted(home.glob("index.sqlite3.damaged-*"))
    assert aside and "kept the old file as" in done.stdout, done.stdout
    assert top_hits(home) == clean_hits
    assert doctor(home, "--deep")["index (deep)"]["status"] == "ok"
    kept = int(done.stdout.split("conversations kept: ")[1].split()[0])
    show(record_property, title, rebuild_seconds=round(seconds, 2), conversations_kept=kept,
         notes=NOTE_COUNT, kept_aside=len(aside))  # fmt: skip
    return kept


def assert_commands_fail(home: Path, *expected: str) -> None:
    for command in COMMANDS:
        assert_one_line_failure(cli(home, *command), *expected)


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, list[str]]:
    config, _ = indexed_home(tmp_path)
    return config.paths.data_dir, top_hits(config.paths.data_dir)


def test_truncated_index(home, record_property) -> None:
    home_dir, clean = home
    truncate(home_dir / "index.sqlite3")
    assert_commands_fail(home_dir, "damaged", REBUILD)
    finding = doctor(home_dir)["index"]
    assert finding["status"] == "fail" and REBUILD in finding["fix"]
    rebuild_and_compare(home_dir, clean, record_property, "truncated index")


def test_bytes_flipped_in_the_middle(home, record_property) -> None:
    home_dir, clean = home
    flip_middle(home_dir / "index.sqlite3")
    for command in COMMANDS:  # what a flipped page hits varies: never a traceback
        done = cli(home_dir, *command)
        if done.returncode != 0:
            assert_one_line_failure(done, REBUILD)
    finding = doctor(home_dir, "--deep")
    assert any(f["status"] == "fail" and REBUILD in f["fix"] for f in finding.values())
    rebuild_and_compare(home_dir, clean, record_property, "300 bytes flipped")


def test_changed_chunk_texts_are_found_by_the_deep_check(home, record_property) -> None:
    """F: pages stay valid, so integrity_check and the plain doctor say ok; --deep does not."""
    home_dir, clean = home
    changed = flip_chunk_texts(home_dir / "index.sqlite3")
    assert doctor(home_dir)["index"]["status"] == "ok"  # what the quick check cannot see
    started = time.perf_counter()
    finding = doctor(home_dir, "--deep")["index (deep)"]
    seconds = time.perf_counter() - started
    assert finding["status"] == "fail" and REBUILD in finding["fix"], finding
    assert f"{NOTE_COUNT} chunks whose text no longer matches its content hash" in finding["detail"]
    kept = rebuild_and_compare(home_dir, clean, record_property, "chunk texts changed")
    assert kept == 1 and saved_questions_of(home_dir) == [QUESTION]
    show(
        record_property, "deep check", copies_changed=changed, doctor_deep_seconds=round(seconds, 2)
    )


def saved_questions_of(home_dir: Path) -> list[str]:
    from tests.reliability.robustness_support import config_for

    return saved_questions(config_for(home_dir, []))


def test_index_path_is_a_folder(home, record_property) -> None:
    home_dir, clean = home
    db = home_dir / "index.sqlite3"
    db.unlink()
    db.mkdir()
    assert_commands_fail(home_dir, "is a folder, not an index file", REBUILD)
    report = cli(home_dir, "doctor", "--quick")
    assert "is a folder, not an index file" in report.stdout
    assert f"chmod 700 {db}" not in report.stdout, report.stdout
    assert rebuild_and_compare(home_dir, clean, record_property, "index is a folder") == 0


def test_wal_deleted_while_another_process_writes(home, record_property) -> None:
    home_dir, clean = home
    db = home_dir / "index.sqlite3"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], cwd=REPO, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "holding"
        Path(f"{db}-wal").unlink()
        assert_commands_fail(home_dir, "still writes to it", str(holder.pid))
        finding = doctor(home_dir)["index"]
        assert str(holder.pid) in finding["detail"] and "Stop that process" in finding["fix"]
        assert_one_line_failure(cli(home_dir, "rebuild"), str(holder.pid), "stop it")
    finally:
        holder.communicate("", timeout=60)
    assert doctor(home_dir, "--deep")["index (deep)"]["status"] == "ok"
    assert top_hits(home_dir) == clean
    show(record_property, "wal deleted", holder_exit=holder.returncode, recovered=True)


def test_read_only_home(home, tmp_path: Path, record_property) -> None:
    home_dir, _ = home
    wrap = read_only_wrap(home_dir)
    more = tmp_path / "more"
    more.mkdir()
    (more / "a.md").write_text("# A\n\nanother note\n")
    done = cli(home_dir, "add", str(more), wrap=wrap)
    assert_one_line_failure(done, "roots.json", f"make {home_dir} writable")
    assert_one_line_failure(cli(home_dir, "index", wrap=wrap), "writable")
    for finding in doctor(home_dir, wrap=wrap).values():
        assert REBUILD not in finding["fix"] and "Delete" not in finding["fix"], finding
    assert any("writable" in f["fix"] for f in doctor(home_dir, wrap=wrap).values())
    show(record_property, "read-only home", add="one line", doctor="permissions advice")


def test_read_only_folder_without_wal_opens_immutable(home, record_property) -> None:
    """Test 9: no -wal/-shm and a folder nobody can write: search and status still work."""
    home_dir, clean = home
    assert not Path(f"{home_dir}/index.sqlite3-wal").exists()
    wrap = read_only_wrap(home_dir)
    for command in (("status",), ("search", "boiler key")):
        done = cli(home_dir, *command, wrap=wrap)
        assert done.returncode == 0, done.stderr
        assert next(line for line in said(done) if "read-only" in line).startswith("note: ")
    searched = cli(home_dir, "search", "--json", "boiler key", wrap=wrap)
    assert hit_paths(searched.stdout) == clean
    assert_one_line_failure(cli(home_dir, "index", wrap=wrap), "cannot be written")
    finding = doctor(home_dir, wrap=wrap)["index read-only"]
    assert finding["status"] == "warn" and "writable" in finding["fix"]
    show(record_property, "read-only folder", search="immutable", index="one line")
