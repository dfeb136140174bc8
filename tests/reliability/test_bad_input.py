"""Bad input: every file of the shared corpora plus generated nasties is indexed or listed
with a reason, the run finishes, and the indexer's memory stays bounded.

The big run happens in a child process so its peak RSS is its own (the child's VmHWM:
getrusage's ru_maxrss survives exec on Linux and would include the pytest process's models).
Races and permissions that a folder cannot hold still (a file vanishing between stat and
read, EACCES while running as root) are simulated in-process with monkeypatch, and with real
chmod when not root.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ingest
from assistant.indexing.service import open_index, run_sync
from assistant.indexing.targets import path_key
from tests.fakes import FakeEmbedder
from tests.reliability.nasty_files import Expectation, make_nasty_folder
from tests.reliability.robustness_support import config_for, home_env, show
from tests.support import CORPORA, REPO, needs_corpora

MAX_PEAK_RSS_MB = 450  # measured ~200-250 MB; before the limits this run peaked at 758 MB
RUN_BOUND_SECONDS = 600  # stops a hung run; the run takes ~20 s
CHILD = """
import json, re, time
from pathlib import Path
from assistant.config import load_config
from assistant.indexing.service import open_index, run_sync
from tests.fakes import FakeEmbedder

def peak_rss_mb():
    # VmHWM, not getrusage: Linux carries ru_maxrss over exec, so a child of a pytest process
    # holding the models would report the parent's size; VmHWM belongs to this program's memory.
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) // 1024

started = time.perf_counter()
config = load_config()
with open_index(config) as index:
    stats = run_sync(config, index, FakeEmbedder())
print(json.dumps({"seconds": time.perf_counter() - started, "files_seen": stats.files_seen,
                  "documents": stats.documents_indexed, "failed": stats.failed,
                  "skipped": stats.skipped,
                  "peak_rss_mb": peak_rss_mb()}))
