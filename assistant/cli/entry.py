"""The `assistant` command's first step: hand the command to the home's server if one runs.

Only the client (assistant.serve.client) is imported first, so a command the server runs costs
this process milliseconds; otherwise the whole command line (assistant.cli.main) is imported
and the command runs here, as it always did.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    from assistant.serve.client import forward

    try:
        code = forward(arguments)
    except KeyboardInterrupt:  # a second Ctrl-C: the server stops the work when we leave
        print("assistant: interrupted", file=sys.stderr)
        return 130
    if code is not None:
        return code
    from assistant.cli.main import main as run_here

    return run_here(arguments)
