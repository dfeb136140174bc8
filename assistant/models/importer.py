"""`assistant models import PATH`: adopt a model the person already has.

A GGUF file is copied into the models dir; a sentence-transformers EmbeddingGemma folder
(for example a fine-tune) is converted with llama.cpp's converter first. Either way the model is
recorded in ``imported.toml`` beside the files, so it is listed, verified and selectable like a
shipped one (``embedder.model = "<id>"``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from assistant.config import Config
from assistant.errors import ModelError
from assistant.models import convert
from assistant.models.manifest import IMPORTED_FILE, load_manifest
from assistant.models.registry import read_receipt, sha256_file, write_receipt
from assistant.progress import Report, plain_report
from assistant.runtime.embedder import check_embedding_gguf, read_gguf_metadata


def default_id(path: Path) -> str:
    stem = path.name.removesuffix(".gguf")
    return re.sub(r"[^a-z0-9_.-]+", "-", stem.lower()).strip("-") or "imported"


def import_model(
    config: Config,
    path: Path,
    *,
    model_id: str = "",
    quantization: str = "q8_0",
    report: Report = plain_report,
) -> str:
    """Import a GGUF file or a sentence-transformers folder; return the new model id."""
    path = path.expanduser().resolve()
    model_id = model_id or default_id(path)
    if any(spec.id == model_id for spec in load_manifest(config.paths.models_dir)):
        raise ModelError(f"a model called {model_id!r} exists already; pass --id NAME")
    models_dir = config.paths.models_dir
    models_dir.mkdir(parents=True, exist_ok=True)
    target, role = _bring_in(config, path, model_id, quantization, report)
    _record(models_dir / IMPORTED_FILE, model_id, role, target, path)
    report(f"imported {model_id} ({role}) -> {target}")
    return model_id


def _bring_in(
    config: Config, path: Path, model_id: str, quantization: str, report: Report
) -> tuple[Path, str]:
    """Copy or convert `path` into the models dir. The bytes go to a `.partial` file that is
    checked, receipted and only then renamed, so a killed import leaves no half model."""
    models_dir = config.paths.models_dir
    if path.is_dir():
        if not (path / "modules.json").is_file():
            raise ModelError(f"{path} is not a sentence-transformers folder (no modules.json)")
        target = models_dir / f"{model_id}-{quantization.upper()}.gguf"
    elif path.is_file():
        target = models_dir / f"{model_id}.gguf"
    else:
        raise ModelError(f"{path} does not exist")
    partial = target.with_name(target.name + ".partial")
    try:
        if path.is_dir():
            convert.convert_st_folder(path, partial, quantization, config.paths.cache_dir, report)
        else:
            report(f"copying {path.name}")
            shutil.copyfile(path, partial)
        role = _role_of(partial)  # refuses what is not a usable GGUF
        write_receipt(target, sha256_file(partial), f"import {path}", contents=partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target, role


def _role_of(gguf: Path) -> str:
    arch = read_gguf_metadata(gguf).get("general.architecture", "")
    if arch == "gemma-embedding":
        check_embedding_gguf(gguf)
        return "embedder"
    return "generator"


def _record(registry: Path, model_id: str, role: str, target: Path, origin: Path) -> None:
    """Add the model to the registry by renaming a whole new copy into place: an append cut
    short by a kill would leave a TOML file that every later command fails to read."""
    receipt = read_receipt(target) or {}
    # JSON string literals are valid TOML basic strings, so json.dumps quotes safely.
    entry = "\n".join(
        [
            "[[model]]",
            f"id = {json.dumps(model_id)}",
            f"role = {json.dumps(role)}",
            f"file = {json.dumps(target.name)}",
            f"description = {json.dumps(f'imported from {origin}')}",
            f"sha256 = {json.dumps(receipt.get('sha256', ''))}",
            f"size = {target.stat().st_size}",
        ]
    )
    before = registry.read_text(encoding="utf-8") if registry.exists() else ""
    partial = registry.with_name(registry.name + ".partial")
    partial.write_text(before + entry + "\n\n", encoding="utf-8")
    os.replace(partial, registry)
