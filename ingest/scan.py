"""Walk registered folders and say which files are candidates for indexing, cheaply.

A re-sync of an unchanged tree must take seconds for ten thousand files, so the scan only
stats: it never opens a file. It skips what a person would never want indexed (version-control
and dependency folders, hidden and temporary files, editor swap and backup files, anything
matching their own globs), reports files over the size limit as skipped with the reason, and
survives symlink loops by remembering every directory it entered. A folder it cannot list and a
file whose name is not UTF-8 (the index stores paths as text) are reported as skipped too, and
so are files and folders on pseudo file systems (/proc, /sys, /dev, reached through a link) and
special files a reader would take by their name (a FIFO called notes.md, a link to a socket):
nothing is left out without a reason.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from identity import FailureKind, ReadFailure
from ingest.limits import too_large
from ingest.opening import describe_mode
from ingest.pseudo_fs import pseudo_mount_of
from ingest.sizes import MB

IGNORED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv"})
TEMPORARY_PATTERNS = (
    "*.swp", "*.swo", "*.swx", "*~", ".#*", "#*#", "*.tmp", "*.temp", "*.part", "*.crdownload",
    "*.bak", "~$*", ".DS_Store",
)  # fmt: skip


@dataclass(frozen=True)
class ScanRules:
    """What to leave out. `ignore_globs` match a file's name or its path below the root."""

    ignore_globs: tuple[str, ...] = ()
    max_bytes: int = 100 * MB


@dataclass(frozen=True)
class FileInfo:
    """A file worth indexing, with what a cheap change check needs."""

    path: Path
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Skipped:
    """A file the scan saw and deliberately left out, with the reason to show the person."""

    path: Path
    failure: ReadFailure

    @property
    def reason(self) -> str:
        return self.failure.detail


def is_ignored_name(name: str, rules: ScanRules, relative: str = "") -> bool:
    """True for hidden, temporary and user-ignored names (files or folders)."""
    if name.startswith(".") or any(fnmatch.fnmatch(name, p) for p in TEMPORARY_PATTERNS):
        return True
    return any(
        fnmatch.fnmatch(name, glob) or (relative and fnmatch.fnmatch(relative, glob))
        for glob in rules.ignore_globs
    )


def is_utf8(text: str) -> bool:
    """False for a path holding bytes that are not UTF-8 (decoded as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_maildir(path: Path) -> bool:
    """Maildir++ keeps sub-folders in hidden directories (``.Sent/cur``): those are mail."""
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _keep_dir(root: Path, directory: Path, name: str, rules: ScanRules) -> bool:
    if name == "tmp":
        return not _is_maildir(directory)  # a Maildir's tmp/ holds half-delivered mail
    if name in IGNORED_DIRS:
        return False
    relative = str((directory / name).relative_to(root))
    if is_ignored_name(name, rules, relative):
        return _is_maildir(directory / name) and not any(
            fnmatch.fnmatch(relative, g) or fnmatch.fnmatch(name, g) for g in rules.ignore_globs
        )
    return True


def scan(
    root: Path, rules: ScanRules, supported: Callable[[Path], bool]
) -> Iterator[FileInfo | Skipped]:
    """Every candidate file below `root` (or `root` itself if it is a file), in stable order."""
    if root.is_file():
        yield from _consider(root.parent, root, rules, supported)
        return
    seen: set[tuple[int, int]] = set()
    errors: list[OSError] = []
    for directory, dirnames, filenames in os.walk(root, followlinks=True, onerror=errors.append):
        yield from _unlisted(errors)
        here = Path(directory)
        try:
            info = here.stat()
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen:  # a symlink loop or a second link to a folder
            dirnames[:] = []
            continue
        if (mount := pseudo_mount_of(info.st_dev)) is not None:
            dirnames[:] = []
            yield Skipped(here, _pseudo_failure(mount))
            continue
        seen.add((info.st_dev, info.st_ino))
        dirnames[:] = sorted(d for d in dirnames if _keep_dir(root, here, d, rules))
        for name in sorted(filenames):
            yield from _consider(root, here / name, rules, supported)
    yield from _unlisted(errors)


def _unlisted(errors: list[OSError]) -> Iterator[Skipped]:
    """Folders os.walk could not list (it reports them through `onerror`)."""
    while errors:
        error = errors.pop(0)
        if error.filename and not isinstance(error, FileNotFoundError):  # vanished: fine
            failure = ReadFailure.cannot_list(error.strerror or str(error))
            yield Skipped(Path(error.filename), failure)


def _consider(
    root: Path, path: Path, rules: ScanRules, supported: Callable[[Path], bool]
) -> Iterator[FileInfo | Skipped]:
    relative = str(path.relative_to(root)) if path.is_relative_to(root) else path.name
    if is_ignored_name(path.name, rules, relative):
        return
    try:
        info = path.stat()
    except OSError as exc:  # vanished, dangling symlink, no permission
        yield Skipped(path, ReadFailure.cannot_stat(exc.strerror or str(exc)))
        return
    if (mount := pseudo_mount_of(info.st_dev)) is not None:
        yield Skipped(path, _pseudo_failure(mount))
        return
    if not stat.S_ISREG(info.st_mode):
        if path.is_symlink() or supported(path):  # a FIFO named notes.md: say why it is left out
            detail = f"not a regular file ({describe_mode(info.st_mode)})"
            yield Skipped(path, ReadFailure(FailureKind.NOT_A_FILE, detail))
        return
    if not supported(path):
        return
    if not is_utf8(str(path)):
        yield Skipped(path, ReadFailure.bad_name())
        return
    if info.st_size > rules.max_bytes:
        detail = too_large(info.st_size, rules.max_bytes, "max_file_mb")
        yield Skipped(path, ReadFailure(FailureKind.TOO_LARGE, detail))
        return
    yield FileInfo(path=path, size=info.st_size, mtime_ns=info.st_mtime_ns)


def _pseudo_failure(mount: str) -> ReadFailure:
    detail = f"on a pseudo file system ({mount}): its content is not a document"
    return ReadFailure(FailureKind.NOT_A_FILE, detail)
