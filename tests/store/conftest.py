"""The store tests' fixture: a fresh index file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store import Index


@pytest.fixture
def index(tmp_path: Path) -> Iterator[Index]:
    idx = Index.open(tmp_path / "index.sqlite", dim=256, vector_type="float32")
    yield idx
    idx.close()
