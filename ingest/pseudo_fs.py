"""Which devices hold pseudo file systems (/proc, /sys, /dev and their kin), so the scan skips them.

A file there is not a document: /proc/self/status reports a new size and mtime at every stat
and new content at every read, so a link to it was re-read and re-embedded at every sync, and
/dev/zero never ends. Such files look regular to stat, so the test is the device the file
lives on: the mount table names the file-system type of every mount point, and a stat of each
pseudo mount point gives its device number. One set lookup per file then decides.
"""

from __future__ import annotations

import os
from functools import lru_cache

PSEUDO_TYPES = frozenset({
    "proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "debugfs", "tracefs",
    "securityfs", "pstore", "bpf", "configfs", "fusectl", "mqueue", "hugetlbfs", "binfmt_misc",
    "autofs", "efivarfs", "rpc_pipefs", "nsfs",
})  # fmt: skip
PSEUDO_PREFIXES = ("/proc", "/sys", "/dev")
MOUNTS = "/proc/self/mounts"


def _unescape(field: str) -> str:
    """Mount points with spaces are written as octal escapes (\\040) in the mount table."""
    return field.encode().decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")


def pseudo_mounts(table: str) -> dict[str, str]:
    """Mount point -> file-system type, for the pseudo file systems in a mount table's text."""
    found: dict[str, str] = {}
    for line in table.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[2] in PSEUDO_TYPES:
            found[_unescape(fields[1])] = fields[2]
    return found


@lru_cache(maxsize=1)
def pseudo_devices() -> dict[int, str]:
    """Device number -> the mount point it is, for every pseudo file system mounted here."""
    try:
        with open(MOUNTS, encoding="utf-8", errors="replace") as table:
            mounts = pseudo_mounts(table.read())
    except OSError:  # not Linux, or /proc is not mounted: fall back on the usual places
        mounts = {}
    devices: dict[int, str] = {}
    for point in [*mounts, *PSEUDO_PREFIXES]:
        try:
            device = os.stat(point).st_dev
        except OSError:
            continue
        if point in mounts or (point in PSEUDO_PREFIXES and _own_mount(point)):
            devices.setdefault(device, point)
    return devices


def _own_mount(point: str) -> bool:
    """/dev on a machine without devtmpfs may be a plain folder of the root file system."""
    return os.path.ismount(point)


def pseudo_mount_of(device: int) -> str | None:
    """The pseudo mount point (e.g. "/proc") a file on `device` lives under, or None."""
    return pseudo_devices().get(device)
