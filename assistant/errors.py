"""The one exception family users can meet.

Every error a person can cause or fix (a missing model, an unreachable Hub, a bad file) is an
`AssistantError` whose message says what to do next; the CLI prints it as one line instead of a
traceback. The store has a family of its own (`store.StoreError`, since the store imports
nothing of the assistant), which the CLI and the app show the same way. Programming errors
stay ordinary exceptions.
"""

from __future__ import annotations


class AssistantError(Exception):
    """An error with a message meant for the person at the keyboard."""

    exit_code = 1


class ConfigError(AssistantError):
    """The config file or an environment override is invalid."""


class ModelError(AssistantError):
    """A model is unknown, missing, corrupt or unsuitable."""


class ModelMissing(ModelError):
    """A model is known but its file is not on this machine."""


class FetchError(ModelError):
    """A model could not be downloaded or built (offline, gated, checksum mismatch)."""


class InputTooLong(AssistantError):
    """A text is longer than the embedder can take in one sequence."""


class ServerError(AssistantError):
    """The answer server (`generator.backend = "server"`) is unreachable, failed or went away."""
