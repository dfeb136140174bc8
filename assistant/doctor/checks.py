"""`assistant doctor`: is this machine able to run the assistant, and if not, what to do.

Each check is a function that looks at one thing and returns `Finding`s (ok / warn / fail, a
sentence, and the fix to apply); nothing here prints, so the CLI, the TUI and the tests read
the same records. A check that crashes becomes a failed finding: the doctor must still report
on everything else when the machine is at its most broken.
"""

from __future__ import annotations

import shutil
import stat
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import Literal

from assistant.config import Config
from assistant.progress import Report, silent_report
from ingest.sizes import MB, megabytes

Status = Literal["ok", "warn", "fail"]
DISK_FAIL_BYTES = 100 * MB  # SQLite needs room for the WAL and a VACUUM copy
DISK_WARN_BYTES = 2048 * MB  # an answer model is 3 GB; the index grows with the files
MIN_INOTIFY_WATCHES = 8192


@dataclass(frozen=True)
class Finding:
    """One line of the doctor's report."""

    check: str
    status: Status
    detail: str
    fix: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def check_sqlite_vec(binding: ModuleType | None = None) -> Finding:
    """The SQLite binding can load extensions and sqlite-vec loads into it."""
    from store import sqlite_binding, sqlite_vec_version

    sqlite = binding or sqlite_binding()
    version = sqlite_vec_version(sqlite)
    if version is None:
        return Finding(
            "sqlite-vec",
            "fail",
            f"{sqlite.__name__} was built without extension loading, so sqlite-vec "
            "cannot be loaded",
            "reinstall the assistant's dependencies (`pip install sqlean-py sqlite-vec`); "
            "the store needs sqlean-py, not the system sqlite3",
        )
    detail = f"{sqlite.__name__} (SQLite {sqlite.sqlite_version}) loads sqlite-vec {version}"
    return Finding("sqlite-vec", "ok", detail)


def check_fts5(binding: ModuleType | None = None) -> Finding:
    """FTS5 with the tokenizer options the index is created with."""
    from store import fts_tokenizer_works, sqlite_binding

    sqlite = binding or sqlite_binding()
    try:
        if fts_tokenizer_works(sqlite):
            return Finding("fts5", "ok", f"FTS5 available (SQLite {sqlite.sqlite_version})")
    except sqlite.Error as exc:
        return Finding(
            "fts5",
            "fail",
            f"FTS5 is missing or unusable in {sqlite.__name__}: {exc}",
            "reinstall sqlean-py (`pip install --force-reinstall sqlean-py`)",
        )
    return Finding("fts5", "fail", "FTS5 query returned nothing", "reinstall sqlean-py")


def check_index(config: Config) -> Finding:
    """The index file opens and its documents, chunks, FTS rows and vectors agree."""
    from store import Index, StoreError, rebuild_advice

    db = config.paths.database
    if not db.exists():
        return Finding("index", "ok", f"no index yet at {db}", "`assistant add PATH` creates it")
    index = Index(db)
    try:
        problems = index.integrity_check()
    except StoreError as exc:  # its hint knows: permissions, disk space or a rebuild
        return Finding("index", "fail", exc.message, exc.hint or rebuild_advice(db))
    finally:
        index.close()
    if problems:
        return Finding("index", "fail", f"{db}: " + "; ".join(problems), rebuild_advice(db))
    return Finding("index", "ok", f"{db} is consistent ({megabytes(db.stat().st_size)})")


def disk_finding(label: str, path: Path, free_bytes: int) -> Finding:
    """Judge free space at `path` (pure: the number is measured by the caller)."""
    detail = f"{megabytes(free_bytes)} free at {path}"
    if free_bytes < DISK_FAIL_BYTES:
        return Finding(label, "fail", detail, f"free space on the disk holding {path}")
    if free_bytes < DISK_WARN_BYTES:
        return Finding(label, "warn", detail, f"free space on the disk holding {path} soon")
    return Finding(label, "ok", detail)


def check_disk(label: str, path: Path) -> Finding:
    """Free space on the file system that holds `path` (or its nearest existing parent)."""
    existing = next(p for p in (path, *path.parents) if p.exists())
    return disk_finding(label, path, shutil.disk_usage(existing).free)


