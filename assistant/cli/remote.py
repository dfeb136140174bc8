"""One client's command, run inside `assistant serve` exactly as its own process would run it.

The client sends its command line and environment; the command is parsed and run by the same
`assistant.cli.main` code, with the client's environment for the config, its streams routed
to it (assistant.serve.streams) and the server's warm models (`SessionEngine`). So the output
is the in-process output byte for byte; tests/serve compare the two.

The server declines (the client then runs the command itself) when the result could differ
for reasons outside the command: the client's config is not the server's (another config
file, other ASSISTANT_* settings, or the file changed since the server started), or its time
zone is another (dates are shown in local time).
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from typing import Any

from assistant.cli.engine import SessionEngine
from assistant.cli.interrupt import interrupts_from
from assistant.config import Config
from assistant.runtime.session import Session
from assistant.serve.host import config_differs, serve_operation
from assistant.serve.streams import ClientInput, ClientOutput, RoutedStream
from assistant.serve.wire import Channel, Message, WireError, messages

log = logging.getLogger(__name__)


DECLINED_NOTE = (
    "note: a command came with another configuration than this server's (config.toml or an "
    "ASSISTANT_* setting changed?): it ran by itself, slowly; restart `assistant serve` to "
    "serve it"
)


class Routes:
    """The server's three routed standard streams, and the notes it has printed."""

    def __init__(self, stdin: RoutedStream, stdout: RoutedStream, stderr: RoutedStream) -> None:
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr
        self.said: set[str] = set()

    def note_once(self, text: str) -> None:
        """A line on the server's own stdout, the first time only (clients come often)."""
        if text not in self.said:
            self.said.add(text)
            print(text, file=self.stdout.default, flush=True)


def serve_client(conn: socket.socket, session: Session, routes: Routes) -> None:
    """Read the client's request, run its command (or decline), send the exit code."""
    channel = Channel(conn)
    replies = messages(conn)
    try:
        request = next(replies, None)
        if request is None:
            return
        if "op" in request:  # an attached app or `assistant mcp` (assistant.serve.host)
            serve_operation(request, replies, channel, session)
            return
        reason = declined(request, session.config)
        if reason:
            channel.send({"fallback": reason})
            if reason == "another configuration":
                routes.note_once(DECLINED_NOTE)
            return
        channel.send({"ready": True})
        code = _run(request, replies, channel, session, routes)
        channel.send({"exit": code})
    except WireError as exc:
        log.warning("a client sent what is not a request: %s", exc)
    except Exception:
        log.exception("serving a client failed")
    finally:
        conn.close()


def declined(request: Message, config: Config) -> str:
    """Why the client should run the command itself ('' to run it here)."""
    argv, env = request.get("argv"), request.get("env")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
        return "no command line"
    return config_differs(env, config)


def _run(
    request: Message,
    replies: Iterator[Message],
    channel: Channel,
    session: Session,
    routes: Routes,
) -> int:
    from assistant.cli.main import _command

    tty = _flags(request.get("tty"))
    columns = request.get("columns") if isinstance(request.get("columns"), int) else None
    environ: dict[str, str] = dict(request["env"])
    pressed = threading.Event()
    stdin = ClientInput(pressed, tty=tty[0])
    out = ClientOutput(channel, "out", tty=tty[1], columns=columns, environ=environ)
    err = ClientOutput(channel, "err", tty=tty[2], columns=columns, environ=environ)
    threading.Thread(
        target=_listen, args=(replies, stdin, pressed), name="client input", daemon=True
    ).start()
    with (
        routes.stdin.route(stdin),
        routes.stdout.route(out),
        routes.stderr.route(err),
        interrupts_from(pressed),
    ):
        try:
            code = _command(request["argv"], environ, SessionEngine(session))
        except SystemExit as exit:  # argparse: usage errors, --version
            code = _exit_code(exit.code, err)
        out.flush()
        err.flush()
    return code


def _listen(replies: Iterator[Message], stdin: ClientInput, pressed: threading.Event) -> None:
    """The client's stdin lines and Ctrl-C; its leaving is a Ctrl-C too (the work stops)."""
    try:
        for message in replies:
            if "stdin" in message:
                line = message["stdin"]
                stdin.feed(line if isinstance(line, str) else None)
            elif message.get("interrupt"):
                pressed.set()
    except WireError:
        pass
    stdin.feed(None)
    pressed.set()


def _flags(value: Any) -> tuple[bool, bool, bool]:
    if isinstance(value, list) and len(value) == 3:
        return bool(value[0]), bool(value[1]), bool(value[2])
    return False, False, False


def _exit_code(code: object, err: ClientOutput) -> int:
    """SystemExit's code as the interpreter would make it the exit status."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    err.write(f"{code}\n")
    return 1
