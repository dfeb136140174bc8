"""`assistant doctor`: which watcher backend `assistant watch` and the app will get, and why.

inotify runs out per user: of instances (`fs.inotify.max_user_instances`, shared by every
program the user runs) and of watches (`fs.inotify.max_user_watches`, one per folder). The
watcher then polls (`ingest.observers`); the doctor says so before it happens, from the same
probe the watcher uses, the folders below the roots and the watches this user already holds.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from assistant.config import Config
from assistant.doctor.checks import Finding, watcher_finding
from assistant.errors import AssistantError
from assistant.indexing.roots import load_roots
from ingest import observers

MAX_FOLDERS_COUNTED = 1_000_000  # stop walking: the answer is "too many" long before


def check_watch_backend(config: Config) -> Finding:
    """inotify if it will hold every folder of the roots, else polling with the limit named."""
    try:
        roots = [r for r in load_roots(config) if r.exists()]
    except AssistantError:
        roots = []
    folders = [r if r.is_dir() else r.parent for r in roots]
    probed = observers.probe_inotify(folders[0] if folders else _existing(config.paths.data_dir))
    if probed == errno.ENOSYS:  # no inotify at all: watchdog's own choice tells the story
        return watcher_finding(type(observers.native_observer()).__name__, None)
    if probed in observers.SYSCTL:
        return _polling(OSError(probed, os.strerror(probed)))
    needed = sum(count_folders(f) for f in folders)
    limit = observers.read_limit("fs.inotify.max_user_watches")
    used = watches_in_use()
    if limit is not None and used is not None and needed + used > limit:
        notice = _polling(OSError(errno.ENOSPC, "watches"))
        detail = f"the roots hold {needed:,} folders but {used:,} of {limit:,} watches are taken"
        return Finding("watcher", "warn", f"{detail}; {notice.detail}", notice.fix)
    free = f", {limit - (used or 0):,} of {limit:,} watches free" if limit else ""
    return Finding("watcher", "ok", f"inotify: {needed:,} folders to watch{free}")


def _polling(exc: OSError) -> Finding:
    notice = observers.limit_notice(exc) or str(exc)
    what, _, fix = notice.partition("; raise the limit with ")
    return Finding("watcher", "warn", what, fix.strip("`") or "")


def _existing(path: Path) -> Path:
    return next(p for p in (path, *path.parents) if p.exists())


def count_folders(root: Path) -> int:
    """Folders inotify would watch below `root` (itself included; links are not followed)."""
    count = 1
    for top, dirnames, _ in os.walk(root):
        count += sum(not os.path.islink(os.path.join(top, name)) for name in dirnames)
        if count >= MAX_FOLDERS_COUNTED:
            break
    return count


def watches_in_use() -> int | None:
    """inotify watches held by this user's processes (the limit is per user), or None."""
    proc = Path("/proc")
    if not (proc / "self" / "fdinfo").is_dir():
        return None
    total = 0
    for fd in proc.glob("[0-9]*/fd/*"):
        try:
            if os.readlink(fd) != "anon_inode:inotify":
                continue
            info = (fd.parent.parent / "fdinfo" / fd.name).read_text()
        except OSError:  # another user's process, or one that just ended
            continue
        total += sum(line.startswith("inotify wd:") for line in info.splitlines())
    return total
