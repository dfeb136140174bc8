"""`assistant serve`'s transport: one resident process per home, reached over a Unix socket.

This package holds what both ends share and what the client needs (where the socket lives,
the JSON Lines wire, the client itself, and the server's listening socket and lock). It
imports no model, no index and no command, so a client starts in milliseconds; the server's
command loop is `assistant.cli.serve`, because what it runs are the CLI's own commands.
"""
