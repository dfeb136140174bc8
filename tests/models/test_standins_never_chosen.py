"""The random-weight stand-ins (benchmarks/standins.py) can never become an answer model.

They print noise, so they must stay out of the models dir and out of the manifest: the
builder refuses any output folder that overlaps the models dir before it writes a byte, and
a stand-in file copied into the models dir by hand is still not picked (the manifest does not
know its name). Nothing here builds a model.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from assistant.config import load_config
from assistant.models.manifest import load_manifest
from assistant.models.registry import active_generator_id

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def standins() -> ModuleType:
    saved = list(sys.path)
    try:
        spec = importlib.util.spec_from_file_location("standins", BENCHMARKS / "standins.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = saved  # the script puts benchmarks/ on the path for itself


def _config(tmp_path: Path, **env: str):
    return load_config({"ASSISTANT_HOME": str(tmp_path / "home"), **env})


def test_the_default_place_is_the_cache_not_the_models_dir(
    standins: ModuleType, tmp_path: Path
) -> None:
    config = _config(tmp_path, ASSISTANT_CACHE=str(tmp_path / "cache"))
    folder = standins.standins_dir(config.paths)
    assert folder == tmp_path / "cache" / "bench" / "standins"
    assert not folder.is_relative_to(config.paths.models_dir)


@pytest.mark.parametrize("models", ["cache", "cache/bench", "cache/bench/standins/m"])
def test_a_models_dir_overlapping_the_stand_ins_is_refused(
    standins: ModuleType, tmp_path: Path, models: str
) -> None:
    config = _config(
        tmp_path, ASSISTANT_CACHE=str(tmp_path / "cache"), ASSISTANT_MODELS=str(tmp_path / models)
    )
    with pytest.raises(standins.Refused, match="models dir"):
        standins.standins_dir(config.paths)


def test_build_refuses_the_models_dir_before_writing(standins: ModuleType, tmp_path: Path) -> None:
    config = _config(tmp_path, ASSISTANT_MODELS=str(tmp_path / "models"))
    target = config.paths.models_dir / "standins"
    for shape in standins.SHAPES.values():
        with pytest.raises(standins.Refused):
            standins.build(shape, config.paths, out_dir=target)
    assert not config.paths.models_dir.exists()


def test_a_stand_in_in_the_models_dir_is_never_the_answer_model(
    standins: ModuleType, tmp_path: Path
) -> None:
    config = _config(tmp_path, ASSISTANT_MODELS=str(tmp_path / "models"))
    manifest = load_manifest(config.paths.models_dir)
    known = {spec.file for spec in manifest}
    config.paths.models_dir.mkdir(parents=True)
    for shape in standins.SHAPES.values():
        assert shape.file not in known
        (config.paths.models_dir / shape.file).write_bytes(b"GGUF")
    assert active_generator_id(config, manifest) == ""
