"""The doctor's model checks: present, intact (sha256) and, for the embedder, complete.

A model file that was cut short by a full disk or replaced by another GGUF still loads, and an
EmbeddingGemma GGUF converted without its dense layers still embeds: both give wrong results
without an error. So the doctor re-hashes every present model against the digest the registry
knows (manifest or fetch receipt) and reads the embedder's metadata for the dense layers.
"""

from __future__ import annotations

from assistant.config import Config
from assistant.doctor.checks import Finding
from assistant.errors import ModelError
from assistant.models.manifest import DEFAULT_ANSWER_MODEL, ModelSpec, find_spec, load_manifest
from assistant.models.registry import (
    active_generator_id,
    model_path,
    read_receipt,
    require_model,
    verify_model,
)
from assistant.progress import Report, silent_report
from ingest.sizes import megabytes


def receipt_still_matches(config: Config, spec: ModelSpec) -> bool:
    """The fetch receipt's size and mtime still describe the file (then hashing can wait)."""
    path = model_path(config, spec)
    receipt = read_receipt(path) or {}
    stat = path.stat()
    return receipt.get("size") == stat.st_size and receipt.get("mtime") == stat.st_mtime


def verify_one(config: Config, spec: ModelSpec, *, hash_model: bool, report: Report) -> Finding:
    """One present model's integrity."""
    check = f"model {spec.id}"
    size = megabytes(model_path(config, spec).stat().st_size)
    if not hash_model and receipt_still_matches(config, spec):
        return Finding(check, "ok", f"{size}, receipt matches (not re-hashed)")
    report(f"hashing {spec.file} ({size})...")
    verdict, digest = verify_model(config, spec)
    if verdict == "ok":
        return Finding(check, "ok", f"{size}, sha256 {digest[:12]}... verified")
    if verdict == "unverified":
        return Finding(
            check,
            "warn",
            "no reference sha256 to check it against (no manifest digest, no fetch receipt)",
            f"assistant models pull {spec.id} --force",
        )
    return Finding(
        check,
        "fail",
        f"{model_path(config, spec)} does not match its sha256 (damaged or replaced)",
        f"assistant models pull {spec.id} --force",
    )


def _required(config: Config, specs: list[ModelSpec]) -> list[Finding]:
    """The configured embedder must exist; a missing answer model means search-only mode
    (with the local backend; the server backend needs no answer model here)."""
    findings = []
    embedder = find_spec(specs, config.embedder.model)
    if not model_path(config, embedder).is_file():
        findings.append(
            Finding(
                f"model {embedder.id}",
                "fail",
                f"the embedder is not on this machine ({model_path(config, embedder)})",
                f"assistant models pull {embedder.id}",
            )
        )
    if config.generator.backend == "server":
        return findings  # answers come from the server: its own check (doctor/server.py)
    generator = active_generator_id(config, specs)
    if not generator or not model_path(config, find_spec(specs, generator)).is_file():
        findings.append(
            Finding(
                "answer model",
                "warn",
                f"{generator} is not present: `ask` shows evidence only"
                if generator
                else "no answer model on this machine (test models never answer): "
                "`ask` shows evidence only",
                f"assistant models pull {generator or DEFAULT_ANSWER_MODEL}",
            )
        )
    return findings


def check_models(
    config: Config, *, hash_models: bool = True, report: Report = silent_report
) -> list[Finding]:
    """Missing required models, then every present model verified."""
    specs = load_manifest(config.paths.models_dir)
    findings = _required(config, specs)
    present = [s for s in specs if model_path(config, s).is_file()]
    if hash_models and present:
        total = megabytes(sum(model_path(config, s).stat().st_size for s in present))
        report(f"verifying {len(present)} model files ({total}) by sha256...")
    for spec in present:
        findings.append(verify_one(config, spec, hash_model=hash_models, report=report))
    return findings


def check_embedder_layers(config: Config) -> list[Finding]:
    """The configured embedder is EmbeddingGemma with its dense projection layers."""
    from assistant.runtime.embedder import DENSE_KEY, check_embedding_gguf

    try:
        _, path = require_model(config, config.embedder.model)
    except ModelError:
        return []  # reported by check_models
    try:
        check_embedding_gguf(path)
    except ModelError as exc:
        return [
            Finding(
                "embedder layers",
                "fail",
                str(exc),
                "assistant models pull embeddinggemma-300m-q8_0 (or re-import with "
                "`assistant models import FOLDER`)",
            )
        ]
    return [Finding("embedder layers", "ok", f"{path.name} has its dense layers ({DENSE_KEY})")]
