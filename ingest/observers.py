"""Which watchdog observer watches the roots: inotify while the kernel allows it, else polling.

inotify has two per-user limits. When the instances run out (`max_user_instances`, often 128,
shared by every program of the user) watchdog's observer cannot even be built; when the watches
run out (`max_user_watches`, one per folder) watchdog skips the folders below a root without a
word, so their changes would be missed in silence. Both become a one-line notice naming the limit
and the `sysctl` that raises it, and the watcher falls back to watchdog's PollingObserver, which
notices changes by comparing folder snapshots: later and with more CPU, but nothing is missed.

The second limit is only visible by trying: after the roots are scheduled, one more watch is
probed on a fresh inotify instance; ENOSPC there means the user's watches are used up, so some
of ours were probably refused too.

The kernel also drops events when an inotify queue overflows (IN_Q_OVERFLOW). watchdog rebuilds
its watches and logs a warning but tells no event handler, so a callback of our own is
registered on the observer's inotify instance: it hears the overflow and asks for a reconcile.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
from collections.abc import Callable
from pathlib import Path

from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

log = logging.getLogger(__name__)
POLLING_SECONDS = 5.0  # a snapshot of 20,000 files costs ~0.1-0.2 s of CPU (tests/reliability)
IN_CLOEXEC = 0o2000000
IN_DELETE_SELF = 0x00000400
IN_MASK_ADD = 0x20000000  # add to the watch's mask: never narrow watchdog's own
SYSCTL = {
    errno.EMFILE: ("instances", "fs.inotify.max_user_instances", 1024),
    errno.ENOSPC: ("watches", "fs.inotify.max_user_watches", 524288),
}


def limit_notice(exc: OSError) -> str | None:
    """The one-line notice for an exhausted inotify limit, or None for any other error."""
    if exc.errno not in SYSCTL:
        return None
    what, key, suggested = SYSCTL[exc.errno]
    current = read_limit(key)
    now = f" ({key} = {current})" if current is not None else ""
    return (
        f"inotify {what} are used up{now}: watching by polling every {POLLING_SECONDS:g} s "
        f"instead; raise the limit with `sudo sysctl {key}={suggested}`"
    )


def read_limit(key: str) -> int | None:
    """A `fs.inotify.*` sysctl as a number, or None where it cannot be read."""
    try:
        return int(Path("/proc/sys", *key.split(".")).read_text())
    except (OSError, ValueError):
        return None


def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    return libc if hasattr(libc, "inotify_init1") else None


def probe_inotify(folder: Path) -> int:
    """0 if one more inotify instance with one watch on `folder` can be had, else the errno."""
    libc = _libc()
    if libc is None:
        return errno.ENOSYS
    fd = libc.inotify_init1(IN_CLOEXEC)
    if fd < 0:
        return ctypes.get_errno()
    try:
        wd = libc.inotify_add_watch(fd, os.fsencode(folder), IN_DELETE_SELF)
        return 0 if wd >= 0 else ctypes.get_errno()
    finally:
        os.close(fd)  # our own inotify descriptor, never a database file


def watches_exhausted(folder: Path) -> bool:
    return probe_inotify(folder) == errno.ENOSPC


def native_observer() -> BaseObserver:
    """The platform's observer (inotify on Linux); raises OSError when inotify is used up."""
    from watchdog.observers import Observer

    return Observer()


def polling_observer() -> BaseObserver:
    return PollingObserver(timeout=POLLING_SECONDS)


def backend_name(observer: BaseObserver) -> str:
    return type(observer).__name__.removesuffix("Observer").lower() or "unknown"


class _OverflowListener:
    """A watchdog inotify callback that only cares about the kernel dropping events.

    watchdog 7.1.1 added `on_events_lost`, called once every watch has re-read its folder after
    the overflow; a reconcile asked for then sees the repaired watches. Older watchdog has only
    `on_queue_overflow`, so there the reconcile is asked for at once.
    """

    def __init__(self, on_overflow: Callable[[], None], *, deferred: bool) -> None:
        self.on_overflow = on_overflow
        self.deferred = deferred

    def on_event(self, event: object) -> None:
        """Events of the listener's own watch: the other handlers report them."""

    def on_watch_deleted(self, wd: object) -> None:
        """The watched root went away; the watcher's own refresh notices that."""

    def on_queue_overflow(self) -> None:
        if not self.deferred:
            self._reconcile()

    def on_events_lost(self) -> None:
        self._reconcile()

    def _reconcile(self) -> None:
        log.warning("the inotify queue overflowed: events were lost, reconciling now")
        self.on_overflow()


def listen_for_overflow(
    observer: BaseObserver, folder: Path, on_overflow: Callable[[], None]
) -> bool:
    """Hear IN_Q_OVERFLOW on `observer`'s inotify instance; False where that is not possible.

    The overflow is reported to callbacks registered on the instance, so the listener rides
    on the watch of `folder` (IN_MASK_ADD: the mask watchdog set stays as it is).
    """
    inotify_fd = getattr(observer, "_inotify_fd", None)  # watchdog 6-7's InotifyObserver
    if inotify_fd is None or not hasattr(inotify_fd, "add_callback"):
        return False
    from watchdog.observers.inotify_c import CallbackId, Mask, WatchCallback

    listener = _OverflowListener(on_overflow, deferred=hasattr(WatchCallback, "on_events_lost"))
    try:
        inotify_fd.add_callback(
            os.fsencode(folder),
            Mask(IN_DELETE_SELF | IN_MASK_ADD),
            listener,
            CallbackId(id(listener)),
        )
    except OSError:
        return False
    return True
