"""Integration fixtures: the real EmbeddingGemma GGUF, loaded once per session.

These tests never skip: a missing model is a failure with the fix in the message, because a
suite that quietly skips its model tests proves nothing. `make test` fetches the models first.
"""

from __future__ import annotations

import os
import shutil

import pytest

from assistant.config import load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.models.registry import require_model
from assistant.runtime.embedder import Embedder
from tests.support import SAMPLES


@pytest.fixture(scope="session")
def real_embedder() -> Embedder:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_EMBEDDER_")}
    config = load_config(env)
    try:
        require_model(config, config.embedder.model)
    except Exception as exc:
        pytest.fail(f"{exc}\nRun `make setup` (or `assistant models setup`) first.")
    embedder = Embedder.from_config(config)
    embedder.load()
    return embedder


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory, real_embedder: Embedder):
    home = tmp_path_factory.mktemp("home")
    folder = tmp_path_factory.mktemp("files") / "samples"
    shutil.copytree(SAMPLES, folder)
    config = load_config({"ASSISTANT_HOME": str(home)})
    add_root(config, folder)
    with open_index(config) as index:
        stats = run_sync(config, index, real_embedder)
        assert stats.failed == 0 and stats.documents_indexed == 9
        yield index
