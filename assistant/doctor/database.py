"""Doctor checks for the index file's place and bytes: a folder where the file should be, a
read-only home or index, and (`--deep`) stored texts and vectors that no longer match their
hashes. Each says what is wrong and the fix that applies: permissions for a read-only place
(the index is intact there), `assistant rebuild` only when the file itself is damaged.
"""

from __future__ import annotations

import os
from pathlib import Path

from assistant.config import Config
from assistant.doctor.checks import Finding, check_index
from ingest.documents import chunk_hash
from ingest.sizes import megabytes

REBUILD = "run `assistant rebuild` (it moves the old one aside and indexes your folders again)"


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def place_findings(config: Config) -> list[Finding]:
    """What is wrong with where the index lives; [] when nothing is."""
    from store import read_only_index

    db, home = config.paths.database, config.paths.data_dir
    if db.is_dir():
        return [Finding("index", "fail", f"{db} is a folder, not an index file", REBUILD)]
    if read_only_index(db):
        return [
            Finding(
                "index read-only",
                "warn",
                f"{db.parent} cannot be written, so the index opens read-only: search works; "
                "indexing, adding folders and saving conversations do not",
                f"make {db.parent} writable (chmod u+w, or mount it read-write) to index again",
            )
        ]
    if home.is_dir() and not _writable(home):
        fix = f"make {home} writable (chmod u+w {home}, or mount it read-write); the index is kept"
        detail = f"the home {home} is read-only: adding folders, indexing and saving fail"
        return [Finding("home read-only", "fail", detail, fix)]
    if db.is_file() and not _writable(db):
        return [
            Finding(
                "index read-only",
                "fail",
                f"{db} is read-only: indexing and saving conversations fail",
                f"chmod u+w {db}; the index is intact and is kept",
            )
        ]
    return []


def check_index_deep(config: Config) -> Finding:
    """The index check plus every chunk text, cached vector, vec0 vector and FTS row compared
    with its hash or its other copy (store/deep_check.py)."""
    from store import Index, StoreError, rebuild_advice

    db = config.paths.database
    if not db.exists():
        return check_index(config)
    index = Index(db)
    try:
        problems = index.integrity_check(chunk_hash)
    except StoreError as exc:
        return Finding("index (deep)", "fail", exc.message, exc.hint or rebuild_advice(db))
    finally:
        index.close()
    if problems:
        return Finding("index (deep)", "fail", f"{db}: " + "; ".join(problems), rebuild_advice(db))
    size = megabytes(db.stat().st_size)
    detail = f"{db}: every chunk matches its hash, every vector its cached copy ({size})"
    return Finding("index (deep)", "ok", detail)


def index_findings(config: Config, deep: bool = False) -> list[Finding]:
    """The index's place first; its contents only when there is a file to look into."""
    found = place_findings(config)
    if any(f.check == "index" for f in found):
        return found
    return [*found, check_index_deep(config) if deep else check_index(config)]
