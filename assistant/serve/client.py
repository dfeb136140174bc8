"""The client: run `search`, `ask`, `chat`, `status` or `show` in the home's server, if one runs.

`forward` is the first thing the `assistant` command does (assistant.cli.entry). It imports
no model and no index: when a server answers, this process is a pipe between the person's
terminal and the server, and the command's words come out exactly as the server's run of the
same command printed them. When no server runs (or it declines: another config, another time
zone), `forward` returns None and the command runs in this process as it always did.

Ctrl-C during `ask` or `chat` is passed on, so the answer stops the way it does in-process and
the server says "interrupted"; a second Ctrl-C, or one during the other commands, ends this
process at once (the server sees it leave and stops the work). A server that dies mid-command
is one line on stderr; what it printed before stays.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from types import FrameType

from assistant.display import is_terminal, silence_stdout
from assistant.serve.place import home_of, socket_path
from assistant.serve.wire import Channel, Message, WireError, messages

FORWARDED = ("search", "ask", "chat", "status", "show")
INTERRUPTIBLE = ("ask", "chat")  # their answer stops on Ctrl-C and they say so themselves
# ASSISTANT_SERVER=off: never use a server (benchmarks, and anyone who wants the old way)
SWITCH = "ASSISTANT_SERVER"
HOME_VARIABLES = ("ASSISTANT_HOME", "ASSISTANT_MODELS", "ASSISTANT_CACHE")
HANDSHAKE_SECONDS = 10.0
SERVER_GONE = "assistant: the server (`assistant serve`) stopped before the command finished"


def forward(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> int | None:
    """The command's exit code, run by the home's server; None: run it here instead."""
    if not _forwardable(argv, environ):
        return None
    sock = _connect(environ)
    if sock is None:
        return None
    try:
        return _session(sock, list(argv), environ)
    finally:
        sock.close()


def switched_off(environ: Mapping[str, str]) -> bool:
    """ASSISTANT_SERVER=off (or 0, no, false): this process never uses a server."""
    return environ.get(SWITCH, "").lower() in ("off", "0", "no", "false")


def _forwardable(argv: Sequence[str], environ: Mapping[str, str]) -> bool:
    if switched_off(environ):
        return False
    if not argv or argv[0] not in FORWARDED or any(a in ("-h", "--help") for a in argv):
        return False  # help is laid out for this terminal's width by argparse: do it here
    if argv[0] == "show" and not all(_same_anywhere(a) for a in argv[1:] if a[:1] != "-"):
        return False
    # a relative home is relative to this process's folder, which the server does not share
    return all(not environ.get(name) or os.path.isabs(environ[name]) for name in HOME_VARIABLES)


def _same_anywhere(target: str) -> bool:
    """A `show` target that means the same in the server's folder as in ours: an absolute
    path (or key), or a Message-ID. A relative path is this process's to resolve."""
    return os.path.isabs(os.path.expanduser(target)) or ("@" in target and "/" not in target)


def _connect(environ: Mapping[str, str]) -> socket.socket | None:
    home = home_of(environ)
    path = socket_path(home, environ)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except (FileNotFoundError, NotADirectoryError):
        sock.close()
        return None
    except ConnectionRefusedError:  # a socket file nobody listens on: its server died
        from assistant.serve.listener import remove_stale_socket

        sock.close()
        remove_stale_socket(home, path)
        return None
    except OSError:
        sock.close()
        return None
    return sock


def _request(argv: list[str], environ: Mapping[str, str]) -> Message:
    return {
        "argv": argv,
        "env": dict(environ),
        "tty": [is_terminal(sys.stdin), is_terminal(sys.stdout), is_terminal(sys.stderr)],
        "columns": terminal_columns(environ),
    }


def _session(sock: socket.socket, argv: list[str], environ: Mapping[str, str]) -> int | None:
    channel = Channel(sock)
    sock.settimeout(HANDSHAKE_SECONDS)
    if not channel.send(_request(argv, environ)):
        return None
    replies = messages(sock)
    try:
        first = next(replies, None)
    except (WireError, TimeoutError):
        return None
    if first is None or "ready" not in first:  # declined ("fallback"), or gone before
        return None
    sock.settimeout(None)
    if argv[0] == "chat":
        threading.Thread(target=_send_stdin, args=(channel,), daemon=True).start()
    with _ctrl_c(channel, passed_on=argv[0] in INTERRUPTIBLE):
        return _relay(replies, sock)


def _relay(replies: Iterator[Message], sock: socket.socket) -> int:
    """Print what the server sends until its exit code."""
    try:
        for message in replies:
            if "out" in message:
                sys.stdout.write(message["out"])
                sys.stdout.flush()
            elif "err" in message:
                sys.stderr.write(message["err"])
                sys.stderr.flush()
            elif "exit" in message:
                return int(message["exit"])
    except BrokenPipeError:  # `assistant search x | head`: the reader left, as in-process
        sock.close()
        silence_stdout()
        return 141
    except WireError:
        pass
    print(SERVER_GONE, file=sys.stderr)
    return 1


def _send_stdin(channel: Channel) -> None:
    """`chat`'s questions, line by line as they are typed or piped; then the end of input."""
    try:
        binary = sys.stdin.buffer
        for raw in iter(binary.readline, b""):
            if not channel.send({"stdin": raw.decode("utf-8", errors="replace")}):
                return
    except (AttributeError, OSError, ValueError):  # no stdin, or a closed one: its end
        pass
    channel.send({"stdin": None})


class _ctrl_c:
    """Ctrl-C: the first passed on to the server (ask, chat), else the end of this process."""

    def __init__(self, channel: Channel, *, passed_on: bool) -> None:
        self.channel = channel
        self.passed_on = passed_on
        self.pressed = False
        self.previous: object = None

    def __enter__(self) -> None:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._press)

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)  # type: ignore[arg-type]

    def _press(self, signum: int, frame: FrameType | None) -> None:
        if self.passed_on and not self.pressed:
            self.pressed = True
            self.channel.send({"interrupt": True})
            return
        raise KeyboardInterrupt


def terminal_columns(environ: Mapping[str, str]) -> int:
    """The width `shutil.get_terminal_size` would give this process (COLUMNS, else the
    terminal of stdout, else 80), without importing shutil: it costs the client milliseconds."""
    try:
        columns = int(environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80
