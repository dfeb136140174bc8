"""`assistant serve`: one resident process per home that keeps the models warm and the index
current, and runs `search`, `ask`, `chat`, `status` and `show` for the `assistant` commands of the
same user (assistant.serve.client) in milliseconds instead of seconds.

It is `assistant watch` (the same session, watcher and batch lines) plus the query embedder
and the answer model, loaded once. `watch` stays for a machine that only indexes: it gives
every core to the indexer and loads no question models. Stop it with Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import TYPE_CHECKING, TextIO, cast

from assistant.config import Config
from assistant.display import plural, printable

if TYPE_CHECKING:
    from assistant.cli.remote import Routes
    from assistant.indexing.sync import SyncStats
    from assistant.runtime.session import Session
    from assistant.serve.listener import Listener
    from ingest.watcher import FolderWatcher

HELP = "keep the models loaded and the index current; other commands then run in it, fast"


def add_serve_command(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help=HELP, description=HELP + ".")
    serve.set_defaults(handler=cmd_serve)


def cmd_serve(config: Config, args: argparse.Namespace) -> int:
    from assistant.cli.watch import _interrupt
    from assistant.runtime.session import Session
    from assistant.serve.listener import Listener

    listener = Listener(config.paths.data_dir)  # refuses a second server in one line
    session = Session(config, questions=True)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM stops like Ctrl-C
    # the first sync, the watcher and this thread all print to it
    out = cast(TextIO, WholeLines(sys.stdout))
    try:
        _serve(config, session, listener, out)
    finally:
        signal.signal(signal.SIGTERM, previous)
        listener.close()
        session.close()
    return 0


def _serve(config: Config, session: Session, listener: Listener, out: TextIO) -> None:
    """Load, sync, watch and serve until Ctrl-C or SIGTERM, which stop it cleanly at any
    step (even between the "serving" line and the first accept)."""
    watching: FolderWatcher | None = None
    routes: Routes | None = None
    try:
        # Every model now, before anything else runs: llama-cpp-python points fds 1 and 2 at
        # /dev/null and swaps sys.stdout while it loads one, which would swallow our lines and
        # could put the real stdout back over the routed one (assistant.serve.streams).
        session.open()
        session.load_query_embedder()
        session.load_index_embedder()
        session.load_generator()
        _warm_up(session)
        if session.generator_ready and session.generator is not None:
            answers = printable(session.generator.model_id)
        else:  # the note says how to get one
            answers = f"search only ({printable(session.generator_note or 'no answer model')})"
        print(f"answers: {answers}", file=out, flush=True)
        watching = _start_indexing(config, session, out)
        routes = _route_streams()
        print(
            f"serving {config.paths.data_dir} at {listener.path}; Ctrl-C to stop",
            file=out,
            flush=True,
        )
        _accept(listener, session, routes)
    except KeyboardInterrupt:
        print("stopping", file=out, flush=True)
    finally:
        if routes is not None:
            _restore_streams(routes)
        session.stop_indexing()
        if watching is not None:
            watching.stop()


class WholeLines:
    """A stream several threads print lines to: each line is written whole, under a lock.

    `print` writes the text and the newline separately, so a batch line from the sync thread
    could land between the two and glue two lines together ("...(0.0s)serving ...")."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._lock = threading.Lock()
        self._pending = threading.local()

    def write(self, text: str) -> int:
        pending = getattr(self._pending, "text", "") + text
        whole, newline, rest = pending.rpartition("\n")
        self._pending.text = rest
        if newline:
            with self._lock:
                self.stream.write(whole + newline)
                self.stream.flush()
        return len(text)

    def flush(self) -> None:
        with self._lock:
            self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


def _warm_up(session: Session) -> None:
    """One search now, so the first person's question does not pay for the date parser's
    first load (~0.4 s here) and the embedder's first run."""
    import logging

    try:
        session.retrieve("warm up: who fixed the floor last time?", [])
    except Exception:  # an empty or odd index: the first real question will say what is wrong
        logging.getLogger(__name__).debug("warm-up search failed", exc_info=True)


def _start_indexing(config: Config, session: Session, out: TextIO) -> FolderWatcher | None:
    """Sync every root (on a thread of its own: questions are answered meanwhile), then keep
    syncing each settled batch of changes; the watcher, or None without roots."""
    from assistant.cli.watch import batch_line, start_watcher
    from assistant.indexing.roots import load_roots
    from assistant.progress import notes_report

    roots = load_roots(config)
    if not roots:
        print(
            "no folders registered yet (`assistant add PATH`): serving the index as it is",
            file=out,
            flush=True,
        )
        return None

    def on_batch(stats: SyncStats) -> None:
        print(batch_line(stats, roots), file=out, flush=True)

    first = threading.Thread(
        target=session.sync_changes, args=(None, notes_report, on_batch), name="first sync",
        daemon=True,
    )  # fmt: skip
    first.start()
    watcher = start_watcher(config, session, roots, on_batch, out)
    print(f"watching {plural(len(roots), 'folder')}", file=out, flush=True)
    return watcher


def _route_streams() -> Routes:
    """sys.stdin/stdout/stderr routed per thread from now on (assistant.serve.streams)."""
    from assistant.cli.remote import Routes
    from assistant.serve.streams import RoutedStream

    routes = Routes(RoutedStream(sys.stdin), RoutedStream(sys.stdout), RoutedStream(sys.stderr))
    sys.stdin, sys.stdout, sys.stderr = routes.stdin, routes.stdout, routes.stderr
    return routes


def _restore_streams(routes: Routes) -> None:
    sys.stdin, sys.stdout, sys.stderr = (
        routes.stdin.default, routes.stdout.default, routes.stderr.default,
    )  # fmt: skip


def _accept(listener: Listener, session: Session, routes: Routes) -> None:
    """A thread per client, until Ctrl-C or SIGTERM."""
    from assistant.cli.remote import serve_client

    while True:
        conn = listener.accept()
        threading.Thread(
            target=serve_client, args=(conn, session, routes), name="client", daemon=True
        ).start()
