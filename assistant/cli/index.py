"""`assistant add|remove|index|status|reindex`: the index from the command line."""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from pathlib import Path

from assistant.cli.watch import add_watch_command
from assistant.config import MRL_DIMS, VECTOR_TYPES, Config
from assistant.display import json_text, plural, printable
from assistant.progress import ConsoleReport, notes_report, plain_report


def add_index_commands(commands: argparse._SubParsersAction) -> None:
    add = commands.add_parser("add", help="register a folder (or an mbox file) for indexing")
    add.add_argument("path", type=Path, help="the folder (or mbox file) to index and watch")
    add.add_argument("--no-index", action="store_true", help="register only; index later")
    add.set_defaults(handler=cmd_add)

    remove = commands.add_parser("remove", help="unregister a folder and drop its documents")
    remove.add_argument("path", type=Path, help="a registered folder (see `assistant status`)")
    remove.set_defaults(handler=cmd_remove)

    index = commands.add_parser("index", help="bring the index in line with the folders")
    index.add_argument("paths", nargs="*", type=Path, help="only these (default: all roots)")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.set_defaults(handler=cmd_index)

    status = commands.add_parser("status", help="roots, counts and files that could not be read")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=cmd_status)

    add_watch_command(commands)

    reindex = commands.add_parser("reindex", help="rebuild vectors at another dim/type (no model)")
    reindex.add_argument("--dim", type=int, choices=MRL_DIMS, help="vector size to keep")
    reindex.add_argument("--vector-type", choices=VECTOR_TYPES, help="how vectors are stored")
    reindex.set_defaults(handler=cmd_reindex)


def _sync(config: Config, paths: list[Path] | None, as_json: bool) -> int:
    from assistant.indexing.service import open_index, run_sync, settings_note
    from assistant.runtime.embedder import Embedder

    with open_index(config) as index:
        report = notes_report if as_json else ConsoleReport()
        stats = run_sync(config, index, Embedder.from_config(config), paths, report)
        note = settings_note(config, index)
    if as_json:
        print(json_text(stats.as_dict()))
        return 0
    print(
        f"{plural(stats.files_seen, 'file')}: {plural(stats.documents_indexed, 'document')} "
        f"indexed, {stats.unchanged} unchanged, {stats.deleted} removed, {stats.failed} "
        f"unreadable, {stats.skipped} skipped; {plural(stats.chunks, 'chunk')} "
        f"({stats.embedded} embedded, {stats.reused} reused) in {stats.seconds:.1f}s"
    )
    for path, reason in stats.failures[:20]:
        print(f"  ! {printable(path)}: {printable(reason)}")
    if len(stats.failures) > 20:
        print(f"  ... and {len(stats.failures) - 20} more (see `assistant status`)")
    if note:
        print(f"note: {note}")
    return 0


def cmd_add(config: Config, args: argparse.Namespace) -> int:
    from assistant.indexing.roots import register_root

    registration = register_root(config, args.path)
    root, related = printable(registration.root), ", ".join(map(printable, registration.related))
    if registration.outcome == "registered":
        print(f"{root} is registered already; nothing changed (`assistant index` syncs it)")
        return 0
    if registration.outcome == "inside":
        print(f"{root} is inside the registered folder {related}, whose syncs index it already")
        return 0
    if registration.outcome == "replaced":
        folders = plural(len(registration.related), "registered folder")
        print(f"added {root}; it holds {folders} ({related}), now indexed as part of it")
    else:
        print(f"added {root}")
    return 0 if args.no_index else _sync(config, [registration.root], as_json=False)


def cmd_remove(config: Config, args: argparse.Namespace) -> int:
    from assistant.indexing.roots import remove_root
    from assistant.indexing.service import drop_unregistered, open_index

    root = remove_root(config, args.path)
    with open_index(config) as index:
        dropped = drop_unregistered(config, index, notes_report)
    print(f"removed {printable(root)}: {plural(dropped, 'document')} left the index")
    return 0


