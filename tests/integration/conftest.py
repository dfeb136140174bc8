"""Integration fixtures: the real EmbeddingGemma GGUF, loaded once per session.

These tests never skip: a missing model is a failure with the fix in the message, because a
suite that quietly skips its model tests proves nothing. `make test` fetches the models first.
"""

from __future__ import annotations

import os

import pytest

from assistant.config import load_config
from assistant.embedder import Embedder
from assistant.models.registry import require_model


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
