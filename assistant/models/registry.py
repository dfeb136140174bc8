"""What is on this machine: which known models are present, verified, and active.

Hashing a multi-gigabyte file takes seconds, so each fetched file gets a small JSON receipt
beside it (``<file>.json``: sha256, size, mtime, where it came from). `list` trusts a receipt
whose size and mtime still match; `verify` always re-hashes.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assistant.config import Config
from assistant.errors import ModelMissing
from assistant.models.manifest import DEFAULT_ANSWER_MODEL, ModelSpec, find_spec, load_manifest

# What `status` and `models list` say when no answer model is here (test models never answer).
NO_ANSWER_MODEL = (
    "none: search only (the evidence, no written answer); get one with "
    f"`assistant models pull {DEFAULT_ANSWER_MODEL}` (needs the Hub once)"
)

Verdict = Literal["ok", "mismatch", "unverified", "missing"]


@dataclass(frozen=True)
class ModelStatus:
    spec: ModelSpec
    path: Path
    present: bool
    size: int
    active: bool


def model_path(config: Config, spec: ModelSpec) -> Path:
    return config.paths.models_dir / spec.file


def receipt_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def sha256_file(path: Path, chunk: int = 4 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def write_receipt(path: Path, sha256: str, origin: str, *, contents: Path | None = None) -> None:
    """Record the digest of a freshly fetched file so later checks need not re-hash it.

    `contents` is the file as it is now, if it is not yet at `path` (a download about to be
    renamed into place keeps its size and mtime). The receipt itself is renamed into place,
    so a kill never leaves half a receipt.
    """
    stat = (contents or path).stat()
    receipt = {"sha256": sha256, "size": stat.st_size, "mtime": stat.st_mtime, "origin": origin}
    final = receipt_path(path)
    partial = final.with_name(final.name + ".partial")
    partial.write_text(json.dumps(receipt, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, final)


def read_receipt(path: Path) -> dict | None:
    try:
        return json.loads(receipt_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def reference_sha256(spec: ModelSpec, path: Path) -> str:
    """The digest the file should have: the manifest's, else the one recorded at fetch time."""
    if spec.sha256:
        return spec.sha256
    receipt = read_receipt(path) or {}
    return str(receipt.get("sha256", ""))


def is_complete(spec: ModelSpec, path: Path) -> bool:
    """Whether the file at `path` is the whole model: its receipt still describes it, or
    (no receipt: a kill between rename and receipt, a copy by hand) its size and digest match
    what the manifest says. A file nothing vouches for either way counts as complete."""
    stat = path.stat()
    receipt = read_receipt(path) or {}
    if receipt.get("size") == stat.st_size and receipt.get("mtime") == stat.st_mtime:
        return not spec.sha256 or receipt.get("sha256") == spec.sha256
    if spec.size and stat.st_size != spec.size:
        return False
    expected = reference_sha256(spec, path)
    return not expected or sha256_file(path) == expected


def verify_model(config: Config, spec: ModelSpec) -> tuple[Verdict, str]:
    """Re-hash the file and compare it with its reference digest."""
    path = model_path(config, spec)
    if not path.is_file():
        return "missing", ""
    actual = sha256_file(path)
    expected = reference_sha256(spec, path)
    if not expected:
        return "unverified", actual
    return ("ok" if actual == expected else "mismatch"), actual


def active_ids(config: Config, specs: list[ModelSpec]) -> tuple[str, str]:
    """The embedder and generator that a run would use (generator may be '')."""
    return config.embedder.model, active_generator_id(config, specs)


def active_generator_id(config: Config, specs: list[ModelSpec]) -> str:
    """The configured generator, or the first generator of the manifest that is present.

    An offline test model (SmolLM2, Gemma 3 270M: `offline = true` in the manifest) is never
    chosen on its own: it exists to exercise the answer path in tests, and its answers must not
    reach a person who merely has it in the cache. Only naming it in the config uses it.
    """
    if config.generator.model:
        return config.generator.model
    for spec in specs:
        if spec.role == "generator" and not spec.offline and model_path(config, spec).is_file():
            return spec.id
    return ""


def answer_model_id(config: Config) -> str:
    """The answer model a question would use now, if its file is here; '' means search only."""
    specs = load_manifest(config.paths.models_dir)
    model_id = active_generator_id(config, specs)
    spec = next((s for s in specs if s.id == model_id), None)
    return model_id if spec is not None and model_path(config, spec).is_file() else ""


def list_models(config: Config) -> list[ModelStatus]:
    specs = load_manifest(config.paths.models_dir)
    embedder, generator = active_ids(config, specs)
    if config.generator.backend == "server":
        generator = ""  # answers come from the server; no local answer model is active
    rows = []
    for spec in specs:
        path = model_path(config, spec)
        present = path.is_file()
        rows.append(
            ModelStatus(
                spec=spec,
                path=path,
                present=present,
                size=path.stat().st_size if present else 0,
                active=spec.id in (embedder, generator),
            )
        )
    return rows


def require_model(config: Config, model_id: str) -> tuple[ModelSpec, Path]:
    """The spec and file of a model that must be present, or a message saying how to get it."""
    spec = find_spec(load_manifest(config.paths.models_dir), model_id)
    path = model_path(config, spec)
    if not path.is_file():
        raise ModelMissing(
            f"model {model_id} is not on this machine ({path}); "
            f"run `assistant models pull {model_id}` (or `make setup`)"
        )
    return spec, path
