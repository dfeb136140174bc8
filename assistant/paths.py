"""Where things live on disk.

Two independent roots, so that many homes (tests, scripts, a second profile) share one copy of
the multi-gigabyte model files:
- the *home* (config, index database, logs): ``ASSISTANT_HOME`` or the platform config/data dirs;
- the *models dir*: ``ASSISTANT_MODELS`` or the user cache dir, never inside the home.
The download/build cache (wheels, converter environment) sits beside the models in the cache dir.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "assistant"


@dataclass(frozen=True)
class Paths:
    """Resolved locations. Built once by `resolve_paths` and carried inside the config."""

    config_file: Path
    data_dir: Path
    log_dir: Path
    models_dir: Path
    cache_dir: Path

    @property
    def database(self) -> Path:
        """The single SQLite index file."""
        return self.data_dir / "index.sqlite3"


def resolve_paths(environ: dict[str, str] | os._Environ[str] | None = None) -> Paths:
    """Resolve all locations from the environment (``os.environ`` by default)."""
    env = os.environ if environ is None else environ
    cache_dir = Path(env.get("ASSISTANT_CACHE") or platformdirs.user_cache_dir(APP_NAME))
    models_dir = (
        Path(env["ASSISTANT_MODELS"]) if env.get("ASSISTANT_MODELS") else cache_dir / "models"
    )
    home = env.get("ASSISTANT_HOME")
    if home:
        root = Path(home)
        return Paths(
            config_file=root / "config.toml",
            data_dir=root,
            log_dir=root / "logs",
            models_dir=models_dir,
            cache_dir=cache_dir,
        )
    return Paths(
        config_file=Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml",
        data_dir=Path(platformdirs.user_data_dir(APP_NAME)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME)),
        models_dir=models_dir,
        cache_dir=cache_dir,
    )
