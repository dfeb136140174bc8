"""`assistant doctor`: is another process writing the index right now, and who.

Writers of the index take turns (`assistant.indexing.locks`): a second `index`, `forget` or
`reindex` waits for the first and says so. When one seems to hang, this names the process it
waits for, so a person can let it finish or stop it, instead of guessing.
"""

from __future__ import annotations

from assistant.config import Config
from assistant.doctor.checks import Finding
from assistant.indexing.locks import current_writer


def check_writers(config: Config) -> Finding:
    """Who holds the index's writer lock (ok either way: taking turns is normal)."""
    holder = current_writer(config.paths.data_dir)
    if holder is None:
        return Finding("writers", "ok", "no process is writing the index")
    who = holder.removesuffix(" to finish")  # "another assistant process" when it has not said
    return Finding(
        "writers",
        "ok",
        f"other writers wait for {who}",
        "if it seems stuck, let it finish or stop that process (Ctrl-C, or kill its pid); "
        "search, status and ask do not wait for it",
    )
