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

    if args.http is not None:
        return _serve_http(config, args.http)
    backend = Backend(config, attach(config))  # the running server's models, when one runs
    try:
        build_server(backend, log_level="WARNING").run("stdio")
    finally:
        backend.close()
    return 0


def _serve_http(config: Config, port: int) -> int:
    import sys

    from assistant.mcp.backend import Backend
    from assistant.mcp.http import PATH, TOKEN_FILE, check_port, serve_http, token_of
    from assistant.mcp.server import build_server
    from assistant.paths import private_dir
    from assistant.serve.attached import attach

    check_port(port)
    home = config.paths.data_dir
    private_dir(home)
    token = token_of(home)
    backend = Backend(config, attach(config))
    print(
        f"MCP over HTTP at http://127.0.0.1:{port}{PATH}; clients send the header "
        f"'Authorization: Bearer <the token in {home / TOKEN_FILE}>'; Ctrl-C to stop",
        file=sys.stderr,
        flush=True,
    )
    try:
        serve_http(build_server(backend, log_level="WARNING"), port, token)
    finally:
        backend.close()
    return 0
