"""The doctor's answer-server check, for `generator.backend = "server"` only.

With the server backend the answers come from another process (often another machine): the
doctor says whether it answers, which model it serves, how long a round trip takes, how tokens
are counted and which context the answers are packed for. With the local backend it checks
nothing here, and no socket is opened.
"""

from __future__ import annotations

from assistant.config import Config
from assistant.doctor.checks import Finding
from assistant.errors import AssistantError

CHECK = "answer server"
SLOW_ROUND_TRIP_MS = 500.0  # a LAN answers in milliseconds; this is a struggling server


def check_answer_server(config: Config) -> list[Finding]:
    """Reachable, which model, round-trip time; [] with the local backend."""
    if config.generator.backend != "server":
        return []
    from assistant.runtime.server_generator import ServerGenerator

    server = ServerGenerator.from_config(config)
    try:
        server.load()
        round_trip_ms = server.round_trip() * 1000
        tokens, context = server.tokenizer, server.settings.context
    except AssistantError as exc:
        return [Finding(CHECK, "fail", str(exc), _fix(config))]
    detail = (
        f"{server.model_id} answers ({config.generator.url}): round trip "
        f"{round_trip_ms:.0f} ms; tokens counted by {tokens}; sources packed for {context} "
        "tokens of context"
    )
    if "estimate" in tokens:
        return [
            Finding(
                CHECK, "warn", detail, "use llama-server or llama_cpp.server, which count tokens"
            )
        ]
    if round_trip_ms > SLOW_ROUND_TRIP_MS:
        return [
            Finding(CHECK, "warn", detail, "the server or the network is slow; answers will be")
        ]
    return [Finding(CHECK, "ok", detail)]


def _fix(config: Config) -> str:
    return (
        f"start a llama.cpp server at {config.generator.url} (`llama-server -m MODEL.gguf "
        '--host 0.0.0.0 --port PORT`), or set generator.backend = "local"'
    )
