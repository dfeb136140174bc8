"""Integration fixtures: an index of the sample folder built with the real EmbeddingGemma.

`real_embedder` comes from tests/real_models.py. These tests never skip: a missing model is a
failure with the fix in the message. `make test` fetches the models first.
"""

from __future__ import annotations

import shutil

import pytest

from assistant.config import load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.embedder import Embedder
from tests.support import SAMPLES


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
