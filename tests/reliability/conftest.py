"""Fixtures for the reliability tests: the real models, loaded once, and tiny private corpora.

The embedder is tests/real_models.py's `real_embedder` (one thread; the answer model below is
on one thread too, for the same reason). The corpora are a few short notes, so
indexing them costs seconds, not the minute the sample folder would.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.config import load_config
from assistant.models.registry import require_model
from assistant.runtime.generator import Generator
from tests.support import SMALL_GENERATOR


@pytest.fixture(scope="session")
def answer_model() -> Generator:
    """SmolLM2 135M: only here to drive the answer path, with a short answer on one thread."""
    config = load_config({})
    _, path = require_model(config, SMALL_GENERATOR)
    settings = replace(config.generator, max_answer_tokens=12, context=2048, threads=1)
    generator = Generator(path, settings, model_id=SMALL_GENERATOR)
    generator.load()
    return generator
