"""`assistant mcp`: serve the index to other local tools (Claude Desktop, editors, agents), on
stdio or (`--http PORT`) on 127.0.0.1 behind a bearer token (assistant.mcp.http).

mcp and the models are imported only when the command runs, so other commands do not pay.
"""

from __future__ import annotations

import argparse

from assistant.config import Config

HELP = "serve search, ask, get and status to MCP clients over stdio"
DESCRIPTION = (
    HELP + " (stdout is the protocol), or with --http over Streamable HTTP on 127.0.0.1 only, "
    "behind the home's bearer token (its mcp-token file)."
)


def add_mcp_commands(commands: argparse._SubParsersAction) -> None:
    mcp = commands.add_parser("mcp", help=HELP, description=DESCRIPTION)
    mcp.add_argument(
        "--http",
        metavar="PORT",
        type=_port,
        help="serve MCP's Streamable HTTP at http://127.0.0.1:PORT/mcp instead of stdio",
    )
    mcp.set_defaults(handler=cmd_mcp)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r} (1-65535)")
    return port


def cmd_mcp(config: Config, args: argparse.Namespace) -> int:
    from assistant.mcp.backend import Backend
    from assistant.mcp.server import build_server
    from assistant.serve.attached import attach

    token = _http_token(config, args.http) if args.http is not None else ""
    backend = Backend(config, attach(config))  # the running server's models, when one runs
    try:
        server = build_server(backend, log_level="WARNING")
        if args.http is None:
            server.run("stdio")
        else:
            from assistant.mcp.http import serve_http

            serve_http(server, args.http, token)
    finally:
        backend.close()
    return 0


def _http_token(config: Config, port: int) -> str:
    """The bearer token, once the port is known to be free; says where clients find it."""
    import sys

    from assistant.mcp.http import PATH, TOKEN_FILE, check_port, token_of
    from assistant.paths import private_dir

    check_port(port)
    home = private_dir(config.paths.data_dir)
    token = token_of(home)
    print(
        f"MCP over HTTP at http://127.0.0.1:{port}{PATH}; clients send the header "
        f"'Authorization: Bearer <the token in {home / TOKEN_FILE}>'; Ctrl-C to stop",
        file=sys.stderr,
        flush=True,
    )
    return token
