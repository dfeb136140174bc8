"""The server's end: its lock on the home and its listening socket.

One server per home. The lock is an flock on `serve.lock` (never on the database files), so
the kernel drops it when the server dies, kill -9 included; a socket file left behind by such a
death is stale, and whoever finds the lock free may remove it (the next server does, and so
does a client that finds nobody listening). The socket is made 0600 from the start (umask), in
the 0700 home, and a peer of another user is turned away (SO_PEERCRED) all the same.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import stat
import struct
import sys
from pathlib import Path

from assistant.errors import AssistantError
from assistant.paths import PRIVATE_FILE, private_dir
from assistant.serve.place import lock_path, socket_path

BACKLOG = 16


class ServerRunning(AssistantError):
    """Another server owns this home."""


class Listener:
    """The lock on a home and the socket its server listens on; `close` gives both up."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.path = Path(socket_path(home))
        self._lock_fd = _take_lock(home)
        try:
            if self.path.parent != home:
                _private_runtime_dir(self.path.parent)
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()  # stale: its server died (we hold the lock now)
            self.sock = _bind(self.path)
        except BaseException:
            os.close(self._lock_fd)
            raise

    def accept(self) -> socket.socket:
        """The next client (of this user)."""
        while True:
            conn, _ = self.sock.accept()
            if same_user(conn):
                return conn
            conn.close()

    def close(self) -> None:
        """Stop listening, remove the socket, release the home."""
        self.sock.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        os.close(self._lock_fd)


def _take_lock(home: Path) -> int:
    private_dir(home)
    fd = os.open(lock_path(home), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
        os.close(fd)
        pid = f" (pid {holder})" if holder.isdigit() else ""
        raise ServerRunning(f"a server already runs for {home}{pid}; stop it first") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
    return fd


def _private_runtime_dir(folder: Path) -> None:
    """The shared runtime folder must be ours and closed to others, or nobody's socket."""
    private_dir(folder)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise AssistantError(f"{folder} is not a private folder of this user; remove it")


def _bind(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    previous = os.umask(0o177)  # 0600 from the first moment, not after a chmod
    try:
        sock.bind(str(path))
    except OSError as exc:
        sock.close()
        raise AssistantError(f"cannot listen on {path}: {exc.strerror}") from None
    finally:
        os.umask(previous)
    sock.listen(BACKLOG)
    return sock


def same_user(conn: socket.socket) -> bool:
    """The peer runs as this user (Linux: SO_PEERCRED; elsewhere the 0700 home decides)."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None or not sys.platform.startswith("linux"):
        return True
    _, uid, _ = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, option, 12))
    return uid == os.getuid()


def remove_stale_socket(home: str, path: str) -> bool:
    """Remove `path` if no server holds the home's lock (its server died); True if removed."""
    try:
        fd = os.open(lock_path(home), os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        fd = None  # no lock file: no server ever finished starting here
    try:
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # a server is starting (it binds after taking the lock)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
            return True
        return False
    finally:
        if fd is not None:
            os.close(fd)


def server_pid(home: str | Path) -> int | None:
    """The pid of the server that holds the home's lock, None when none runs. Cheap (no
    connection), and the same answer inside the server as outside: its lock is an flock on
    another open file, so this probe conflicts with it there too."""
    try:
        fd = os.open(lock_path(home), os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            return int(holder) if holder.isdigit() else 0
        return None  # free: closing the probe gives the shared lock back
    finally:
        os.close(fd)
