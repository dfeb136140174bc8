"""Test 8 of issue 11: 20,000 small files in 2,000 folders, without the embedding cost.

The texts repeat (a few dozen notes, copied), so after the first copy of each the vector cache
answers and the fake embedder costs nothing: what is measured is the scan, the reading, the
chunking and the store. Figures printed: the first sync (seconds, peak RSS of the process),
the re-sync with nothing changed, and `assistant watch` at that size: seconds to "watching"
and to pick up one change, first with inotify, then with the inotify watches used up (fewer
than the folders, in a user namespace of its own) where it must say so in one line and poll.
Cost here: 2-3 minutes of a shared 2-core machine, most of it the first sync.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path

from tests.reliability.inotify_limits import LimitedWatcher, hog_instances, limited, namespaces_work
from tests.reliability.robustness_support import FAKE_CLI, home_env, show
from tests.reliability.test_watch_with_other_commands import cli
from tests.support import REPO

FOLDERS, FILES_PER_FOLDER = 2_000, 10
WATCHES_LEFT = 500  # in the namespace: far fewer than the 2,001 folders
TOPICS = ["boiler", "fuse box", "stopcock", "spare key", "gas meter", "router", "bike lock",
          "passport", "tax letter", "dentist", "insurance", "heating oil"]  # fmt: skip


def note(i: int) -> str:
    topic = TOPICS[i % len(TOPICS)]
    return f"# {topic}\n\nWhere the {topic} is, and what to do about it ({i % 40}).\n"


def make_tree(root: Path) -> None:
    for folder in range(FOLDERS):
        place = root / f"y{folder // 100:02d}" / f"f{folder:04d}"
        place.mkdir(parents=True)
        for n in range(FILES_PER_FOLDER):
            (place / f"n{n}.md").write_text(note(folder * FILES_PER_FOLDER + n), encoding="utf-8")


# The child's own peak (VmHWM of its memory map): a child's ru_maxrss on Linux also counts the
# parent it was forked from (hundreds of MB when the suite has loaded the real models).
PEAK_CLI = (
    """
import atexit, os, pathlib
def peak():
    status = pathlib.Path("/proc/self/status").read_text().splitlines()
    kb = next(line.split()[1] for line in status if line.startswith("VmHWM"))
    pathlib.Path(os.environ["PEAK_RSS_FILE"]).write_text(kb)
atexit.register(peak)
"""
    + FAKE_CLI
)


def measured(home: Path, *args: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of `assistant ARGS` in a process of its own."""
    errors, peak = home / "measured.err", home / "measured.peak"
    started = time.monotonic()
    with errors.open("w") as sink:
        done = subprocess.run([sys.executable, "-c", PEAK_CLI, *args], cwd=REPO, stderr=sink,
                              env=home_env(home, PEAK_RSS_FILE=str(peak)),
                              stdout=subprocess.DEVNULL, timeout=900)  # fmt: skip
    assert done.returncode == 0, errors.read_text()[-3000:]
    return round(time.monotonic() - started, 1), round(int(peak.read_text()) / 1024)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def watch_once(home: Path, change: Path, prefix: list[str]) -> dict[str, object]:
    """Start `watch`, change one file, wait for it to be indexed; the figures and any note."""
    started = time.monotonic()
    watcher = LimitedWatcher(home, prefix)
    try:
        ready = watcher.wait_for(r"^(note: .*|watching .*)")[0]
        note_line = ready if ready.startswith("note:") else ""
        if note_line:
            watcher.wait_for(r"^watching ")
        to_watching = round(time.monotonic() - started, 1)
        cpu_idle_start, idle_start = cpu_seconds(watcher.process.pid), time.monotonic()
        time.sleep(10)  # ten idle seconds: what watching costs when nothing changes
        idle_cpu = (cpu_seconds(watcher.process.pid) - cpu_idle_start) / (
            time.monotonic() - idle_start
        )
        changed = time.monotonic()
        change.write_text(note(7) + "\nA line added while watching.\n", encoding="utf-8")
        while int(watcher.wait_for(r"(\d+) indexed, \d+ removed")[1]) == 0:
            pass
        picked_up = round(time.monotonic() - changed, 1)
    finally:
        code = watcher.stop()
    assert code == 0, "".join(watcher.output)
    assert "Traceback" not in "".join(watcher.output), "".join(watcher.output)
    return {"to_watching_s": to_watching, "change_s": picked_up,
            "idle_cpu_pct": round(100 * idle_cpu, 1), "note": note_line}  # fmt: skip


def test_twenty_thousand_files_in_two_thousand_folders(tmp_path: Path, record_property) -> None:
    home, root = tmp_path / "home", tmp_path / "files"
    started = time.monotonic()
    make_tree(root)
    made = round(time.monotonic() - started, 1)
    cli(home, "add", "--no-index", str(root))
    first_s, first_rss = measured(home, "index")
    again_s, again_rss = measured(home, "index")
    status = cli(home, "status").stdout
    inotify = watch_once(home, root / "y19" / "f1999" / "n3.md", [])
    isolated = namespaces_work()
    prefix = limited([], watches=WATCHES_LEFT) if isolated else []
    with nullcontext() if isolated else hog_instances():
        polling = watch_once(home, root / "y07" / "f0777" / "n5.md", prefix)
    show(record_property, "scale 20k files", files=FOLDERS * FILES_PER_FOLDER, folders=FOLDERS,
         tree_made_s=made, first_sync_s=first_s, first_sync_peak_rss_mb=first_rss,
         resync_s=again_s, resync_peak_rss_mb=again_rss,
         inotify_to_watching_s=inotify["to_watching_s"], inotify_change_s=inotify["change_s"],
         inotify_idle_cpu_pct=inotify["idle_cpu_pct"],
         polling_to_watching_s=polling["to_watching_s"], polling_change_s=polling["change_s"],
         polling_idle_cpu_pct=polling["idle_cpu_pct"], limit_in_namespace=isolated)  # fmt: skip
    assert f"indexed: {FOLDERS * FILES_PER_FOLDER} documents" in status, status
    assert inotify["note"] == "", inotify["note"]
    expected = "watches are used up" if isolated else "instances are used up"
    assert expected in str(polling["note"]) and "sudo sysctl fs.inotify" in str(polling["note"])
