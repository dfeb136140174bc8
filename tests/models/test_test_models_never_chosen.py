"""A test-only answer model in the cache never answers a person unless the config names it."""

from __future__ import annotations

from pathlib import Path

from assistant.config import load_config
from assistant.models.manifest import load_manifest
from assistant.models.registry import active_generator_id, model_path


def _config(tmp_path: Path, **settings: str):
    env = {"ASSISTANT_HOME": str(tmp_path / "home"), "ASSISTANT_MODELS": str(tmp_path / "m")}
    return load_config({**env, **settings})


def _put_every_test_model(config) -> list[str]:
    """Empty files in place of the offline test generators (presence is all that is checked)."""
    ids = []
    for spec in load_manifest(config.paths.models_dir):
        if spec.role == "generator" and spec.offline:
            path = model_path(config, spec)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"")
            ids.append(spec.id)
    return ids


def test_present_test_models_are_not_picked_as_the_answer_model(tmp_path: Path) -> None:
    config = _config(tmp_path)
    assert _put_every_test_model(config), "the manifest has offline test generators"
    assert active_generator_id(config, load_manifest(config.paths.models_dir)) == ""


def test_a_test_model_named_in_the_config_is_used(tmp_path: Path) -> None:
    config = _config(tmp_path)
    test_model = _put_every_test_model(config)[0]
    named = _config(tmp_path, ASSISTANT_GENERATOR_MODEL=test_model)
    assert active_generator_id(named, load_manifest(named.paths.models_dir)) == test_model
