"""An answer model llama.cpp cannot start is one `ModelError` naming the setting (issue 11 G)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import GeneratorConfig
from assistant.errors import ModelError
from assistant.runtime.generator import Generator


def test_a_model_llama_cpp_refuses_is_a_model_error_naming_the_context(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)  # a header and nothing llama.cpp can load
    generator = Generator(broken, GeneratorConfig(context=2048), model_id="broken")
    with pytest.raises(ModelError, match=r"generator.context = 2048 .*allowed: 1024 to 32768"):
        generator.load()
