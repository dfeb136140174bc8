"""Where a home's server listens, and the lock that lets only one server own the home.

The socket lives in the home itself (0700, so only its owner can reach it). A Unix socket's
path must fit in about 104 bytes (macOS; 108 on Linux), and a deep home does not: then the
socket goes to a private folder of the user's runtime directory, named by a digest of the home,
so every process that resolves the same home finds the same socket.

Plain strings and os.path, not pathlib: the client imports this before anything else, and
every millisecond of its start is a millisecond of every served command (benchmarks/cli.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

SOCKET_NAME = "serve.sock"
LOCK_NAME = "serve.lock"
MAX_SOCKET_PATH = 100  # bytes: under both the macOS (104) and the Linux (108) limit


def home_of(environ: Mapping[str, str]) -> str:
    """The home (data dir) as `assistant.paths.resolve_paths` finds it, as cheaply as it can:
    ASSISTANT_HOME when set (no platformdirs import), else the platform's data dir."""
    home = environ.get("ASSISTANT_HOME")
    if home:
        return home
    from assistant.paths import resolve_paths

    return str(resolve_paths(dict(environ)).data_dir)


def socket_path(home: str | os.PathLike[str], environ: Mapping[str, str] = os.environ) -> str:
    """The socket of the server of `home` (the data dir holding the index)."""
    path = os.path.join(home, SOCKET_NAME)
    if len(os.fsencode(path)) <= MAX_SOCKET_PATH:
        return path
    import hashlib

    digest = hashlib.sha256(os.fsencode(os.path.abspath(home))).hexdigest()[:20]
    return os.path.join(runtime_dir(environ), f"{digest}.sock")


def runtime_dir(environ: Mapping[str, str] = os.environ) -> str:
    """The per-user folder for sockets of deep homes ($XDG_RUNTIME_DIR, else the temp dir)."""
    base = environ.get("XDG_RUNTIME_DIR")
    if not base:
        import tempfile

        base = tempfile.gettempdir()
    return os.path.join(base, f"assistant-{os.getuid()}")


def lock_path(home: str | os.PathLike[str]) -> str:
    """The file a running server holds an flock on (and writes its pid into)."""
    return os.path.join(home, LOCK_NAME)
