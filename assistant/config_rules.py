"""The allowed values of every setting, and the checks that name them.

Apart from assistant/config.py (which reads and types the settings) so each reads on its own:
every numeric key has an inclusive range here, and every error says which key, which value
and what is allowed, in one line. A float for an int key, a bool, inf or nan never get this
far: `assistant.config` refuses them while typing the value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.errors import ConfigError
from assistant.server_url import EXAMPLE, URL_ALLOWED, parse_server_url
from ingest.ocr import MODES as OCR_MODES
from store import MRL_DIMS, VECTOR_TYPES

if TYPE_CHECKING:
    from assistant.config import Config


def _plain(number: float) -> str:
    """1000000 rather than 1e+06, 0.05 as it is."""
    return str(int(number)) if float(number).is_integer() else str(number)


# Where answers come from: a GGUF run here, or a llama.cpp server on this machine or the LAN.
BACKENDS = ("local", "server")

# Every numeric setting's range, inclusive; `ALLOWED` words them for the error messages.
RANGES: dict[str, tuple[float, float]] = {
    "embedder.max_tokens": (64, 2048),  # the model's limit
    "embedder.threads": (0, 1024),
    "index.max_file_mb": (1, 1_000_000),
    "index.max_note_mb": (1, 10_000),
    "index.max_attachment_mb": (1, 10_000),
    "index.max_pdf_pages": (1, 1_000_000),
    "index.pdf_seconds": (0.1, 86_400),
    "index.ocr_seconds": (1, 86_400),
    # The engine and its models alone take ~600 MB resident.
    "index.ocr_memory_mb": (512, 1_000_000),
    "index.ocr_max_megapixels": (1, 10_000),
    "index.chunk_target_tokens": (32, 2048),
    "index.chunk_max_tokens": (32, 2048),
    # Below 0.05 s the watcher would wake for every single event of a burst.
    "index.watch_debounce_seconds": (0.05, 3600),
    # A full reconcile walks every root: more often than every 10 s it would never rest.
    "index.watch_reconcile_seconds": (10, 604_800),
    "generator.context": (1024, 32_768),
    "generator.max_answer_tokens": (1, 8192),
    # At least one whole chunk (index.chunk_max_tokens may be up to 2048) and its header.
    "generator.source_tokens": (256, 32_768),
    "generator.temperature": (0.0, 2.0),
    "generator.top_p": (0.0, 1.0),
    "generator.top_k": (0, 1000),  # 0: no top-k cut
    "generator.seed": (0, 2**31 - 1),
    "generator.threads": (0, 1024),
}
_ALLOWED_WORDS = {
    "embedder.threads": " (0: one per core)",
    "generator.threads": " (0: one per core)",
}
ALLOWED: dict[str, str] = {
    key: f"{_plain(low)} to {_plain(high)}{_ALLOWED_WORDS.get(key, '')}"
    for key, (low, high) in RANGES.items()
} | {
    "embedder.dim": f"one of {MRL_DIMS}",
    "index.vector_type": f"one of {VECTOR_TYPES}",
    "index.ocr": f"one of {OCR_MODES}",
    "generator.backend": f"one of {BACKENDS}",
    "generator.url": f"with backend 'server': {URL_ALLOWED}",
}


def validate(config: Config) -> None:
    """Raise `ConfigError` naming the key, the value and the allowed values."""
    for key, (low, high) in RANGES.items():
        section, name = key.split(".")
        value = getattr(getattr(config, section), name)
        if not low <= value <= high:
            raise ConfigError(f"{key} = {value!r} is out of range; allowed: {ALLOWED[key]}")
    if config.embedder.dim not in MRL_DIMS:
        raise ConfigError(f"embedder.dim must be one of {MRL_DIMS}, got {config.embedder.dim}")
    if config.index.vector_type not in VECTOR_TYPES:
        raise ConfigError(
            f"index.vector_type must be one of {VECTOR_TYPES}, got {config.index.vector_type!r}"
        )
    if config.index.ocr not in OCR_MODES:
        raise ConfigError(f"index.ocr must be one of {OCR_MODES}, got {config.index.ocr!r}")
    _validate_me(config.mail.me)
    _validate_backend(config)
    _validate_together(config)


def _validate_backend(config: Config) -> None:
    """`generator.backend` and its `url`: an IP literal is judged here, a name only when the
    server is first needed (assistant/server_url.py says why)."""
    generator = config.generator
    if generator.backend not in BACKENDS:
        raise ConfigError(f"generator.backend must be one of {BACKENDS}, got {generator.backend!r}")
    if generator.backend == "server" and not generator.url.strip():
        raise ConfigError(
            'generator.url is required with generator.backend = "server"; '
            f"allowed: {URL_ALLOWED}, e.g. {EXAMPLE}"
        )
    if generator.url.strip():
        parse_server_url(generator.url)


# `[mail] me`: a person has a few addresses and names, not hundreds; a longer list or entry is
# a pasted address book or a mistake, and every entry costs a condition in each search.
ME_MAX_ENTRIES, ME_MAX_CHARS, ME_MIN_CHARS = 50, 200, 2


def _validate_me(me: tuple[str, ...]) -> None:
    if len(me) > ME_MAX_ENTRIES:
        raise ConfigError(
            f"mail.me has {len(me)} entries; allowed: at most {ME_MAX_ENTRIES} addresses or names"
        )
    for entry in me:
        if not ME_MIN_CHARS <= len(entry) <= ME_MAX_CHARS:
            raise ConfigError(
                f"mail.me entry {entry!r} is out of range; allowed: an address or name of "
                f"{ME_MIN_CHARS} to {ME_MAX_CHARS} characters"
            )


# Tokens of the generator's context kept for the rules, the question and some sources.
ROOM_FOR_SOURCES = 512


def _validate_together(config: Config) -> None:
    """Settings whose allowed values depend on one another."""
    index = config.index
    if (
        not 32
        <= index.chunk_target_tokens
        <= index.chunk_max_tokens
        <= config.embedder.max_tokens - 64
    ):
        raise ConfigError(
            "need 32 <= index.chunk_target_tokens <= index.chunk_max_tokens <= "
            "embedder.max_tokens - 64 (room for the prompt)"
        )
    generator = config.generator
    if generator.max_answer_tokens > generator.context - ROOM_FOR_SOURCES:
        raise ConfigError(
            f"generator.max_answer_tokens = {generator.max_answer_tokens} leaves too little of "
            f"generator.context = {generator.context} for the question and its sources; "
            f"allowed: at most generator.context - {ROOM_FOR_SOURCES}"
        )
