"""A real-model index of a corpus, kept between runs so that it is built once.

Embedding the ~430 real mails takes minutes on a shared two-core machine, while tuning
retrieval (assistant/ask) changes nothing the index holds. The key covers the corpus files
(path, size, mtime), the embedding model and the source of every package that decides what is
indexed; a change to any of them builds afresh. The index is only read here, never synced again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

from tests.quality.evaluation import build_index, open_built
from tests.support import REPO

CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "assistant" / "bench"
# Everything below REPO whose code decides what the index holds; assistant/ask only reads it.
INDEX_CODE = (
    "ingest",
    "store",
    "identity",
    "assistant/indexing",
    "assistant/runtime",
    "assistant/models",
    "assistant/config.py",
    "assistant/config_rules.py",
    "assistant/paths.py",
)
_BUILT = "built"  # written last: a build that was interrupted is never reused


def cache_key(root: Path, model_id: str) -> str:
    digest = hashlib.sha256(model_id.encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for name in INDEX_CODE:
        base = REPO / name
        for source in sorted(base.rglob("*.py")) if base.is_dir() else [base]:
            digest.update(str(source.relative_to(REPO)).encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def cached_index(root: Path, model_id: str, name: str):
    """(index, embedder, build seconds or None when it came from the cache).

    A build happens in a folder of its own and is renamed into place when complete, so two
    runs at once (a benchmark and the test suite) never delete or share each other's
    half-built index; the one that finishes second keeps using its own copy.
    """
    workdir = CACHE / f"{name}-{cache_key(root, model_id)}"
    if (workdir / _BUILT).is_file():
        index, embedder = open_built(workdir, model_id)
        return index, embedder, None
    for stale in CACHE.glob(f"{name}-*"):
        if stale.name != workdir.name and not _building_now(stale):
            shutil.rmtree(stale, ignore_errors=True)
    building = workdir.with_name(f"{workdir.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    started = time.perf_counter()
    index, embedder = build_index(building, model_id, root)
    seconds = time.perf_counter() - started
    (building / _BUILT).write_text(f"{seconds:.1f}\n", encoding="utf-8")
    index.close()
    try:
        building.rename(workdir)
    except OSError:  # another run finished first: its copy is the cache, ours is used once
        index, _ = open_built(building, model_id)
        return index, embedder, seconds
    index, _ = open_built(workdir, model_id)
    return index, embedder, seconds


def _building_now(folder: Path) -> bool:
    """A build folder whose process still runs (it is renamed into place when done)."""
    _, marker, pid = folder.name.rpartition(".building-")
    if not marker or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
