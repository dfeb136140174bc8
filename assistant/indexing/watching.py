"""What a folder watcher needs to follow the registered roots while it runs.

`ingest.watcher` knows nothing of the home or its roots file, so the CLI's `watch` and the app
hand it this `RootsSource`: the file to stat for changes and how to load the roots again.
"""

from __future__ import annotations

from assistant.config import Config
from assistant.indexing.roots import ROOTS_FILE, load_roots
from ingest.watcher import RootsSource


def roots_source(config: Config) -> RootsSource:
    return RootsSource(config.paths.data_dir / ROOTS_FILE, lambda: load_roots(config))
