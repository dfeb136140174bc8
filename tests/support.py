"""Paths every test folder shares, and the one skip for tests that need the shared corpora.

A plain module rather than conftest.py: conftest files hold fixtures and hooks, and are not
imported by tests (pytest may load two conftests under the same name).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
# Mail and PDF corpora written by other projects to break readers; not part of the repo.
# ASSISTANT_TEST_CORPORA points elsewhere (or at nothing, to check the skips).
CORPORA = Path(
    os.environ.get("ASSISTANT_TEST_CORPORA") or REPO.parent / "shared" / "corpora"
).resolve()  # roots are stored resolved

needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(),
    reason=f"needs the shared test corpora at {CORPORA} (absent; set ASSISTANT_TEST_CORPORA)",
)

# The small offline answer model `make setup` fetches for tests: it only drives the answer path.
SMALL_GENERATOR = "smollm2-135m-instruct-q4_1"