"""


def outcome(rows: dict[str, list[dict]], expected: Expectation) -> str:
    """Why `expected` does not hold ('' when it does); `rows` are grouped by file (an mbox
    has one row per message: one of them must match)."""
    key = path_key(expected.path)
    found = rows.get(key, [])
    if expected.status == "absent":
        return f"{key}: should not be recorded, got {found}" if found else ""
    if not found:
        return f"{key}: neither indexed nor listed"
    for row in found:
        status, reason = str(row["status"]), str(row["reason"] or "")
        if expected.status in ("any", status) and expected.reason in reason:
            return ""
    seen = [(r["status"], r["reason"]) for r in found]
    return f"{key}: {seen}, expected {expected.status} with {expected.reason!r}"


@needs_corpora
def test_corpora_and_nasties_are_indexed_or_listed_in_bounded_memory(
    tmp_path: Path, record_property
) -> None:
    nasty = tmp_path / "nasty"
    expectations = make_nasty_folder(nasty, CORPORA)
    config = config_for(tmp_path / "home", [CORPORA, nasty])
    child = subprocess.run([sys.executable, "-c", CHILD], env=home_env(tmp_path / "home"), cwd=REPO,
                           capture_output=True, text=True, timeout=RUN_BOUND_SECONDS)  # fmt: skip
    assert child.returncode == 0, child.stderr[-2000:]
    run = json.loads(child.stdout.splitlines()[-1])
    with open_index(config) as index:
        rows: dict[str, list[dict]] = {}
        for row in index.documents(status=None):
            rows.setdefault(str(row["file_path"]), []).append(row)
        assert index.integrity_check() == []
    problems = [p for p in (outcome(rows, e) for e in expectations) if p]
    assert problems == []
    covered = set(rows)
    files = {path_key(p) for p in nasty.rglob("*") if p.is_file() and not p.is_symlink()}
    assert files - covered == set(), "every regular file is indexed or listed"
    show(record_property, "bad input", files_tried=run["files_seen"],
         generated=len(expectations), documents=run["documents"], failed=run["failed"],
         skipped=run["skipped"], peak_rss_mb=run["peak_rss_mb"],
         seconds=round(run["seconds"], 1))  # fmt: skip
    assert run["peak_rss_mb"] < MAX_PEAK_RSS_MB


@pytest.fixture
def synced(tmp_path: Path):
    """A folder with three notes, registered and indexed."""
    folder = tmp_path / "notes"
    for name in ("a.md", "b.md", "sub/c.md"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f"# {name}\n\nDer Klempner kam wegen {name}.\n")
    config = config_for(tmp_path / "home", [folder])
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
        yield config, index, folder


def test_a_file_that_vanishes_between_scan_and_read_leaves_no_trace(synced, monkeypatch):
    config, index, folder = synced
    doomed = folder / "b.md"
    doomed.write_text("# b\n\nneu geschrieben, gleich wieder weg\n")
    real_read = ingest.read

    def read_after_delete(path: Path, *args):
        if path == doomed:
            path.unlink()  # after the scan saw it, before the reader opens it
        return real_read(path, *args)

    monkeypatch.setattr(ingest, "read", read_after_delete)
    stats = run_sync(config, index, FakeEmbedder())
    assert stats.deleted == 1 and stats.failed == 0
    paths = {str(r["source_path"]) for r in index.documents(status=None)}
    assert paths == {str(folder / "a.md"), str(folder / "sub/c.md")}
    assert index.integrity_check() == []


def deny_open(patch: pytest.MonkeyPatch, denied: Path) -> None:
    """EACCES for `denied` however it is opened (root ignores chmod, so this stands in)."""
    real_open = Path.open

    def guarded_open(self: Path, *args, **kwargs):
        if self == denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    patch.setattr(Path, "open", guarded_open)
    real_os_open = os.open  # the readers open by descriptor (ingest/opening.py)

    def guarded_os_open(path, *args, **kwargs):
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_os_open(path, *args, **kwargs)

    patch.setattr(os, "open", guarded_os_open)


def deny_listing(patch: pytest.MonkeyPatch, denied: Path) -> None:
    """EACCES when os.walk lists `denied`."""
    real_scandir = os.scandir

    def guarded_scandir(path=".", *args):
        if Path(os.fsdecode(path)) == denied:
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path, *args)

    patch.setattr(os, "scandir", guarded_scandir)


def test_permission_denied_is_listed_and_retried_once_readable(synced, monkeypatch):
    config, index, folder = synced
    secret = folder / "a.md"
    secret.write_text("# a\n\nGeheim: der Code ist 7731.\n")
    with monkeypatch.context() as patch:
        if os.geteuid() == 0:
            deny_open(patch, secret)
        else:
            secret.chmod(0)
        stats = run_sync(config, index, FakeEmbedder())
    assert stats.failures == [(str(secret), "permission denied")]
    assert [r["reason"] for r in index.failures()] == ["permission denied"]
    secret.chmod(0o644)  # chmod changes neither size nor mtime: the retry must not need them
    again = run_sync(config, index, FakeEmbedder())
    assert again.documents_indexed == 1 and index.failures() == []


def test_a_folder_that_cannot_be_listed_keeps_its_documents(synced, monkeypatch):
    config, index, folder = synced
    locked = folder / "sub"
    with monkeypatch.context() as patch:
        if os.geteuid() == 0:
            deny_listing(patch, locked)
        else:
            locked.chmod(0)
        stats = run_sync(config, index, FakeEmbedder())
    assert stats.deleted == 0, "documents below an unreadable folder are kept"
    assert str(folder / "sub/c.md") in {str(r["source_path"]) for r in index.documents()}
    assert [(r["source_path"], r["reason"]) for r in index.failures()] == [
        (str(locked), "cannot list folder: Permission denied")
    ]
    locked.chmod(0o755)
    run_sync(config, index, FakeEmbedder())
    assert index.failures() == []
