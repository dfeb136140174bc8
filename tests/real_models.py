"""The real EmbeddingGemma for the tests that need it: one fixture, loaded once per run.

tests/integration and tests/reliability both use it (registered in tests/conftest.py, so a
whole run loads the model once). It never skips: a missing model is a failure with the fix in
the message, because a suite that quietly skips its model tests proves nothing. One thread: on
this shared 2-core machine llama.cpp's spinning threads made two-thread runs several times
slower (measured: a 2 s CLI command took 12 s). ASSISTANT_EMBEDDER_* and ASSISTANT_HOME are
ignored (a test's private home must not shape the shared model); ASSISTANT_MODELS is honoured.
"""

from __future__ import annotations

import os

import pytest

from assistant.config import load_config
from assistant.models.registry import require_model
from assistant.runtime.embedder import Embedder


@pytest.fixture(scope="session")
def real_embedder() -> Embedder:
    """EmbeddingGemma Q8_0 (the default embedder), loaded once, one thread."""
    ignored = ("ASSISTANT_EMBEDDER_", "ASSISTANT_HOME")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ignored)}
    config = load_config(env)
    try:
        require_model(config, config.embedder.model)
    except Exception as exc:
        pytest.fail(f"{exc}\nRun `make setup` (or `assistant models setup`) first.")
    embedder = Embedder.from_config(config)
    embedder.threads = 1
    embedder.load()
    return embedder
