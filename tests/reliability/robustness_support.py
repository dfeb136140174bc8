"""Shared pieces of the robustness tests (crash, churn, bad input, full disk).

They all index real files through the real sync code with a fake embedder, in homes of
their own, and they all report figures: `show` prints them (visible with `pytest -s` and in
the captured output of a failure) and records them as junit properties for the CI report.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import sqlean as sqlite3

from assistant.config import Config, load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.embedder import DocumentText
from ingest.documents import chunk_hash
from tests.fakes import FakeEmbedder
from tests.support import CORPORA, REPO

# `python -c FAKE_CLI ARGS...` is `assistant ARGS...` with the FakeEmbedder: no model needed.
FAKE_CLI = """
import sys
import tests.fakes
from assistant.runtime.embedder import Embedder
Embedder.from_config = classmethod(lambda cls, c: tests.fakes.FakeEmbedder())
from assistant.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


class CountingEmbedder(FakeEmbedder):
    """A FakeEmbedder that remembers the chunk hash of everything it embedded."""

    def __init__(self) -> None:
        super().__init__()
        self.hashes: list[str] = []

    def embed_documents(self, items: Sequence[DocumentText], *, truncate: bool = False):
        self.hashes += [chunk_hash(item.title or "", item.text) for item in items]
        return super().embed_documents(items, truncate=truncate)


def home_env(home: Path, **settings: str) -> dict[str, str]:
    """Environment for a child process (or `load_config`) that uses `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    return {**env, "ASSISTANT_HOME": str(home), "PYTHONPATH": str(REPO), **settings}


def config_for(home: Path, roots: Sequence[Path], **settings: str) -> Config:
    config = load_config(home_env(home, **settings))
    for root in roots:
        add_root(config, root)
    return config


def copy_corpora(target: Path) -> Path:
    """A private copy of the shared corpora (tests must not touch the originals)."""
    shutil.copytree(CORPORA, target, symlinks=True)
    return target.resolve()


def full_index(home: Path, roots: Sequence[Path], **settings: str) -> dict:
    """Fingerprint, chunk hashes and counts of a clean, uninterrupted index of `roots`."""
    config = config_for(home, roots, **settings)
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
        assert index.integrity_check() == []
        stats = index.stats()
        return {
            "fingerprint": index.fingerprint(),
            "chunk_hashes": chunk_hashes(config),
            "documents": stats["documents"],
            "chunks": stats["chunks"],
            "failed": stats["failed"],
        }


def chunk_hashes(config: Config, table: str = "chunks") -> set[str]:
    """Content hashes in `chunks` (what is indexed) or `embeddings` (what is cached)."""
    conn = sqlite3.connect(str(config.paths.database))
    try:
        return {row[0] for row in conn.execute(f"SELECT content_hash FROM {table}")}
    finally:
        conn.close()


def show(record_property, title: str, **figures: object) -> None:
    """Print figures on one line and keep them in the junit report."""
    print(f"\n[{title}] " + ", ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
    for key, value in figures.items():
        record_property(f"{title}.{key}", value)
