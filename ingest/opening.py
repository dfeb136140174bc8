"""Open a file for reading only if it is a regular file, without ever blocking.

The scan stats a path and the reader opens it later; in between, the path can become a FIFO
(open() would wait forever for a writer), a socket, a device (a tape rewinds, a terminal
becomes ours) or a folder. So every reader opens through `open_regular`: O_NONBLOCK makes
opening a FIFO return at once, O_NOCTTY keeps a terminal from becoming the controlling one,
and fstat on the opened descriptor says what was really opened, whatever the path points to
by then. Anything but a regular file is closed again and refused with `NotRegularFile`.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from pathlib import Path
from typing import BinaryIO

_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(OSError):
    """The path names a FIFO, socket, device or other special file."""


def describe_mode(mode: int) -> str:
    """'a FIFO', 'a socket', ... for a file mode that is not a regular file."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for binary reading; raises IsADirectoryError or NotRegularFile."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # what opening a Unix socket says
            raise NotRegularFile(exc.errno, "not a regular file (a socket)", str(path)) from exc
        raise
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile(0, f"not a regular file ({describe_mode(mode)})", str(path))
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
