"""Fixtures for the TUI tests: one real index of the sample folder per session, copied per test.

The embedder and the small offline answer model load once per session (real GGUF files, as in
tests/integration); each test gets its own copy of the indexed home, so tests that add folders
or conversations cannot see each other's changes.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import Config, load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.models.registry import require_model
from assistant.runtime.embedder import Embedder
from assistant.runtime.generator import Generator
from assistant.runtime.session import Session, embedders
from tests.support import SAMPLES, SMALL_GENERATOR
from tui.app import AssistantApp


def config_for(home: Path) -> Config:
    return load_config({"ASSISTANT_HOME": str(home), "ASSISTANT_GENERATOR_MODEL": SMALL_GENERATOR})


@pytest.fixture(scope="session")
def models() -> tuple[Embedder, Embedder, Generator]:
    """Query embedder, indexing embedder and answer model, loaded once."""
    config = load_config({})
    query, indexer = embedders(config)
    query.load()
    indexer.load()
    _, path = require_model(config, SMALL_GENERATOR)
    # One thread: on a shared 2-core machine llama.cpp's spinning threads otherwise fight.
    settings = replace(config.generator, max_answer_tokens=24, context=2048, threads=1)
    generator = Generator(path, settings, model_id=SMALL_GENERATOR)
    generator.load()
    return query, indexer, generator


@pytest.fixture(scope="session")
def indexed_home(tmp_path_factory: pytest.TempPathFactory, models) -> Path:
    home = tmp_path_factory.mktemp("tui-home")
    folder = tmp_path_factory.mktemp("tui-files") / "samples"
    shutil.copytree(SAMPLES, folder)
    config = config_for(home)
    add_root(config, folder)
    with open_index(config) as index:
        stats = run_sync(config, index, models[1])
    assert stats.documents_indexed == 9 and stats.failed == 0
    return home


@pytest.fixture
def home(tmp_path: Path, indexed_home: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(indexed_home, copy)
    return copy


@pytest.fixture
def session(home: Path, models) -> Session:
    query, indexer, generator = models
    session = Session(config_for(home), query_embedder=query, index_embedder=indexer)
    session.generator = generator
    yield session
    session.close()


@pytest.fixture
def app(session: Session) -> AssistantApp:
    return AssistantApp(session.config, session, watch=False)
