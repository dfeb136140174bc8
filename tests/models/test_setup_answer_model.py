"""`assistant models setup --answer-model ID`: which models setup fetches.

`pull` is replaced by a recorder: what is tested is the choice of models, not the fetching
(tests/models/test_fetch.py covers that on real wheels)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import load_config
from assistant.errors import ModelError
from assistant.models import fetch
from assistant.models.manifest import DEFAULT_ANSWER_MODEL, find_spec, load_manifest

STAND_INS = ["smollm2-135m-instruct-q4_1", "gemma-3-270m-q4_k_m"]


@pytest.fixture
def pulled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    record: list[str] = []
    monkeypatch.setattr(fetch, "pull", lambda config, model_id, **kw: record.append(model_id))
    return record


def _config(tmp_path: Path, **settings: str):
    env = {"ASSISTANT_HOME": str(tmp_path / "home"), "ASSISTANT_MODELS": str(tmp_path / "m")}
    return load_config({**env, **settings})


def test_default_setup_fetches_the_embedder_the_default_answer_model_and_the_stand_ins(
    tmp_path: Path, pulled: list[str]
) -> None:
    config = _config(tmp_path)
    fetch.setup_defaults(config)
    assert pulled == [config.embedder.model, DEFAULT_ANSWER_MODEL, *STAND_INS]


def test_answer_model_flag_fetches_gemma_4_instead_of_the_default(
    tmp_path: Path, pulled: list[str]
) -> None:
    config = _config(tmp_path)
    fetch.setup_defaults(config, answer_model="gemma-4-e2b-it-q4_k_m")
    assert pulled == [config.embedder.model, "gemma-4-e2b-it-q4_k_m", *STAND_INS]


def test_an_unknown_or_non_generator_answer_model_is_refused_before_any_answer_model_fetch(
    tmp_path: Path, pulled: list[str]
) -> None:
    config = _config(tmp_path)
    with pytest.raises(ModelError, match="known models"):
        fetch.setup_defaults(config, answer_model="gemma-9")
    with pytest.raises(ModelError, match="not an answer model"):
        fetch.setup_defaults(config, answer_model="embeddinggemma-300m-q4_0")
    assert pulled == [config.embedder.model] * 2


@pytest.mark.parametrize("model_id", ["gemma-4-e2b-it-q4_k_m", "gemma-4-e4b-it-q4_k_m"])
def test_gemma_4_is_an_optional_answer_model_from_the_hub(tmp_path: Path, model_id: str) -> None:
    spec = find_spec(load_manifest(tmp_path), model_id)
    assert spec.role == "generator" and spec.optional and not spec.offline
    assert [s.kind for s in spec.sources] == ["hub-file"]
