"""`status` and `models list` say which model answers, and when none does, that questions get
search-only output and how to get an answer model. Test models in the cache never count."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.cli_process import run

TEST_MODEL_FILES = ("SmolLM2-135M-Instruct.Q4_1.gguf", "gemma-3-270m-Q4_K_M.gguf")


def models_with_test_models_only(tmp_path: Path) -> Path:
    """A models dir holding (empty) files of the two test generators: presence is all that
    choosing an answer model looks at."""
    models = tmp_path / "models"
    models.mkdir()
    for name in TEST_MODEL_FILES:
        (models / name).write_bytes(b"")
    return models


def test_with_only_test_models_status_and_models_list_say_search_only(tmp_path: Path) -> None:
    home, models = tmp_path / "home", models_with_test_models_only(tmp_path)
    status = run(home, "status", ASSISTANT_MODELS=str(models))
    assert status.returncode == 0, status.stderr
    assert "answers: none: search only" in status.stdout
    assert "assistant models pull gemma-3n-e2b-it-q4_k_m" in status.stdout
    listing = run(home, "models", "list", ASSISTANT_MODELS=str(models))
    assert "answers: none: search only" in listing.stdout
    assert not [
        line for line in listing.stdout.splitlines() if line.startswith("*") and "generator" in line
    ]
    as_json = json.loads(run(home, "status", "--json", ASSISTANT_MODELS=str(models)).stdout)
    assert as_json["answer_model"] is None


def test_a_test_model_named_in_the_environment_is_said(tmp_path: Path) -> None:
    home, models = tmp_path / "home", models_with_test_models_only(tmp_path)
    named = {"ASSISTANT_MODELS": str(models), "ASSISTANT_GENERATOR_MODEL": "gemma-3-270m-q4_k_m"}
    status = run(home, "status", **named)
    assert "answers: gemma-3-270m-q4_k_m" in status.stdout
    listing = run(home, "models", "list", **named)
    assert "answers: none" not in listing.stdout
