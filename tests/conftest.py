"""Shared fixtures: every test runs against its own ASSISTANT_HOME; models are shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.config import Config, load_config

REPO = Path(__file__).resolve().parents[1]
CORPORA = (REPO.parent / "shared" / "corpora").resolve()  # roots are stored resolved


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private ASSISTANT_HOME; the models dir stays the real shared one."""
    path = tmp_path / "home"
    monkeypatch.setenv("ASSISTANT_HOME", str(path))
    for name in list(os.environ):
        if name.startswith(("ASSISTANT_EMBEDDER_", "ASSISTANT_GENERATOR_")):
            monkeypatch.delenv(name)
    return path


@pytest.fixture
def config(home: Path) -> Config:
    return load_config()