def watcher_finding(observer_name: str, max_watches: int | None) -> Finding:
    """Judge the watchdog backend (pure: the caller finds out which one is in use)."""
    backend = observer_name.removesuffix("Observer").lower() or "unknown"
    if backend == "polling":
        return Finding(
            "watcher",
            "warn",
            "watchdog falls back to polling: changes are noticed late and cost CPU",
            "on Linux make inotify available (a kernel with CONFIG_INOTIFY_USER, glibc/musl)",
        )
    limit = f"; inotify allows {max_watches:,} watched folders" if max_watches else ""
    if max_watches is not None and max_watches < MIN_INOTIFY_WATCHES:
        return Finding(
            "watcher",
            "warn",
            f"{backend}{limit}: large folder trees will not all be watched",
            "sudo sysctl fs.inotify.max_user_watches=524288",
        )
    return Finding("watcher", "ok", f"{backend}{limit}")


def _private_targets(config: Config) -> list[Path]:
    paths = config.paths
    folders = [paths.data_dir, paths.log_dir, paths.config_file.parent]
    inside = [p for f in (paths.data_dir, paths.log_dir) if f.is_dir() for p in f.iterdir()]
    inside = [p for p in inside if not (p == paths.database and p.is_dir())]  # not a chmod
    return [p for p in dict.fromkeys([*folders, *inside, paths.config_file]) if p.exists()]


def check_privacy(config: Config) -> Finding:
    """Nothing in the home is readable by other users (it names and holds their files)."""
    exposed = [p for p in _private_targets(config) if stat.S_IMODE(p.stat().st_mode) & 0o077]
    if not exposed:
        return Finding("privacy", "ok", "the home is readable by its owner only")
    dirs = " ".join(str(p) for p in exposed if p.is_dir())
    files = " ".join(str(p) for p in exposed if not p.is_dir())
    fix = "; ".join(f for f in (dirs and f"chmod 700 {dirs}", files and f"chmod 600 {files}") if f)
    shown = ", ".join(str(p) for p in exposed[:5]) + (" ..." if len(exposed) > 5 else "")
    return Finding("privacy", "warn", f"readable by other users: {shown}", fix)


def _guarded(name: str, check: Callable[[], list[Finding]]) -> list[Finding]:
    try:
        return check()
    except Exception as exc:  # a broken check is itself a finding
        return [Finding(name, "fail", f"the check itself failed: {type(exc).__name__}: {exc}")]


def run_checks(
    config: Config,
    *,
    hash_models: bool = True,
    report: Report = silent_report,
    deep: bool = False,
) -> Iterator[Finding]:
    """Every check in turn, cheap ones first; findings are yielded as soon as they are known."""
    from assistant.doctor.compaction import check_compaction
    from assistant.doctor.database import index_findings
    from assistant.doctor.models import check_embedder_layers, check_models
    from assistant.doctor.ocr import check_ocr
    from assistant.doctor.server import check_answer_server
    from assistant.doctor.watching import check_watch_backend
    from assistant.doctor.writers import check_writers

    checks: list[tuple[str, Callable[[], list[Finding]]]] = [
        ("sqlite-vec", lambda: [check_sqlite_vec()]),
        ("fts5", lambda: [check_fts5()]),
        ("disk", lambda: [check_disk("disk home", config.paths.data_dir)]),
        ("disk", lambda: [check_disk("disk models", config.paths.models_dir)]),
        ("watcher", lambda: [check_watch_backend(config)]),
        ("privacy", lambda: [check_privacy(config)]),
        ("index", lambda: index_findings(config, deep)),
        ("forget", lambda: check_compaction(config)),
        ("writers", lambda: [check_writers(config)]),
        ("embedder", lambda: check_embedder_layers(config)),
        ("models", lambda: check_models(config, hash_models=hash_models, report=report)),
        ("answer server", lambda: check_answer_server(config)),  # [] with the local backend
        ("ocr", lambda: [check_ocr(config)]),
    ]
    for name, check in checks:
        yield from _guarded(name, check)


def healthy(findings: list[Finding]) -> bool:
    """True when nothing failed (warnings do not make the machine broken)."""
    return all(f.status != "fail" for f in findings)
