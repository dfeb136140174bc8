"""`assistant serve`'s transport: one resident process per home, reached over a Unix socket.

This package holds what both ends share and what the client needs (where the socket lives,
the JSON Lines wire, the client itself, and the server's listening socket and lock). Those
import no model, no index and no command, so a client starts in milliseconds; the server's
command loop is `assistant.cli.serve`, because what it runs are the CLI's own commands.

Long-lived programs (the app, `assistant mcp`) attach instead of forwarding a command line:
`attached` is their session on the server's models and indexer, `host` the server's side.
"""
