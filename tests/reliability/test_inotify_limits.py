"""inotify instances used up: `watch` says which limit and how to raise it, then polls.

Issue 11 (G): with the instances used up `assistant watch` died with an OSError and `doctor`
said "watcher ok". Now both name `fs.inotify.max_user_instances` and the `sysctl` that raises
it, and the watcher polls, so a change is still indexed. (The watches limit at 2,000 folders
is in test_scale.py.)
"""

from __future__ import annotations

import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path

from tests.reliability.inotify_limits import LimitedWatcher, hog_instances, limited, namespaces_work
from tests.reliability.robustness_support import home_env, show
from tests.reliability.test_watch_with_other_commands import cli
from tests.support import REPO

DOCTOR = """
from assistant.config import load_config
from assistant.doctor.watching import check_watch_backend
finding = check_watch_backend(load_config())
print(finding.status, finding.detail, "|", finding.fix)
"""


def test_used_up_instances_make_watch_poll_with_a_clear_note(
    tmp_path: Path, record_property
) -> None:
    home, folder = tmp_path / "home", tmp_path / "notes"
    folder.mkdir()
    (folder / "one.md").write_text("# one\n\nThe spare key is under the pot.\n")
    cli(home, "add", str(folder))
    isolated = namespaces_work()
    prefix = limited([], instances=0) if isolated else []
    doctor_argv = [*prefix, sys.executable, "-c", DOCTOR]
    with nullcontext(0) if isolated else hog_instances():
        doctor = subprocess.run(doctor_argv, env=home_env(home), cwd=REPO, capture_output=True,
                                text=True, timeout=120)  # fmt: skip
        watcher = LimitedWatcher(home, prefix)
        try:
            note = watcher.wait_for(r"^note: inotify .*")[0]
            watcher.wait_for(r"^watching 1 folder")
            started = time.monotonic()
            (folder / "two.md").write_text("# two\n\nThe boiler key hangs by the door.\n")
            while int(watcher.wait_for(r"(\d+) indexed, \d+ removed")[1]) == 0:
                pass
            picked_up = round(time.monotonic() - started, 2)
        finally:
            code = watcher.stop()
    show(record_property, "inotify instances used up", user_namespace=isolated,
         change_picked_up_s=picked_up, watcher_exit=code)  # fmt: skip
    assert code == 0, "".join(watcher.output)
    assert "instances are used up" in note and "polling" in note, note
    assert "sudo sysctl fs.inotify.max_user_instances=" in note, note
    assert "Traceback" not in "".join(watcher.output)
    assert doctor.stdout.startswith("warn inotify instances are used up"), doctor.stdout
    assert "sudo sysctl fs.inotify.max_user_instances=" in doctor.stdout, doctor.stderr