def cmd_index(config: Config, args: argparse.Namespace) -> int:
    return _sync(config, args.paths or None, args.json)


def cmd_status(config: Config, args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from assistant.indexing.service import index_status, open_index
    from assistant.models.registry import NO_ANSWER_MODEL
    from assistant.serve.listener import server_pid
    from ingest.sizes import megabytes

    with open_index(config) as index:
        status = index_status(config, index)
    answers = answer_server(config)  # None with the local backend: no socket is opened
    answer_model = answers["model"] if answers else _local_answer_model(config)
    server = server_pid(config.paths.data_dir)
    if args.json:
        extra = {"answers": answers} if answers else {}
        served = {"answer_model": answer_model or None, "server_pid": server}
        print(json_text(asdict(status) | extra | served))
        return 0
    print(
        "roots:",
        ", ".join(map(printable, status.roots)) or "none (add one with `assistant add PATH`)",
    )
    kinds = ", ".join(plural(n, k) for k, n in sorted(status.by_kind.items())) or "nothing yet"
    documents, chunks = plural(status.documents, "document"), plural(status.chunks, "chunk")
    print(f"indexed: {documents} ({kinds}), {chunks}")
    print(
        f"vectors: {status.dim}-d {status.vector_type}, model {status.model_id or '-'}; "
        f"database {megabytes(status.database_bytes)}"
    )
    if status.last_sync:
        when = datetime.fromtimestamp(status.last_sync["finished_at"]).isoformat(" ", "seconds")
        print(f"last sync: {when} ({status.last_sync['seconds']:.1f}s)")
    if status.duplicates:
        by_content = status.duplicates_by_content
        print(
            f"duplicates skipped: {status.duplicates} "
            f"(same Message-ID: {status.duplicates - by_content}, same content: {by_content})"
        )
    if answers:
        print(f"answers: {printable(answers['model'] or answers['error'])}")
    else:
        print(f"answers: {answer_model or NO_ANSWER_MODEL}")
    if server is None:
        print("server: none (`assistant serve` keeps the models loaded, for fast commands)")
    else:
        print(f"server: assistant serve (pid {server}): commands and the app use its models")
    print(f"could not be indexed: {len(status.failures)}")
    for failure in status.failures:
        print(f"  ! {printable(failure.where)}: {printable(failure.reason)}")
    if status.settings_note:
        print(f"note: {printable(status.settings_note)}")
    return 0


def _local_answer_model(config: Config) -> str:
    """The local answer model a question would use now ('' = search only)."""
    from assistant.errors import ModelError
    from assistant.models.registry import answer_model_id

    try:
        return answer_model_id(config)
    except ModelError as exc:  # a damaged imported.toml: status still reports the index
        return f"unknown ({exc})"


def answer_server(config: Config) -> dict[str, str] | None:
    """With `generator.backend = "server"`: the server, its model ('<model> @ <host>') or why
    it cannot be reached; None with the local backend."""
    if config.generator.backend != "server":
        return None
    from assistant.errors import AssistantError
    from assistant.runtime.server_generator import ServerGenerator

    server = ServerGenerator.from_config(config)
    row = {"backend": "server", "url": config.generator.url, "model": "", "error": ""}
    try:
        server.load()
        row["model"] = server.model_id
    except AssistantError as exc:
        row["error"] = str(exc)
    return row


def cmd_reindex(config: Config, args: argparse.Namespace) -> int:
    from assistant.indexing.service import open_index, reindex

    started = time.perf_counter()
    with open_index(config) as index:
        count = reindex(config, index, args.dim, args.vector_type, plain_report)
        print(
            f"rebuilt {plural(count, 'vector')} as {index.dim}-d {index.vector_type} "
            f"in {time.perf_counter() - started:.1f}s (no re-embedding)"
        )
    return 0
