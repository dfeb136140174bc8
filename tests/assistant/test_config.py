"""Config: defaults, the TOML file, environment overrides, and where files go."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import load_config
from assistant.errors import ConfigError


def test_home_holds_config_database_and_logs_but_not_models(tmp_path: Path) -> None:
    env = {"ASSISTANT_HOME": str(tmp_path / "h"), "ASSISTANT_CACHE": str(tmp_path / "c")}
    config = load_config(env)
    assert config.paths.config_file == tmp_path / "h" / "config.toml"
    assert config.paths.database.parent == tmp_path / "h"
    assert config.paths.log_dir == tmp_path / "h" / "logs"
    assert config.paths.models_dir == tmp_path / "c" / "models"


def test_models_dir_override_is_shared_between_homes(tmp_path: Path) -> None:
    models = str(tmp_path / "m")
    one = load_config({"ASSISTANT_HOME": str(tmp_path / "1"), "ASSISTANT_MODELS": models})
    two = load_config({"ASSISTANT_HOME": str(tmp_path / "2"), "ASSISTANT_MODELS": models})
    assert one.paths.models_dir == two.paths.models_dir == Path(models)
    assert one.paths.database != two.paths.database


def test_file_then_environment_precedence(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        '[embedder]\ndim = 256\nmodel = "x"\n[generator]\ntemperature = 0.7\n'
    )
    env = {"ASSISTANT_HOME": str(tmp_path), "ASSISTANT_EMBEDDER_DIM": "128"}
    config = load_config(env)
    assert config.embedder.dim == 128
    assert config.embedder.model == "x"
    assert config.generator.temperature == pytest.approx(0.7)
    assert config.origins == {
        "embedder.dim": "ASSISTANT_EMBEDDER_DIM",
        "embedder.model": "file",
        "generator.temperature": "file",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[embedder]\ndim = 300\n", "embedder.dim must be one of"),
        ("[embedder]\ndims = 256\n", "unknown setting"),
        ("[nonsense]\n", "unknown section"),
        ("[embedder\n", "not valid TOML"),
        ('[embedder]\ndim = "many"\n', "must be a int"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "config.toml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config({"ASSISTANT_HOME": str(tmp_path)})


def test_list_settings_from_file_and_environment(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[index]\nignore = ["*.log", "Archiv/*"]\n')
    assert load_config({"ASSISTANT_HOME": str(tmp_path)}).index.ignore == ("*.log", "Archiv/*")
    env = {"ASSISTANT_HOME": str(tmp_path), "ASSISTANT_INDEX_IGNORE": "*.bak, 草稿/*"}
    assert load_config(env).index.ignore == ("*.bak", "草稿/*")


def test_chunk_sizes_must_leave_room_for_the_prompt(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[index]\nchunk_max_tokens = 2040\n")
    with pytest.raises(ConfigError, match="room for the prompt"):
        load_config({"ASSISTANT_HOME": str(tmp_path)})
