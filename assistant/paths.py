"""Where things live on disk.

Two independent roots, so that many homes (tests, scripts, a second profile) share one copy of
the multi-gigabyte model files:
- the *home* (config, index database, logs): ``ASSISTANT_HOME`` or the platform config/data dirs;
- the *models dir*: ``ASSISTANT_MODELS`` or the user cache dir, never inside the home.
The download/build cache (wheels, converter environment) sits beside the models in the cache dir.

Everything in the home can reveal what is in a person's files (the index holds their text, the
logs and roots name them), so whatever we create there is readable by its owner only: folders
0700, files 0600, set explicitly because a umask of 022 would otherwise leave them world-readable.
(The store applies the same rule to the index file itself, without ever opening it; it does not
import this package.)
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "assistant"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


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


def private_dir(path: Path) -> Path:
    """Create `path` and any missing parents as 0700; folders that already exist are kept as
    they are (`assistant doctor` reports a readable one with the chmod that fixes it)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    for folder in missing:
        os.chmod(folder, PRIVATE_DIR)
    return path


def touch_private_file(path: Path) -> Path:
    """Create `path` empty if missing, and make it 0600 (also when it existed: it is ours).

    For plain files such as the log. Never for the SQLite index: this opens and closes the
    file, which drops every SQLite lock the process holds on it (`store.connection` creates
    and tightens the index without opening it)."""
    private_dir(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_RDONLY, PRIVATE_FILE))
    os.chmod(path, PRIVATE_FILE)
    return path


def write_private_text(path: Path, text: str) -> None:
    """Replace `path` atomically with `text`, as 0600 (mkstemp creates its file that way), so
    no reader ever sees a half-written file."""
    private_dir(path.parent)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
