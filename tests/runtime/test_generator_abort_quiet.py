"""A cancelled prefill is quiet: llama.cpp's report of the abort we asked for is not printed.

Issue #14: after Esc (app) or Ctrl-C (CLI) during the prompt's prefill, llama.cpp logged
"decode: removing memory module entries ..." at error level, and llama-cpp-python printed it
on the terminal (in the app: over the screen). Real llama.cpp with the small test model.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace

import pytest

from assistant.config import load_config
from assistant.models.registry import require_model
from assistant.runtime.generator import Generator, Message
from tests.support import SMALL_GENERATOR

pytestmark = pytest.mark.models


def test_an_aborted_prefill_prints_nothing_and_later_errors_still_would(capfd) -> None:  # type: ignore[no-untyped-def]
    config = load_config({})
    _, path = require_model(config, SMALL_GENERATOR)
    settings = replace(config.generator, max_answer_tokens=8, context=2048, threads=1)
    generator = Generator(path, settings, model_id=SMALL_GENERATOR)
    generator.load()
    capfd.readouterr()
    level = logging.getLogger("llama-cpp-python").level
    cancel = threading.Event()
    cancel.set()
    prompt = "Ein Satz über Heizungen und 暖气, nie zuvor gelesen. " * 30
    assert list(generator.stream([Message("user", prompt)], cancel)) == []
    err = capfd.readouterr().err
    assert "decode" not in err and err == "", err
    assert logging.getLogger("llama-cpp-python").level == level, "errors are shown again"
    assert list(generator.stream([Message("user", "Say yes.")])), "the model still answers"
