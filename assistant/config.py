"""The one typed configuration object.

Built once at start-up by `load_config` and passed to whatever needs it; nothing reads settings
from globals. Precedence, lowest first: defaults, the TOML file, environment variables.
Every setting ``[section] key`` can be overridden by ``ASSISTANT_<SECTION>_<KEY>`` so scripts
and tests can change one value without writing a file.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.config_rules import ALLOWED, validate
from assistant.errors import ConfigError
from assistant.paths import Paths, resolve_paths
from store import FULL_DIM, VECTOR_TYPES  # the store's, named once there
from store import MRL_DIMS as MRL_DIMS  # re-exported: the CLI offers these as choices


@dataclass(frozen=True)
class EmbedderConfig:
    """How documents and queries are turned into vectors."""

    model: str = "embeddinggemma-300m-q8_0"
    # Matryoshka truncation: the first `dim` components, renormalised.
    dim: int = FULL_DIM
    # Longest sequence (prompt included) one embed call may take; EmbeddingGemma's limit is 2048.
    max_tokens: int = 2048
    # 0 means one thread per core.
    threads: int = 0


@dataclass(frozen=True)
class IndexConfig:
    """What gets indexed and how it is cut into chunks."""

    # Globs matched against a file's name and its path below a root (on top of the built-in
    # rules: hidden, temporary, swap and backup files, .git, node_modules).
    ignore: tuple[str, ...] = ()
    max_file_mb: int = 100
    # Per-file bounds that keep a sync's memory and time finite (see ingest/limits.py);
    # whatever they leave out is listed with the reason.
    max_note_mb: int = 20
    max_attachment_mb: int = 20
    max_pdf_pages: int = 2000
    pdf_seconds: float = 60.0
    # Scanned PDF pages and image files read by OCR (ingest/ocr.py): "auto" or "off".
    ocr: str = "auto"
    ocr_seconds: float = 60.0  # per image or page, in a worker process killed past it
    ocr_memory_mb: int = 2048  # the OCR worker's resident memory, killed past it
    ocr_max_megapixels: int = 40  # larger images are not decoded (decompression bombs)
    # How vec0 stores vectors: "binary" (prefilter, rescored with the cached full vectors),
    # "int8" or "float32". Chosen from benchmarks/search.py; see the README.
    vector_type: str = VECTOR_TYPES[0]
    # Chunk sizes in the embedder's tokens; well under its 2048 limit, prompt included.
    chunk_target_tokens: int = 300
    chunk_max_tokens: int = 1000
    # Seconds the watcher waits for a burst of file events to settle before indexing.
    watch_debounce_seconds: float = 1.0
    # Seconds between full reconciles while watching (catches missed events).
    watch_reconcile_seconds: float = 600.0


@dataclass(frozen=True)
class GeneratorConfig:
    """The answer model and its sampling settings (explicit, so answers are reproducible)."""

    # Where answers come from: "local" (a GGUF run here) or "server" (an OpenAI-compatible
    # llama.cpp server at `url`, on this machine or the LAN; see assistant/server_url.py).
    backend: str = "local"
    url: str = ""
    # Empty means: the first generator of the manifest that is present on this machine.
    model: str = ""
    context: int = 8192
    max_answer_tokens: int = 512
    # The sources' share of the prompt, in tokens: reading it is most of the wait before the
    # first word on a CPU (benchmarks/answer.py; README "Answer speed" has the choice).
    source_tokens: int = 2048
    temperature: float = 0.2
    top_p: float = 0.95
    top_k: int = 64
    seed: int = 0
    threads: int = 0


@dataclass(frozen=True)
class MailConfig:
    """What the assistant knows about the person whose mail it reads."""

    # Your own addresses and names as they appear in From/To ("jan@x.org", "Jan Brenner"):
    # "I", "me", "ich", "mir", "我" in a question stand for them ("what did I send to Ina").
    me: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know, resolved."""

    paths: Paths
    embedder: EmbedderConfig = field(default_factory=EmbedderConfig)
    index: IndexConfig = field(default_factory=IndexConfig)
    generator: GeneratorConfig = field(default_factory=GeneratorConfig)
    mail: MailConfig = field(default_factory=MailConfig)
    # Where each non-default value came from ("file" or the environment variable), for display.
    origins: dict[str, str] = field(default_factory=dict)


SECTIONS: dict[str, type] = {
    "embedder": EmbedderConfig,
    "index": IndexConfig,
    "generator": GeneratorConfig,
    "mail": MailConfig,
}


