"""`assistant mcp`: serve the index to other local tools (Claude Desktop, editors, agents).

mcp and the models are imported only when the command runs, so other commands do not pay.
"""

from __future__ import annotations

import argparse

from assistant.config import Config

HELP = "serve search, ask, get and status to MCP clients over stdio"


def add_mcp_commands(commands: argparse._SubParsersAction) -> None:
    mcp = commands.add_parser("mcp", help=HELP, description=HELP + " (stdout is the protocol).")
    mcp.set_defaults(handler=cmd_mcp)


def cmd_mcp(config: Config, args: argparse.Namespace) -> int:
    from assistant.mcp.backend import Backend
    from assistant.mcp.server import build_server
    from assistant.serve.attached import attach

    backend = Backend(config, attach(config))  # the running server's models, when one runs
    try:
        build_server(backend, log_level="WARNING").run("stdio")
    finally:
        backend.close()
    return 0
