"""Run a command with the inotify limits used up, without taking them from anyone else.

The limits are per user, and this machine (like a developer's) runs other watchers as the same
user, so they are not exhausted for real where that can be avoided: in a user namespace of its
own (`unshare -Ur`, unprivileged on most Linux systems) /proc/sys/user/max_inotify_instances
and max_inotify_watches belong to the namespace and can be set low for the child only. Where
user namespaces are not allowed, the instances are used up for real by a helper process that
holds them for the length of the test (`hog_instances`); the watches cannot be, then.
"""

from __future__ import annotations

import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tests.reliability.robustness_support import FAKE_CLI, home_env
from tests.reliability.test_watch_with_other_commands import SETTINGS, Watcher
from tests.support import REPO

HOG = """
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
held = []
while (fd := libc.inotify_init1(0)) >= 0:
    held.append(fd)
print(len(held), flush=True)
sys.stdin.read()
"""


def namespaces_work() -> bool:
    """Whether this machine lets an unprivileged user set inotify limits in a user namespace."""
    if shutil.which("unshare") is None:
        return False
    probe = "echo 1 > /proc/sys/user/max_inotify_watches"
    done = subprocess.run(["unshare", "-Ur", "sh", "-c", probe], capture_output=True)
    return done.returncode == 0


def limited(argv: Sequence[str], *, instances: int | None = None, watches: int | None = None):
    """`argv` in a user namespace whose inotify limits are `instances` and `watches`."""
    limits = {"instances": instances, "watches": watches}
    steps = [
        f"echo {n} > /proc/sys/user/max_inotify_{k}" for k, n in limits.items() if n is not None
    ]
    return ["unshare", "-Ur", "sh", "-c", "; ".join([*steps, 'exec "$@"']), "sh", *argv]


@contextmanager
def hog_instances() -> Iterator[int]:
    """Every inotify instance this user may still open, held by a helper process."""
    hog = subprocess.Popen([sys.executable, "-c", HOG], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert hog.stdout is not None
        yield int(hog.stdout.readline())
    finally:
        hog.communicate("", timeout=30)


class LimitedWatcher(Watcher):
    """`assistant watch` (fake embedder), optionally inside a namespace with low limits."""

    def __init__(self, home: Path, prefix: Sequence[str] = (), **settings: str) -> None:
        self.log = home / "logs" / "assistant.log"
        argv = [*prefix, sys.executable, "-c", FAKE_CLI, "watch"]
        self.process = subprocess.Popen(
            argv, env=home_env(home, **{**SETTINGS, **settings}), cwd=REPO,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
