"""Shared fixtures: every test runs against its own ASSISTANT_HOME; models are shared."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from assistant.config import Config, load_config
from tests.answer_server import answer_server  # noqa: F401 (a fixture, as real_embedder is)
from tests.real_models import real_embedder  # noqa: F401 (a fixture: registered for every folder)

# Fixtures that load a real GGUF file (tests/integration, reliability and tui conftests; the
# answer server runs one in its own process).
MODEL_FIXTURES = frozenset({"real_embedder", "answer_model", "models", "answer_server"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses a model fixture is marked `models`, even where its module forgot to."""
    for item in items:
        if MODEL_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.models)


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


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the figures reliability tests recorded (ops survived, files tried, peak RSS...).

    They are what issue #7 asks to see in CI's output, and `-q` hides a passing test's prints.
    """
    figures = [
        (report.nodeid, report.user_properties)
        for report in terminalreporter.stats.get("passed", [])
        if report.when == "call" and report.user_properties
    ]
    if not figures:
        return
    terminalreporter.section("measured by the tests")
    for nodeid, properties in figures:
        terminalreporter.write_line(nodeid.split("::")[-1])
        for key, value in properties:
            terminalreporter.write_line(f"    {key} = {value}")


@pytest.fixture
def restore_logging():
    """`main` / `setup_logging` point the root logger at a home's log file; undo that."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:], root.level = handlers, level
