"""The socket side of the answer-server client: which address, how long to wait, closing on
cancel, and what each failure is called in its one line.

Apart from assistant/runtime/server_generator.py (the HTTP side) so each reads on its own;
nothing here imports an HTTP client, and nothing here runs unless the server backend is used.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from contextlib import suppress

from assistant.errors import ServerError
from assistant.runtime.server_events import one_line
from assistant.server_url import ServerAddress, refuse_public

CONNECT_SECONDS = 3.0  # a LAN box answers a connect in milliseconds; down is down
READ_SECONDS = 300.0  # a 7k-token prompt's prefill on a CPU server sends nothing for minutes
CANCEL_POLL_SECONDS = 0.05


def checked_address(address: ServerAddress) -> str:
    """The IP to connect to: the literal itself, or the name resolved with every address it
    resolves to checked (a name that also points outside the LAN is refused)."""
    if address.ip is not None:
        return str(address.ip)
    try:
        infos = socket.getaddrinfo(address.host, address.port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ServerError(
            f"cannot find the answer server {address.host} "
            f"({one_line(str(exc.strerror or exc))}); check generator.url"
        ) from exc
    ips = [ipaddress.ip_address(str(info[4][0])) for info in infos]
    for ip in ips:
        refuse_public(address.host, ip)
    return str(ips[0])


def failure(url: str, stage: str, exc: BaseException) -> ServerError:
    """One line for a server that cannot be reached ("connect") or went away ("request",
    "answer")."""
    reason = one_line(str(getattr(exc, "strerror", None) or exc or type(exc).__name__), 120)
    if stage == "connect":
        if isinstance(exc, TimeoutError):
            reason = f"no reply within {CONNECT_SECONDS:.0f} s"
        return ServerError(
            f"the answer server at {url} is not reachable ({reason}); start it, or set "
            'generator.backend = "local"'
        )
    if isinstance(exc, TimeoutError):
        return ServerError(
            f"the answer server at {url} sent nothing for {READ_SECONDS:.0f} s; is it overloaded?"
        )
    where = "in the middle of the answer" if stage == "answer" else "before answering"
    return ServerError(
        f"the answer server at {url} went away {where} ({reason}); ask again once it is back"
    )


def close_when_cancelled(
    sock: socket.socket, cancel: threading.Event, finished: threading.Event
) -> None:
    """Shut `sock` down once `cancel` is set: a read blocked in another thread (the server's
    prefill sends nothing) returns at once, and the server sees the connection close. Ends
    when the stream does (`finished`)."""
    while not finished.is_set():
        if cancel.wait(CANCEL_POLL_SECONDS):
            with suppress(OSError):  # already closed by the stream's end
                sock.shutdown(socket.SHUT_RDWR)
            return
