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


@pytest.mark.parametrize(
    ("text", "message"),
    [  # issue 11 H and G: each was accepted (or rounded, or a traceback) before
        ("[embedder]\ndim = 768.9\n", r"embedder.dim must be a int \(a whole number\), got 768.9"),
        ("[embedder]\ndim = true\n", "embedder.dim must be a int"),
        ("[index]\nmax_file_mb = 1e400\n", "index.max_file_mb must be a int.*got inf"),
        ("[index]\npdf_seconds = nan\n", "index.pdf_seconds must be a finite number"),
        ("[index]\nwatch_reconcile_seconds = 0\n", r"watch_reconcile_seconds = 0.0 .*10 to"),
        ("[index]\nwatch_debounce_seconds = -1\n", r"watch_debounce_seconds = -1.0 .*0.05 to"),
        ("[index]\nmax_pdf_pages = -3\n", "index.max_pdf_pages = -3 is out of range"),
        ("[index]\nvector_type = 5\n", "index.vector_type must be a string"),
        ('[index]\nvector_type = "foo"\n', "index.vector_type must be one of .*got 'foo'"),
        ("[generator]\ntemperature = -3\n", "generator.temperature = -3.0 .*allowed: 0 to 2"),
        ("[generator]\ntop_p = 7\n", "generator.top_p = 7.0 .*allowed: 0 to 1"),
        ("[generator]\nmax_answer_tokens = -5\n", "generator.max_answer_tokens = -5"),
        ("[generator]\ncontext = -1\n", "generator.context = -1 .*allowed: 1024 to 32768"),
        ("[generator]\ncontext = 100\n", "generator.context = 100 .*allowed: 1024 to 32768"),
        ("[generator]\nsource_tokens = 10\n", "generator.source_tokens = 10 .*allowed: 256 to"),
        ("[generator]\ncontext = 1024\nmax_answer_tokens = 600\n", "at most generator.context"),
        ("[generator]\nmodel = 3\n", "generator.model must be a string"),
    ],
)
def test_out_of_range_or_mistyped_values_name_key_value_and_range(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "config.toml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config({"ASSISTANT_HOME": str(tmp_path)})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ASSISTANT_INDEX_MAX_FILE_MB", "1e400", "index.max_file_mb must be a int"),
        ("ASSISTANT_GENERATOR_TOP_P", "inf", "generator.top_p must be a finite number"),
        ("ASSISTANT_INDEX_WATCH_RECONCILE_SECONDS", "0", "allowed: 10 to 604800"),
    ],
)
def test_environment_values_are_checked_alike(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config({"ASSISTANT_HOME": str(tmp_path), name: value})


def test_every_numeric_setting_has_a_range_that_holds_its_default(tmp_path: Path) -> None:
    from assistant.config_rules import RANGES

    config = load_config({"ASSISTANT_HOME": str(tmp_path)})
    numeric = {
        f"{section}.{name}"
        for section in ("embedder", "index", "generator")
        for name, value in vars(getattr(config, section)).items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }
    assert numeric - {"embedder.dim"} == set(RANGES)  # dim: one of the MRL dims
    for key, (low, high) in RANGES.items():
        section, name = key.split(".")
        assert low <= getattr(getattr(config, section), name) <= high, key


@pytest.mark.parametrize("home", ["/proc/assistant", "/sys/assistant", "/dev/null"])
def test_a_home_in_a_system_tree_is_one_clear_error(home: str) -> None:
    with pytest.raises(ConfigError, match="set ASSISTANT_HOME to a folder of your own"):
        load_config({"ASSISTANT_HOME": home})


def test_a_home_that_is_a_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(ConfigError, match="is not a folder"):
        load_config({"ASSISTANT_HOME": str(tmp_path / "file")})


def test_an_unreadable_config_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    with pytest.raises(ConfigError, match="cannot read the config file"):
        load_config({"ASSISTANT_HOME": str(tmp_path)})
