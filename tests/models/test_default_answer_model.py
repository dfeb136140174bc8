"""The one default answer model id that every "get one with ..." hint names."""

from __future__ import annotations

from pathlib import Path

from assistant.ask.answer import SEARCH_ONLY
from assistant.models.manifest import DEFAULT_ANSWER_MODEL, find_spec, load_manifest


def test_the_default_answer_model_is_a_generator_of_the_shipped_manifest(tmp_path: Path) -> None:
    spec = find_spec(load_manifest(tmp_path), DEFAULT_ANSWER_MODEL)  # nothing imported there
    assert spec.role == "generator"


def test_the_search_only_message_names_it() -> None:
    assert SEARCH_ONLY.endswith("`assistant models pull gemma-3n-e2b-it-q4_k_m`.")