def load_config(environ: dict[str, str] | None = None) -> Config:
    """Read the config file (if any) and environment overrides into a validated `Config`."""
    env = dict(os.environ if environ is None else environ)
    paths = resolve_paths(env)
    _check_home(paths.data_dir)
    file_values = _read_toml(paths.config_file)
    origins: dict[str, str] = {}
    sections: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        raw = file_values.get(name, {})
        if not isinstance(raw, dict):
            raise ConfigError(
                f"{paths.config_file}: [{name}] must be a table of settings, got {raw!r}"
            )
        sections[name] = _build_section(name, cls, raw, env, origins)
    unknown = set(file_values) - set(SECTIONS)
    if unknown:
        raise ConfigError(
            f"{paths.config_file}: unknown section(s) {sorted(unknown)}; known: {sorted(SECTIONS)}"
        )
    config = Config(paths=paths, origins=origins, **sections)
    validate(config)
    return config


# Kernel and device file systems: nothing of ours can live there.
_SYSTEM_TREES = (Path("/proc"), Path("/sys"), Path("/dev"))


def _check_home(home: Path) -> None:
    """Refuse a home that can never hold an index: a file, or a kernel or device tree.

    A read-only home is allowed (search still works there); `assistant doctor` reports it.
    """
    resolved = home.resolve()
    if any(resolved == tree or tree in resolved.parents for tree in _SYSTEM_TREES):
        raise ConfigError(
            f"the home {home} is inside {resolved.parts[0]}{resolved.parts[1]}, a system folder; "
            "set ASSISTANT_HOME to a folder of your own"
        )
    if home.exists() and not home.is_dir():
        raise ConfigError(
            f"the home {home} is not a folder; set ASSISTANT_HOME to a folder of your own"
        )


def _read_toml(path: os.PathLike[str]) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except OSError as exc:  # a folder, unreadable, or a home under /dev/null
        raise ConfigError(
            f"cannot read the config file {path} ({exc.strerror}); "
            "fix its permissions or set ASSISTANT_HOME to a folder of your own"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}); fix or delete it") from exc


def _build_section(
    section: str, cls: type, raw: dict[str, Any], env: dict[str, str], origins: dict[str, str]
) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(raw) - set(fields)
    if unknown:
        raise ConfigError(
            f"unknown setting(s) in [{section}]: {sorted(unknown)}; known: {sorted(fields)}"
        )
    values: dict[str, Any] = {}
    for name, f in fields.items():
        kind = type(f.default)
        key = f"{section}.{name}"
        if name in raw:
            values[name] = _coerce(key, raw[name], kind)
            origins[key] = "file"
        env_name = f"ASSISTANT_{section}_{name}".upper()
        if env_name in env:
            values[name] = _coerce(key, env[env_name], kind)
            origins[key] = env_name
    return cls(**values)


def _coerce(key: str, value: Any, kind: type) -> Any:
    if kind is tuple:  # a TOML list, or a comma-separated environment value
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise ConfigError(f"{key} must be a list of strings, got {value!r}")
        return tuple(str(item).strip() for item in items if str(item).strip())
    if kind is str:
        if not isinstance(value, str):
            raise ConfigError(f"{key} must be a string (in quotes), got {value!r}")
        return value
    return _number(key, value, kind)


def _number(key: str, value: Any, kind: type) -> int | float:
    """`value` as an int or float; never silently rounded, never a bool, never inf or nan."""
    allowed = ALLOWED.get(key, "")
    if isinstance(value, bool) or (kind is int and isinstance(value, float)):
        raise ConfigError(
            f"{key} must be a int (a whole number), got {value!r}; allowed: {allowed}"
        )
    try:
        number = kind(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"{key} must be a {kind.__name__}, got {value!r}; allowed: {allowed}"
        ) from exc
    if not math.isfinite(number):
        raise ConfigError(f"{key} must be a finite number, got {value!r}; allowed: {allowed}")
    return number


def thread_count(requested: int) -> int:
    """Threads to give llama.cpp: the requested number, or one per core."""
    return requested if requested > 0 else max(1, os.cpu_count() or 1)


def as_dict(config: Config) -> dict[str, Any]:
    """A JSON-friendly view of the config, for `assistant config`."""
    return {
        "paths": {
            "config_file": str(config.paths.config_file),
            "database": str(config.paths.database),
            "log_dir": str(config.paths.log_dir),
            "models_dir": str(config.paths.models_dir),
            "cache_dir": str(config.paths.cache_dir),
        },
        "embedder": dataclasses.asdict(config.embedder),
        "index": dataclasses.asdict(config.index),
        "generator": dataclasses.asdict(config.generator),
        "mail": dataclasses.asdict(config.mail),
        "overridden": dict(config.origins),
    }
