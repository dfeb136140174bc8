"""`assistant mcp --http PORT`: the same tools over MCP's Streamable HTTP, on 127.0.0.1 only.

For MCP clients that cannot start a process (a browser-based tool, a client in a container
with the port forwarded). Loopback is not private to this user, so three checks stand in
front of the tools:
- the listening address is 127.0.0.1, never another interface (no option changes that);
- the Host and Origin headers must name this very address and port, exactly (a web page that
  rebinds its DNS name to 127.0.0.1 sends its own name, and is refused: the SDK's check);
- every request carries `Authorization: Bearer TOKEN`, the token in the home's `mcp-token`
  (0600, made on first use), so another local user's process cannot read the index.
"""

from __future__ import annotations

import hmac
import os
import secrets
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError
from assistant.paths import PRIVATE_FILE

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

LOOPBACK = "127.0.0.1"
TOKEN_FILE = "mcp-token"
PATH = "/mcp"


def token_of(home: Path) -> str:
    """The home's bearer token, made (random, 0600) the first time it is asked for."""
    path = home / TOKEN_FILE
    try:
        token = path.read_text(encoding="ascii").strip()
        if token:
            return token
    except FileNotFoundError:
        pass
    token = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(token + "\n")
    return token


def check_port(port: int) -> None:
    """A one-line error now, rather than uvicorn's log lines, when the port is taken."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((LOOPBACK, port))
    except OSError as exc:
        raise AssistantError(f"cannot listen on {LOOPBACK}:{port}: {exc.strerror}") from None
    finally:
        probe.close()


def allowed(port: int) -> tuple[list[str], list[str]]:
    """(Host values, Origin values) a request may carry: this address and port only."""
    hosts = [f"{LOOPBACK}:{port}", f"localhost:{port}"]
    return hosts, [f"http://{host}" for host in hosts]


def serve_http(server: MCPServer[Any], port: int, token: str) -> None:
    """Serve until Ctrl-C; `port` is 127.0.0.1's."""
    import anyio
    import uvicorn
    from mcp.server.transport_security import TransportSecuritySettings

    hosts, origins = allowed(port)
    security = TransportSecuritySettings(
        enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins
    )
    app = server.streamable_http_app(streamable_http_path=PATH, transport_security=security)
    config = uvicorn.Config(
        BearerOnly(app, token), host=LOOPBACK, port=port, log_level="warning", lifespan="on"
    )
    anyio.run(uvicorn.Server(config).serve)


class BearerOnly:
    """ASGI middleware: an HTTP request without the home's token gets 401, nothing else."""

    def __init__(self, app: Any, token: str) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode("ascii")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not self._authorised(scope):
            await send({"type": "http.response.start", "status": 401, "headers": []})
            await send({"type": "http.response.body", "body": b"a bearer token is needed"})
            return
        await self.app(scope, receive, send)

    def _authorised(self, scope: dict[str, Any]) -> bool:
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                return hmac.compare_digest(value, self.expected)
        return False
